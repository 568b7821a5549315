/** Writer round trip: writeImageSeries / writeRtstruct / writeSeg → scanFolders → load / rasterise gives identical voxels. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeriesVolume, rasterizeRoi, scanFolders } from './index';
import {
  saveFiles,
  seriesRefFromScan,
  writeImageSeries,
  writeRtstruct,
  writeSeg,
  type RoiMaskInput,
} from './write';
import { parseDicomBytes, TAG } from './dataset';
import { sameGrid, type MaskVolume, type Vec3, type Volume } from '../../shared/image/volume';

/** An oblique grid: rotated 20° about z then 10° about the new x axis (right-handed). */
function obliqueDirection(): number[] {
  const a = (20 * Math.PI) / 180;
  const b = (10 * Math.PI) / 180;
  const rz = [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)];
  const m = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) m[3 * r + c] += rz[3 * r + k] * rx[3 * k + c];
  return m;
}

const size: Vec3 = [48, 40, 14];
const geometry = {
  size,
  spacing: [0.82, 0.9, 3.3] as Vec3,
  origin: [-20.5, 31.25, -75.1] as Vec3,
  direction: obliqueDirection(),
};

function makeVolume(): Volume {
  const [nx, ny, nz] = size;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = ((i * 37 + j * 101 + k * 997) % 3001) - 700;
  return { ...geometry, data };
}

function makeMask(inside: (i: number, j: number, k: number) => boolean): MaskVolume {
  const [nx, ny, nz] = size;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = inside(i, j, k) ? 1 : 0;
  return { ...geometry, data };
}

const masks: RoiMaskInput[] = [
  { name: 'GTV', mask: makeMask((i, j, k) => (i - 20) ** 2 + (j - 18) ** 2 + ((k - 6) * 3) ** 2 < 120) },
  {
    // A ring (with a hole) plus two islands, one on the grid border and one touching the ring diagonally.
    name: 'Ring + islands',
    mask: makeMask((i, j, k) => {
      if (k < 3 || k > 9) return false;
      const r2 = (i - 30) ** 2 + (j - 20) ** 2;
      return (
        (r2 <= 64 && r2 >= 16) ||
        (i === 0 && j >= 5 && j < 9) ||
        (i === 39 && j === 26) ||
        (i === 38 && j === 27)
      );
    }),
  },
];

