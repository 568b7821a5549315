import { describe, expect, it } from 'vitest';
import { ContourDrafts, describeDraft, type ContourDraft } from './contourDrafts';
import type { ContourSession } from '../contour/session';

const draft = (seriesUid: string, patientId: string, dirty: boolean, voxels = 12): ContourDraft => ({
  seriesUid,
  patientId,
  seriesText: 'T2 AX #3',
  edit: {
    roiId: null,
    name: 'GTV',
    color: [1, 0, 0],
    dirty,
    canUndo: dirty,
    canRedo: false,
    stats: { voxels, volumeMl: 0, mean: null, sd: null },
  },
  session: {} as ContourSession,
  author: 'Dr A',
});

describe('contour drafts kept while the app runs', () => {
  it('one draft per series; only drafts with unsaved changes count, filtered by what a change keeps', () => {
    const drafts = new ContourDrafts();
    drafts.put(draft('s1', 'P1', true));
    drafts.put(draft('s2', 'P2', false));
    drafts.put(draft('s3', 'P2', true));
    expect(drafts.unsaved().map((d) => d.seriesUid)).toEqual(['s1', 's3']);
    expect(drafts.unsaved((d) => d.patientId !== 'P2').map((d) => d.seriesUid)).toEqual(['s1']);
    const again = draft('s1', 'P1', true, 40);
    drafts.put(again);
    expect(drafts.get('s1')).toBe(again);
    drafts.drop('s1');
    drafts.drop('s3');
    expect(drafts.unsaved()).toEqual([]);
    expect(drafts.get('s2')?.edit.dirty).toBe(false);
  });

  it('the question names the ROI, the patient, the series and the voxels', () => {
    expect(describeDraft(draft('s', 'NPC001', true, 1))).toBe('ROI "GTV" on NPC001 · T2 AX #3 (1 voxel)');
    const unnamed = draft('s', 'NPC001', true, 250);
    unnamed.edit.name = '  ';
    expect(describeDraft(unnamed)).toBe('ROI "unnamed ROI" on NPC001 · T2 AX #3 (250 voxels)');
  });
});
