/**
 * A ROI edited or deleted while an extraction computes it (#14.4): the result computed from the mask as it was
 * read is not stored as current, the ROI is left to be recomputed and the run says so; a deleted ROI is
 * skipped, the run goes on. The pool is a stand-in that edits / deletes the ROI while "computing" (as the UI or
 * another process would) and returns the voxel count of the mask it was given as its one feature, so a stored
 * value shows which mask it came from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCohort } from '../demo/writeCohort';
import {
  decodeMask,
  deleteRoi,
  featureTable,
  getRoi,
  getRoiMask,
  listRois,
  openStore,
  roisWithoutFeatures,
  updateRoiMask,
  type Store,
} from '../store/index';
import type { MaskVolume } from '../../shared/image/volume';
import type { FeaturesInput, FeaturesOutput } from '../workers/features.worker';
import type { WorkerPool } from '../workers/pool';
import { extractFeatures } from './extract';
import { importFolders } from './import';

const dir = mkdtempSync(join(tmpdir(), 'radscore-extract-races-'));
let store: Store;

beforeAll(async () => {
  const cohort = await writeDemoCohort(join(dir, 'cohort'), { patients: 4, matrix: 32, slices: 8 });
  store = openStore(join(dir, 'db.sqlite'));
  await importFolders(store, [cohort.folder]);
}, 60_000);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const voxels = (m: MaskVolume) => m.data.reduce((n, v) => n + (v ? 1 : 0), 0);

/** The mask with one more slab of voxels (another count), as a drawn edit would. */
function grown(m: MaskVolume): MaskVolume {
  const data = m.data.slice();
  const slice = m.size[0] * m.size[1];
  for (let n = 0; n < slice; n++) data[n] = 1;
  return { ...m, data };
}

/** A pool that runs `during(task number)` while computing, then answers the task's voxel count. */
function racingPool(during: (task: number) => void): WorkerPool<FeaturesInput, FeaturesOutput> {
  let tasks = 0;
  const run = async (input: FeaturesInput): Promise<FeaturesOutput> => {
    const n = tasks++;
    await new Promise((r) => setTimeout(r, 1));
    during(n);
    const mask = decodeMask(
      Buffer.from(input.mask.bytes),
      input.mask.encoding,
      input.mask.bbox,
      input.series.geometry,
    );
    const count = voxels(mask);
    return {
      voxels: count,
      features: [
        {
          name: 'voxels',
          tag: 'voxels',
          ibsi_id: '',
          family: 'morphology',
          aggregation: 'none',
          value: count,
        },
      ],
      timing: { decode_ms: 0, mask_ms: 0, compute_ms: 0, cpu_ms: null, thread: 0, thread_cpu_ms: null },
    };
  };
  return { size: 1, run, close: async () => {} } as unknown as WorkerPool<FeaturesInput, FeaturesOutput>;
}

/** Feature rows whose value is not the voxel count of the ROI's mask now. */
function staleRows(featureSetId: number): { roi: number; stored: number; now: number }[] {
  return featureTable(store, featureSetId)
    .rows.map((r) => ({ roi: r.roiId, stored: r.values[0], now: voxels(getRoiMask(store, r.roiId)) }))
    .filter((r) => r.stored !== r.now);
}

describe('extraction while a ROI changes', () => {
  it('discards the result of a ROI whose mask was saved during its computation, and says so', async () => {
    const rois = listRois(store);
    const edited = rois[1];
    const result = await extractFeatures(
      store,
      { profile: 'race-edit' },
      {
        pool: racingPool((n) => {
          if (n === 1) updateRoiMask(store, edited.id, grown(getRoiMask(store, edited.id)));
        }),
      },
    );
    expect(staleRows(result.feature_set_id)).toEqual([]);
    expect(result.computed).toBe(rois.length - 1);
    expect(result.discarded).toEqual([
      {
        patient_id: edited.patientId,
        roi: edited.name,
        roi_id: edited.id,
        reason: 'the ROI mask was changed during the extraction; its features were not stored (run again)',
      },
    ]);
    // Left to be recomputed; the rerun computes it from the new mask.
    expect(roisWithoutFeatures(store, result.feature_set_id)).toEqual([edited.id]);
    const again = await extractFeatures(store, { profile: 'race-edit' }, { pool: racingPool(() => {}) });
    expect(again).toMatchObject({ computed: 1, discarded: [], cases: rois.length });
    expect(staleRows(result.feature_set_id)).toEqual([]);
  });

  it('skips ROIs deleted during the run (being computed, or not read yet) instead of aborting it', async () => {
    const rois = listRois(store);
    // With one worker two cases are in flight: the second ROI is read and computing, the last not read yet.
    const [inFlight, notRead] = [rois[1], rois[rois.length - 1]];
    const result = await extractFeatures(
      store,
      { profile: 'race-delete' },
      {
        pool: racingPool((n) => {
          if (n !== 0) return;
          deleteRoi(store, inFlight.id);
          deleteRoi(store, notRead.id);
        }),
      },
    );
    expect(getRoi(store, inFlight.id)).toBeUndefined();
    expect(result.failed).toEqual([]);
    expect(result.computed).toBe(rois.length - 2);
    const skipped = 'the ROI was deleted during the extraction; skipped';
    expect([...result.discarded].sort((a, b) => a.roi_id - b.roi_id)).toEqual([
      { patient_id: inFlight.patientId, roi: inFlight.name, roi_id: inFlight.id, reason: skipped },
      { patient_id: notRead.patientId, roi: notRead.name, roi_id: notRead.id, reason: skipped },
    ]);
    expect(staleRows(result.feature_set_id)).toEqual([]);
  });

  it('never shows feature rows of a mask that changed later as current', async () => {
    const rois = listRois(store);
    const first = await extractFeatures(store, { profile: 'later-edit' }, { pool: racingPool(() => {}) });
    expect(first.cases).toBe(rois.length);
    // Feature rows that outlived a mask change (written by an older program, restored from a backup): they
    // stay in the table but no longer count as extracted.
    const target = rois[0];
    const before = store.db
      .prepare('SELECT value_blob, computed_at FROM feature_values WHERE feature_set_id = ? AND roi_id = ?')
      .get(first.feature_set_id, target.id) as { value_blob: Buffer; computed_at: string };
    updateRoiMask(store, target.id, grown(getRoiMask(store, target.id)));
    store.db
      .prepare(
        'INSERT INTO feature_values (feature_set_id, roi_id, value_blob, computed_at) VALUES (?, ?, ?, ?)',
      )
      .run(first.feature_set_id, target.id, before.value_blob, before.computed_at);
    expect(staleRows(first.feature_set_id)).toEqual([]);
    expect(roisWithoutFeatures(store, first.feature_set_id)).toEqual([target.id]);
  });
});
