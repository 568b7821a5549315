/**
 * Haralick features of the A.K. profile (ak-features.md §8, IBSI 3D averaged): for each of ITK's 13
 * directions at distance 1, the symmetric GLCM of the fixed-bin levels (texture/glcm.ts#buildGlcm, pairs
 * with both voxels in the ROI), normalised to p with 1-based grey levels i, j; the value is the mean over
 * the non-empty directions (NaN if all are empty). p₊(k) = Σ_{i+j=k} p, p₋(k) = Σ_{|i−j|=k} p; log₂,
 * 0·log 0 = 0. The definitions are IBSI's — unlike the GLCM family (glcm.ts), no ITK 1e-4 entropy cut and
 * no 0-based indices — so each feature is texture/glcm.ts's function under its A.K. name. Equal to
 * PyRadiomics `glcm` with binCount 64 (its names in brackets).
 */
import * as T from '../texture/glcm';
import type { GlcmStats } from '../texture/glcm';
import type { TextureGrid } from '../texture/neighbourhood';
import { ITK13_DIRECTIONS } from './directions';

type HaralickFeature = (s: GlcmStats) => number;

/** AngularSecondMoment (IBSI 8ZQL) [JointEnergy]: Σ p². */
export const angularSecondMoment: HaralickFeature = T.angularSecondMoment;
/** HaraEntroy (sic; joint entropy, IBSI TU9B) [JointEntropy]: −Σ p·log₂p. */
export const haraEntropy: HaralickFeature = T.jointEntropy;
/** HaraVariance (joint variance, IBSI UR99) [SumSquares]: Σ (i − μ)²·p, μ = Σ i·p. */
export const haraVariance: HaralickFeature = T.jointVariance;
/** contrast (IBSI ACUI) [Contrast]: Σ (i − j)²·p. */
export const contrast: HaralickFeature = T.contrast;
/** differenceEntropy (IBSI NTRS) [DifferenceEntropy]: −Σ p₋·log₂p₋. */
export const differenceEntropy: HaralickFeature = T.differenceEntropy;
/** differenceVariance (IBSI D3YU) [DifferenceVariance]: Σ (k − μ₋)²·p₋, μ₋ = Σ k·p₋. */
export const differenceVariance: HaralickFeature = T.differenceVariance;
/** inverseDifferenceMoment (IBSI WF0Z) [Idm]: Σ p / (1 + (i − j)²). */
export const inverseDifferenceMoment: HaralickFeature = T.inverseDifferenceMoment;
/** sumAverage (IBSI ZGXS) [SumAverage]: Σ k·p₊. */
export const sumAverage: HaralickFeature = T.sumAverage;
/** sumEntropy (IBSI P6QZ) [SumEntropy]: −Σ p₊·log₂p₊. */
export const sumEntropy: HaralickFeature = T.sumEntropy;
/** sumVariance (IBSI OEEB, = cluster tendency) [ClusterTendency]: Σ (k − sumAverage)²·p₊. */
export const sumVariance: HaralickFeature = T.sumVariance;

export const HARALICK_FEATURES: readonly { name: string; ibsi: string; compute: HaralickFeature }[] = [
  { name: 'AngularSecondMoment', ibsi: '8ZQL', compute: angularSecondMoment },
  { name: 'HaraEntroy', ibsi: 'TU9B', compute: haraEntropy },
  { name: 'HaraVariance', ibsi: 'UR99', compute: haraVariance },
  { name: 'contrast', ibsi: 'ACUI', compute: contrast },
  { name: 'differenceEntropy', ibsi: 'NTRS', compute: differenceEntropy },
  { name: 'differenceVariance', ibsi: 'D3YU', compute: differenceVariance },
  { name: 'inverseDifferenceMoment', ibsi: 'WF0Z', compute: inverseDifferenceMoment },
  { name: 'sumAverage', ibsi: 'ZGXS', compute: sumAverage },
  { name: 'sumEntropy', ibsi: 'P6QZ', compute: sumEntropy },
  { name: 'sumVariance', ibsi: 'OEEB', compute: sumVariance },
];

/**
 * The 10 Haralick values (HARALICK_FEATURES order) of the fixed-bin levels (discretise.ts#fixedBinGrid),
 * each the mean over the non-empty directions, taken in ITK's direction order.
 */
export function haralickValues(grid: TextureGrid): Float64Array {
  const sums = new Float64Array(HARALICK_FEATURES.length);
  let used = 0;
  for (const direction of ITK13_DIRECTIONS) {
    const s = T.glcmStats(T.buildGlcm(grid, direction, { symmetric: true }), grid.nLevels);
    if (!s) continue;
    used++;
    HARALICK_FEATURES.forEach((f, k) => (sums[k] += f.compute(s)));
  }
  return sums.map((s) => (used > 0 ? s / used : NaN));
}
