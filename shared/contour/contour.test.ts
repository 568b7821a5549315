import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../main/io/readVolume';
import { type MaskVolume, type Vec3, type Volume } from '../image/volume';
import { rasterizeContours, xorPolygonIntoSlice } from '../roi/rasterize';
import { dab, paintStroke, sweepBrush, type BrushOptions } from './brush';
import { EditRecorder, editedSlices, type MaskEdit } from './edit';
import { EditHistory } from './history';
import { contouredSlices, fillBetweenSlices } from './interpolate';
import { connectedComponents, keepLargestIsland, removeSmallIslands } from './islands';
import { fillPolygon, polygonFromWorld, polygonPlaneMask, type PlanePoint } from './polygon';
import { compareMasks, maskBoundingBox, roiStatistics, RunningRoiStats } from './stats';

function emptyMask(size: Vec3, spacing: Vec3 = [1, 1, 1], origin: Vec3 = [0, 0, 0]): MaskVolume {
  return {
    size,
    spacing,
    origin,
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data: new Uint8Array(size[0] * size[1] * size[2]),
  };
}

function count(mask: MaskVolume): number {
  let c = 0;
  for (const v of mask.data) if (v) c++;
  return c;
}

function ijk(mask: MaskVolume, n: number): Vec3 {
  const [nx, ny] = mask.size;
  return [n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))];
}

/** Brute force: voxels whose centre is within r mm of point c (continuous index), restricted by `keep`. */
function bruteBall(
  mask: MaskVolume,
  c: Vec3,
  r: number,
  keep: (i: number, j: number, k: number) => boolean,
): Set<number> {
  const out = new Set<number>();
  const [nx, ny, nz] = mask.size;
  const [sx, sy, sz] = mask.spacing;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (!keep(i, j, k)) continue;
        const d2 = ((i - c[0]) * sx) ** 2 + ((j - c[1]) * sy) ** 2 + ((k - c[2]) * sz) ** 2;
        if (d2 <= r * r * (1 + 1e-9)) out.add(i + nx * (j + ny * k));
      }
  return out;
}

