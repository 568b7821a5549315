import { describe, expect, it } from 'vitest';
import { indexToWorld, type ImageGeometry } from '../image/volume';
import { placeOnGrid, rescaleProblem, unusableReasons } from './seriesUsability';

/** A 4 × 3 × nz oblique grid (rotated 30° about z), 2.5 mm slices: positions come from indexToWorld. */
function grid(nz: number): ImageGeometry {
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  return {
    size: [4, 3, nz],
    spacing: [0.8, 0.8, 2.5],
    origin: [10, -20, 30],
    direction: [c, -s, 0, s, c, 0, 0, 0, 1],
  };
}
const orientation = (g: ImageGeometry) => [
  g.direction[0],
  g.direction[3],
  g.direction[6],
  g.direction[1],
  g.direction[4],
  g.direction[7],
];
const framesAt = (g: ImageGeometry, ks: number[]) =>
  ks.map((k) => ({ position: indexToWorld(g, 0, 0, k), ref: k }));

describe('placeOnGrid', () => {
  const g = grid(10);
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  it('puts every frame on its slice when none is missing', () => {
    const p = placeOnGrid(g, framesAt(g, all), orientation(g), [0.8, 0.8]);
    expect(p.empty).toEqual([]);
    expect(p.placed.map((x) => [x.ref, x.k])).toEqual(all.map((k) => [k, k]));
  });
  it('finds a missing first, middle or last slice without shifting the others', () => {
    for (const missing of [0, 4, 9]) {
      const ks = all.filter((k) => k !== missing);
      const p = placeOnGrid(g, framesAt(g, ks), orientation(g), [0.8, 0.8]);
      expect(p.empty).toEqual([missing]);
      expect(p.placed.every((x) => x.ref === x.k)).toBe(true);
    }
  });
  it('takes unevenly spaced slices as the scan stacked them (no false gap)', () => {
    // Steps 2, 2, 2, 3, 3, 3 mm: the grid spacing is their mean, 2.5 mm; rounding positions alone would put two on one slice.
    const steps = [0, 2, 4, 6, 9, 12, 15];
    const uneven = { ...grid(7) };
    const frames = steps.map((z, k) => ({ position: [10, -20, 30 + z] as [number, number, number], ref: k }));
    const p = placeOnGrid(uneven, frames, orientation(uneven), [0.8, 0.8]);
    expect(p.empty).toEqual([]);
    expect(p.placed.map((x) => x.k)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  it('refuses frames that lie outside the grid', () => {
    expect(() => placeOnGrid(grid(3), framesAt(g, [0, 1, 2, 3]), orientation(g), [0.8, 0.8])).toThrow(
      /give 4 slices from slice 0, the series geometry 3/,
    );
  });
  it('with no frame, every slice is empty', () => {
    expect(placeOnGrid(grid(3), [], orientation(g), [0.8, 0.8]).empty).toEqual([0, 1, 2]);
  });
});

describe('rescaleProblem (PS3.3 C.11.1.1.2: value = stored × slope + intercept)', () => {
  it('accepts a usable rescale, absent values included', () => {
    expect(rescaleProblem([], [])).toBeUndefined();
    expect(rescaleProblem([2.5], [-1024])).toBeUndefined();
    expect(rescaleProblem([-1], [0])).toBeUndefined();
  });
  it('names a zero slope and non-finite values', () => {
    expect(rescaleProblem([0], [100])).toBe(
      'RescaleSlope 0 makes every pixel the same value (the intercept)',
    );
    expect(rescaleProblem([1, 0], [0, 0])).toMatch(/^RescaleSlope 0/);
    expect(rescaleProblem([NaN], [0])).toBe('RescaleSlope NaN is not a finite number');
    expect(rescaleProblem([1], [-Infinity])).toBe('RescaleIntercept -Infinity is not a finite number');
  });
});

describe('unusableReasons', () => {
  it('is empty for a usable series', () => {
    expect(unusableReasons(10, [], [])).toEqual([]);
  });
  it('names empty slices 1-based and groups files by problem', () => {
    expect(
      unusableReasons(
        30,
        [4, 5, 6, 7, 20],
        [
          { file: '/a/IM3.dcm', problem: 'RescaleSlope 0 makes every pixel the same value (the intercept)' },
          {
            file: 'C:\\b\\IM4.dcm',
            problem: 'RescaleSlope 0 makes every pixel the same value (the intercept)',
          },
        ],
      ),
    ).toEqual([
      'slices 5, 6, 7 and 2 more of 30 have no image (a gap in the slice positions: a file is missing or was not imported)',
      '2 files: RescaleSlope 0 makes every pixel the same value (the intercept) (IM3.dcm, IM4.dcm)',
    ]);
  });
});
