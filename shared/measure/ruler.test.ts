import { describe, expect, it } from 'vitest';
import { indexToWorld, type ImageGeometry } from '../image/volume';
import { clampToImage, formatLengthMm, nearestEndpoint, roundToTenthMm, rulerLengthMm } from './ruler';

/** A typical T2 TSE: 0.5 × 0.5 mm in-plane, 4 mm slices. */
const anisotropic: ImageGeometry = {
  size: [256, 256, 20],
  spacing: [0.5, 0.5, 4],
  origin: [-64, -64, -40],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

/** The same grid tilted 20° about the patient x axis (row-major; columns are the i, j, k unit vectors). */
const c = Math.cos((20 * Math.PI) / 180);
const s = Math.sin((20 * Math.PI) / 180);
const oblique: ImageGeometry = { ...anisotropic, direction: [1, 0, 0, 0, c, -s, 0, s, c] };

describe('rulerLengthMm', () => {
  it('measures an axial ruler with the in-plane spacing: 30 × 0.5 and 40 × 0.5 mm → 25 mm', () => {
    expect(rulerLengthMm(anisotropic, [10, 20, 5], [40, 60, 5])).toBeCloseTo(25, 10);
  });

  it('weighs the 4 mm slice axis on a sagittal view: 24 rows × 0.5 mm and 3 slices × 4 mm → √288 mm', () => {
    // Sagittal view = index plane i = 100; 12 mm along j, 12 mm along k.
    expect(rulerLengthMm(anisotropic, [100, 10, 2], [100, 34, 5])).toBeCloseTo(Math.sqrt(288), 10);
    expect(rulerLengthMm(anisotropic, [100, 10, 2], [100, 34, 5])).toBeCloseTo(16.9706, 4);
  });

  it('weighs the 4 mm slice axis on a coronal view: 6 columns × 0.5 mm and 3 slices × 4 mm → √153 mm', () => {
    // Coronal view = index plane j = 50; fractional indices (a drag between voxel centres) count as they are.
    expect(rulerLengthMm(anisotropic, [10, 50, 1.5], [16, 50, 4.5])).toBeCloseTo(Math.sqrt(9 + 144), 10);
    expect(rulerLengthMm(anisotropic, [10, 50, 1.5], [16, 50, 4.5])).toBeCloseTo(12.3693, 4);
  });

  it('is a patient-space distance on an oblique series (through the direction cosines)', () => {
    const a = [50, 10, 2];
    const b = [50, 34, 5];
    // Hand-computed world displacement: 12 mm along the j column (0, cos, sin) + 12 mm along k (0, −sin, cos).
    const pa = indexToWorld(oblique, a[0], a[1], a[2]);
    const pb = indexToWorld(oblique, b[0], b[1], b[2]);
    expect(pb[0] - pa[0]).toBeCloseTo(0, 10);
    expect(pb[1] - pa[1]).toBeCloseTo(12 * c - 12 * s, 10);
    expect(pb[2] - pa[2]).toBeCloseTo(12 * s + 12 * c, 10);
    // A rotation keeps lengths: the same √288 mm as on the straight grid.
    expect(rulerLengthMm(oblique, a, b)).toBeCloseTo(Math.sqrt(288), 10);
  });

  it('follows a non-orthogonal (gantry-tilted) direction matrix rather than index × spacing', () => {
    // Slices stacked along (0, sin 30°, cos 30°): 8 rows × 0.5 mm along y plus one 4 mm slice step along the
    // tilted axis is (0, 4 + 2, 3.464…) mm, i.e. √48 mm; index × spacing alone would say √32.
    const tilted: ImageGeometry = { ...anisotropic, direction: [1, 0, 0, 0, 1, 0.5, 0, 0, Math.sqrt(3) / 2] };
    expect(rulerLengthMm(tilted, [0, 0, 0], [0, 8, 1])).toBeCloseTo(Math.sqrt(48), 10);
  });

  it('is symmetric and zero for one point', () => {
    expect(rulerLengthMm(oblique, [3, 4, 5], [3, 4, 5])).toBe(0);
    expect(rulerLengthMm(oblique, [1, 2, 3], [7, 5, 4])).toBeCloseTo(
      rulerLengthMm(oblique, [7, 5, 4], [1, 2, 3]),
      12,
    );
  });
});

describe('labels and rounding', () => {
  it('rounds to 0.1 mm and prints one decimal', () => {
    expect(roundToTenthMm(16.97056)).toBe(17);
    expect(roundToTenthMm(12.3693)).toBe(12.4);
    expect(formatLengthMm(Math.sqrt(288))).toBe('17.0 mm');
    expect(formatLengthMm(23.36)).toBe('23.4 mm');
  });
});

describe('clampToImage', () => {
  it('keeps each index within the outer voxel edges', () => {
    expect(clampToImage([256, 256, 20], [-3, 100.25, 25])).toEqual([-0.5, 100.25, 19.5]);
  });
});

describe('nearestEndpoint', () => {
  const segments = [
    { a: [10, 10], b: [100, 10] },
    { a: [100, 14], b: [100, 80] },
  ] as const;

  it('finds the closest endpoint within the tolerance', () => {
    expect(nearestEndpoint(segments, [12, 11], 8)).toEqual({ index: 0, end: 'a' });
    expect(nearestEndpoint(segments, [101, 78], 8)).toEqual({ index: 1, end: 'b' });
    // (100, 10) and (100, 14) are both near; the nearer wins.
    expect(nearestEndpoint(segments, [99, 13], 8)).toEqual({ index: 1, end: 'a' });
    expect(nearestEndpoint(segments, [99, 11], 8)).toEqual({ index: 0, end: 'b' });
  });

  it('finds nothing beyond the tolerance or on a segment middle', () => {
    expect(nearestEndpoint(segments, [55, 10], 8)).toBeNull();
    expect(nearestEndpoint(segments, [30, 30], 8)).toBeNull();
    expect(nearestEndpoint([], [0, 0], 8)).toBeNull();
  });
});
