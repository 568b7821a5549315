import { describe, expect, it } from 'vitest';
import { backgroundBin, HISTOGRAM_BINS, histogramOf, histogramPercentiles, percentiles } from './histogram';

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** p-th percentile as the sorted-order value at rank ⌈p/100 · n⌉ (the definition the histogram approximates). */
const sortedPercentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

describe('percentiles', () => {
  it('match sorted-order percentiles within one histogram bin', () => {
    const data = new Float32Array(20_000).map(() => 1000 * rand() ** 2);
    const sorted = Array.from(data).sort((a, b) => a - b);
    const min = sorted[0];
    const max = sorted[sorted.length - 1];
    const bin = (max - min) / (HISTOGRAM_BINS - 1);
    const ps = [0.5, 1, 50, 99, 99.8];
    const got = percentiles(data, ps, min, max);
    ps.forEach((p, n) => expect(Math.abs(got[n] - sortedPercentile(sorted, p))).toBeLessThanOrEqual(bin));
  });

  it('handle a constant image', () => {
    expect(percentiles(new Float32Array([5, 5, 5]), [1, 99], 5, 5)).toEqual([5, 5]);
  });

  it('inside a mask count only its voxels; an empty mask has none', () => {
    const data = Float32Array.from({ length: 1000 }, (_, n) => n);
    const mask = Uint8Array.from({ length: 1000 }, (_, n) => (n >= 600 && n < 700 ? 1 : 0));
    const h = histogramOf(data, 0, 999, mask)!;
    expect(h.total).toBe(100);
    const [lo, hi] = histogramPercentiles(h, [0, 100])!;
    expect(lo).toBeCloseTo(600, 0);
    expect(hi).toBeCloseTo(699, 0);
    expect(histogramPercentiles(histogramOf(data, 0, 999, new Uint8Array(1000))!, [50])).toBeNull();
  });
});

describe('MR background threshold (FSL BET)', () => {
  it('is 10 % up the 2nd–98th percentile range, as computed on the sorted values', () => {
    // Integer intensities (one histogram bin each): air near 0–60, body 300–1400, one bright outlier.
    const values: number[] = [];
    for (let n = 0; n < 6000; n++) values.push(Math.round(60 * rand() ** 3));
    for (let n = 0; n < 4000; n++) values.push(Math.round(300 + 1100 * rand()));
    values.push(4095);
    const sorted = [...values].sort((a, b) => a - b);
    const t =
      sortedPercentile(sorted, 2) + 0.1 * (sortedPercentile(sorted, 98) - sortedPercentile(sorted, 2));
    const h = histogramOf(Float32Array.from(values), 0, 4095)!;
    const bin = backgroundBin(h)!;
    expect(h.min + bin / h.scale).toBe(Math.ceil(t));
    // Above the air, below the body.
    expect(bin).toBeGreaterThan(60);
    expect(bin).toBeLessThan(300);
  });

  it('is null for an empty histogram', () => {
    expect(backgroundBin(histogramOf(new Float32Array([3, 8]), 3, 8, new Uint8Array(2))!)).toBeNull();
  });
});