let dir = '';
let seriesFiles: string[] = [];
let rtstructPath = '';
let segPath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'radscore-dicom-write-'));
  const written = writeImageSeries(
    makeVolume(),
    { patientId: 'RT-001', patientName: 'Müller^Anna', sex: 'F' },
    { studyDescription: 'Pre-RT MRI' },
    { seriesDescription: 'T2 TSE', seriesNumber: 3 },
    { uidSeed: 'test' },
  );
  seriesFiles = await saveFiles(join(dir, 'nested/deeper'), written.files);
  const rs = writeRtstruct(masks, written.ref, { uidSeed: 'test', author: 'Dr Who' });
  const seg = writeSeg(masks, written.ref, { uidSeed: 'test', author: 'Dr Who' });
  [rtstructPath] = await saveFiles(join(dir, 'rois'), [rs.file]);
  [segPath] = await saveFiles(join(dir, 'rois'), [seg.file]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('DICOM writer round trip', () => {
  it('scans back as one series on the same grid, with an RTSTRUCT and a SEG that refer to it', async () => {
    const scan = await scanFolders([dir]);
    expect(scan.files).toBe(size[2] + 2);
    expect(scan.skipped).toEqual([]);
    expect(scan.warnings).toEqual([]);
    expect(scan.series).toHaveLength(1);
    const s = scan.series[0];
    expect(s.instances).toHaveLength(size[2]);
    expect(s.patient).toEqual({ patientId: 'RT-001', patientName: 'Müller^Anna', birthDate: '', sex: 'F' });
    expect(s.seriesDescription).toBe('T2 TSE');
    expect(s.modality).toBe('MR');
    expect(sameGrid(s.geometry, geometry, 1e-4)).toBe(true);
    expect(scan.rois.map((r) => [r.kind, r.roiNames, r.referencedSeriesUid, r.author])).toEqual([
      ['RTSTRUCT', ['GTV', 'Ring + islands'], s.seriesInstanceUid, 'Dr Who'],
      ['SEG', ['GTV', 'Ring + islands'], s.seriesInstanceUid, 'Dr Who'],
    ]);
  });

  it('loadSeriesVolume gives back every voxel value', async () => {
    const scan = await scanFolders(seriesFiles);
    const volume = await loadSeriesVolume(scan.series[0]);
    expect(Array.from(volume.data)).toEqual(Array.from(makeVolume().data));
  });

  for (const kind of ['RTSTRUCT', 'SEG'] as const) {
    it(`${kind}: rasterizeRoi gives back every mask voxel (hole and islands included)`, async () => {
      const scan = await scanFolders([dir]);
      const file = kind === 'RTSTRUCT' ? rtstructPath : segPath;
      for (const m of masks) {
        const back = await rasterizeRoi(file, m.name, scan.series[0].geometry);
        let differing = 0;
        let count = 0;
        for (let n = 0; n < back.data.length; n++) {
          if (back.data[n] !== m.mask.data[n]) differing++;
          count += back.data[n];
        }
        expect({ name: m.name, count, differing }).toEqual({
          name: m.name,
          count: m.mask.data.reduce((a, b) => a + b, 0),
          differing: 0,
        });
        expect(count).toBeGreaterThan(20);
      }
    });
  }

  it('FRACTIONAL (8-bit) SEG: voxels at ≥ 50 % of MaximumFractionalValue come back as the mask', async () => {
    const scan = await scanFolders(seriesFiles);
    const ref = seriesRefFromScan(scan.series[0]);
    const seg = writeSeg(masks, ref, { uidSeed: 'fractional', fractional: true });
    const [path] = await saveFiles(join(dir, 'fractional'), [seg.file]);
    expect(parseDicomBytes(seg.file.bytes).dataset.string(TAG.SegmentationType)).toBe('FRACTIONAL');
    for (const m of masks) {
      const back = await rasterizeRoi(path, m.name, ref.geometry);
      expect(Array.from(back.data)).toEqual(Array.from(m.mask.data));
    }
  });

  it('seriesRefFromScan re-exports ROIs of a scanned series the same way', async () => {
    const scan = await scanFolders(seriesFiles);
    const ref = seriesRefFromScan(scan.series[0]);
    expect(ref.slices.every((s) => s.sopInstanceUid !== '')).toBe(true);
    const rs = writeRtstruct([masks[1]], ref, { uidSeed: 'again' });
    const [path] = await saveFiles(join(dir, 'again'), [rs.file]);
    const back = await rasterizeRoi(path, masks[1].name, ref.geometry);
    expect(Array.from(back.data)).toEqual(Array.from(masks[1].mask.data));
  });

  it('writes a Part 10 file with meta header and Explicit VR Little Endian, UIDs under 2.25', async () => {
    const written = writeImageSeries(makeVolume(), { patientId: 'X' }, {}, {}, { uidSeed: 's' });
    const bytes = written.files[0].bytes;
    expect(new TextDecoder().decode(bytes.subarray(128, 132))).toBe('DICM');
    const parsed = parseDicomBytes(bytes);
    expect(parsed.dataset.string(TAG.TransferSyntaxUID)).toBe('1.2.840.10008.1.2.1');
    expect(parsed.dataset.string(TAG.SOPInstanceUID)).toMatch(/^2\.25\.\d+$/);
    expect(parsed.dataset.string(TAG.SOPInstanceUID).length).toBeLessThanOrEqual(64);
    // Same seed, same UIDs; another seed, other UIDs.
    expect(
      writeImageSeries(makeVolume(), { patientId: 'X' }, {}, {}, { uidSeed: 's' }).ref.seriesInstanceUid,
    ).toBe(written.ref.seriesInstanceUid);
    expect(
      writeImageSeries(makeVolume(), { patientId: 'X' }, {}, {}, { uidSeed: 't' }).ref.seriesInstanceUid,
    ).not.toBe(written.ref.seriesInstanceUid);
  });

  it('refuses values that int16 cannot hold and masks on another grid, naming the problem', () => {
    const v = makeVolume();
    v.data[5] = 0.5;
    expect(() => writeImageSeries(v, { patientId: 'X' })).toThrow(
      /voxel value 0.5 at slice 0 cannot be stored as int16/,
    );
    const ref = writeImageSeries(makeVolume(), { patientId: 'X' }).ref;
    const other = { ...masks[0], mask: { ...masks[0].mask, spacing: [1, 1, 1] as Vec3 } };
    expect(() => writeRtstruct([other], ref)).toThrow(/mask "GTV" is not on the grid/);
  });
});
