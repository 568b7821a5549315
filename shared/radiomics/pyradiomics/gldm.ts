/**
 * PyRadiomics GLDM features (radiomics/gldm.py): P(i,j) counts voxels of grey level i with dependence j =
 * 1 + the number of neighbours (offsets at the chosen Chebyshev distances, angles.ts; in-plane with force2D) whose level differs by ≤ α (gldm_a). This is
 * IBSI's NGLDM (texture/ngldm.ts), whose builder reproduces PyRadiomics' matrices. N_z = Σ P = N_p,
 * p = P / N_z. IBSI formulas reused.
 */
import * as M from '../texture/levelSizeMatrix';
import { entropyEps } from './glcm';
import type { LevelSizeStats } from '../texture/levelSizeMatrix';
import type { Dimensionality, TextureGrid } from '../texture/neighbourhood';
import { buildNgldm } from '../texture/ngldm';
import { pyradiomicsNeighbourhood } from './angles';

type DependenceFeature = (s: LevelSizeStats) => number;

/** SmallDependenceEmphasis (SODN): Σ P/j² / N_z. */
export const smallDependenceEmphasis: DependenceFeature = M.smallColumnEmphasis;
/** LargeDependenceEmphasis (IMOQ): Σ P j² / N_z. */
export const largeDependenceEmphasis: DependenceFeature = M.largeColumnEmphasis;
/** GrayLevelNonUniformity (FP8K): Σ_i (Σ_j P)² / N_z. */
export const grayLevelNonUniformity: DependenceFeature = M.greyLevelNonUniformity;
/** DependenceNonUniformity (Z87G): Σ_j (Σ_i P)² / N_z. */
export const dependenceNonUniformity: DependenceFeature = M.columnNonUniformity;
/** DependenceNonUniformityNormalized (OKJI): Σ_j (Σ_i P)² / N_z². */
export const dependenceNonUniformityNormalized: DependenceFeature = M.columnNonUniformityNormalised;
/** GrayLevelVariance (1PFV): Σ p (i − μ)². */
export const grayLevelVariance: DependenceFeature = M.greyLevelVariance;
/** DependenceVariance (DNX2): Σ p (j − μ)². */
export const dependenceVariance: DependenceFeature = M.columnVariance;
/** DependenceEntropy (FCBV): −Σ p log₂(p + ε), as PyRadiomics. */
export const dependenceEntropy: DependenceFeature = (s) => {
  const p = Array.from(s.m.counts, (v) => v / s.total);
  return entropyEps(p);
};
/** LowGrayLevelEmphasis (TL9H): Σ P/i² / N_z. */
export const lowGrayLevelEmphasis: DependenceFeature = M.lowGreyLevelEmphasis;
/** HighGrayLevelEmphasis (OAE7): Σ P i² / N_z. */
export const highGrayLevelEmphasis: DependenceFeature = M.highGreyLevelEmphasis;
/** SmallDependenceLowGrayLevelEmphasis (EQ3F): Σ P/(i² j²) / N_z. */
export const smallDependenceLowGrayLevelEmphasis: DependenceFeature = M.smallColumnLowGreyLevelEmphasis;
/** SmallDependenceHighGrayLevelEmphasis (JA6D): Σ P i²/j² / N_z. */
export const smallDependenceHighGrayLevelEmphasis: DependenceFeature = M.smallColumnHighGreyLevelEmphasis;
/** LargeDependenceLowGrayLevelEmphasis (NBZI): Σ P j²/i² / N_z. */
export const largeDependenceLowGrayLevelEmphasis: DependenceFeature = M.largeColumnLowGreyLevelEmphasis;
/** LargeDependenceHighGrayLevelEmphasis (9QMG): Σ P i² j² / N_z. */
export const largeDependenceHighGrayLevelEmphasis: DependenceFeature = M.largeColumnHighGreyLevelEmphasis;

export const GLDM_FEATURES: readonly [string, string, DependenceFeature][] = [
  ['SmallDependenceEmphasis', 'SODN', smallDependenceEmphasis],
  ['LargeDependenceEmphasis', 'IMOQ', largeDependenceEmphasis],
  ['GrayLevelNonUniformity', 'FP8K', grayLevelNonUniformity],
  ['DependenceNonUniformity', 'Z87G', dependenceNonUniformity],
  ['DependenceNonUniformityNormalized', 'OKJI', dependenceNonUniformityNormalized],
  ['GrayLevelVariance', '1PFV', grayLevelVariance],
  ['DependenceVariance', 'DNX2', dependenceVariance],
  ['DependenceEntropy', 'FCBV', dependenceEntropy],
  ['LowGrayLevelEmphasis', 'TL9H', lowGrayLevelEmphasis],
  ['HighGrayLevelEmphasis', 'OAE7', highGrayLevelEmphasis],
  ['SmallDependenceLowGrayLevelEmphasis', 'EQ3F', smallDependenceLowGrayLevelEmphasis],
  ['SmallDependenceHighGrayLevelEmphasis', 'JA6D', smallDependenceHighGrayLevelEmphasis],
  ['LargeDependenceLowGrayLevelEmphasis', 'NBZI', largeDependenceLowGrayLevelEmphasis],
  ['LargeDependenceHighGrayLevelEmphasis', '9QMG', largeDependenceHighGrayLevelEmphasis],
];

export function gldmValues(
  grid: TextureGrid,
  dim: Dimensionality,
  distances: readonly number[],
  alpha: number,
): Map<string, number> {
  const offsets = pyradiomicsNeighbourhood(distances, dim === '2D');
  const stats = M.levelSizeStats(buildNgldm(grid, { distance: Math.max(...distances), alpha, dim, offsets }));
  return new Map(GLDM_FEATURES.map(([name, , f]) => [name, stats ? f(stats) : NaN]));
}
