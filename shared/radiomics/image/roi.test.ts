/** The whole-volume scans every extraction runs: counts and first offending voxel. */
import { describe, expect, it } from 'vitest';
import { countNonZero, countVoxels, firstNonFinite, firstNonZero } from './roi';

describe('whole-volume scans', () => {
  it('counts non-zero voxels', () => {
    expect(countNonZero(new Uint8Array([0, 1, 2, 0, 255]))).toBe(3);
    expect(countVoxels(new Uint8Array(1000))).toBe(0);
    expect(countNonZero(new Uint8Array(0))).toBe(0);
  });

  it('finds the first non-finite value (NaN, ±Infinity), not large finite ones', () => {
    const data = new Float32Array([0, -3.5, 3.4e38, -3.4e38, 1e-45]);
    expect(firstNonFinite(data)).toBe(-1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const d = new Float32Array(10);
      d[7] = bad;
      d[9] = NaN;
      expect(firstNonFinite(d)).toBe(7);
    }
  });

  it('finds the first non-zero voxel', () => {
    const m = new Uint8Array(50);
    expect(firstNonZero(m)).toBe(-1);
    m[42] = 1;
    m[49] = 3;
    expect(firstNonZero(m)).toBe(42);
  });
});
