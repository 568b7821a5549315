/**
 * Files whose SOP Instance UID is already stored (#14.5) and files whose rescale gives no real values (#14.6),
 * through the import service into a database: every such file is named with a reason; no empty series and
 * no patient row is left for files that were all dropped; a series that misses a slice, or holds an unusable
 * file, is flagged (import warnings, series warnings, worklist) and refused for extraction until resolved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestSlice, type TestSlice } from '../dicom/testing/slices';
import {
  decodeMask,
  featureTable,
  getPatient,
  getSeriesByUid,
  insertRoi,
  listInstances,
  openStore,
  roisWithoutFeatures,
  type Store,
} from '../store/index';
import type { MaskVolume } from '../../shared/image/volume';
import type { FeaturesInput, FeaturesOutput } from '../workers/features.worker';
import type { WorkerPool } from '../workers/pool';
import { extractFeatures } from './extract';
import { imagingServices } from './imaging';
import { importFolders } from './import';
import { worklistPage } from './worklist';

const root = mkdtempSync(join(tmpdir(), 'radscore-import-dup-'));
let store: Store;
beforeAll(() => {
  store = openStore(join(root, 'db.sqlite'));
});
afterAll(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

const UID = '1.2.826.0.1.3680043.9.8';
/** Series number `u` of patient P-`name` (slices 0…n−1) under `folder`; `edit(k)` changes slice k. */
function writeSeries(
  folder: string,
  name: string,
  u: number,
  n: number,
  edit: (k: number) => Partial<TestSlice> = () => ({}),
) {
  return Array.from({ length: n }, (_, k) =>
    writeTestSlice(join(root, folder, `IM${k}.dcm`), {
      patientId: `P-${name}`,
      studyUid: `${UID}.${u}.1`,
      seriesUid: `${UID}.${u}.2`,
      sopUid: `${UID}.${u}.3.${k}`,
      k,
      ...edit(k),
    }),
  );
}

/** A pool that computes nothing: it answers the voxel count of the mask it was given (the case reached it). */
const countingPool = {
  size: 1,
  close: async () => {},
  run: async (input: FeaturesInput): Promise<FeaturesOutput> => {
    const m = decodeMask(
      Buffer.from(input.mask.bytes),
      input.mask.encoding,
      input.mask.bbox,
      input.series.geometry,
    );
    const voxels = m.data.reduce((a, v) => a + (v ? 1 : 0), 0);
    return {
      voxels,
      features: [
        {
          name: 'voxels',
          tag: 'voxels',
          ibsi_id: '',
          family: 'morphology',
          aggregation: 'none',
          value: voxels,
        },
      ],
      timing: { decode_ms: 0, mask_ms: 0, compute_ms: 0, cpu_ms: null, thread: 0, thread_cpu_ms: null },
    };
  },
} as unknown as WorkerPool<FeaturesInput, FeaturesOutput>;

/** A box ROI on a stored series. */
function boxRoi(seriesUid: string, name: string): number {
  const s = getSeriesByUid(store, seriesUid)!;
  const g = s.geometry;
  const mask: MaskVolume = { ...g, data: new Uint8Array(g.size[0] * g.size[1] * g.size[2]) };
  for (let k = 0; k < g.size[2]; k++)
    for (let n = 0; n < 20; n++) mask.data[k * g.size[0] * g.size[1] + 30 + n] = 1;
  return insertRoi(store, { seriesId: s.id, name, source: 'drawn', mask });
}

