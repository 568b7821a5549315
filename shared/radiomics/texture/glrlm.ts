/**
 * Grey level run length matrix (GLRLM) features, IBSI 1 §3.7 (family TP0I).
 *
 * r_ij counts runs — maximal sequences of consecutive ROI voxels along a direction sharing grey level i — of
 * length j. N_s = number of runs, N_v = number of voxels (Σ j r_ij; multiplied by the number of matrices when
 * merged), r_i. and r_.j the marginals, p_ij = r_ij / N_s. Formulas live in levelSizeMatrix.ts.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { aggregateDirectional, DIRECTIONAL_AGGREGATIONS } from './aggregation';
import { resolveAggregations, type FeatureDefinition } from './featureTable';
import * as M from './levelSizeMatrix';
import { prepareTextureGrid, type Offset, type TextureGrid } from './neighbourhood';
import type { LevelSizeMatrix, LevelSizeStats } from './levelSizeMatrix';

/** Run length matrix along one direction (unit step), restricted to axial slice k when `slice` is given. */
export function buildGlrlm(
  grid: TextureGrid,
  direction: Offset,
  options: { slice?: number } = {},
): LevelSizeMatrix {
  const { nx, ny, nz, levels, nLevels } = grid;
  const [di, dj, dk] = direction;
  if (options.slice !== undefined && dk !== 0)
    throw new Error(`buildGlrlm: direction (${direction.join(', ')}) leaves the slice`);
  const maxRun = Math.max(nx, ny, nz);
  const width = maxRun + 1;
  const dense = new Float64Array(nLevels * width);
  const kFrom = options.slice ?? 0;
  const kTo = options.slice === undefined ? nz : options.slice + 1;
  const step = di + nx * (dj + ny * dk);
  let voxels = 0;
  for (let k = kFrom; k < kTo; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        const g = levels[v];
        if (g === 0) continue;
        // A run starts where the previous voxel along the direction is outside the grid or differs.
        const pi = i - di,
          pj = j - dj,
          pk = k - dk;
        if (pi >= 0 && pi < nx && pj >= 0 && pj < ny && pk >= 0 && pk < nz && levels[v - step] === g)
          continue;
        let length = 1;
        let a = i + di,
          b = j + dj,
          c = k + dk,
          w = v + step;
        while (a >= 0 && a < nx && b >= 0 && b < ny && c >= 0 && c < nz && levels[w] === g) {
          length++;
          a += di;
          b += dj;
          c += dk;
          w += step;
        }
        dense[(g - 1) * width + length]++;
        voxels += length;
      }
  return M.levelSizeMatrixFromDense(dense, nLevels, maxRun, voxels);
}

/** Short runs emphasis (22OV): F = (1/N_s) Σ_j r_.j / j². */
export const shortRunsEmphasis = (s: LevelSizeStats): number => M.smallColumnEmphasis(s);
/** Long runs emphasis (W4KF): F = (1/N_s) Σ_j r_.j j². */
export const longRunsEmphasis = (s: LevelSizeStats): number => M.largeColumnEmphasis(s);
/** Low grey level run emphasis (V3SW): F = (1/N_s) Σ_i r_i. / i². */
export const lowGreyLevelRunEmphasis = (s: LevelSizeStats): number => M.lowGreyLevelEmphasis(s);
/** High grey level run emphasis (G3QZ): F = (1/N_s) Σ_i r_i. i². */
export const highGreyLevelRunEmphasis = (s: LevelSizeStats): number => M.highGreyLevelEmphasis(s);
/** Short run low grey level emphasis (HTZT): F = (1/N_s) Σ_i Σ_j r_ij / (i² j²). */
export const shortRunLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnLowGreyLevelEmphasis(s);
/** Short run high grey level emphasis (GD3A): F = (1/N_s) Σ_i Σ_j r_ij i² / j². */
export const shortRunHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnHighGreyLevelEmphasis(s);
/** Long run low grey level emphasis (IVPO): F = (1/N_s) Σ_i Σ_j r_ij j² / i². */
export const longRunLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnLowGreyLevelEmphasis(s);
/** Long run high grey level emphasis (3KUM): F = (1/N_s) Σ_i Σ_j r_ij i² j². */
export const longRunHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnHighGreyLevelEmphasis(s);
/** Grey level non-uniformity (R5YN): F = (1/N_s) Σ_i r_i.². */
export const greyLevelNonUniformity = (s: LevelSizeStats): number => M.greyLevelNonUniformity(s);
/** Normalised grey level non-uniformity (OVBL): F = (1/N_s²) Σ_i r_i.². */
export const normalisedGreyLevelNonUniformity = (s: LevelSizeStats): number =>
  M.greyLevelNonUniformityNormalised(s);
