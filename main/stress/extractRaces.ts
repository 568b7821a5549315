/**
 * ROIs edited and deleted while `radscore extract` runs in another process (#14.4): once the extraction has
 * stored its first row, this process saves a new mask for one ROI not extracted yet and deletes another, as the
 * UI (or a second CLI) would. The run must finish (no "FOREIGN KEY constraint failed"), store no row computed
 * from a mask the ROI no longer has, say which ROI it discarded or skipped, and a rerun must compute the edited
 * ROI from its new mask. Stale rows are counted against an independent computation: the features of the
 * edited ROI's current mask computed here on the main thread, compared with what the database holds.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { loadSeriesVolume } from '../dicom/index';
import { mulberry32 } from '../demo/synthetic';
import { DEMO_ROI_NAME } from '../demo/writeCohort';
import {
  deleteRoi,
  featureTable,
  getRoiMask,
  listRois,
  openStore,
  seriesForLoading,
  updateRoiMask,
  type Store,
} from '../store/index';
import { computeFeatures } from '../../shared/radiomics/profiles/index';
import type { MaskVolume } from '../../shared/image/volume';
import { freshCopy, startCli, type CrashFixture } from './crash';

export interface RaceTrial {
  /** The ROI whose mask was saved during the run, and the one deleted. */
  edited: number;
  deleted: number;
  /** What the run said about them (its `discarded` list), and its exit status. */
  discarded: { roi_id?: number; roi: string; reason: string }[];
  exitCode: number | null;
  /** Feature rows (before and after the rerun) whose values are not those of the ROI's current mask. */
  staleRows: number;
  problems: string[];
}

/** The mask united with itself shifted by one voxel along i: another mask, as a brush stroke would make. */
function dilated(m: MaskVolume): MaskVolume {
  const data = m.data.slice();
  const nx = m.size[0];
  for (let n = 0; n < m.data.length; n++) if (m.data[n] && (n % nx) + 1 < nx) data[n + 1] = 1;
  return { ...m, data };
}

function rowCount(db: string): number {
  try {
    const probe = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (probe.prepare('SELECT COUNT(*) AS n FROM feature_values').get() as { n: number }).n;
    } finally {
      probe.close();
    }
  } catch {
    return 0;
  }
}

/** Rows of the set whose values differ from the features of the ROI's mask now, computed here. */
async function staleRowsOf(store: Store, featureSetId: number, roiIds: number[]): Promise<number> {
  const table = featureTable(store, featureSetId);
  let stale = 0;
  for (const roiId of roiIds) {
    const row = table.rows.find((r) => r.roiId === roiId);
    if (!row) continue;
    const roi = listRois(store).find((r) => r.id === roiId)!;
    const volume = await loadSeriesVolume(seriesForLoading(store, roi.seriesId));
    const fresh = computeFeatures(volume, getRoiMask(store, roiId), undefined, 'ibsi').features;
    const same = fresh.every((f, n) =>
      Number.isNaN(f.value) ? Number.isNaN(row.values[n]) : row.values[n] === f.value,
    );
    if (!same) stale++;
  }
  return stale;
}

const EXTRACT_ARGS = [
  'extract',
  '--profile',
  'ibsi',
  '--roi',
  DEMO_ROI_NAME,
  '--workers',
  '2',
  '--json',
  '--quiet',
];

/** One trial on a fresh copy of the fixture's database; `seed` picks the ROIs. */
export async function raceTrial(
  root: string,
  fixture: CrashFixture,
  dir: string,
  seed: number,
): Promise<RaceTrial> {
  const db = freshCopy(fixture.baseDb, join(dir, 'race-trial.sqlite'));
  const problems: string[] = [];
  const run = startCli(root, [...EXTRACT_ARGS, '--db', db]);
  // Wait for the first stored row: the workers are busy and the next ROIs' masks are read and in flight.
  let finished = false;
  void run.done.then(() => (finished = true));
  while (!finished && rowCount(db) === 0) await new Promise((r) => setTimeout(r, 5));
  const store = openStore(db);
  let edited = -1;
  let deleted = -1;
  try {
    const done = new Set(
      (store.db.prepare('SELECT roi_id FROM feature_values').all() as { roi_id: number }[]).map(
        (r) => r.roi_id,
      ),
    );
    const pending = listRois(store, { name: DEMO_ROI_NAME })
      .map((r) => r.id)
      .filter((id) => !done.has(id));
    if (pending.length < 2) problems.push(`only ${pending.length} ROI(s) left when the first row was stored`);
    else {
      const rand = mulberry32(seed);
      edited = pending.splice(Math.floor(rand() * pending.length), 1)[0];
      deleted = pending[Math.floor(rand() * pending.length)];
      updateRoiMask(store, edited, dilated(getRoiMask(store, edited)), 'stress-race');
      deleteRoi(store, deleted, 'stress-race');
    }
    const result = await run.done;
    let discarded: RaceTrial['discarded'] = [];
    let featureSetId = 0;
    if (result.code !== 0)
      problems.push(`extract failed (${result.code}): ${result.stderr.trim().split('\n').pop()}`);
    else {
      const json = JSON.parse(result.stdout) as {
        feature_set_id: number;
        discarded?: RaceTrial['discarded'];
      };
      featureSetId = json.feature_set_id;
      discarded = json.discarded ?? [];
    }
    let staleRows = featureSetId ? await staleRowsOf(store, featureSetId, [edited]) : 0;
    const orphan = store.db
      .prepare('SELECT COUNT(*) AS n FROM feature_values WHERE roi_id = ?')
      .get(deleted) as {
      n: number;
    };
    staleRows += orphan.n;
    const fk = (store.db.pragma('foreign_key_check') as unknown[]).length;
    if (fk) problems.push(`${fk} foreign key violations`);
    // The rerun computes what was discarded, from the mask the ROI has now.
    const rerun = await startCli(root, [...EXTRACT_ARGS, '--db', db]).done;
    if (rerun.code !== 0)
      problems.push(`rerun failed (${rerun.code}): ${rerun.stderr.trim().split('\n').pop()}`);
    else {
      const json = JSON.parse(rerun.stdout) as { feature_set_id: number; cases: number };
      const rois = listRois(store, { name: DEMO_ROI_NAME }).length;
      if (json.cases !== rois) problems.push(`after the rerun ${json.cases} of ${rois} ROIs have features`);
      staleRows += await staleRowsOf(store, json.feature_set_id, [edited]);
    }
    if (staleRows) problems.push(`${staleRows} stale feature row(s)`);
    return { edited, deleted, discarded, exitCode: result.code, staleRows, problems };
  } finally {
    store.close();
  }
}
