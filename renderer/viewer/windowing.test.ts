import { describe, expect, it } from 'vitest';
import { clampSlice, dragWindowLevel, largestMaskSlice, maskSliceRange, windowFromRange } from './windowing';

describe('window/level', () => {
  it('a window shows low…high', () => {
    expect(windowFromRange(100, 300)).toEqual({ window: 200, level: 200 });
  });

  it('dragging right widens the window and never makes it non-positive', () => {
    const start = { window: 100, level: 50 };
    expect(dragWindowLevel(start, 10, 0, 512).window).toBeCloseTo(110);
    expect(dragWindowLevel(start, 0, -20, 512).level).toBeCloseTo(30);
    expect(dragWindowLevel(start, -10_000, 0, 512).window).toBeGreaterThan(0);
  });
});

describe('mask slices', () => {
  const size: [number, number, number] = [2, 2, 5];
  const mask = new Uint8Array(20);
  mask[1 * 4 + 3] = 1; // k = 1: one voxel
  mask[3 * 4 + 0] = 1; // k = 3: three voxels
  mask[3 * 4 + 1] = 1;
  mask[3 * 4 + 2] = 1;

  it('finds the first and last slice holding the ROI', () => {
    expect(maskSliceRange(mask, size)).toEqual([1, 3]);
    expect(maskSliceRange(new Uint8Array(20), size)).toBeNull();
  });

  it('finds the slice with the most ROI voxels', () => {
    expect(largestMaskSlice(mask, size)).toBe(3);
    expect(largestMaskSlice(new Uint8Array(20), size)).toBeNull();
  });

  it('clamps slice numbers', () => {
    expect(clampSlice(-3, 5)).toBe(0);
    expect(clampSlice(9, 5)).toBe(4);
    expect(clampSlice(2.4, 5)).toBe(2);
  });
});
