/**
 * ROIs being drawn, per series, kept in memory for as long as the app runs (one ContourDrafts for the app,
 * like the RulerStore): what leaving the viewer, reloading or closing the window would drop, so the app can
 * ask first (useUnsavedGuard.tsx), save it from there, and give the viewer back the very same draft — mask,
 * undo history and name — when it shows that series again.
 */
import { encodeRuns, type ChannelOutput } from '../../shared/api';
import { api } from '../api/client';
import type { ContourSession } from '../contour/session';
import type { EditState } from './viewerState';

export interface ContourDraft {
  seriesUid: string;
  patientId: string;
  /** The series as a reader recognises it ("T2 AX #3"). */
  seriesText: string;
  edit: EditState;
  session: ContourSession;
  /** The reader's name as typed in the viewer (saved with the ROI). */
  author: string;
}

export class ContourDrafts {
  private readonly drafts = new Map<string, ContourDraft>();

  get(seriesUid: string): ContourDraft | undefined {
    return this.drafts.get(seriesUid);
  }

  put(draft: ContourDraft): void {
    this.drafts.set(draft.seriesUid, draft);
  }

  drop(seriesUid: string): void {
    this.drafts.delete(seriesUid);
  }

  /** Drafts with changes not yet saved (a new ROI nothing was drawn on is not one), optionally filtered. */
  unsaved(keep: (draft: ContourDraft) => boolean = () => true): ContourDraft[] {
    return [...this.drafts.values()].filter((d) => d.edit.dirty && keep(d));
  }
}

export type SavedRoi = ChannelOutput<'roi.save'>;

/**
 * Stores a draft's mask as its ROI (a new one, or the edited one), under the draft's name and reader; the
 * reader's name is remembered for the next session.
 */
export function saveContourDraft(
  draft: Pick<ContourDraft, 'seriesUid' | 'edit' | 'session' | 'author'>,
): Promise<SavedRoi> {
  localStorage.setItem('radscore-author', draft.author);
  return api().call('roi.save', {
    seriesUid: draft.seriesUid,
    roiId: draft.edit.roiId,
    name: draft.edit.name,
    author: draft.author,
    mask: encodeRuns(draft.session.mask.data),
  });
}

/** "ROI "GTV" on P001 · T2 AX #3 (1,234 voxels)", for the question before a draft is dropped. */
export function describeDraft(draft: Pick<ContourDraft, 'patientId' | 'seriesText' | 'edit'>): string {
  const name = draft.edit.name.trim() || 'unnamed ROI';
  const voxels = draft.edit.stats.voxels;
  return `ROI "${name}" on ${draft.patientId} · ${draft.seriesText} (${voxels} voxel${voxels === 1 ? '' : 's'})`;
}
