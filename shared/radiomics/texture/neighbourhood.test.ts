import { describe, expect, it } from 'vitest';
import type { DiscretisedRoi } from '../types';
import { buildGlcm, glcmFeatures } from './glcm';
import { buildGlrlm } from './glrlm';
import { mergeLevelSizeMatrices, toDenseLevelSizeMatrix } from './levelSizeMatrix';
import {
  borderDistanceMap,
  chebyshevNeighbourhood,
  DIRECTIONS_2D,
  DIRECTIONS_3D,
  labelZones,
  prepareTextureGrid,
} from './neighbourhood';
import { buildNgldm } from './ngldm';
import { buildNgtdm } from './ngtdm';

/** A ROI from slices written as rows of digits (0 = outside), slice k = slices[k], row j, column i. */
function roiFrom(slices: string[][], nLevels = 9, morph?: string[][]): DiscretisedRoi {
  const nz = slices.length,
    ny = slices[0].length,
    nx = slices[0][0].length;
  const levels = new Int32Array(nx * ny * nz);
  const morphMask = morph === undefined ? undefined : new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        levels[i + nx * (j + ny * k)] = Number(slices[k][j][i]);
        if (morphMask !== undefined && morph !== undefined)
          morphMask[i + nx * (j + ny * k)] = Number(morph[k][j][i]);
      }
  return { size: [nx, ny, nz], spacing: [1, 1, 1], levels, nLevels, morphMask };
}

describe('directions and neighbourhoods', () => {
  it('13 unique 3D directions: with their negatives, exactly the 26 neighbours', () => {
    const all = new Set(
      [...DIRECTIONS_3D, ...DIRECTIONS_3D.map((d) => d.map((x) => -x))].map((d) => d.join(',')),
    );
    expect(DIRECTIONS_3D).toHaveLength(13);
    expect(all.size).toBe(26);
    expect(DIRECTIONS_2D.every((d) => d[2] === 0)).toBe(true);
  });

  it('Chebyshev neighbourhoods: 8 / 26 at δ = 1, 24 / 124 at δ = 2', () => {
    expect(chebyshevNeighbourhood(1, '2D')).toHaveLength(8);
    expect(chebyshevNeighbourhood(1, '3D')).toHaveLength(26);
    expect(chebyshevNeighbourhood(2, '2D')).toHaveLength(24);
    expect(chebyshevNeighbourhood(2, '3D')).toHaveLength(124);
    expect(() => chebyshevNeighbourhood(0, '3D')).toThrow(/positive integer/);
  });
});

describe('prepareTextureGrid', () => {
  it('crops to the ROI bounding box and counts voxels', () => {
    const g = prepareTextureGrid(roiFrom([['0000', '0120', '0030', '0000']]));
    expect([g.nx, g.ny, g.nz]).toEqual([2, 2, 1]);
    expect(Array.from(g.levels)).toEqual([1, 2, 0, 3]);
    expect(g.voxelCount).toBe(3);
    expect(g.cropOrigin).toEqual([1, 1, 0]);
  });

  it('names bad input', () => {
    expect(() => prepareTextureGrid(roiFrom([['17']], 5))).toThrow(
      /grey level 7 at voxel \(1, 0, 0\) is outside 0\.\.5/,
    );
    const roi = roiFrom([['11']]);
    expect(() => prepareTextureGrid({ ...roi, levels: new Int32Array(3) })).toThrow(
      /levels has 3 values but size 2×1×1 needs 2/,
    );
    expect(() => prepareTextureGrid({ ...roi, nLevels: 0 })).toThrow(/nLevels must be a positive integer/);
    expect(() => prepareTextureGrid({ ...roi, morphMask: new Uint8Array(5) })).toThrow(
      /morphMask has 5 values/,
    );
  });

  it('an empty ROI gives NaN features, not an exception', () => {
    const f = glcmFeatures(roiFrom([['00']]), { distance: 1, aggregations: ['3D_avg'] });
    expect(f).toHaveLength(25);
    expect(f.every((x) => Number.isNaN(x.value))).toBe(true);
  });
});

describe('zones', () => {
  const slices = [
    ['1100', '0010', '0000'],
    ['0000', '0000', '0001'],
  ];
  it('2D: 8-connected within a slice, never across slices', () => {
    const z = labelZones(prepareTextureGrid(roiFrom(slices)), '2D');
    // slice 0: (0,0),(1,0),(2,1) joined diagonally → one zone; slice 1: one voxel.
    expect(z.count).toBe(2);
    expect(Array.from(z.size).sort()).toEqual([1, 3]);
    expect(Array.from(z.slice).sort()).toEqual([0, 1]);
  });
  it('3D: 26-connected, a corner touch across slices joins zones', () => {
    const z = labelZones(prepareTextureGrid(roiFrom(slices)), '3D');
    expect(z.count).toBe(1);
    expect(z.size[0]).toBe(4);
  });
  it('different grey levels never share a zone', () => {
    const z = labelZones(prepareTextureGrid(roiFrom([['1212']])), '3D');
    expect(z.count).toBe(4);
  });
});

