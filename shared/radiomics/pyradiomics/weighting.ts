/**
 * PyRadiomics' distance weighting of angle matrices (setting weightingNorm). d is the norm of the angle's
 * offset in mm (offset × spacing): manhattan Σ|·|, euclidean √Σ(·)², infinity max|·|; no_weighting gives 1.
 * GLCM weights each angle by e^{−d²}, GLRLM by d, before summing the matrices.
 */
import type { Vec3 } from '../../image/volume';
import type { Offset } from '../texture/neighbourhood';

export type WeightingNorm = 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting';

/** The norm of an offset in mm; null for no_weighting. */
export function offsetNorm(offset: Offset, spacing: Vec3, norm: WeightingNorm): number | null {
  const mm = offset.map((v, a) => Math.abs(v) * spacing[a]);
  switch (norm) {
    case 'manhattan':
      return mm[0] + mm[1] + mm[2];
    case 'euclidean':
      return Math.hypot(mm[0], mm[1], mm[2]);
    case 'infinity':
      return Math.max(...mm);
    case 'no_weighting':
      return null;
  }
}

/** GLCM angle weight: e^{−d²}. */
export const glcmWeight = (offset: Offset, spacing: Vec3, norm: WeightingNorm): number => {
  const d = offsetNorm(offset, spacing, norm);
  return d === null ? 1 : Math.exp(-d * d);
};

/** GLRLM angle weight: d. */
export const glrlmWeight = (offset: Offset, spacing: Vec3, norm: WeightingNorm): number =>
  offsetNorm(offset, spacing, norm) ?? 1;
