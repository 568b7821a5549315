import { describe, expect, it } from 'vitest';
import type { ImageGeometry } from '../../shared/image/volume';
import { paintLabelRows, rgbaWord, type LabelLook } from './labelLayer';
import { displayPlane, displayToIndex } from './planes';

const grid: ImageGeometry = {
  size: [5, 4, 3],
  spacing: [1, 1, 2],
  origin: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const linear = (i: number, j: number, k: number) => i + 5 * (j + 4 * k);
const red: LabelLook = { rgb: [1, 0, 0], mode: 'fill', opacity: 0.5 };

/** A 3 × 3 block on k = 1 (i 1–3, j 1–3) and one voxel on k = 2. */
function mask(): Uint8Array {
  const m = new Uint8Array(5 * 4 * 3);
  for (let j = 1; j <= 3; j++) for (let i = 1; i <= 3; i++) m[linear(i, j, 1)] = 1;
  m[linear(4, 0, 2)] = 1;
  return m;
}

describe('paintLabelRows', () => {
  it('packs colour and alpha as ImageData bytes (RGBA, little-endian)', () => {
    const word = rgbaWord([1, 0.5, 0], 0.5);
    expect(Array.from(new Uint8Array(new Uint32Array([word]).buffer))).toEqual([255, 128, 0, 128]);
  });

  it('fills every ROI voxel of the slice at the display position planes.ts gives it, in every view', () => {
    const m = mask();
    for (const [normal, slice] of [
      [2, 1],
      [1, 2],
      [0, 3],
    ] as const) {
      const plane = displayPlane(grid, normal, slice);
      const out = new Uint32Array(plane.width * plane.height).fill(7);
      paintLabelRows(plane, m, out, red);
      for (let y = 0; y < plane.height; y++)
        for (let x = 0; x < plane.width; x++) {
          const [i, j, k] = displayToIndex(plane, x, y);
          expect(out[y * plane.width + x]).toBe(m[linear(i, j, k)] ? rgbaWord([1, 0, 0], 0.5) : 0);
        }
    }
  });

  it('draws only the in-plane border, opaque, in outline mode', () => {
    const plane = displayPlane(grid, 2, 1);
    const out = new Uint32Array(plane.width * plane.height);
    paintLabelRows(plane, mask(), out, { ...red, mode: 'outline' });
    const opaque = rgbaWord([1, 0, 0], 1);
    const shown = (i: number, j: number) => out[j * plane.width + i] === opaque;
    // The axial view is not flipped for this grid: display (x, y) = (i, j).
    expect(shown(2, 2)).toBe(false);
    for (const [i, j] of [
      [1, 1],
      [2, 1],
      [3, 1],
      [1, 2],
      [3, 2],
      [1, 3],
      [2, 3],
      [3, 3],
    ])
      expect(shown(i, j)).toBe(true);
    expect(out.filter((w) => w !== 0)).toHaveLength(8);
  });

  it('repaints only the rows asked for', () => {
    const plane = displayPlane(grid, 2, 1);
    const out = new Uint32Array(plane.width * plane.height).fill(7);
    paintLabelRows(plane, mask(), out, red, 1, 2);
    expect(Array.from(out.subarray(0, 5))).toEqual([7, 7, 7, 7, 7]);
    expect(Array.from(out.subarray(5, 10)).map((w) => (w === 0 ? 0 : 1))).toEqual([0, 1, 1, 1, 0]);
    expect(Array.from(out.subarray(10))).toEqual(new Array(10).fill(7));
    expect(() => paintLabelRows(plane, mask(), new Uint32Array(3), red)).toThrow(
      /holds 3 pixels, the plane 5 × 4/,
    );
  });
});
