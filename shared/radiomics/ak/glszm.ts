/**
 * GLSZM of the A.K. profile (ak-features.md §8, IBSI 3D): zones are 26-connected sets of ROI voxels with the
 * same fixed-bin level (texture/neighbourhood.ts#labelZones, texture/glszm.ts#buildGlszm). s(i, j) = number
 * of zones of level i and size j voxels; Nz = Σ s, N = ROI voxels. The definitions are IBSI's, so each
 * feature is texture/glszm.ts's function under its A.K. name. Equal to PyRadiomics `glszm` with binCount 64
 * (its names in brackets).
 */
import * as T from '../texture/glszm';
import { levelSizeStats, type LevelSizeStats } from '../texture/levelSizeMatrix';
import { labelZones, type TextureGrid } from '../texture/neighbourhood';

type ZoneFeature = (s: LevelSizeStats) => number;

/** SmallAreaEmphasis (IBSI 5QRC): Σ s/j² / Nz. */
export const smallAreaEmphasis: ZoneFeature = T.smallZoneEmphasis;
/** LargeAreaEmphasis (IBSI 48P8): Σ s·j² / Nz. */
export const largeAreaEmphasis: ZoneFeature = T.largeZoneEmphasis;
/** IntensityVariability (IBSI JNSA, grey level non-uniformity) [GrayLevelNonUniformity]: Σ_i (Σ_j s)² / Nz. */
export const intensityVariability: ZoneFeature = T.greyLevelNonUniformity;
/** SizeZoneVariability (IBSI 4JP3, zone size non-uniformity) [SizeZoneNonUniformity]: Σ_j (Σ_i s)² / Nz. */
export const sizeZoneVariability: ZoneFeature = T.zoneSizeNonUniformity;
/** ZonePercentage (IBSI P30P): Nz / N. */
export const zonePercentage: ZoneFeature = T.zonePercentage;
/** LowIntensityEmphasis (IBSI XMSY) [LowGrayLevelZoneEmphasis]: Σ s/i² / Nz. */
export const lowIntensityEmphasis: ZoneFeature = T.lowGreyLevelZoneEmphasis;
/** HighIntensityEmphasis (IBSI 5GN9) [HighGrayLevelZoneEmphasis]: Σ s·i² / Nz. */
export const highIntensityEmphasis: ZoneFeature = T.highGreyLevelZoneEmphasis;
/** LowIntensitySmallAreaEmphasis (IBSI 5RAI) [SmallAreaLowGrayLevelEmphasis]: Σ s/(i²j²) / Nz. */
export const lowIntensitySmallAreaEmphasis: ZoneFeature = T.smallZoneLowGreyLevelEmphasis;
/** HighIntensitySmallAreaEmphasis (IBSI HW1V) [SmallAreaHighGrayLevelEmphasis]: Σ s·i²/j² / Nz. */
export const highIntensitySmallAreaEmphasis: ZoneFeature = T.smallZoneHighGreyLevelEmphasis;
/** LowIntensityLargeAreaEmphasis (IBSI YH51) [LargeAreaLowGrayLevelEmphasis]: Σ s·j²/i² / Nz. */
export const lowIntensityLargeAreaEmphasis: ZoneFeature = T.largeZoneLowGreyLevelEmphasis;
/** HighIntensityLargeAreaEmphasis (IBSI J17V) [LargeAreaHighGrayLevelEmphasis]: Σ s·i²·j² / Nz. */
export const highIntensityLargeAreaEmphasis: ZoneFeature = T.largeZoneHighGreyLevelEmphasis;

export const GLSZM_FEATURES: readonly { name: string; ibsi: string; compute: ZoneFeature }[] = [
  { name: 'SmallAreaEmphasis', ibsi: '5QRC', compute: smallAreaEmphasis },
  { name: 'LargeAreaEmphasis', ibsi: '48P8', compute: largeAreaEmphasis },
  { name: 'IntensityVariability', ibsi: 'JNSA', compute: intensityVariability },
  { name: 'SizeZoneVariability', ibsi: '4JP3', compute: sizeZoneVariability },
  { name: 'ZonePercentage', ibsi: 'P30P', compute: zonePercentage },
  { name: 'LowIntensityEmphasis', ibsi: 'XMSY', compute: lowIntensityEmphasis },
  { name: 'HighIntensityEmphasis', ibsi: '5GN9', compute: highIntensityEmphasis },
  { name: 'LowIntensitySmallAreaEmphasis', ibsi: '5RAI', compute: lowIntensitySmallAreaEmphasis },
  { name: 'HighIntensitySmallAreaEmphasis', ibsi: 'HW1V', compute: highIntensitySmallAreaEmphasis },
  { name: 'LowIntensityLargeAreaEmphasis', ibsi: 'YH51', compute: lowIntensityLargeAreaEmphasis },
  { name: 'HighIntensityLargeAreaEmphasis', ibsi: 'J17V', compute: highIntensityLargeAreaEmphasis },
];

/** The 11 GLSZM values (GLSZM_FEATURES order) of the fixed-bin levels (discretise.ts#fixedBinGrid). */
export function glszmValues(grid: TextureGrid): Float64Array {
  const s = levelSizeStats(T.buildGlszm(grid, labelZones(grid, '3D')));
  return Float64Array.from(GLSZM_FEATURES, (f) => (s ? f.compute(s) : NaN));
}