describe('border distance', () => {
  it('5×5 square: rings at distances 1, 2, 3 (4-connected, in-plane)', () => {
    const g = prepareTextureGrid(roiFrom([['11111', '11111', '11111', '11111', '11111']]));
    const d = borderDistanceMap(g, '2D');
    expect(Array.from(d.subarray(0, 5))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(d.subarray(5, 10))).toEqual([1, 2, 2, 2, 1]);
    expect(Array.from(d.subarray(10, 15))).toEqual([1, 2, 3, 2, 1]);
  });
  it('taxicab, not Chebyshev: the corner-adjacent voxel of a notch is 2 steps away', () => {
    const g = prepareTextureGrid(roiFrom([['11111', '11111', '11111', '11111', '11110']]));
    const d = borderDistanceMap(g, '2D');
    expect(d[3 + 5 * 3]).toBe(2); // (3,3): the outside (4,4) is diagonal, two face steps
    expect(d[4 + 5 * 4]).toBe(0);
  });
  it('3D: the centre of a 3×3×3 cube is 2; in 2D every voxel of a 3×3 slice centre is 2 as well', () => {
    const cube = roiFrom([
      ['111', '111', '111'],
      ['111', '111', '111'],
      ['111', '111', '111'],
    ]);
    const g = prepareTextureGrid(cube);
    expect(borderDistanceMap(g, '3D')[13]).toBe(2);
    expect(borderDistanceMap(g, '3D')[4]).toBe(1); // centre of the first slice touches the outside in k
    expect(borderDistanceMap(g, '2D')[4]).toBe(2);
  });
  it('uses the morphological mask: a re-segmented hole does not create a border', () => {
    const roi = roiFrom([['11111', '11111', '11011', '11111', '11111']], 9, [
      ['11111', '11111', '11111', '11111', '11111'],
    ]);
    const d = borderDistanceMap(prepareTextureGrid(roi), '2D');
    expect(d[1 + 5 * 2]).toBe(2);
    const noMorph = borderDistanceMap(prepareTextureGrid({ ...roi, morphMask: undefined }), '2D');
    expect(noMorph[1 + 5 * 2]).toBe(1);
  });
});

describe('matrix builders on hand-checked examples', () => {
  // One slice:  1 2 2
  //             3 0 2
  const roi = roiFrom([['122', '302']], 3);
  const g = prepareTextureGrid(roi);

  it('GLCM, offset (1,0,0), symmetric: pairs (1,2), (2,2) counted both ways', () => {
    const m = buildGlcm(g, [1, 0, 0], { symmetric: true });
    expect(Array.from(m)).toEqual([0, 1, 0, 1, 2, 0, 0, 0, 0]);
    const asym = buildGlcm(g, [1, 0, 0], { symmetric: false });
    expect(Array.from(asym)).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(() => buildGlcm(g, [0, 0, 1], { symmetric: true, slice: 0 })).toThrow(/leaves the slice/);
  });

  it('GLRLM along i: runs 1×1, 2×2 (row 0), 3×1, 2×1 (row 1)', () => {
    const m = toDenseLevelSizeMatrix(buildGlrlm(g, [1, 0, 0]));
    // rows = levels 1..3, columns = run length 1..2
    expect(m.cols).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 0, 1, 1, 1, 0]);
    expect(buildGlrlm(g, [1, 0, 0]).voxels).toBe(5);
  });

  it('NGTDM δ = 1 in-plane: s_i = Σ|i − mean of ROI neighbours|', () => {
    const m = buildNgtdm(g, { distance: 1, dim: '2D', slice: 0 });
    // level 1 at (0,0): neighbours 2, 3 → |1 − 2.5|; level 3 at (0,1): neighbours 1, 2 → |3 − 1.5|
    // level 2 at (1,0): 1,2,3,2 → |2 − 2|; (2,0): 2,2 → 0; (2,1): 2,2 → 0
    expect(Array.from(m.n)).toEqual([1, 3, 1]);
    expect(Array.from(m.s)).toEqual([1.5, 0, 1.5]);
  });

  it('NGLDM δ = 1, α = 0 and α = 1: dependence = 1 + equal (or close) ROI neighbours', () => {
    const a0 = toDenseLevelSizeMatrix(buildNgldm(g, { distance: 1, alpha: 0, dim: '2D', slice: 0 }));
    // level 1: 0 equal neighbours → j=1; level 2: (1,0) has 2 equal, (2,0) 2, (2,1) 2 → j=3; level 3: j=1
    expect(a0.cols).toBe(3);
    expect(Array.from(a0.data)).toEqual([1, 0, 0, 0, 0, 3, 1, 0, 0]);
    const a1 = buildNgldm(g, { distance: 1, alpha: 1, dim: '2D', slice: 0 });
    expect(a1.voxels).toBe(5);
    expect(() => buildNgldm(g, { distance: 1, alpha: -1, dim: '2D' })).toThrow(/alpha must be ≥ 0/);
  });

  it('merging level × size matrices adds counts over the union of columns', () => {
    const a = buildGlrlm(g, [1, 0, 0]);
    const b = buildGlrlm(g, [0, 1, 0]);
    const m = mergeLevelSizeMatrices([a, b], 3);
    expect(m.voxels).toBe(10);
    expect(m.counts.reduce((s, x) => s + x, 0)).toBe(
      a.counts.reduce((s, x) => s + x, 0) + b.counts.reduce((s, x) => s + x, 0),
    );
  });
});
