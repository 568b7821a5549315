/**
 * PyRadiomics' angle sets: counts per distance, in-plane with force2D, and the GLDM/NGTDM neighbourhood of
 * distances 1..d equal to the Chebyshev cube (the IBSI neighbourhood the shared builders use by default).
 */
import { describe, expect, it } from 'vitest';
import {
  chebyshevNeighbourhood,
  DIRECTIONS_2D,
  DIRECTIONS_3D,
  prepareTextureGrid,
} from '../texture/neighbourhood';
import { buildNgldm } from '../texture/ngldm';
import { pyradiomicsAngles, pyradiomicsNeighbourhood } from './angles';

const key = (o: readonly number[]): string => o.join(',');
const sameSet = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean =>
  a.length === b.length && new Set(a.map(key)).size === new Set([...a, ...b].map(key)).size;

describe('PyRadiomics angles', () => {
  it('13 + 49 angles in 3D (distance 1, 2), 4 + 8 in-plane, one of each ± pair', () => {
    expect(pyradiomicsAngles([1], false)).toHaveLength(13);
    expect(pyradiomicsAngles([2], false)).toHaveLength(49);
    expect(pyradiomicsAngles([1, 2], false)).toHaveLength(62);
    expect(pyradiomicsAngles([1], true)).toHaveLength(4);
    expect(pyradiomicsAngles([2], true)).toHaveLength(8);
    const both = pyradiomicsNeighbourhood([1], false);
    expect(sameSet(both, chebyshevNeighbourhood(1, '3D'))).toBe(true);
    // distance 1: the same directions (up to sign) as the IBSI/texture tables
    const unsigned = (os: readonly (readonly number[])[]): string[] =>
      os
        .map((o) =>
          key(o[2] < 0 || (o[2] === 0 && (o[1] < 0 || (o[1] === 0 && o[0] < 0))) ? o.map((v) => -v) : o),
        )
        .sort();
    expect(unsigned(pyradiomicsAngles([1], false))).toEqual(unsigned(DIRECTIONS_3D));
    expect(unsigned(pyradiomicsAngles([1], true))).toEqual(unsigned(DIRECTIONS_2D));
    expect(() => pyradiomicsAngles([0], false)).toThrow(/positive integers/);
  });

  it('GLDM over distances [1, 2] is the dependence over the radius-2 cube; [2] alone skips the inner shell', () => {
    const size: [number, number, number] = [6, 5, 4];
    const levels = Int32Array.from({ length: 120 }, (_, n) => 1 + ((n * 7) % 3));
    const grid = prepareTextureGrid({ size, spacing: [1, 1, 1], levels, nLevels: 3 });
    const cube = buildNgldm(grid, { distance: 2, alpha: 0, dim: '3D' });
    const viaAngles = buildNgldm(grid, {
      distance: 2,
      alpha: 0,
      dim: '3D',
      offsets: pyradiomicsNeighbourhood([1, 2], false),
    });
    expect(Array.from(viaAngles.counts)).toEqual(Array.from(cube.counts));
    const shell = buildNgldm(grid, {
      distance: 2,
      alpha: 0,
      dim: '3D',
      offsets: pyradiomicsNeighbourhood([2], false),
    });
    expect(Array.from(shell.counts)).not.toEqual(Array.from(cube.counts));
  });
});
