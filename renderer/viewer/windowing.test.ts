import { describe, expect, it } from 'vitest';
import {
  clampSlice,
  dragWindowLevel,
  largestMaskSlice,
  maskSliceRange,
  percentiles,
  presetWindow,
  MR_PRESETS,
  windowFromRange,
} from './windowing';

describe('percentiles', () => {
  it('match sorted-order percentiles within one histogram bin', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const data = new Float32Array(20_000).map(() => 1000 * rand() ** 2);
    const sorted = Array.from(data).sort((a, b) => a - b);
    const min = sorted[0];
    const max = sorted[sorted.length - 1];
    const bin = (max - min) / 4095;
    const ps = [0.5, 1, 50, 99, 99.8];
    const got = percentiles(data, ps, min, max);
    ps.forEach((p, n) => {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1];
      expect(Math.abs(got[n] - exact)).toBeLessThanOrEqual(bin);
    });
  });

  it('handle a constant image', () => {
    expect(percentiles(new Float32Array([5, 5, 5]), [1, 99], 5, 5)).toEqual([5, 5]);
  });
});

describe('window/level', () => {
  it('presets widen from T1 to T2 to Full', () => {
    const data = Float32Array.from({ length: 1001 }, (_, n) => n);
    const width = (id: string) =>
      presetWindow(
        MR_PRESETS.find((p) => p.id === id)!,
        data,
        0,
        1000,
      ).window;
    expect(width('t1')).toBeLessThan(width('auto') + 1e-9);
    expect(width('auto')).toBeLessThan(width('t2'));
    expect(width('full')).toBeCloseTo(1000, 0);
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