/** Run length non-uniformity (W92Y): F = (1/N_s) Σ_j r_.j². */
export const runLengthNonUniformity = (s: LevelSizeStats): number => M.columnNonUniformity(s);
/** Normalised run length non-uniformity (IC23): F = (1/N_s²) Σ_j r_.j². */
export const normalisedRunLengthNonUniformity = (s: LevelSizeStats): number =>
  M.columnNonUniformityNormalised(s);
/** Run percentage (9ZK5): F = N_s / N_v. */
export const runPercentage = (s: LevelSizeStats): number => M.percentage(s);
/** Grey level variance (8CE5): F = Σ_i Σ_j (i − μ)² p_ij, μ = Σ i p_ij. */
export const greyLevelVariance = (s: LevelSizeStats): number => M.greyLevelVariance(s);
/** Run length variance (SXLW): F = Σ_i Σ_j (j − μ)² p_ij, μ = Σ j p_ij. */
export const runLengthVariance = (s: LevelSizeStats): number => M.columnVariance(s);
/** Run entropy (HJ9O): F = −Σ_i Σ_j p_ij log₂ p_ij. */
export const runEntropy = (s: LevelSizeStats): number => M.jointEntropy(s);

export const GLRLM_FEATURES: readonly FeatureDefinition<LevelSizeStats>[] = [
  { key: 'rlm_sre', ibsiId: '22OV', compute: shortRunsEmphasis },
  { key: 'rlm_lre', ibsiId: 'W4KF', compute: longRunsEmphasis },
  { key: 'rlm_lgre', ibsiId: 'V3SW', compute: lowGreyLevelRunEmphasis },
  { key: 'rlm_hgre', ibsiId: 'G3QZ', compute: highGreyLevelRunEmphasis },
  { key: 'rlm_srlge', ibsiId: 'HTZT', compute: shortRunLowGreyLevelEmphasis },
  { key: 'rlm_srhge', ibsiId: 'GD3A', compute: shortRunHighGreyLevelEmphasis },
  { key: 'rlm_lrlge', ibsiId: 'IVPO', compute: longRunLowGreyLevelEmphasis },
  { key: 'rlm_lrhge', ibsiId: '3KUM', compute: longRunHighGreyLevelEmphasis },
  { key: 'rlm_glnu', ibsiId: 'R5YN', compute: greyLevelNonUniformity },
  { key: 'rlm_glnu_norm', ibsiId: 'OVBL', compute: normalisedGreyLevelNonUniformity },
  { key: 'rlm_rlnu', ibsiId: 'W92Y', compute: runLengthNonUniformity },
  { key: 'rlm_rlnu_norm', ibsiId: 'IC23', compute: normalisedRunLengthNonUniformity },
  { key: 'rlm_r_perc', ibsiId: '9ZK5', compute: runPercentage },
  { key: 'rlm_gl_var', ibsiId: '8CE5', compute: greyLevelVariance },
  { key: 'rlm_rl_var', ibsiId: 'SXLW', compute: runLengthVariance },
  { key: 'rlm_rl_entr', ibsiId: 'HJ9O', compute: runEntropy },
];

export const GLRLM_AGGREGATIONS = DIRECTIONAL_AGGREGATIONS;

export interface GlrlmOptions {
  /** Aggregation methods to compute; all six when absent. */
  aggregations?: readonly Aggregation[];
}

/** IBSI GLRLM features in the requested aggregation methods (the six of GLCM: BTW3 SUJT JJUI ZW7Z ITBB IAZD). */
export function glrlmFeatures(roi: DiscretisedRoi, options: GlrlmOptions = {}): FeatureValue[] {
  return glrlmFeaturesOfGrid(prepareTextureGrid(roi), options);
}

/** The same on a prepared grid (prepare once when computing several families). */
export function glrlmFeaturesOfGrid(grid: TextureGrid, options: GlrlmOptions = {}): FeatureValue[] {
  const aggregations = resolveAggregations('GLRLM', GLRLM_AGGREGATIONS, options.aggregations);
  const ng = grid.nLevels;
  return aggregateDirectional(
    grid,
    {
      family: 'glrlm',
      definitions: GLRLM_FEATURES,
      stats: M.levelSizeStats,
      merge: (a, b) => M.mergeLevelSizeMatrices([a, b], ng),
    },
    aggregations,
    (direction, slice) => buildGlrlm(grid, direction, { slice }),
  );
}
