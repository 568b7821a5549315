/**
 * Neighbouring grey level dependence matrix (NGLDM) features, IBSI 1 §3.11 (family REK0).
 *
 * For every ROI voxel of level i, its dependence j = 1 + the number of neighbours within Chebyshev distance δ
 * (in-plane for 2D/2.5D) that are in the ROI and differ from i by at most α (the coarseness parameter).
 * s_ij counts voxels of level i with dependence j. N_s = Σ s_ij, N_v = number of ROI voxels, p_ij = s_ij / N_s.
 * Formulas live in levelSizeMatrix.ts.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { aggregateSliceVolume, SLICE_VOLUME_AGGREGATIONS } from './aggregation';
import { resolveAggregations, type FeatureDefinition } from './featureTable';
import * as M from './levelSizeMatrix';
import type { LevelSizeMatrix, LevelSizeStats } from './levelSizeMatrix';
import {
  chebyshevNeighbourhood,
  checkDistance,
  isInterior,
  offsetTable,
  prepareTextureGrid,
  type Dimensionality,
  type Offset,
  type TextureGrid,
} from './neighbourhood';

export interface NgldmBuildOptions {
  /** Chebyshev radius δ of the neighbourhood. */
  distance: number;
  /** Coarseness α: neighbours with |level difference| ≤ α are dependent (IBSI default 0). */
  alpha: number;
  /** '2D': neighbours within the voxel's slice; '3D': the cube. */
  dim: Dimensionality;
  /** Only voxels of axial slice k (requires dim '2D'); all voxels when absent. */
  slice?: number;
  /** Neighbour offsets instead of the Chebyshev cube of radius `distance` (e.g. PyRadiomics' angle set). */
  offsets?: readonly Offset[];
}

/** Builds the dependence matrix (column j = 1 + dependent neighbours); no allocation per voxel. */
export function buildNgldm(grid: TextureGrid, options: NgldmBuildOptions): LevelSizeMatrix {
  checkDistance(options.distance);
  if (!(options.alpha >= 0)) throw new Error(`NGLDM coarseness alpha must be ≥ 0, got ${options.alpha}`);
  if (options.slice !== undefined && options.dim !== '2D')
    throw new Error('buildNgldm: a single slice needs dim 2D');
  const { nx, ny, nz, levels, nLevels } = grid;
  const t = offsetTable(options.offsets ?? chebyshevNeighbourhood(options.distance, options.dim), nx, ny);
  const inPlane = options.dim === '2D';
  const maxDependence = t.count + 1;
  const width = maxDependence + 1;
  const dense = new Float64Array(nLevels * width);
  const alpha = options.alpha;
  const kFrom = options.slice ?? 0;
  const kTo = options.slice === undefined ? nz : options.slice + 1;
  let voxels = 0;
  for (let k = kFrom; k < kTo; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        const g = levels[v];
        if (g === 0) continue;
        let dependence = 1;
        const interior = isInterior(t, grid, i, j, k, inPlane);
        for (let o = 0; o < t.count; o++) {
          if (!interior) {
            const a = i + t.di[o],
              b = j + t.dj[o],
              c = k + t.dk[o];
            if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
          }
          const h = levels[v + t.step[o]];
          if (h !== 0 && Math.abs(h - g) <= alpha) dependence++;
        }
        dense[(g - 1) * width + dependence]++;
        voxels++;
      }
  return M.levelSizeMatrixFromDense(dense, nLevels, maxDependence, voxels);
}

/** Low dependence emphasis (SODN): F = (1/N_s) Σ_j s_.j / j². */
export const lowDependenceEmphasis = (s: LevelSizeStats): number => M.smallColumnEmphasis(s);
/** High dependence emphasis (IMOQ): F = (1/N_s) Σ_j s_.j j². */
export const highDependenceEmphasis = (s: LevelSizeStats): number => M.largeColumnEmphasis(s);
/** Low grey level count emphasis (TL9H): F = (1/N_s) Σ_i s_i. / i². */
export const lowGreyLevelCountEmphasis = (s: LevelSizeStats): number => M.lowGreyLevelEmphasis(s);
/** High grey level count emphasis (OAE7): F = (1/N_s) Σ_i s_i. i². */
export const highGreyLevelCountEmphasis = (s: LevelSizeStats): number => M.highGreyLevelEmphasis(s);
/** Low dependence low grey level emphasis (EQ3F): F = (1/N_s) Σ_i Σ_j s_ij / (i² j²). */
export const lowDependenceLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnLowGreyLevelEmphasis(s);
/** Low dependence high grey level emphasis (JA6D): F = (1/N_s) Σ_i Σ_j s_ij i² / j². */
export const lowDependenceHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnHighGreyLevelEmphasis(s);
/** High dependence low grey level emphasis (NBZI): F = (1/N_s) Σ_i Σ_j s_ij j² / i². */
export const highDependenceLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnLowGreyLevelEmphasis(s);
/** High dependence high grey level emphasis (9QMG): F = (1/N_s) Σ_i Σ_j s_ij i² j². */
export const highDependenceHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnHighGreyLevelEmphasis(s);
/** Grey level non-uniformity (FP8K): F = (1/N_s) Σ_i s_i.². */
export const greyLevelNonUniformity = (s: LevelSizeStats): number => M.greyLevelNonUniformity(s);
/** Normalised grey level non-uniformity (5SPA): F = (1/N_s²) Σ_i s_i.². */
export const normalisedGreyLevelNonUniformity = (s: LevelSizeStats): number =>
  M.greyLevelNonUniformityNormalised(s);
