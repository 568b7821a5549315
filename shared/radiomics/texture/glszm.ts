/**
 * Grey level size zone matrix (GLSZM) features, IBSI 1 §3.8 (family 9SAK).
 *
 * s_ij counts zones — maximal connected sets of ROI voxels sharing grey level i (8-connected within a slice
 * for 2D/2.5D, 26-connected for 3D) — of size j voxels. N_s = number of zones, N_v = number of voxels,
 * s_i. and s_.j the marginals, p_ij = s_ij / N_s. Formulas live in levelSizeMatrix.ts.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { aggregateSliceVolume, SLICE_VOLUME_AGGREGATIONS } from './aggregation';
import { resolveAggregations, type FeatureDefinition } from './featureTable';
import * as M from './levelSizeMatrix';
import type { LevelSizeMatrix, LevelSizeStats } from './levelSizeMatrix';
import {
  labelZones,
  prepareTextureGrid,
  sliceVoxelCount,
  type TextureGrid,
  type Zones,
} from './neighbourhood';

/**
 * Size zone matrix from labelled zones: all zones (3D, with zones from labelZones(grid, '3D')), or those of
 * axial slice k (with zones from labelZones(grid, '2D')).
 */
export function buildGlszm(grid: TextureGrid, zones: Zones, slice?: number): LevelSizeMatrix {
  const levels = new Int32Array(zones.count);
  const sizes = new Int32Array(zones.count);
  let n = 0;
  for (let z = 0; z < zones.count; z++) {
    if (slice !== undefined && zones.slice[z] !== slice) continue;
    levels[n] = zones.level[z];
    sizes[n++] = zones.size[z];
  }
  const voxels = slice === undefined ? grid.voxelCount : sliceVoxelCount(grid, slice);
  return M.levelSizeMatrixFromEntries(levels, sizes, n, grid.nLevels, voxels);
}

/** Small zone emphasis (5QRC): F = (1/N_s) Σ_j s_.j / j². */
export const smallZoneEmphasis = (s: LevelSizeStats): number => M.smallColumnEmphasis(s);
/** Large zone emphasis (48P8): F = (1/N_s) Σ_j s_.j j². */
export const largeZoneEmphasis = (s: LevelSizeStats): number => M.largeColumnEmphasis(s);
/** Low grey level zone emphasis (XMSY): F = (1/N_s) Σ_i s_i. / i². */
export const lowGreyLevelZoneEmphasis = (s: LevelSizeStats): number => M.lowGreyLevelEmphasis(s);
/** High grey level zone emphasis (5GN9): F = (1/N_s) Σ_i s_i. i². */
export const highGreyLevelZoneEmphasis = (s: LevelSizeStats): number => M.highGreyLevelEmphasis(s);
/** Small zone low grey level emphasis (5RAI): F = (1/N_s) Σ_i Σ_j s_ij / (i² j²). */
export const smallZoneLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnLowGreyLevelEmphasis(s);
/** Small zone high grey level emphasis (HW1V): F = (1/N_s) Σ_i Σ_j s_ij i² / j². */
export const smallZoneHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnHighGreyLevelEmphasis(s);
/** Large zone low grey level emphasis (YH51): F = (1/N_s) Σ_i Σ_j s_ij j² / i². */
export const largeZoneLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnLowGreyLevelEmphasis(s);
/** Large zone high grey level emphasis (J17V): F = (1/N_s) Σ_i Σ_j s_ij i² j². */
export const largeZoneHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnHighGreyLevelEmphasis(s);
/** Grey level non-uniformity (JNSA): F = (1/N_s) Σ_i s_i.². */
export const greyLevelNonUniformity = (s: LevelSizeStats): number => M.greyLevelNonUniformity(s);
/** Normalised grey level non-uniformity (Y1RO): F = (1/N_s²) Σ_i s_i.². */
export const normalisedGreyLevelNonUniformity = (s: LevelSizeStats): number =>
  M.greyLevelNonUniformityNormalised(s);
/** Zone size non-uniformity (4JP3): F = (1/N_s) Σ_j s_.j². */
export const zoneSizeNonUniformity = (s: LevelSizeStats): number => M.columnNonUniformity(s);
/** Normalised zone size non-uniformity (VB3A): F = (1/N_s²) Σ_j s_.j². */
export const normalisedZoneSizeNonUniformity = (s: LevelSizeStats): number =>
  M.columnNonUniformityNormalised(s);
