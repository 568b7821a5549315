import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeriesVolume } from '../dicom/index';
import {
  featureTable,
  getRoiMask,
  insertRoi,
  listFeatureSets,
  listRois,
  listSeries,
  openStore,
  seriesForLoading,
  type Store,
} from '../store/index';
import { computeFeatures } from '../../shared/radiomics/profiles/index';
import type { MaskVolume } from '../../shared/image/volume';
import { extractFeatures, loadExtractionSettings, defaultProfile } from './extract';
import { featureSetCsv } from './exportFeatures';
import { writeFileSync } from 'node:fs';
import { importFolders } from './import';

const STS = join(__dirname, '../../../shared/data/mr-series-sts001-t1/dicom');
let dir: string;
let store: Store;
let boxId: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-extract-'));
  store = openStore(join(dir, 'db.sqlite'));
  await importFolders(store, [STS]);
  const series = listSeries(store)[0];
  const gtv = listRois(store)[0];
  // A small drawn box at the centre of the GTV keeps the feature computation fast.
  const [i0, j0, k0, i1, j1, k1] = gtv.bbox!;
  const c = [(i0 + i1) >> 1, (j0 + j1) >> 1, (k0 + k1) >> 1];
  const g = series.geometry;
  const box: MaskVolume = { ...g, data: new Uint8Array(g.size[0] * g.size[1] * g.size[2]) };
  for (let k = c[2] - 1; k <= c[2] + 1; k++)
    for (let j = c[1] - 4; j < c[1] + 4; j++)
      for (let i = c[0] - 4; i < c[0] + 4; i++) box.data[i + g.size[0] * (j + g.size[1] * k)] = 1;
  boxId = insertRoi(store, { seriesId: series.id, name: 'box', source: 'drawn', mask: box });
  insertRoi(store, {
    seriesId: series.id,
    name: 'box',
    source: 'drawn',
    mask: { ...g, data: new Uint8Array(box.data.length) },
  });
});
const listFeatureSetsCount = () => listFeatureSets(store).length;
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('extractFeatures', () => {
  it('computes every ROI without values in the pool, records failures, and resumes with nothing to do', async () => {
    const progress: number[] = [];
    const r = await extractFeatures(
      store,
      { profile: 'ibsi', roi: 'box', workers: 2 },
      { onProgress: (p) => progress.push(p.done) },
    );
    expect(r).toMatchObject({ cases: 1, computed: 1, failed: [{ patient_id: 'STS_001', roi: 'box' }] });
    expect(r.failed[0].reason).toMatch(/empty/);
    expect(r.features_per_case).toBeGreaterThan(100);
    expect(progress.sort()).toEqual([1, 2]);

    // Same numbers as the engine run on the main thread.
    const volume = await loadSeriesVolume(seriesForLoading(store, listSeries(store)[0].id));
    const direct = computeFeatures(volume, getRoiMask(store, boxId), undefined, 'ibsi').features;
    const table = featureTable(store, r.feature_set_id);
    expect(table.features.map((f) => f.name)).toEqual(direct.map((f) => f.name));
    const row = table.rows.find((x) => x.roiId === boxId)!;
    direct.forEach((f, n) =>
      Number.isNaN(f.value) ? expect(row.values[n]).toBeNaN() : expect(row.values[n]).toBe(f.value),
    );

    const again = await extractFeatures(store, { profile: 'ibsi', roi: 'box' });
    expect(again).toMatchObject({ feature_set_id: r.feature_set_id, cases: 1, computed: 0 });

    const csv = featureSetCsv(store);
    expect(csv).toMatchObject({ feature_set_id: r.feature_set_id, rows: 1, features: direct.length });
    const [head, line] = csv.csv.trim().split('\n');
    expect(head.split(',').slice(0, 3)).toEqual(['patient_id', 'series_uid', 'roi']);
    expect(line.startsWith(`STS_001,${listSeries(store)[0].seriesUid},box,`)).toBe(true);
    const cells = line.split(',');
    const n = direct.findIndex((f) => Number.isFinite(f.value));
    expect(Number(cells[3 + n])).toBe(direct[n].value);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      extractFeatures(
        store,
        { profile: 'ibsi', roi: 'box', settings: { aggregation: ['3D'] } },
        { signal: ac.signal },
      ),
    ).rejects.toThrow(/cancelled/);
  });

  it('does not count a case cancelled in flight as done (nothing stored, a rerun computes it)', async () => {
    const ac = new AbortController();
    const progress: number[] = [];
    const settings = { aggregation: ['2.5D' as const] };
    const run = extractFeatures(
      store,
      { profile: 'ibsi', roi: 'box', settings, workers: 1 },
      { signal: ac.signal, onProgress: (p) => progress.push(p.done) },
    );
    setTimeout(() => ac.abort(), 30); // the worker is still starting: both cases are in flight
    await expect(run).rejects.toThrow(/cancelled/);
    expect(progress).toEqual([]);
    const rerun = await extractFeatures(store, { profile: 'ibsi', roi: 'box', settings, workers: 1 });
    expect(rerun).toMatchObject({ cases: 1, computed: 1 });
    expect(rerun.failed).toHaveLength(1); // the empty box, as before
  });

  it('names the ROIs there are when --roi matches none, and writes nothing', async () => {
    const before = listFeatureSetsCount();
    await expect(extractFeatures(store, { profile: 'ibsi', roi: 'GTV_Mass', workers: 1 })).rejects.toThrow(
      'no ROI named "GTV_Mass" (ROI names in the database: GTV_Mass_MR_T1, box)',
    );
    expect(listFeatureSetsCount()).toBe(before);
  });

  it('rejects an unknown profile per ROI without losing the pool', async () => {
    const r = await extractFeatures(store, { profile: 'nope', roi: 'box', workers: 1 });
    expect(r.computed).toBe(0);
    expect(r.failed[0].reason).toMatch(/unknown profile "nope"/);
  });
});

describe('extraction settings', () => {
  it('merges a preset with a YAML file and rejects bad files', async () => {
    expect(await loadExtractionSettings({})).toBeUndefined();
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'discretisation:\n  texture: { method: fbn, bins: 16 }\n');
    const s = await loadExtractionSettings({ preset: 'ibsi-ct-a', settingsFile: file });
    expect(s?.discretisation?.texture).toEqual({ method: 'fbn', bins: 16 });
    expect(s?.resegmentation?.range).toEqual([-500, 400]);
    expect(s?.discretisation?.histogram).toEqual({ method: 'fbs', width: 25 });
    writeFileSync(file, 'bogus: 1\n');
    await expect(loadExtractionSettings({ settingsFile: file })).rejects.toThrow(/invalid settings file/);
    expect(defaultProfile(undefined, 'paper')).toBe('ak');
    expect(defaultProfile(undefined, 'pyradiomics-default')).toBe('pyradiomics');
    expect(defaultProfile('ibsi', 'pyradiomics-default')).toBe('ibsi'); // an explicit --profile wins
    expect(defaultProfile(undefined, 'ibsi-ct-a')).toBe('ibsi');
    expect(defaultProfile(undefined, 'toString')).toBe('ibsi'); // no inherited keys
    expect(defaultProfile(undefined, undefined)).toBe('ibsi');
  });
});