describe('importing files whose SOP Instance UID is already stored', () => {
  let first: string[];
  it('imports the original series', async () => {
    first = writeSeries('original', 'orig', 1, 6);
    const r = await importFolders(store, [join(root, 'original')]);
    expect(r).toMatchObject({ patients: 1, series: 1, instances: 6, skipped: [] });
  });

  it('names every file of a series whose UIDs are all taken, and leaves no empty series or patient behind', async () => {
    // The same instances under another patient and series (re-exported with new IDs but the old SOP UIDs),
    // their pixels changed.
    const again = writeSeries('reexport', 'reexp', 2, 6, (k) => ({
      sopUid: `${UID}.1.3.${k}`,
      pixel: (n) => 1000 + n + k,
    }));
    const r = await importFolders(store, [join(root, 'reexport')]);
    expect(r.skipped).toEqual(
      again.map((file, k) => ({
        file,
        reason: `duplicate SOP Instance UID of ${first[k]} (${UID}.1.3.${k}; the pixel data differ: this image is not imported, its series misses it)`,
      })),
    );
    expect(r).toMatchObject({ patients: 0, series: 0, instances: 0 });
    expect(r.warnings).toEqual([
      {
        series: `${UID}.2.2`,
        message:
          "not imported: none of its 6 images can be stored: each one's SOP Instance UID is already held by another stored file (listed as skipped)",
      },
    ]);
    expect(getPatient(store, 'P-reexp')).toBeUndefined();
    expect(getSeriesByUid(store, `${UID}.2.2`)).toBeUndefined();
  });

  it('says "a copy" when the pixel data are the same', async () => {
    const copies = writeSeries('copies', 'copy', 3, 2, (k) => ({ sopUid: `${UID}.1.3.${k}` }));
    const r = await importFolders(store, [join(root, 'copies')]);
    expect(r.skipped.map((s) => s.reason)).toEqual(
      copies.map(
        (_, k) => `duplicate SOP Instance UID of ${first[k]} (${UID}.1.3.${k}; same pixel data: a copy)`,
      ),
    );
  });

  it('flags a series that misses a slice because of it, and refuses it for extraction until the slice is imported', async () => {
    // Ten slices; slice 5 (k = 4) carries the UID of the original's slice 2.
    const files = writeSeries('gapped', 'gapped', 4, 10, (k) => (k === 4 ? { sopUid: `${UID}.1.3.2` } : {}));
    const r = await importFolders(store, [join(root, 'gapped')]);
    const seriesUid = `${UID}.4.2`;
    expect(r.skipped).toEqual([
      {
        file: files[4],
        reason: expect.stringMatching(
          /^duplicate SOP Instance UID of .*original\/IM2\.dcm .*the pixel data differ/,
        ),
      },
    ]);
    const gap =
      'slice 5 of 10 has no image (a gap in the slice positions: a file is missing or was not imported)';
    expect(r.warnings).toEqual([{ series: seriesUid, message: `not usable for extraction: ${gap}` }]);
    expect(listInstances(store, getSeriesByUid(store, seriesUid)!.id)).toHaveLength(9);
    // The viewer's and the study browser's warnings, and the worklist, say why.
    const detail = imagingServices(store).getSeries(seriesUid)!;
    expect(detail.series.unusable).toEqual([gap]);
    expect(detail.series.warnings).toContain(`Not usable for extraction: ${gap}`);
    const row = worklistPage(store, {
      offset: 0,
      limit: 50,
      search: 'P-gapped',
      status: 'any',
      response: 'any',
    }).items[0];
    expect(row.unusable).toEqual([`series 1 (${seriesUid}): ${gap}`]);

    const roi = boxRoi(seriesUid, 'box');
    const refused = await extractFeatures(store, { profile: 'dup-test', roi: 'box' }, { pool: countingPool });
    expect(refused.computed).toBe(0);
    expect(refused.failed).toEqual([
      {
        patient_id: 'P-gapped',
        roi: 'box',
        reason: `series ${seriesUid} is not usable for extraction: ${gap}`,
      },
    ]);

    // Resolved: the missing image arrives with its own UID; the series is usable and extracted.
    const fixed = writeTestSlice(join(root, 'fix', 'IM4.dcm'), {
      patientId: 'P-gapped',
      studyUid: `${UID}.4.1`,
      seriesUid,
      sopUid: `${UID}.4.3.4.1`,
      k: 4,
    });
    const added = await importFolders(store, [fixed]);
    expect(added).toMatchObject({ instances: 1, skipped: [] });
    expect(imagingServices(store).getSeries(seriesUid)!.series.unusable).toEqual([]);
    const done = await extractFeatures(store, { profile: 'dup-test', roi: 'box' }, { pool: countingPool });
    expect(done).toMatchObject({ computed: 1, failed: [] });
    expect(roi).toBeGreaterThan(0);
  });
});

describe('files added to a series that has features', () => {
  it('drops the feature rows computed from the image as it was', async () => {
    writeSeries('grown', 'grown', 6, 5);
    await importFolders(store, [join(root, 'grown')]);
    const seriesUid = `${UID}.6.2`;
    const roi = boxRoi(seriesUid, 'grown-box');
    const first = await extractFeatures(
      store,
      { profile: 'dup-test', roi: 'grown-box' },
      { pool: countingPool },
    );
    expect(first).toMatchObject({ computed: 1, failed: [] });
    // A sixth image of the same series arrives later: the image the features were computed from changed.
    const late = writeTestSlice(join(root, 'grown-late', 'IM5.dcm'), {
      patientId: 'P-grown',
      studyUid: `${UID}.6.1`,
      seriesUid,
      sopUid: `${UID}.6.3.5`,
      k: 5,
    });
    const r = await importFolders(store, [late]);
    expect(r.instances).toBe(1);
    expect(roisWithoutFeatures(store, first.feature_set_id, 'grown-box')).toEqual([roi]);
    expect(featureTable(store, first.feature_set_id).rows.filter((x) => x.roiId === roi)).toEqual([]);
  });
});

describe('importing a file with RescaleSlope 0', () => {
  it('names the file, flags the series and refuses it for extraction', async () => {
    const files = writeSeries('slope', 'slope0', 5, 4, (k) =>
      k === 2 ? { slope: '0', intercept: '0' } : {},
    );
    const r = await importFolders(store, [join(root, 'slope')]);
    const uid = `${UID}.5.2`;
    const problem = 'RescaleSlope 0 makes every pixel the same value (the intercept)';
    expect(r.skipped).toEqual([]);
    expect(r.warnings).toEqual([
      { series: uid, message: `${files[2]}: ${problem}; the series is not usable for extraction` },
      { series: uid, message: `not usable for extraction: 1 file: ${problem} (IM2.dcm)` },
    ]);
    boxRoi(uid, 'slope-box');
    const refused = await extractFeatures(
      store,
      { profile: 'dup-test', roi: 'slope-box' },
      { pool: countingPool },
    );
    expect(refused.failed).toEqual([
      {
        patient_id: 'P-slope0',
        roi: 'slope-box',
        reason: `series ${uid} is not usable for extraction: 1 file: ${problem} (IM2.dcm)`,
      },
    ]);
  });
});
