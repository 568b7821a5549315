/**
 * Grey level distance zone matrix (GLDZM) features, IBSI 1 §3.9 (family VMDZ).
 *
 * d_ij counts zones (as in the GLSZM: 8-connected in-plane for 2D/2.5D, 26-connected for 3D) of grey level i
 * whose distance to the ROI border is j: the least, over the zone's voxels, of the voxel's border distance
 * (face steps, 4-connected in-plane / 6-connected in 3D, border voxels at 1) measured on the morphological
 * mask. N_s = number of zones, N_v = number of voxels, p_ij = d_ij / N_s. Formulas live in levelSizeMatrix.ts.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { aggregateSliceVolume, SLICE_VOLUME_AGGREGATIONS } from './aggregation';
import { resolveAggregations, type FeatureDefinition } from './featureTable';
import * as M from './levelSizeMatrix';
import type { LevelSizeMatrix, LevelSizeStats } from './levelSizeMatrix';
import {
  borderDistanceMap,
  labelZones,
  prepareTextureGrid,
  sliceVoxelCount,
  type Dimensionality,
  type TextureGrid,
  type Zones,
} from './neighbourhood';

/** Per zone, the least border distance of its voxels. */
export function zoneBorderDistances(zones: Zones, distanceMap: Int32Array): Int32Array {
  const out = new Int32Array(zones.count).fill(0x7fffffff);
  for (let v = 0; v < zones.zoneOf.length; v++) {
    const z = zones.zoneOf[v];
    if (z >= 0 && distanceMap[v] < out[z]) out[z] = distanceMap[v];
  }
  return out;
}

/** Zones and their border distances for one dimensionality, computed once and sliced per build. */
export interface DistanceZones {
  zones: Zones;
  distance: Int32Array;
}

export function distanceZones(grid: TextureGrid, dim: Dimensionality): DistanceZones {
  const zones = labelZones(grid, dim);
  return { zones, distance: zoneBorderDistances(zones, borderDistanceMap(grid, dim)) };
}

/** Distance zone matrix of all zones (3D zones/distances), or of axial slice k (2D zones/distances). */
export function buildGldzm(grid: TextureGrid, dz: DistanceZones, slice?: number): LevelSizeMatrix {
  const { zones, distance } = dz;
  const levels = new Int32Array(zones.count);
  const distances = new Int32Array(zones.count);
  let n = 0;
  for (let z = 0; z < zones.count; z++) {
    if (slice !== undefined && zones.slice[z] !== slice) continue;
    levels[n] = zones.level[z];
    distances[n++] = distance[z];
  }
  const voxels = slice === undefined ? grid.voxelCount : sliceVoxelCount(grid, slice);
  return M.levelSizeMatrixFromEntries(levels, distances, n, grid.nLevels, voxels);
}

/** Small distance emphasis (0GBI): F = (1/N_s) Σ_j d_.j / j². */
export const smallDistanceEmphasis = (s: LevelSizeStats): number => M.smallColumnEmphasis(s);
/** Large distance emphasis (MB4I): F = (1/N_s) Σ_j d_.j j². */
export const largeDistanceEmphasis = (s: LevelSizeStats): number => M.largeColumnEmphasis(s);
/** Low grey level zone emphasis (S1RA): F = (1/N_s) Σ_i d_i. / i². */
export const lowGreyLevelZoneEmphasis = (s: LevelSizeStats): number => M.lowGreyLevelEmphasis(s);
/** High grey level zone emphasis (K26C): F = (1/N_s) Σ_i d_i. i². */
export const highGreyLevelZoneEmphasis = (s: LevelSizeStats): number => M.highGreyLevelEmphasis(s);
/** Small distance low grey level emphasis (RUVG): F = (1/N_s) Σ_i Σ_j d_ij / (i² j²). */
export const smallDistanceLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnLowGreyLevelEmphasis(s);
/** Small distance high grey level emphasis (DKNJ): F = (1/N_s) Σ_i Σ_j d_ij i² / j². */
export const smallDistanceHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.smallColumnHighGreyLevelEmphasis(s);
/** Large distance low grey level emphasis (A7WM): F = (1/N_s) Σ_i Σ_j d_ij j² / i². */
export const largeDistanceLowGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnLowGreyLevelEmphasis(s);
/** Large distance high grey level emphasis (KLTH): F = (1/N_s) Σ_i Σ_j d_ij i² j². */
export const largeDistanceHighGreyLevelEmphasis = (s: LevelSizeStats): number =>
  M.largeColumnHighGreyLevelEmphasis(s);
/** Grey level non-uniformity (VFT7): F = (1/N_s) Σ_i d_i.². */
export const greyLevelNonUniformity = (s: LevelSizeStats): number => M.greyLevelNonUniformity(s);
/** Normalised grey level non-uniformity (7HP3): F = (1/N_s²) Σ_i d_i.². */
export const normalisedGreyLevelNonUniformity = (s: LevelSizeStats): number =>
  M.greyLevelNonUniformityNormalised(s);
