/**
 * Importing ROI objects other software writes (issue #18 item 4), made here by pydicom — an independent
 * writer — from box definitions (main/dicom/testing/foreign_objects.py): a SEG with several segments whose
 * frames come in a shuffled order, a FRACTIONAL SEG, an RTSTRUCT with several ROIs and nested contours
 * (outer, hole, island in the hole: XOR gives ring + island), and an RTSTRUCT that names no series, only
 * its Frame of Reference. Each imported mask is compared voxel by voxel with the boxes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../../shared/image/volume';
import { saveFiles, scanFolders, writeImageSeries } from '../dicom/index';
import { missingTools, runTool, PYTHON } from '../dicom/testing/externalTools';
import { getRoiMask, listRois, openStore, type Store } from '../store/index';
import { importFolders, type ImportResult } from './import';

const GENERATOR = join(__dirname, '../dicom/testing/foreign_objects.py');
const size: Vec3 = [24, 20, 6];
const [nx, ny, nz] = size;
type Box = [number, number, number, number, number, number]; // i0, i1, j0, j1, k0, k1 (half-open)

const BOXES: Record<string, Box[]> = {
  A: [[2, 10, 3, 9, 1, 4]],
  B: [[12, 21, 10, 17, 2, 6]],
  C: [[5, 6, 15, 16, 4, 5]],
  F: [[4, 8, 4, 8, 2, 4]],
  F_edge: [[3, 9, 3, 9, 1, 5]],
  F_faint: [[2, 10, 2, 10, 0, 6]],
  Outer: [[2, 18, 2, 16, 1, 5]],
  Hole: [[5, 13, 5, 12, 1, 5]],
  Island: [[7, 10, 7, 9, 2, 4]],
  Pair1: [[19, 23, 2, 5, 2, 3]],
  Pair2: [[19, 23, 12, 18, 2, 3]],
  ForOnly: [[10, 14, 6, 11, 0, 6]],
};

/** XOR of boxes, as a flat mask (i fastest). */
function boxes(...names: string[]): number[] {
  const m = new Array<number>(nx * ny * nz).fill(0);
  for (const name of names)
    for (const [i0, i1, j0, j1, k0, k1] of BOXES[name])
      for (let k = k0; k < k1; k++)
        for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) m[i + nx * (j + ny * k)] ^= 1;
  return m;
}
const union = (a: number[], b: number[]) => a.map((v, n) => v | b[n]);

const dir = mkdtempSync(join(tmpdir(), 'radscore-foreign-'));
let store: Store;
let result: ImportResult;
let frameOfReferenceUid = '';
const skip = missingTools(['pydicom']);

beforeAll(async () => {
  if (skip) return;
  const grid = {
    size,
    spacing: [1, 1.2, 2.5] as Vec3,
    origin: [-12, -10, 30] as Vec3,
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const image: Volume = { ...grid, data: new Float32Array(nx * ny * nz).map((_, n) => n % 113) };
  const { files, ref } = writeImageSeries(image, { patientId: 'FOREIGN-1' }, {}, {}, { uidSeed: 'foreign' });
  await saveFiles(join(dir, 'in', 'image'), files);
  const scan = await scanFolders([join(dir, 'in', 'image')]);
  frameOfReferenceUid = ref.frameOfReferenceUid;
  const spec = {
    patient_id: 'FOREIGN-1',
    study_uid: ref.studyInstanceUid,
    series_uid: ref.seriesInstanceUid,
    for_uid: ref.frameOfReferenceUid,
    size,
    spacing: grid.spacing,
    origin: grid.origin,
    slices: ref.slices.map((s) => ({ sop_class: s.sopClassUid, sop_uid: s.sopInstanceUid })),
    boxes: BOXES,
  };
  expect(scan.series[0].instances).toHaveLength(nz);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  mkdirSync(join(dir, 'in', 'rois'));
  runTool(PYTHON, [GENERATOR, join(dir, 'spec.json'), join(dir, 'in', 'rois')]);
  store = openStore(join(dir, 'db.sqlite'));
  result = await importFolders(store, [join(dir, 'in')]);
}, 60_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const mask = (name: string) => {
  const roi = listRois(store).find((r) => r.name === name);
  if (!roi)
    throw new Error(
      `ROI "${name}" not imported (have: ${listRois(store)
        .map((r) => r.name)
        .join(', ')})`,
    );
  return Array.from(getRoiMask(store, roi.id).data);
};

describe.skipIf(skip)('import of ROI objects written by pydicom', () => {
  it('imports every ROI of the four objects, on the one series', () => {
    expect(result).toMatchObject({ series: 1, instances: nz, rois: 7, skipped: [] });
    expect(
      listRois(store)
        .map((r) => `${r.source} ${r.name}`)
        .sort(),
    ).toEqual(['RTSTRUCT ForOnly', 'RTSTRUCT Pair', 'RTSTRUCT Ring', 'SEG A', 'SEG B', 'SEG C', 'SEG F']);
  });

  it('SEG with three segments, frames in shuffled order: each segment voxel for voxel', () => {
    for (const name of ['A', 'B', 'C'])
      expect({ name, mask: mask(name) }).toEqual({ name, mask: boxes(name) });
  });

  it('FRACTIONAL SEG: voxels at ≥ 50 % of the maximum (255 and 140 of 255) are inside, 100 is not', () => {
    expect(mask('F')).toEqual(union(boxes('F'), boxes('F_edge')));
  });

  it('RTSTRUCT with nested contours: XOR — outer minus hole plus the island in the hole; a ROI of two polygons', () => {
    expect(mask('Ring')).toEqual(boxes('Outer', 'Hole', 'Island'));
    expect(mask('Pair')).toEqual(boxes('Pair1', 'Pair2'));
  });

  it('RTSTRUCT naming only its Frame of Reference: put on the one series of that frame', () => {
    expect(mask('ForOnly')).toEqual(boxes('ForOnly'));
  });

  it('RTSTRUCT naming only a Frame of Reference that two series share: not guessed, a warning names why', async () => {
    // A second series (other slice positions) in the same frame of reference, then the same FoR-only RTSTRUCT.
    const grid = {
      size,
      spacing: [1, 1.2, 2.5] as Vec3,
      origin: [-12, -10, 31.25] as Vec3,
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const { files } = writeImageSeries(
      { ...grid, data: new Float32Array(nx * ny * nz) },
      { patientId: 'FOREIGN-1' },
      {},
      { frameOfReferenceUid },
      { uidSeed: 'foreign-2' },
    );
    await saveFiles(join(dir, 'second', 'image'), files);
    copyFileSync(join(dir, 'in', 'rois', 'rs_for_only.dcm'), join(dir, 'second', 'rs_for_only_again.dcm'));
    const fresh = openStore(join(dir, 'db2.sqlite'));
    try {
      const again = await importFolders(fresh, [join(dir, 'in', 'image'), join(dir, 'second')]);
      expect(again.rois).toBe(0);
      expect(again.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(
          /names no image series and 2 stored series share its frame of reference; its ROIs were not imported/,
        ),
      ]);
    } finally {
      fresh.close();
    }
  });
});
