/**
 * PyRadiomics NGTDM features (radiomics/ngtdm.py): for each grey level i, n_i voxels that have at least one
 * neighbour in the ROI (offsets at the chosen Chebyshev distances, angles.ts; in-plane with force2D) and s_i = Σ |i − mean of the neighbours|;
 * N_vp = Σ n_i, p_i = n_i / N_vp, N_gp = levels with p_i > 0. The IBSI formulas (texture/ngtdm.ts) are the
 * same, including PyRadiomics' conventions (coarseness 10⁶, zero contrast for one level), so they are reused.
 */
import type { Dimensionality, TextureGrid } from '../texture/neighbourhood';
import * as T from '../texture/ngtdm';
import { pyradiomicsNeighbourhood } from './angles';
import type { NgtdmStats } from '../texture/ngtdm';

type NgtdmFeature = (s: NgtdmStats) => number;

/** Coarseness (QCDE): 1 / Σ p_i s_i; 10⁶ when the sum is 0. */
export const coarseness: NgtdmFeature = T.coarseness;
/** Contrast (65HE): [Σ_ij p_i p_j (i − j)² / (N_gp (N_gp − 1))] · Σ s_i / N_vp. */
export const contrast: NgtdmFeature = T.contrast;
/** Busyness (NQ30): Σ p_i s_i / Σ_ij |i p_i − j p_j|. */
export const busyness: NgtdmFeature = T.busyness;
/** Complexity (HDEZ): Σ_ij |i − j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_vp. */
export const complexity: NgtdmFeature = T.complexity;
/** Strength (1X9X): Σ_ij (p_i + p_j)(i − j)² / Σ s_i. */
export const strength: NgtdmFeature = T.strength;

export const NGTDM_FEATURES: readonly [string, string, NgtdmFeature][] = [
  ['Coarseness', 'QCDE', coarseness],
  ['Contrast', '65HE', contrast],
  ['Busyness', 'NQ30', busyness],
  ['Complexity', 'HDEZ', complexity],
  ['Strength', '1X9X', strength],
];

export function ngtdmValues(
  grid: TextureGrid,
  dim: Dimensionality,
  distances: readonly number[],
): Map<string, number> {
  const offsets = pyradiomicsNeighbourhood(distances, dim === '2D');
  const stats = T.ngtdmStats(T.buildNgtdm(grid, { distance: Math.max(...distances), dim, offsets }));
  return new Map(NGTDM_FEATURES.map(([name, , f]) => [name, stats ? f(stats) : NaN]));
}
