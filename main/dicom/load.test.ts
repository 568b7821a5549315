/** loadSeriesVolume: slices placed by stacking order (robust to uneven steps), progress and cancellation. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  loadSeriesVolume,
  type LoadBuffers,
  rasterizeRoi,
  saveFiles,
  scanFolders,
  seriesRefFromScan,
  slicePositionsOf,
  writeImageSeries,
  writeRtstruct,
  writeSeg,
} from './index';
import type { Vec3 } from '../../shared/image/volume';

let dir = '';
const slice = 6 * 5;
const part = (nz: number, z0: number, dz: number, base: number) => ({
  size: [6, 5, nz] as Vec3,
  spacing: [1, 1, dz] as Vec3,
  origin: [0, 0, z0] as Vec3,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  data: new Float32Array(slice * nz).map((_, n) => base + Math.floor(n / slice)),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'radscore-load-'));
  // One series whose steps are 3 mm for six slices, then 4.4 mm for three (below the 1.5× gap rule):
  // z = 0, 3, …, 15, 19.4, 23.8, 28.2. Rounding positions on the mean step would misplace slices.
  const a = writeImageSeries(part(6, 0, 3, 100), { patientId: 'U' }, {}, {}, { uidSeed: 'a' });
  const b = writeImageSeries(
    part(3, 19.4, 4.4, 200),
    { patientId: 'U' },
    { studyInstanceUid: a.ref.studyInstanceUid },
    { seriesInstanceUid: a.ref.seriesInstanceUid, frameOfReferenceUid: a.ref.frameOfReferenceUid },
    { uidSeed: 'b' },
  );
  await saveFiles(join(dir, 'a'), a.files);
  await saveFiles(join(dir, 'b'), b.files);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('puts every slice at its place in the stack, however uneven the steps', async () => {
  const scan = await scanFolders([dir]);
  expect(scan.series).toHaveLength(1);
  const s = scan.series[0];
  expect(s.geometry.size[2]).toBe(9);
  expect(s.geometry.spacing[2]).toBeCloseTo(28.2 / 8, 9);
  expect(s.warnings).toEqual([
    'uneven slice spacing: steps from 3.000 to 4.400 mm along the normal; using 3.525 mm',
  ]);
  const volume = await loadSeriesVolume(s);
  const firstOfEachSlice = Array.from({ length: 9 }, (_, k) => volume.data[k * slice]);
  expect(firstOfEachSlice).toEqual([100, 101, 102, 103, 104, 105, 200, 201, 202]);
});

it('loads into buffers reused from call to call (files read synchronously) to the same voxels', async () => {
  const scan = await scanFolders([dir]);
  const fresh = await loadSeriesVolume(scan.series[0]);
  // A larger, dirty volume buffer is used as a view of its first voxels; its tail stays untouched.
  const volume = new Float32Array(fresh.data.length + 100).fill(-1);
  const reuse: LoadBuffers = { volume };
  for (let n = 0; n < 2; n++) {
    const again = await loadSeriesVolume(scan.series[0], { reuse });
    expect(again.data.buffer).toBe(volume.buffer);
    expect(Array.from(again.data)).toEqual(Array.from(fresh.data));
  }
  expect(volume[fresh.data.length]).toBe(-1);
  expect(reuse.file).toBeInstanceOf(Buffer);
  // Too small a volume buffer is replaced.
  const small: LoadBuffers = { volume: new Float32Array(4) };
  expect(Array.from((await loadSeriesVolume(scan.series[0], { reuse: small })).data)).toEqual(
    Array.from(fresh.data),
  );
  expect(small.volume!.length).toBe(fresh.data.length);
});

it('reports progress per instance and stops when aborted', async () => {
  const scan = await scanFolders([dir]);
  const seen: string[] = [];
  await loadSeriesVolume(scan.series[0], { onProgress: (done, total) => seen.push(`${done}/${total}`) });
  expect(seen).toEqual(Array.from({ length: 9 }, (_, n) => `${n + 1}/9`));
  const controller = new AbortController();
  const pending = loadSeriesVolume(scan.series[0], {
    signal: controller.signal,
    onProgress: (done) => done === 3 && controller.abort(new Error('cancelled by user')),
  });
  await expect(pending).rejects.toThrow('cancelled by user');
});

it('RTSTRUCT and SEG written for the uneven series come back exactly when rasterised at the real slice positions', async () => {
  const scan = await scanFolders([dir]);
  const s = scan.series[0];
  const ref = seriesRefFromScan(s);
  const data = new Uint8Array(slice * 9);
  for (const k of [4, 5, 6, 8]) for (let n = 7; n < 20; n++) data[k * slice + n] = 1; // around the change of step
  const mask = { ...s.geometry, data };
  const rs = writeRtstruct([{ name: 'GTV', mask }], ref, { uidSeed: 'u' });
  const seg = writeSeg([{ name: 'GTV', mask }], ref, { uidSeed: 'u' });
  const [rsPath, segPath] = await saveFiles(join(dir, 'rois'), [rs.file, seg.file]);
  const slicePositions = slicePositionsOf(s);
  expect(Array.from(slicePositions).map((x) => +x.toFixed(2))).toEqual([
    0, 0.85, 1.7, 2.55, 3.4, 4.26, 5.5, 6.75, 8,
  ]);
  for (const file of [rsPath, segPath]) {
    const back = await rasterizeRoi(file, 'GTV', s.geometry, { slicePositions });
    expect(Array.from(back.data)).toEqual(Array.from(data));
  }
  // On the regular grid alone, the slice at z = 15 mm (index 4.26) would be taken for slice 4.
  const naive = await rasterizeRoi(rsPath, 'GTV', s.geometry);
  expect(Array.from(naive.data)).not.toEqual(Array.from(data));
});
