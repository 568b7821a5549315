/**
 * PyRadiomics GLRLM features (radiomics/glrlm.py): one run-length matrix P(i,j) per direction (13 in 3D,
 * 4 in-plane with force2D); each feature per direction, then averaged over directions (IBSI "averaged").
 * N_r = Σ P (runs), N_p = ROI voxels, p = P / N_r, j = the run length. The formulas are the IBSI ones
 * (texture/levelSizeMatrix.ts), so they are reused.
 */
import { buildGlrlm } from '../texture/glrlm';
import * as M from '../texture/levelSizeMatrix';
import { entropyEps } from './glcm';
import type { LevelSizeStats } from '../texture/levelSizeMatrix';
import type { Vec3 } from '../../image/volume';
import type { Offset, TextureGrid } from '../texture/neighbourhood';
import { glrlmWeight, type WeightingNorm } from './weighting';

type RunFeature = (s: LevelSizeStats) => number;

/** ShortRunEmphasis (22OV): Σ P/j² / N_r. */
export const shortRunEmphasis: RunFeature = M.smallColumnEmphasis;
/** LongRunEmphasis (W4KF): Σ P j² / N_r. */
export const longRunEmphasis: RunFeature = M.largeColumnEmphasis;
/** GrayLevelNonUniformity (R5YN): Σ_i (Σ_j P)² / N_r. */
export const grayLevelNonUniformity: RunFeature = M.greyLevelNonUniformity;
/** GrayLevelNonUniformityNormalized (OVBL): Σ_i (Σ_j P)² / N_r². */
export const grayLevelNonUniformityNormalized: RunFeature = M.greyLevelNonUniformityNormalised;
/** RunLengthNonUniformity (W92Y): Σ_j (Σ_i P)² / N_r. */
export const runLengthNonUniformity: RunFeature = M.columnNonUniformity;
/** RunLengthNonUniformityNormalized (IC23): Σ_j (Σ_i P)² / N_r². */
export const runLengthNonUniformityNormalized: RunFeature = M.columnNonUniformityNormalised;
/** RunPercentage (9ZK5): N_r / N_p. */
export const runPercentage: RunFeature = M.percentage;
/** GrayLevelVariance (8CE5): Σ p (i − μ)², μ = Σ p i. */
export const grayLevelVariance: RunFeature = M.greyLevelVariance;
/** RunVariance (SXLW): Σ p (j − μ)², μ = Σ p j. */
export const runVariance: RunFeature = M.columnVariance;
/** RunEntropy (HJ9O): −Σ p log₂(p + ε), as PyRadiomics. */
export const runEntropy: RunFeature = (s) => {
  const p = Array.from(s.m.counts, (v) => v / s.total);
  return entropyEps(p);
};
/** LowGrayLevelRunEmphasis (V3SW): Σ P/i² / N_r. */
export const lowGrayLevelRunEmphasis: RunFeature = M.lowGreyLevelEmphasis;
/** HighGrayLevelRunEmphasis (G3QZ): Σ P i² / N_r. */
export const highGrayLevelRunEmphasis: RunFeature = M.highGreyLevelEmphasis;
/** ShortRunLowGrayLevelEmphasis (HTZT): Σ P/(i² j²) / N_r. */
export const shortRunLowGrayLevelEmphasis: RunFeature = M.smallColumnLowGreyLevelEmphasis;
/** ShortRunHighGrayLevelEmphasis (GD3A): Σ P i²/j² / N_r. */
export const shortRunHighGrayLevelEmphasis: RunFeature = M.smallColumnHighGreyLevelEmphasis;
/** LongRunLowGrayLevelEmphasis (IVPO): Σ P j²/i² / N_r. */
export const longRunLowGrayLevelEmphasis: RunFeature = M.largeColumnLowGreyLevelEmphasis;
/** LongRunHighGrayLevelEmphasis (3KUM): Σ P i² j² / N_r. */
export const longRunHighGrayLevelEmphasis: RunFeature = M.largeColumnHighGreyLevelEmphasis;

export const GLRLM_FEATURES: readonly [string, string, RunFeature][] = [
  ['ShortRunEmphasis', '22OV', shortRunEmphasis],
  ['LongRunEmphasis', 'W4KF', longRunEmphasis],
  ['GrayLevelNonUniformity', 'R5YN', grayLevelNonUniformity],
  ['GrayLevelNonUniformityNormalized', 'OVBL', grayLevelNonUniformityNormalized],
  ['RunLengthNonUniformity', 'W92Y', runLengthNonUniformity],
  ['RunLengthNonUniformityNormalized', 'IC23', runLengthNonUniformityNormalized],
  ['RunPercentage', '9ZK5', runPercentage],
  ['GrayLevelVariance', '8CE5', grayLevelVariance],
  ['RunVariance', 'SXLW', runVariance],
  ['RunEntropy', 'HJ9O', runEntropy],
  ['LowGrayLevelRunEmphasis', 'V3SW', lowGrayLevelRunEmphasis],
  ['HighGrayLevelRunEmphasis', 'G3QZ', highGrayLevelRunEmphasis],
  ['ShortRunLowGrayLevelEmphasis', 'HTZT', shortRunLowGrayLevelEmphasis],
  ['ShortRunHighGrayLevelEmphasis', 'GD3A', shortRunHighGrayLevelEmphasis],
  ['LongRunLowGrayLevelEmphasis', 'IVPO', longRunLowGrayLevelEmphasis],
  ['LongRunHighGrayLevelEmphasis', '3KUM', longRunHighGrayLevelEmphasis],
];

/**
 * Features per direction, averaged; or — with a weighting norm — on the weighted sum of the direction matrices,
 * where (as PyRadiomics) N_p becomes Σ_j j Σ_i P, the voxels the summed matrix describes.
 */
export function glrlmValues(
  grid: TextureGrid,
  directions: readonly Offset[],
  weighting?: { norm: WeightingNorm; spacing: Vec3 },
): Map<string, number> {
  if (weighting) {
    const scaled = directions.map((dir) => {
      const m = buildGlrlm(grid, dir);
      const w = glrlmWeight(dir, weighting.spacing, weighting.norm);
      return { ...m, counts: m.counts.map((v) => v * w) };
    });
    const merged = M.mergeLevelSizeMatrices(scaled, grid.nLevels);
    const stats = M.levelSizeStats(merged);
    if (stats) {
      let described = 0;
      stats.columnSums.forEach((v, c) => (described += v * merged.columns[c]));
      merged.voxels = described;
    }
    return new Map(GLRLM_FEATURES.map(([name, , f]) => [name, stats ? f(stats) : NaN]));
  }
  const sums = new Float64Array(GLRLM_FEATURES.length);
  let angles = 0;
  for (const dir of directions) {
    const stats = M.levelSizeStats(buildGlrlm(grid, dir));
    if (!stats) continue;
    angles++;
    GLRLM_FEATURES.forEach(([, , f], n) => (sums[n] += f(stats)));
  }
  return new Map(GLRLM_FEATURES.map(([name], n) => [name, angles ? sums[n] / angles : NaN]));
}
