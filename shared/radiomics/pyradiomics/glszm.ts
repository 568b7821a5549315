/**
 * PyRadiomics GLSZM features (radiomics/glszm.py): P(i,j) counts zones (connected voxels of one grey level:
 * 26-connected in 3D, 8-connected in-plane with force2D) of level i and size j. N_z = Σ P, N_p = ROI voxels,
 * p = P / N_z. IBSI formulas (texture/levelSizeMatrix.ts), reused.
 */
import { buildGlszm } from '../texture/glszm';
import * as M from '../texture/levelSizeMatrix';
import { entropyEps } from './glcm';
import type { LevelSizeStats } from '../texture/levelSizeMatrix';
import { labelZones, type Dimensionality, type TextureGrid } from '../texture/neighbourhood';

type ZoneFeature = (s: LevelSizeStats) => number;

/** SmallAreaEmphasis (5QRC): Σ P/j² / N_z. */
export const smallAreaEmphasis: ZoneFeature = M.smallColumnEmphasis;
/** LargeAreaEmphasis (48P8): Σ P j² / N_z. */
export const largeAreaEmphasis: ZoneFeature = M.largeColumnEmphasis;
/** GrayLevelNonUniformity (JNSA): Σ_i (Σ_j P)² / N_z. */
export const grayLevelNonUniformity: ZoneFeature = M.greyLevelNonUniformity;
/** GrayLevelNonUniformityNormalized (Y1RO): Σ_i (Σ_j P)² / N_z². */
export const grayLevelNonUniformityNormalized: ZoneFeature = M.greyLevelNonUniformityNormalised;
/** SizeZoneNonUniformity (4JP3): Σ_j (Σ_i P)² / N_z. */
export const sizeZoneNonUniformity: ZoneFeature = M.columnNonUniformity;
/** SizeZoneNonUniformityNormalized (VB3A): Σ_j (Σ_i P)² / N_z². */
export const sizeZoneNonUniformityNormalized: ZoneFeature = M.columnNonUniformityNormalised;
/** ZonePercentage (P30P): N_z / N_p. */
export const zonePercentage: ZoneFeature = M.percentage;
/** GrayLevelVariance (BYLV): Σ p (i − μ)². */
export const grayLevelVariance: ZoneFeature = M.greyLevelVariance;
/** ZoneVariance (3NSA): Σ p (j − μ)². */
export const zoneVariance: ZoneFeature = M.columnVariance;
/** ZoneEntropy (GU8N): −Σ p log₂(p + ε), as PyRadiomics. */
export const zoneEntropy: ZoneFeature = (s) => {
  const p = Array.from(s.m.counts, (v) => v / s.total);
  return entropyEps(p);
};
/** LowGrayLevelZoneEmphasis (XMSY): Σ P/i² / N_z. */
export const lowGrayLevelZoneEmphasis: ZoneFeature = M.lowGreyLevelEmphasis;
/** HighGrayLevelZoneEmphasis (5GN9): Σ P i² / N_z. */
export const highGrayLevelZoneEmphasis: ZoneFeature = M.highGreyLevelEmphasis;
/** SmallAreaLowGrayLevelEmphasis (5RAI): Σ P/(i² j²) / N_z. */
export const smallAreaLowGrayLevelEmphasis: ZoneFeature = M.smallColumnLowGreyLevelEmphasis;
/** SmallAreaHighGrayLevelEmphasis (HW1V): Σ P i²/j² / N_z. */
export const smallAreaHighGrayLevelEmphasis: ZoneFeature = M.smallColumnHighGreyLevelEmphasis;
/** LargeAreaLowGrayLevelEmphasis (YH51): Σ P j²/i² / N_z. */
export const largeAreaLowGrayLevelEmphasis: ZoneFeature = M.largeColumnLowGreyLevelEmphasis;
/** LargeAreaHighGrayLevelEmphasis (J17V): Σ P i² j² / N_z. */
export const largeAreaHighGrayLevelEmphasis: ZoneFeature = M.largeColumnHighGreyLevelEmphasis;

export const GLSZM_FEATURES: readonly [string, string, ZoneFeature][] = [
  ['SmallAreaEmphasis', '5QRC', smallAreaEmphasis],
  ['LargeAreaEmphasis', '48P8', largeAreaEmphasis],
  ['GrayLevelNonUniformity', 'JNSA', grayLevelNonUniformity],
  ['GrayLevelNonUniformityNormalized', 'Y1RO', grayLevelNonUniformityNormalized],
  ['SizeZoneNonUniformity', '4JP3', sizeZoneNonUniformity],
  ['SizeZoneNonUniformityNormalized', 'VB3A', sizeZoneNonUniformityNormalized],
  ['ZonePercentage', 'P30P', zonePercentage],
  ['GrayLevelVariance', 'BYLV', grayLevelVariance],
  ['ZoneVariance', '3NSA', zoneVariance],
  ['ZoneEntropy', 'GU8N', zoneEntropy],
  ['LowGrayLevelZoneEmphasis', 'XMSY', lowGrayLevelZoneEmphasis],
  ['HighGrayLevelZoneEmphasis', '5GN9', highGrayLevelZoneEmphasis],
  ['SmallAreaLowGrayLevelEmphasis', '5RAI', smallAreaLowGrayLevelEmphasis],
  ['SmallAreaHighGrayLevelEmphasis', 'HW1V', smallAreaHighGrayLevelEmphasis],
  ['LargeAreaLowGrayLevelEmphasis', 'YH51', largeAreaLowGrayLevelEmphasis],
  ['LargeAreaHighGrayLevelEmphasis', 'J17V', largeAreaHighGrayLevelEmphasis],
];

export function glszmValues(grid: TextureGrid, dim: Dimensionality): Map<string, number> {
  const stats = M.levelSizeStats(buildGlszm(grid, labelZones(grid, dim)));
  return new Map(GLSZM_FEATURES.map(([name, , f]) => [name, stats ? f(stats) : NaN]));
}