/** Zone distance non-uniformity (V294): F = (1/N_s) Σ_j d_.j². */
export const zoneDistanceNonUniformity = (s: LevelSizeStats): number => M.columnNonUniformity(s);
/** Normalised zone distance non-uniformity (IATH): F = (1/N_s²) Σ_j d_.j². */
export const normalisedZoneDistanceNonUniformity = (s: LevelSizeStats): number =>
  M.columnNonUniformityNormalised(s);
/** Zone percentage (VIWW): F = N_s / N_v. */
export const zonePercentage = (s: LevelSizeStats): number => M.percentage(s);
/** Grey level variance (QK93): F = Σ_i Σ_j (i − μ)² p_ij, μ = Σ i p_ij. */
export const greyLevelVariance = (s: LevelSizeStats): number => M.greyLevelVariance(s);
/** Zone distance variance (7WT1): F = Σ_i Σ_j (j − μ)² p_ij, μ = Σ j p_ij. */
export const zoneDistanceVariance = (s: LevelSizeStats): number => M.columnVariance(s);
/** Zone distance entropy (GBDU): F = −Σ_i Σ_j p_ij log₂ p_ij. */
export const zoneDistanceEntropy = (s: LevelSizeStats): number => M.jointEntropy(s);

export const GLDZM_FEATURES: readonly FeatureDefinition<LevelSizeStats>[] = [
  { key: 'dzm_sde', ibsiId: '0GBI', compute: smallDistanceEmphasis },
  { key: 'dzm_lde', ibsiId: 'MB4I', compute: largeDistanceEmphasis },
  { key: 'dzm_lgze', ibsiId: 'S1RA', compute: lowGreyLevelZoneEmphasis },
  { key: 'dzm_hgze', ibsiId: 'K26C', compute: highGreyLevelZoneEmphasis },
  { key: 'dzm_sdlge', ibsiId: 'RUVG', compute: smallDistanceLowGreyLevelEmphasis },
  { key: 'dzm_sdhge', ibsiId: 'DKNJ', compute: smallDistanceHighGreyLevelEmphasis },
  { key: 'dzm_ldlge', ibsiId: 'A7WM', compute: largeDistanceLowGreyLevelEmphasis },
  { key: 'dzm_ldhge', ibsiId: 'KLTH', compute: largeDistanceHighGreyLevelEmphasis },
  { key: 'dzm_glnu', ibsiId: 'VFT7', compute: greyLevelNonUniformity },
  { key: 'dzm_glnu_norm', ibsiId: '7HP3', compute: normalisedGreyLevelNonUniformity },
  { key: 'dzm_zdnu', ibsiId: 'V294', compute: zoneDistanceNonUniformity },
  { key: 'dzm_zdnu_norm', ibsiId: 'IATH', compute: normalisedZoneDistanceNonUniformity },
  { key: 'dzm_z_perc', ibsiId: 'VIWW', compute: zonePercentage },
  { key: 'dzm_gl_var', ibsiId: 'QK93', compute: greyLevelVariance },
  { key: 'dzm_zd_var', ibsiId: '7WT1', compute: zoneDistanceVariance },
  { key: 'dzm_zd_entr', ibsiId: 'GBDU', compute: zoneDistanceEntropy },
];

export const GLDZM_AGGREGATIONS = SLICE_VOLUME_AGGREGATIONS;

/**
 * IBSI GLDZM features in the requested aggregation methods: 2D (8QNN), 2_5D (62GR), 3D (KOBO). Border
 * distances use `roi.morphMask` (united with the intensity mask) when given, else the intensity mask.
 */
export function gldzmFeatures(
  roi: DiscretisedRoi,
  options: { aggregations?: readonly Aggregation[] } = {},
): FeatureValue[] {
  return gldzmFeaturesOfGrid(prepareTextureGrid(roi), options);
}

/** The same on a prepared grid (prepare once when computing several families). */
export function gldzmFeaturesOfGrid(
  grid: TextureGrid,
  options: { aggregations?: readonly Aggregation[] } = {},
): FeatureValue[] {
  const aggregations = resolveAggregations('GLDZM', GLDZM_AGGREGATIONS, options.aggregations);
  const ng = grid.nLevels;
  let zones2D: DistanceZones | undefined;
  return aggregateSliceVolume(
    grid,
    {
      family: 'gldzm',
      definitions: GLDZM_FEATURES,
      stats: M.levelSizeStats,
      merge: (a, b) => M.mergeLevelSizeMatrices([a, b], ng),
    },
    aggregations,
    (slice) => {
      if (slice === undefined) return buildGldzm(grid, distanceZones(grid, '3D'));
      zones2D ??= distanceZones(grid, '2D');
      return buildGldzm(grid, zones2D, slice);
    },
  );
}
