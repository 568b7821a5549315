import { describe, expect, it } from 'vitest';
import { stackSlices } from './geometry';
import type { Vec3 } from '../image/volume';

const axial = [1, 0, 0, 0, 1, 0];
const at = (z: number, ref = z): { position: Vec3; ref: number } => ({ position: [-10, -20, z], ref });

describe('stackSlices', () => {
  it('sorts by position along the normal and takes the spacing from positions', () => {
    const s = stackSlices([at(6), at(0), at(3), at(9)], axial, [0.5, 0.7], 64, 32);
    expect(s.sorted.map((x) => x.ref)).toEqual([0, 3, 6, 9]);
    expect(s.size).toEqual([64, 32, 4]);
    // PixelSpacing is [row spacing (j), column spacing (i)].
    expect(s.spacing).toEqual([0.7, 0.5, 3]);
    expect(s.origin).toEqual([-10, -20, 0]);
    expect(s.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(s.warnings).toEqual([]);
  });

  it('uses the normal of the orientation, not z: a coronal stack sorts along +y', () => {
    // rows along x, columns along −z: normal = x × (−z) = +y
    const slices = [2, 0, 1].map((y) => ({ position: [0, y * 2, 0] as Vec3, ref: y }));
    const s = stackSlices(slices, [1, 0, 0, 0, 0, -1], [1, 1], 5, 4);
    expect(s.sorted.map((x) => x.ref)).toEqual([0, 1, 2]);
    expect(s.spacing[2]).toBe(2);
    expect(s.direction).toEqual([1, 0, 0, 0, 0, 1, 0, -1, 0]);
  });

  it('warns about uneven steps with the figures and uses the mean step', () => {
    const s = stackSlices([at(0), at(7), at(13.9), at(21.1)], axial, [1, 1], 4, 4);
    expect(s.spacing[2]).toBeCloseTo(21.1 / 3, 12);
    expect(s.warnings).toEqual([
      'uneven slice spacing: steps from 6.900 to 7.200 mm along the normal; using 7.033 mm',
    ]);
  });

  it('keeps a missing slice as an empty index and warns', () => {
    const s = stackSlices([at(0), at(2), at(4), at(8), at(10)], axial, [1, 1], 4, 4);
    expect(s.size[2]).toBe(6);
    expect(s.spacing[2]).toBe(2);
    expect(s.indices).toEqual([0, 1, 2, 4, 5]);
    expect(s.warnings).toEqual([
      'missing slice: step of 4.000 mm between slices 2 and 3 (median step 2.000 mm); 1 slice(s) left empty',
    ]);
  });

  it('drops slices repeating a position (first given wins) and warns', () => {
    const s = stackSlices([at(0, 1), at(0, 2), at(3, 3)], axial, [1, 1], 4, 4);
    expect(s.sorted.map((x) => x.ref)).toEqual([1, 3]);
    expect(s.dropped.map((x) => x.ref)).toEqual([2]);
    expect(s.warnings[0]).toMatch(/1 slice\(s\) repeat the position of another slice/);
  });

  it('warns about in-plane drift (gantry tilt) and rejects a degenerate orientation', () => {
    const tilted = [0, 1, 2].map((n) => ({ position: [0, n * 1.5, n * 3] as Vec3, ref: n }));
    expect(stackSlices(tilted, axial, [1, 1], 4, 4).warnings.join()).toMatch(/drift 3\.000 mm in-plane/);
    expect(() => stackSlices([at(0)], [0, 0, 0, 0, 1, 0], [1, 1], 4, 4)).toThrow(
      /degenerate ImageOrientationPatient/,
    );
    expect(() => stackSlices([at(0)], [1, 0, 0], [1, 1], 4, 4)).toThrow(/need 6 numbers/);
  });
});

describe('stackSlices with one slice', () => {
  it('takes the given thickness as the k spacing (positions cannot give one)', () => {
    expect(stackSlices([at(5)], axial, [1, 1], 4, 4, 2.5).spacing[2]).toBe(2.5);
    expect(stackSlices([at(5)], axial, [1, 1], 4, 4).spacing[2]).toBe(1);
  });

  it('refuses positions that would make a volume mostly of empty slices (a far-off or corrupt position)', () => {
    expect(() => stackSlices([at(0), at(1), at(2), at(1e6)], axial, [1, 1], 4, 4)).toThrow(
      'slice positions span 1000000.000 mm with a median step of 1.000 mm: 999997 empty slices for 4 images, not one stack',
    );
    expect(() => stackSlices([at(0), at(1), at(1e308), at(-1e308)], axial, [1, 1], 4, 4)).toThrow(
      'slice positions give no usable slice spacing (Infinity mm between 4 images)',
    );
    expect(stackSlices([at(0), at(1), at(2), at(6)], axial, [1, 1], 4, 4).size).toEqual([4, 4, 7]); // 3 missing: kept empty
  });
});
