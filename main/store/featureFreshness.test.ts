/**
 * Feature rows keep the hash of the mask they were computed from (migration 5): a result computed from a mask
 * read before it changed, or for a ROI deleted meanwhile (even when its row id is reused), is not stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaskVolume } from '../../shared/image/volume';
import type { FeatureValue } from '../../shared/radiomics/types';
import {
  deleteRoi,
  featureTable,
  getEncodedRoiMask,
  getOrCreateFeatureSet,
  insertRoi,
  insertSeries,
  openStore,
  recordExtractionFailure,
  roisWithoutFeatures,
  saveFeatureValuesIfCurrent,
  updateRoiMask,
  upsertPatient,
  upsertStudy,
  type Store,
} from './index';

const geometry = {
  size: [4, 4, 2] as [number, number, number],
  spacing: [1, 1, 1] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const mask = (voxels: number): MaskVolume => ({
  ...geometry,
  data: new Uint8Array(32).map((_, n) => (n < voxels ? 1 : 0)),
});
const features = (v: number): FeatureValue[] => [
  { name: 'x', tag: 'x', ibsi_id: '', family: 'morphology', aggregation: 'none', value: v },
];

let store: Store;
let seriesId: number;
beforeEach(() => {
  store = openStore(':memory:');
  const patient = upsertPatient(store, { patientId: 'P1' });
  const study = upsertStudy(store, { patientRowId: patient.id, studyUid: '1.2.3' });
  seriesId = insertSeries(store, { studyRowId: study.id, seriesUid: '1.2.3.4', geometry });
});
afterEach(() => store.close());

describe('saveFeatureValuesIfCurrent', () => {
  it('stores a result of the mask the ROI still has', () => {
    const roi = insertRoi(store, { seriesId, name: 'GTV', source: 'drawn', mask: mask(3) });
    const set = getOrCreateFeatureSet(store, { a: 1 }, 'ibsi');
    const read = getEncodedRoiMask(store, roi);
    expect(saveFeatureValuesIfCurrent(store, set.id, roi, read.maskHash, features(3))).toBe('saved');
    expect(featureTable(store, set.id).rows.map((r) => r.values[0])).toEqual([3]);
  });

  it('refuses a result of a mask changed since it was read, and the ROI stays to be computed', () => {
    const roi = insertRoi(store, { seriesId, name: 'GTV', source: 'drawn', mask: mask(3) });
    const set = getOrCreateFeatureSet(store, { a: 1 }, 'ibsi');
    const read = getEncodedRoiMask(store, roi);
    updateRoiMask(store, roi, mask(5));
    expect(saveFeatureValuesIfCurrent(store, set.id, roi, read.maskHash, features(3))).toBe('mask-changed');
    expect(recordExtractionFailure(store, set.id, roi, 'x', read.maskHash)).toBe('mask-changed');
    expect(featureTable(store, set.id).rows).toEqual([]);
    expect(roisWithoutFeatures(store, set.id)).toEqual([roi]);
  });

  it('takes a mask changed and changed back as the mask it was read as (same content)', () => {
    const roi = insertRoi(store, { seriesId, name: 'GTV', source: 'drawn', mask: mask(3) });
    const set = getOrCreateFeatureSet(store, { a: 1 }, 'ibsi');
    const read = getEncodedRoiMask(store, roi);
    updateRoiMask(store, roi, mask(5));
    updateRoiMask(store, roi, mask(3));
    expect(saveFeatureValuesIfCurrent(store, set.id, roi, read.maskHash, features(3))).toBe('saved');
  });

  it('refuses a deleted ROI without a foreign-key error, also when its row id is taken again', () => {
    const roi = insertRoi(store, { seriesId, name: 'GTV', source: 'drawn', mask: mask(3) });
    const set = getOrCreateFeatureSet(store, { a: 1 }, 'ibsi');
    const read = getEncodedRoiMask(store, roi);
    deleteRoi(store, roi);
    expect(saveFeatureValuesIfCurrent(store, set.id, roi, read.maskHash, features(3))).toBe('roi-deleted');
    expect(recordExtractionFailure(store, set.id, roi, 'x', read.maskHash)).toBe('roi-deleted');
    // SQLite gives the highest row id again after it was deleted: a new ROI with another mask.
    const reused = insertRoi(store, { seriesId, name: 'Node', source: 'drawn', mask: mask(7) });
    expect(reused).toBe(roi);
    expect(saveFeatureValuesIfCurrent(store, set.id, roi, read.maskHash, features(3))).toBe('mask-changed');
  });
});
