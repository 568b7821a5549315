import { describe, expect, it } from 'vitest';
import { rasterizeContours } from './rasterize';
import type { ImageGeometry } from '../image/volume';

// 10 × 8 × 3 voxels of 2 × 2 × 5 mm, origin at (100, 50, −10).
const grid: ImageGeometry = {
  size: [10, 8, 3],
  spacing: [2, 2, 5],
  origin: [100, 50, -10],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
/** A rectangle in index space (corners at half-integers) on slice z (mm). */
const rect = (i0: number, i1: number, j0: number, j1: number, z: number): number[] => {
  const x = (i: number): number => 100 + 2 * i;
  const y = (j: number): number => 50 + 2 * j;
  return [x(i0), y(j0), z, x(i1), y(j0), z, x(i1), y(j1), z, x(i0), y(j1), z];
};
const voxels = (data: Uint8Array, k: number): string[] => {
  const out: string[] = [];
  for (let j = 0; j < 8; j++)
    for (let i = 0; i < 10; i++) if (data[i + 10 * (j + 8 * k)]) out.push(`${i},${j}`);
  return out;
};

describe('rasterizeContours (centre inside, even-odd, XOR per slice, nearest slice)', () => {
  it('fills the voxels whose centres are inside', () => {
    const { mask } = rasterizeContours([rect(0.5, 3.5, 1.5, 2.5, -5)], grid);
    expect(voxels(mask.data, 1)).toEqual(['1,2', '2,2', '3,2']);
    expect(voxels(mask.data, 0)).toEqual([]);
  });

  it('XORs contours of the same slice (a contour inside another is a hole; overlaps cancel)', () => {
    const outer = rect(-0.5, 4.5, -0.5, 4.5, 0);
    const hole = rect(0.5, 3.5, 0.5, 3.5, 0);
    const { mask } = rasterizeContours([outer, hole], grid);
    expect(voxels(mask.data, 2)).toHaveLength(25 - 9);
    const a = rect(-0.5, 2.5, -0.5, 0.5, 0);
    const b = rect(0.5, 3.5, -0.5, 0.5, 0);
    expect(voxels(rasterizeContours([a, b], grid).mask.data, 2)).toEqual(['0,0', '3,0']);
  });

  it('matches a contour to the nearest slice by position and counts those off the grid', () => {
    const near = rect(0.5, 1.5, 0.5, 1.5, -6.9); // 0.62 of the way from slice 0 (−10) to slice 1 (−5)
    const outside = rect(0.5, 1.5, 0.5, 1.5, 20);
    const tilted = [102, 52, -10, 104, 52, -5, 104, 54, -5];
    const { mask, contoursOffGrid } = rasterizeContours([near, outside, tilted], grid);
    expect(voxels(mask.data, 1)).toEqual(['1,1']);
    expect(contoursOffGrid).toBe(2);
  });
});