/** Zone percentage (P30P): F = N_s / N_v. */
export const zonePercentage = (s: LevelSizeStats): number => M.percentage(s);
/** Grey level variance (BYLV): F = Σ_i Σ_j (i − μ)² p_ij, μ = Σ i p_ij. */
export const greyLevelVariance = (s: LevelSizeStats): number => M.greyLevelVariance(s);
/** Zone size variance (3NSA): F = Σ_i Σ_j (j − μ)² p_ij, μ = Σ j p_ij. */
export const zoneSizeVariance = (s: LevelSizeStats): number => M.columnVariance(s);
/** Zone size entropy (GU8N): F = −Σ_i Σ_j p_ij log₂ p_ij. */
export const zoneSizeEntropy = (s: LevelSizeStats): number => M.jointEntropy(s);

export const GLSZM_FEATURES: readonly FeatureDefinition<LevelSizeStats>[] = [
  { key: 'szm_sze', ibsiId: '5QRC', compute: smallZoneEmphasis },
  { key: 'szm_lze', ibsiId: '48P8', compute: largeZoneEmphasis },
  { key: 'szm_lgze', ibsiId: 'XMSY', compute: lowGreyLevelZoneEmphasis },
  { key: 'szm_hgze', ibsiId: '5GN9', compute: highGreyLevelZoneEmphasis },
  { key: 'szm_szlge', ibsiId: '5RAI', compute: smallZoneLowGreyLevelEmphasis },
  { key: 'szm_szhge', ibsiId: 'HW1V', compute: smallZoneHighGreyLevelEmphasis },
  { key: 'szm_lzlge', ibsiId: 'YH51', compute: largeZoneLowGreyLevelEmphasis },
  { key: 'szm_lzhge', ibsiId: 'J17V', compute: largeZoneHighGreyLevelEmphasis },
  { key: 'szm_glnu', ibsiId: 'JNSA', compute: greyLevelNonUniformity },
  { key: 'szm_glnu_norm', ibsiId: 'Y1RO', compute: normalisedGreyLevelNonUniformity },
  { key: 'szm_zsnu', ibsiId: '4JP3', compute: zoneSizeNonUniformity },
  { key: 'szm_zsnu_norm', ibsiId: 'VB3A', compute: normalisedZoneSizeNonUniformity },
  { key: 'szm_z_perc', ibsiId: 'P30P', compute: zonePercentage },
  { key: 'szm_gl_var', ibsiId: 'BYLV', compute: greyLevelVariance },
  { key: 'szm_zs_var', ibsiId: '3NSA', compute: zoneSizeVariance },
  { key: 'szm_zs_entr', ibsiId: 'GU8N', compute: zoneSizeEntropy },
];

export const GLSZM_AGGREGATIONS = SLICE_VOLUME_AGGREGATIONS;

/** IBSI GLSZM features in the requested aggregation methods: 2D (8QNN), 2_5D (62GR), 3D (KOBO). */
export function glszmFeatures(
  roi: DiscretisedRoi,
  options: { aggregations?: readonly Aggregation[] } = {},
): FeatureValue[] {
  return glszmFeaturesOfGrid(prepareTextureGrid(roi), options);
}

/** The same on a prepared grid (prepare once when computing several families). */
export function glszmFeaturesOfGrid(
  grid: TextureGrid,
  options: { aggregations?: readonly Aggregation[] } = {},
): FeatureValue[] {
  const aggregations = resolveAggregations('GLSZM', GLSZM_AGGREGATIONS, options.aggregations);
  const ng = grid.nLevels;
  let zones2D: Zones | undefined;
  return aggregateSliceVolume(
    grid,
    {
      family: 'glszm',
      definitions: GLSZM_FEATURES,
      stats: M.levelSizeStats,
      merge: (a, b) => M.mergeLevelSizeMatrices([a, b], ng),
    },
    aggregations,
    (slice) => {
      if (slice === undefined) return buildGlszm(grid, labelZones(grid, '3D'));
      zones2D ??= labelZones(grid, '2D');
      return buildGlszm(grid, zones2D, slice);
    },
  );
}