/** Dependence count non-uniformity (Z87G): F = (1/N_s) Σ_j s_.j². */
export const dependenceCountNonUniformity = (s: LevelSizeStats): number => M.columnNonUniformity(s);
/** Normalised dependence count non-uniformity (OKJI): F = (1/N_s²) Σ_j s_.j². */
export const normalisedDependenceCountNonUniformity = (s: LevelSizeStats): number =>
  M.columnNonUniformityNormalised(s);
/** Dependence count percentage (6XV8): F = N_s / N_v (1 when every voxel is counted). */
export const dependenceCountPercentage = (s: LevelSizeStats): number => M.percentage(s);
/** Grey level variance (1PFV): F = Σ_i Σ_j (i − μ)² p_ij, μ = Σ i p_ij. */
export const greyLevelVariance = (s: LevelSizeStats): number => M.greyLevelVariance(s);
/** Dependence count variance (DNX2): F = Σ_i Σ_j (j − μ)² p_ij, μ = Σ j p_ij. */
export const dependenceCountVariance = (s: LevelSizeStats): number => M.columnVariance(s);
/** Dependence count entropy (FCBV): F = −Σ_i Σ_j p_ij log₂ p_ij. */
export const dependenceCountEntropy = (s: LevelSizeStats): number => M.jointEntropy(s);
/** Dependence count energy (CAS9): F = Σ_i Σ_j p_ij². */
export const dependenceCountEnergy = (s: LevelSizeStats): number => M.jointEnergy(s);

export const NGLDM_FEATURES: readonly FeatureDefinition<LevelSizeStats>[] = [
  { key: 'ngl_lde', ibsiId: 'SODN', compute: lowDependenceEmphasis },
  { key: 'ngl_hde', ibsiId: 'IMOQ', compute: highDependenceEmphasis },
  { key: 'ngl_lgce', ibsiId: 'TL9H', compute: lowGreyLevelCountEmphasis },
  { key: 'ngl_hgce', ibsiId: 'OAE7', compute: highGreyLevelCountEmphasis },
  { key: 'ngl_ldlge', ibsiId: 'EQ3F', compute: lowDependenceLowGreyLevelEmphasis },
  { key: 'ngl_ldhge', ibsiId: 'JA6D', compute: lowDependenceHighGreyLevelEmphasis },
  { key: 'ngl_hdlge', ibsiId: 'NBZI', compute: highDependenceLowGreyLevelEmphasis },
  { key: 'ngl_hdhge', ibsiId: '9QMG', compute: highDependenceHighGreyLevelEmphasis },
  { key: 'ngl_glnu', ibsiId: 'FP8K', compute: greyLevelNonUniformity },
  { key: 'ngl_glnu_norm', ibsiId: '5SPA', compute: normalisedGreyLevelNonUniformity },
  { key: 'ngl_dcnu', ibsiId: 'Z87G', compute: dependenceCountNonUniformity },
  { key: 'ngl_dcnu_norm', ibsiId: 'OKJI', compute: normalisedDependenceCountNonUniformity },
  { key: 'ngl_dc_perc', ibsiId: '6XV8', compute: dependenceCountPercentage },
  { key: 'ngl_gl_var', ibsiId: '1PFV', compute: greyLevelVariance },
  { key: 'ngl_dc_var', ibsiId: 'DNX2', compute: dependenceCountVariance },
  { key: 'ngl_dc_entr', ibsiId: 'FCBV', compute: dependenceCountEntropy },
  { key: 'ngl_dc_energy', ibsiId: 'CAS9', compute: dependenceCountEnergy },
];

export const NGLDM_AGGREGATIONS = SLICE_VOLUME_AGGREGATIONS;

export interface NgldmOptions {
  /** Chebyshev distance δ (IBSI default 1). */
  distance: number;
  /** Coarseness α (IBSI default 0). */
  alpha?: number;
  aggregations?: readonly Aggregation[];
}

/** IBSI NGLDM features in the requested aggregation methods: 2D (8QNN), 2_5D (62GR), 3D (KOBO). */
export function ngldmFeatures(roi: DiscretisedRoi, options: NgldmOptions): FeatureValue[] {
  return ngldmFeaturesOfGrid(prepareTextureGrid(roi), options);
}

/** The same on a prepared grid (prepare once when computing several families). */
export function ngldmFeaturesOfGrid(grid: TextureGrid, options: NgldmOptions): FeatureValue[] {
  checkDistance(options.distance);
  const aggregations = resolveAggregations('NGLDM', NGLDM_AGGREGATIONS, options.aggregations);
  const ng = grid.nLevels;
  const alpha = options.alpha ?? 0;
  return aggregateSliceVolume(
    grid,
    {
      family: 'ngldm',
      definitions: NGLDM_FEATURES,
      stats: M.levelSizeStats,
      merge: (a, b) => M.mergeLevelSizeMatrices([a, b], ng),
    },
    aggregations,
    (slice) =>
      buildNgldm(
        grid,
        slice === undefined
          ? { distance: options.distance, alpha, dim: '3D' }
          : { distance: options.distance, alpha, dim: '2D', slice },
      ),
  );
}