/** Byte-wise equality (vitest's deep equality is far too slow on 10⁵-element typed arrays). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let n = 0; n < a.length; n++) if (a[n] !== b[n]) return false;
  return true;
}

function indicesOf(mask: MaskVolume): Set<number> {
  const s = new Set<number>();
  mask.data.forEach((v, n) => v && s.add(n));
  return s;
}

const disc = (
  radiusMm: number,
  orientation: BrushOptions['orientation'] = 'axial',
  value: 0 | 1 = 1,
): BrushOptions => ({ radiusMm, value, shape: 'disc', orientation });

describe('brush', () => {
  it('a dab on a 512² slice paints exactly the voxels within the radius in mm, on that slice only', () => {
    const mask = emptyMask([512, 512, 3], [0.5, 0.5, 3]);
    const recorder = new EditRecorder(mask.data);
    const changed = dab(mask, [200.3, 300.6, 1], disc(10), recorder);
    const edit = recorder.finish();
    const expected = bruteBall(mask, [200.3, 300.6, 1], 10, (_i, _j, k) => k === 1);
    expect(changed).toBe(expected.size);
    expect(edit.indices.length).toBe(expected.size);
    expect(indicesOf(mask)).toEqual(expected);
    // Area ≈ π r² / pixel area = 1256.6 voxels.
    expect(Math.abs(changed - (Math.PI * 100) / 0.25) / ((Math.PI * 100) / 0.25)).toBeLessThan(0.02);
  });

  it('honours anisotropic spacing: a 10 mm disc spans ±20 columns at 0.5 mm and ±5 rows at 2 mm', () => {
    const mask = emptyMask([64, 64, 1], [0.5, 2, 1]);
    const edit = paintStroke(mask, [[32, 32, 0]], disc(10));
    const box = maskBoundingBox(mask);
    expect(box).toEqual({ min: [12, 27, 0], max: [52, 37, 0] });
    expect(edit.indices.length).toBe(bruteBall(mask, [32, 32, 0], 10, () => true).size);
  });

  it('paints discs in the coronal (slice j) and sagittal (slice i) planes with the k spacing', () => {
    const mask = emptyMask([40, 40, 40], [1, 1, 2]);
    const cor = paintStroke(mask, [[20, 7, 20]], disc(6, 'coronal'));
    for (const n of cor.indices) expect(ijk(mask, n)[1]).toBe(7);
    expect(new Set(cor.indices)).toEqual(bruteBall(mask, [20, 7, 20], 6, (_i, j) => j === 7));
    expect(maskBoundingBox(mask)).toEqual({ min: [14, 7, 17], max: [26, 7, 23] });
    mask.data.fill(0);
    const sag = paintStroke(mask, [[9.4, 20, 20]], disc(6, 'sagittal'));
    for (const n of sag.indices) expect(ijk(mask, n)[0]).toBe(9);
    expect(new Set(sag.indices)).toEqual(bruteBall(mask, [9, 20, 20], 6, (i) => i === 9));
  });

  it('a sphere covers the voxels within the radius in 3D (≈ 4/3 π r³ / voxel volume)', () => {
    const mask = emptyMask([48, 48, 24], [1, 1, 2]);
    const edit = paintStroke(mask, [[24, 24, 12]], {
      radiusMm: 10,
      value: 1,
      shape: 'sphere',
      orientation: 'axial',
    });
    expect(new Set(edit.indices)).toEqual(bruteBall(mask, [24, 24, 12], 10, () => true));
    const ideal = ((4 / 3) * Math.PI * 1000) / 2;
    expect(Math.abs(edit.indices.length - ideal) / ideal).toBeLessThan(0.05);
  });

  it('a fast mouse move leaves no gap: the swept stroke is one connected piece covering the path', () => {
    for (const radius of [0.1, 1, 3]) {
      const mask = emptyMask([420, 320, 1]);
      paintStroke(
        mask,
        [
          [10, 10, 0],
          [400, 300, 0],
          [30, 290, 0],
        ],
        disc(radius),
      );
      expect(connectedComponents(mask, 26).count).toBe(1);
      // Nearest voxels of the path are within √2/2 voxel of it: covered from a 1 mm brush up.
      if (radius < 1) continue;
      for (let t = 0; t <= 1; t += 0.001) {
        const i = Math.round(10 + t * 390);
        const j = Math.round(10 + t * 290);
        expect(mask.data[i + 420 * j]).toBe(1);
      }
    }
    // A wide stroke equals the union of the capsule: every voxel within r of the segment.
    const mask = emptyMask([100, 60, 1]);
    paintStroke(
      mask,
      [
        [10, 10, 0],
        [90, 50, 0],
      ],
      disc(4),
    );
    for (let j = 0; j < 60; j++)
      for (let i = 0; i < 100; i++) {
        const t = Math.max(0, Math.min(1, ((i - 10) * 80 + (j - 10) * 40) / (80 * 80 + 40 * 40)));
        const d = Math.hypot(i - 10 - 80 * t, j - 10 - 40 * t);
        expect(mask.data[i + 100 * j]).toBe(d <= 4 ? 1 : 0);
      }
  });

  it('intensity range: only voxels with intensity in [lo, hi] change', () => {
    const mask = emptyMask([64, 64, 1]);
    const image = new Float32Array(64 * 64).map((_, n) => n % 64); // intensity = column
    const edit = paintStroke(mask, [[32, 32, 0]], { ...disc(20), intensity: { image, lo: 25, hi: 30 } });
    expect(edit.indices.length).toBeGreaterThan(0);
    for (const n of edit.indices) expect(n % 64 >= 25 && n % 64 <= 30).toBe(true);
    expect(() =>
      paintStroke(mask, [[32, 32, 0]], { ...disc(20), intensity: { image, lo: 5, hi: 1 } }),
    ).toThrow(/empty/);
    expect(() =>
      paintStroke(mask, [[32, 32, 0]], {
        ...disc(20),
        intensity: { image: new Float32Array(3), lo: 0, hi: 1 },
      }),
    ).toThrow(/intensity image has 3 voxels/);
  });

  it('erase restores and the edit is the exact diff; bad options are refused by name', () => {
    const mask = emptyMask([50, 50, 5]);
    const painted = paintStroke(
      mask,
      [
        [20, 20, 2],
        [30, 25, 2],
      ],
      disc(5),
    );
    const before = mask.data.slice();
    const erased = paintStroke(mask, [[20, 20, 2]], disc(3, 'axial', 0));
    expect(Array.from(erased.before).every((v) => v === 1)).toBe(true);
    expect(Array.from(erased.after).every((v) => v === 0)).toBe(true);
    let diff = 0;
    for (let n = 0; n < mask.data.length; n++) if (mask.data[n] !== before[n]) diff++;
    expect(diff).toBe(erased.indices.length);
    expect(editedSlices(painted, mask.size, 2)).toEqual([2]);
    expect(() => paintStroke(mask, [[1, 1, 1]], disc(0))).toThrow(/radius/);
    expect(() => paintStroke(mask, [[1, 1, 1]], { ...disc(2), shape: 'cube' as 'disc' })).toThrow(/shape/);
    // A disc on a slice outside the volume changes nothing.
    expect(sweepBrush(mask, [1, 1, 9], [2, 2, 9], disc(2), new EditRecorder(mask.data))).toBe(0);
  });
});

describe('polygon / freehand fill', () => {
  it('an axial polygon in world coordinates gives exactly the RTSTRUCT rasteriser mask', () => {
    const grid = emptyMask([60, 50, 8], [0.8, 0.8, 2.5], [-20, 10, 5]);
    const world: Vec3[] = [
      [-15, 14, 12.5],
      [10, 12, 12.5],
      [20, 40, 12.5],
      [0, 30, 12.5],
      [-10, 45, 12.5],
    ];
    const { plane, points } = polygonFromWorld(grid, world, 'axial');
    expect(plane).toEqual({ orientation: 'axial', slice: 3 });
    const edit = fillPolygon(grid, plane, points, 1);
    const reference = rasterizeContours([world.flat()], grid).mask;
    expect(sameBytes(grid.data, reference.data)).toBe(true);
    expect(edit.indices.length).toBe(count(reference));
    expect(edit.indices.length).toBeGreaterThan(300);
  });

  it('fills coronal and sagittal slices by voxel centres (even-odd), and erases', () => {
    const mask = emptyMask([12, 10, 8]);
    const rect: PlanePoint[] = [
      [2.5, 1.5],
      [7.5, 1.5],
      [7.5, 4.5],
      [2.5, 4.5],
    ];
    const cor = fillPolygon(mask, { orientation: 'coronal', slice: 6 }, rect, 1);
    expect(cor.indices.length).toBe(5 * 3);
    for (const n of cor.indices) {
      const [i, j, k] = ijk(mask, n);
      expect(j).toBe(6);
      expect(i >= 3 && i <= 7 && k >= 2 && k <= 4).toBe(true);
    }
    const sag = fillPolygon(mask, { orientation: 'sagittal', slice: 1 }, rect, 1);
    for (const n of sag.indices) {
      const [i, j, k] = ijk(mask, n);
      expect(i).toBe(1);
      expect(j >= 3 && j <= 7 && k >= 2 && k <= 4).toBe(true);
    }
    // Self-intersecting (bow-tie) outline: even-odd.
    const bow = emptyMask([20, 20, 1]);
    fillPolygon(
      bow,
      { orientation: 'axial', slice: 0 },
      [
        [0.5, 0.5],
        [10.5, 10.5],
        [10.5, 0.5],
        [0.5, 10.5],
      ],
      1,
    );
    expect(bow.data[2 + 20 * 5]).toBe(1); // left triangle of the bow tie
    expect(bow.data[9 + 20 * 5]).toBe(1); // right triangle
    expect(bow.data[5 + 20 * 2]).toBe(0); // the top wedge between the crossing edges is outside
    const erased = fillPolygon(
      mask,
      { orientation: 'coronal', slice: 6 },
      [
        [-1, -1],
        [12, -1],
        [12, 8],
        [-1, 8],
      ],
      0,
    );
    expect(erased.indices.length).toBe(15 + 3); // the coronal fill and the sagittal fill's 3 voxels on j = 6
    expect(count(mask)).toBe(12);
  });

  it('scanline spans are byte-identical to the RTSTRUCT rasteriser on random, self-intersecting, off-plane and on-row polygons', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const [nu, nv] = [37, 29];
    for (let trial = 0; trial < 400; trial++) {
      const n = 3 + Math.floor(random() * 30);
      // Every third polygon snaps vertices to integer rows/columns and half-pixels (ties of the half-open rule).
      const snap = trial % 3 === 0;
      const points: PlanePoint[] = [];
      for (let m = 0; m < n; m++) {
        let u = -5 + random() * (nu + 10);
        let v = -5 + random() * (nv + 10);
        if (snap) {
          u = Math.round(u * 2) / 2;
          v = Math.round(v);
        }
        points.push([u, v]);
      }
      const reference = new Uint8Array(nu * nv);
      xorPolygonIntoSlice(
        Float64Array.from(points, (p) => p[0]),
        Float64Array.from(points, (p) => p[1]),
        reference,
        nu,
        nv,
      );
      expect(sameBytes(polygonPlaneMask(points, nu, nv), reference), `trial ${trial}`).toBe(true);
    }
  });

  it('joins a larger edit through a recorder with the same voxels as its own edit', () => {
    const square: PlanePoint[] = [
      [1.5, 1.5],
      [6.5, 1.5],
      [6.5, 5.5],
      [1.5, 5.5],
    ];
    const alone = emptyMask([10, 9, 4]);
    const own = fillPolygon(alone, { orientation: 'sagittal', slice: 2 }, square, 1);
    const joined = emptyMask([10, 9, 4]);
    joined.data[2 + 10 * 3 + 90 * 3] = 1; // already set: not part of the diff
    const recorder = new EditRecorder(joined.data);
    recorder.set(0, 1);
    const edit = fillPolygon(joined, { orientation: 'sagittal', slice: 2 }, square, 1, recorder);
    expect(edit.indices.length).toBe(own.indices.length); // + voxel 0, − the one already set
    expect(edit.indices[0]).toBe(0);
    expect(
      sameBytes(
        joined.data.map((v, n) => (n === 0 ? 0 : v)),
        alone.data,
      ),
    ).toBe(true);
    expect([...own.indices].every((n, m) => m === 0 || n > own.indices[m - 1])).toBe(true); // ascending
  });

  it('fills a freehand outline of 400 points on a 512² slice (its area within 1 %)', () => {
    const outline: PlanePoint[] = [];
    for (let n = 0; n < 400; n++) {
      const a = (2 * Math.PI * n) / 400;
      const r = 120 + 30 * Math.sin(5 * a);
      outline.push([256 + r * Math.cos(a), 256 + r * Math.sin(a)]);
    }
    const ideal = Math.PI * (120 * 120 + (30 * 30) / 2); // area of r(a) = 120 + 30 sin 5a
    // Its time (first call, the 16 ms target of one frame) is printed by `npm run bench` (contour section).
    const mask = emptyMask([512, 512, 3], [0.5, 0.5, 3]);
    const edit = fillPolygon(mask, { orientation: 'axial', slice: 1 }, outline, 1);
    expect(Math.abs(edit.indices.length - ideal) / ideal).toBeLessThan(0.01);
    expect(edit.indices.length).toBe(count(mask));
  });

  it('refuses off-volume slices and non-planar world polygons', () => {
    const mask = emptyMask([10, 10, 4]);
    expect(() =>
      fillPolygon(
        mask,
        { orientation: 'axial', slice: 4 },
        [
          [1, 1],
          [5, 1],
          [5, 5],
        ],
        1,
      ),
    ).toThrow(/axial slice 4 is outside the volume/);
    expect(() =>
      polygonFromWorld(
        mask,
        [
          [1, 1, 0],
          [5, 1, 2],
          [5, 5, 0],
        ],
        'axial',
      ),
    ).toThrow(/not in one axial slice/);
  });
});

describe('fill between slices', () => {
  function discOn(mask: MaskVolume, k: number, ci: number, cj: number, r: number): void {
    paintStroke(mask, [[ci, cj, k]], disc(r));
  }

  it('copies identical key shapes and leaves the keys alone', () => {
    const mask = emptyMask([40, 40, 11]);
    discOn(mask, 0, 20, 20, 8);
    discOn(mask, 10, 20, 20, 8);
    const keyPlane = mask.data.slice(0, 1600);
    const edit = fillBetweenSlices(mask, { orientation: 'axial' });
    expect(edit.indices.length).toBe(9 * count({ ...mask, data: keyPlane }));
    for (let k = 1; k < 10; k++)
      expect(sameBytes(mask.data.subarray(k * 1600, (k + 1) * 1600), keyPlane)).toBe(true);
    expect(Array.from(edit.before).every((v) => v === 0)).toBe(true);
  });

  it('morphs: a square shifted by 4 columns over 4 slices moves one column per slice (corners rounded by the Euclidean distance)', () => {
    const mask = emptyMask([40, 30, 5]);
    fillPolygon(
      mask,
      { orientation: 'axial', slice: 0 },
      [
        [9.5, 4.5],
        [19.5, 4.5],
        [19.5, 14.5],
        [9.5, 14.5],
      ],
      1,
    );
    fillPolygon(
      mask,
      { orientation: 'axial', slice: 4 },
      [
        [13.5, 4.5],
        [23.5, 4.5],
        [23.5, 14.5],
        [13.5, 14.5],
      ],
      1,
    );
    fillBetweenSlices(mask, { orientation: 'axial' });
    for (let k = 1; k < 4; k++) {
      const slice = { ...mask, size: [40, 30, 1] as Vec3, data: mask.data.slice(k * 1200, (k + 1) * 1200) };
      expect(maskBoundingBox(slice)).toEqual({ min: [10 + k, 5, 0], max: [19 + k, 14, 0] });
      const c = count(slice);
      expect(c).toBeGreaterThanOrEqual(92);
      expect(c).toBeLessThanOrEqual(100);
    }
  });

  it('grows a disc of radius 10 into one of 20: the middle slice has area ≈ π·15²', () => {
    const mask = emptyMask([64, 64, 11], [1, 1, 3]);
    discOn(mask, 0, 32, 32, 10);
    discOn(mask, 10, 32, 32, 20);
    fillBetweenSlices(mask, { orientation: 'axial' });
    const mid = count({ ...mask, data: mask.data.slice(5 * 4096, 6 * 4096) });
    expect(Math.abs(mid - Math.PI * 225) / (Math.PI * 225)).toBeLessThan(0.04);
  });

  it('interpolates along the sagittal normal (i), with anisotropic in-plane spacing, and across three keys', () => {
    const mask = emptyMask([9, 40, 30], [2, 0.7, 1.3]);
    for (const i of [0, 4, 8]) paintStroke(mask, [[i, 20, 15]], disc(6, 'sagittal'));
    const key = count(mask) / 3;
    expect(contouredSlices(mask, 'sagittal')).toEqual([0, 4, 8]);
    const edit = fillBetweenSlices(mask, { orientation: 'sagittal' });
    expect(edit.indices.length).toBe(6 * key);
    expect(contouredSlices(mask, 'sagittal')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('needs two contoured slices and non-empty keys', () => {
    const mask = emptyMask([10, 10, 5]);
    discOn(mask, 2, 5, 5, 2);
    expect(() => fillBetweenSlices(mask, { orientation: 'axial' })).toThrow(
      /at least two contoured axial slices, found 1/,
    );
    expect(() => fillBetweenSlices(mask, { orientation: 'axial', keySlices: [2, 4] })).toThrow(
      /key axial slice 4 holds no ROI voxels/,
    );
  });

  it('fills a 512² × 40 gap between two key slices', () => {
    const mask = emptyMask([512, 512, 42], [0.5, 0.5, 1]);
    discOn(mask, 0, 250, 250, 30);
    discOn(mask, 41, 270, 240, 40);
    const edit = fillBetweenSlices(mask, { orientation: 'axial' });
    expect(edit.indices.length).toBeGreaterThan(40 * 10000);
  });
});

describe('islands', () => {
  function scene(): MaskVolume {
    const mask = emptyMask([10, 10, 10]);
    const set = (i: number, j: number, k: number) => (mask.data[i + 10 * (j + 10 * k)] = 1);
    for (let k = 5; k < 8; k++) for (let j = 5; j < 8; j++) for (let i = 5; i < 8; i++) set(i, j, k); // 27-voxel cube
    set(0, 0, 0); // singleton
    set(2, 2, 2); // diagonal pair
    set(3, 3, 3);
    set(0, 9, 0); // face-connected pair
    set(1, 9, 0);
    return mask;
  }

  it('labels components under 6- and 26-connectivity', () => {
    const c6 = connectedComponents(scene(), 6);
    expect(c6.sizes.slice(1).sort((a, b) => a - b)).toEqual([1, 1, 1, 2, 27]);
    const c26 = connectedComponents(scene(), 26);
    expect(c26.sizes.slice(1).sort((a, b) => a - b)).toEqual([1, 2, 2, 27]);
  });

  it('removes islands smaller than N voxels and keeps the largest', () => {
    const a = scene();
    const edit = removeSmallIslands(a, 2, 6);
    expect(edit.indices.length).toBe(3);
    expect(count(a)).toBe(29);
    const b = scene();
    expect(removeSmallIslands(b, 2, 26).indices.length).toBe(1);
    const c = scene();
    keepLargestIsland(c, 26);
    expect(count(c)).toBe(27);
    expect(maskBoundingBox(c)).toEqual({ min: [5, 5, 5], max: [7, 7, 7] });
    expect(() => removeSmallIslands(c, 0, 6)).toThrow(/positive integer/);
    expect(keepLargestIsland(emptyMask([3, 3, 3]), 6).indices.length).toBe(0);
  });
});

describe('edit recorder', () => {
  it('keeps the first old value, drops voxels set back, and stays exact past the small-set threshold', () => {
    const mask = new Uint8Array(100_000);
    mask[7] = 1;
    const recorder = new EditRecorder(mask);
    for (let n = 0; n < 20_000; n++) recorder.set(n * 3, 1); // touches 19 999 voxels (index 0…59 997); 7 is not among them
    for (let n = 0; n < 20_000; n += 2) recorder.set(n * 3, 0); // half of them back to 0
    recorder.set(7, 0);
    recorder.set(7, 1); // back to its old value
    const edit = recorder.finish();
    expect(edit.indices.length).toBe(10_000);
    expect(Array.from(edit.indices.slice(0, 3))).toEqual([3, 9, 15]);
    expect(edit.before.every((v) => v === 0) && edit.after.every((v) => v === 1)).toBe(true);
    expect(recorder.touched).toBe(20_001);
  });
});

describe('undo/redo history', () => {
  it('undoes and redoes 25 strokes exactly; memory is 6 bytes per changed voxel', () => {
    const mask = emptyMask([256, 256, 4]);
    const history = new EditHistory({ maxSteps: 30 });
    const states: Uint8Array[] = [mask.data.slice()];
    let changed = 0;
    for (let s = 0; s < 25; s++) {
      const erase = s % 5 === 4;
      const path: Vec3[] = erase
        ? [
            [0, 100 + s, s % 4],
            [255, 120 + s, s % 4],
          ]
        : [
            [20 + 8 * s, 30, s % 4],
            [40 + 7 * s, 200, s % 4],
          ];
      const edit = paintStroke(mask, path, disc(3 + (s % 3), 'axial', erase ? 0 : 1));
      expect(edit.indices.length).toBeGreaterThan(0);
      changed += edit.indices.length;
      history.push(edit);
      states.push(mask.data.slice());
    }
    expect(history.undoSteps).toBe(25);
    expect(history.bytes).toBe(6 * changed);
    expect(history.bytes).toBeLessThan(mask.data.length); // far below a copy of the volume per step
    for (let s = 25; s > 0; s--) {
      expect(history.undo(mask.data)).not.toBeNull();
      expect(sameBytes(mask.data, states[s - 1])).toBe(true);
    }
    expect(history.undo(mask.data)).toBeNull();
    for (let s = 1; s <= 25; s++) {
      history.redo(mask.data);
      expect(sameBytes(mask.data, states[s])).toBe(true);
    }
    history.undo(mask.data);
    history.push(paintStroke(mask, [[5, 5, 0]], disc(2)));
    expect(history.canRedo).toBe(false);
  });

  it('keeps the newest maxSteps steps and ignores empty edits', () => {
    const mask = emptyMask([64, 64, 1]);
    const history = new EditHistory({ maxSteps: 20 });
    for (let s = 0; s < 25; s++) history.push(paintStroke(mask, [[2 + 2 * s, 10, 0]], disc(0.5)));
    history.push(paintStroke(mask, [[2, 10, 0]], disc(0.5)) as MaskEdit); // already painted: empty
    expect(history.undoSteps).toBe(20);
    let undone = 0;
    while (history.undo(mask.data)) undone++;
    expect(undone).toBe(20);
    expect(count(mask)).toBe(5);
    expect(() => new EditHistory({ maxSteps: 0 })).toThrow(/maxSteps/);
  });
});

describe('ROI statistics and reader agreement', () => {
  const DATA = join(
    dirname(fileURLToPath(import.meta.url)),
    '../../../shared/data/ibsi1-digital-phantom/nifti',
  );

  it('IBSI digital phantom: volume (voxel counting) 592 mm³, mean 2.15, variance 3.05, min 1, max 6', () => {
    const image: Volume = readVolumeFile(join(DATA, 'image/phantom.nii.gz'));
    const m = readVolumeFile(join(DATA, 'mask/mask.nii.gz'));
    const mask: MaskVolume = { ...m, data: Uint8Array.from(m.data, (v) => (v ? 1 : 0)) };
    const s = roiStatistics(mask, image);
    expect(s.volumeMl * 1000).toBeCloseTo(592, 6); // IBSI YEKZ morph_vol_approx
    expect(s.mean).toBeCloseTo(2.15, 2); // IBSI Q4LE stat_mean
    expect((s.sd ?? NaN) ** 2).toBeCloseTo(3.05, 2); // IBSI ECT3 stat_var (population)
    expect(s.min).toBe(1);
    expect(s.max).toBe(6);
    expect(s.bbox).toEqual(maskBoundingBox(mask));
  });

  it('running statistics follow dabs, edits, undo and redo exactly as a full recomputation', () => {
    // Large intensities with fractions: the case where sums of squares about zero would lose the SD.
    const image: Volume = { ...emptyMask([30, 26, 5], [0.7, 0.7, 3]), data: new Float32Array(30 * 26 * 5) };
    for (let n = 0; n < image.data.length; n++) image.data[n] = 20000 + ((n * 7919) % 613) + (n % 4) * 0.25;
    const mask = emptyMask([30, 26, 5], [0.7, 0.7, 3]);
    for (let n = 100; n < 160; n++) mask.data[n] = 1;
    const live = RunningRoiStats.of(mask, image);
    const expectMatch = () => {
      const full = roiStatistics(mask, image);
      const got = live.statistics();
      expect(got.voxels).toBe(full.voxels);
      expect(got.volumeMl).toBeCloseTo(full.volumeMl, 12);
      if (full.mean === null) return expect([got.mean, got.sd]).toEqual([null, null]);
      expect(got.mean).toBeCloseTo(full.mean, 9);
      expect(got.sd).toBeCloseTo(full.sd as number, 7);
    };
    expectMatch();
    // Dab by dab, from the recorder's newly touched voxels (what the contouring session does during a stroke).
    const recorder = new EditRecorder(mask.data);
    const opts: BrushOptions = { radiusMm: 2.5, value: 1, shape: 'disc', orientation: 'axial' };
    let last: Vec3 = [5, 5, 2];
    for (const next of [
      [5, 5, 2],
      [12, 8, 2],
      [20, 20, 2.3],
      [21, 21, 2],
    ] as Vec3[]) {
      const before = recorder.touched;
      sweepBrush(mask, last, next, opts, recorder);
      recorder.forEachTouchedSince(before, (index, previous) =>
        live.change(index, previous !== 0, mask.data[index] !== 0),
      );
      last = next;
      expectMatch();
    }
    const stroke = recorder.finish();
    const history = new EditHistory();
    history.push(stroke);
    const erase = paintStroke(
      mask,
      [
        [4, 4, 2],
        [14, 9, 2],
      ],
      { ...opts, value: 0 },
    );
    history.push(erase);
    live.applyEdit(erase, 'after');
    expectMatch();
    while (true) {
      const edit = history.undo(mask.data);
      if (!edit) break;
      live.applyEdit(edit, 'before');
      expectMatch();
    }
    expect(live.voxels).toBe(60);
    for (let edit = history.redo(mask.data); edit; edit = history.redo(mask.data))
      live.applyEdit(edit, 'after');
    expectMatch();
    // Emptied completely: no mean or SD.
    const all = new EditRecorder(mask.data);
    for (let n = 0; n < mask.data.length; n++) all.set(n, 0);
    live.applyEdit(all.finish(), 'after');
    expect(live.statistics()).toEqual({ voxels: 0, volumeMl: 0, mean: null, sd: null });
    expectMatch();
    expect(() => RunningRoiStats.of(emptyMask([2, 2, 2]), image)).toThrow(/not on the same grid/);
  });

  it('Dice, Jaccard and volume difference between two readers', () => {
    const a = emptyMask([10, 10, 2], [1, 2, 5]);
    const b = emptyMask([10, 10, 2], [1, 2, 5]);
    for (let n = 0; n < 10; n++) a.data[n] = 1;
    for (let n = 5; n < 20; n++) b.data[n] = 1;
    const agreement = compareMasks(a, b);
    expect(agreement.intersection).toBe(5);
    expect(agreement.dice).toBeCloseTo(10 / 25, 12);
    expect(agreement.jaccard).toBeCloseTo(5 / 20, 12);
    expect(agreement.volumeAMl).toBeCloseTo(0.1, 12);
    expect(agreement.volumeDifferenceMl).toBeCloseTo(0.05, 12);
    expect(agreement.relativeVolumeDifference).toBeCloseTo(0.5, 12);
    const stats = roiStatistics(b);
    expect(stats).toMatchObject({
      voxels: 15,
      mean: null,
      bbox: { min: [0, 0, 0], max: [9, 1, 0] },
      bboxSizeMm: [10, 4, 5],
    });
    expect(() => compareMasks(a, emptyMask([10, 10, 3]))).toThrow(/not on the same grid/);
    expect(compareMasks(emptyMask([2, 2, 2]), emptyMask([2, 2, 2])).dice).toBe(1);
  });
});
