import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaskVolume } from '../../shared/image/volume';
import {
  getRoiMask,
  insertSeries,
  listAudit,
  listRois,
  openStore,
  upsertPatient,
  upsertStudy,
  type Store,
} from '../store/index';
import { deleteRoiById, renameRoiById, saveDrawnRoi } from './rois';

const grid = {
  size: [4, 4, 2] as [number, number, number],
  spacing: [1, 1, 1] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const maskOf = (voxels: number[]): MaskVolume => {
  const data = new Uint8Array(32);
  for (const v of voxels) data[v] = 1;
  return { ...grid, data };
};

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-rois-'));
  store = openStore(join(dir, 'db.sqlite'));
  const p = upsertPatient(store, { patientId: 'P1' });
  insertSeries(store, {
    studyRowId: upsertStudy(store, { patientRowId: p.id, studyUid: 'st' }).id,
    seriesUid: 'se',
    geometry: grid,
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drawn ROIs', () => {
  it('creates, edits, renames and deletes, auditing each change', () => {
    const roi = saveDrawnRoi(
      store,
      { seriesUid: 'se', name: 'GTV', mask: maskOf([1, 2]) },
      { actor: 'dr a' },
    );
    expect(roi).toMatchObject({ name: 'GTV', source: 'drawn', author: 'dr a', voxelCount: 2 });
    const edited = saveDrawnRoi(
      store,
      { seriesUid: 'se', roiId: roi.id, name: 'GTV-T', mask: maskOf([1, 2, 3, 20]) },
      { actor: 'dr b' },
    );
    expect(edited).toMatchObject({ id: roi.id, name: 'GTV-T', voxelCount: 4 });
    expect(getRoiMask(store, roi.id).data[20]).toBe(1);
    expect(renameRoiById(store, { roiId: roi.id, name: 'GTV' }).name).toBe('GTV');
    deleteRoiById(store, { roiId: roi.id });
    expect(listRois(store)).toEqual([]);
    expect(listAudit(store, { entity: 'roi' }).map((a) => a.action)).toEqual([
      'create',
      'update-mask',
      'rename',
      'rename',
      'delete',
    ]);
    expect(() => saveDrawnRoi(store, { seriesUid: 'nope', name: 'x', mask: maskOf([]) })).toThrow(
      /series "nope" not found/,
    );
    expect(() => saveDrawnRoi(store, { seriesUid: 'se', name: ' ', mask: maskOf([1]) })).toThrow(
      /name is empty/,
    );
  });
});
