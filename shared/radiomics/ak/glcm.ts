/**
 * GLCM of the A.K. profile, exactly as ITK 5.2.1 computes it (`ScalarImageToCooccurrenceMatrixFilter`,
 * `HistogramToTextureFeaturesFilter`), ak-features.md §4.
 *
 * The matrix is IBSI's symmetric GLCM (texture/glcm.ts#buildGlcm: pairs with both voxels in the ROI, each
 * counted as (a, b) and (b, a)) of ITK's grey bins (binning.ts: float32 edges over [min, max + 1)); p =
 * count / total. ITK indexes the grey levels from 0, which changes the value of the features that depend
 * on i and j themselves, not only on i − j. Where ITK's formula is IBSI's, the feature is texture/glcm.ts's
 * function; the others are ITK's own and live here:
 *
 * | A.K. name | here | IBSI |
 * |---|---|---|
 * | GLCMEnergy | glcmEnergy = texture/glcm.ts#angularSecondMoment | 8ZQL |
 * | Inertia | inertia = texture/glcm.ts#contrast | ACUI |
 * | InverseDifferenceMoment | inverseDifferenceMoment = texture/glcm.ts's | WF0Z |
 * | GLCMEntropy | itkEntropy: skips the cells with p ≤ 1e-4 | TU9B but for the cut |
 * | Correlation | itkCorrelation: divides by σ⁴ | none (NI2N divides by σ²) |
 * | ClusterShade, ClusterProminence | itkClusterShade, itkClusterProminence: IBSI's formula in ITK's arithmetic | 7NFM, AE86 |
 * | HaralickCorrelation | itkHaralickCorrelation: statistics of the marginal probabilities | none |
 */
import * as T from '../texture/glcm';
import type { GlcmStats } from '../texture/glcm';
import type { TextureGrid } from '../texture/neighbourhood';
import { binOf, glcmBins } from './binning';
import { akTextureGrid } from './discretise';
import type { AkRoi } from './roi';

export const GLCM_FEATURES = [
  'GLCMEnergy',
  'GLCMEntropy',
  'Inertia',
  'Correlation',
  'InverseDifferenceMoment',
  'ClusterShade',
  'ClusterProminence',
  'HaralickCorrelation',
] as const;
export type GlcmFeatureName = (typeof GLCM_FEATURES)[number];

/**
 * ITK's GLCM grey level (bin + 1, so 1 … ng) of every voxel of the cropped ROI grid, 0 outside the ROI,
 * for texture/glcm.ts#buildGlcm. Built once, shared by all offsets.
 */
export function itkGlcmGrid(roi: AkRoi, ng: number): TextureGrid {
  const bins = glcmBins(roi.min, roi.max, ng);
  const levels = new Int32Array(roi.values.length);
  let voxelCount = 0;
  for (let n = 0; n < levels.length; n++) {
    if (!roi.inRoi[n]) continue;
    levels[n] = binOf(bins, roi.values[n], false) + 1; // outside the bins: −1 + 1 = 0
    if (levels[n] > 0) voxelCount++;
  }
  return akTextureGrid(roi, levels, ng, voxelCount);
}

/**
 * The IBSI statistics of a normalised GLCM (texture/glcm.ts#glcmStats, 1-based i, j) plus those ITK derives
 * before its feature pass, with ITK's 0-based indices i − 1, j − 1.
 */
export interface ItkGlcmStats extends GlcmStats {
  /** μ = Σ (i − 1)·p over the non-empty cells (ITK's row mean, 0-based). */
  itkMean: number;
  /** σ² = Σ (i − 1 − μ)²·p over the non-empty cells. */
  itkVariance: number;
  /** m = mean of the marginal probabilities px(i) over all Ng bins (Knuth's recurrence, as ITK). */
  marginalMean: number;
  /** s² = population variance of px(i) over all Ng bins. */
  marginalVariance: number;
}

type ItkGlcmFeature = (g: ItkGlcmStats) => number;

/** Statistics of a co-occurrence count matrix; null when it is empty (no pair qualified). */
export function itkGlcmStats(counts: Float64Array, ng: number): ItkGlcmStats | null {
  const s = T.glcmStats(counts, ng);
  if (s === null) return null;
  const { cellI, cellP, pRow } = s;
  let itkMean = 0;
  for (let c = 0; c < cellP.length; c++) itkMean += (cellI[c] - 1) * cellP[c];
  let itkVariance = 0;
  for (let c = 0; c < cellP.length; c++) {
    const d = cellI[c] - 1 - itkMean;
    itkVariance += d * d * cellP[c];
  }
  let marginalMean = pRow[0];
  let marginalDev = 0;
  for (let k = 1; k < ng; k++) {
    const prev = marginalMean;
    marginalMean = prev + (pRow[k] - prev) / (k + 1);
    marginalDev += (pRow[k] - prev) * (pRow[k] - marginalMean);
  }
  return { ...s, itkMean, itkVariance, marginalMean, marginalVariance: marginalDev / ng };
}

/** GLCMEnergy (ITK `Energy`, the angular second moment; IBSI 8ZQL): Σ p². IBSI's formula, reused. */
export const glcmEnergy: ItkGlcmFeature = T.angularSecondMoment;
/** Inertia (ITK's name for the contrast, IBSI ACUI): Σ (i − j)²·p. IBSI's formula, reused. */
export const inertia: ItkGlcmFeature = T.contrast;
/** InverseDifferenceMoment (IBSI WF0Z): Σ p / (1 + (i − j)²). IBSI's formula, reused. */
export const inverseDifferenceMoment: ItkGlcmFeature = T.inverseDifferenceMoment;

/**
 * GLCMEntropy (ITK `Entropy`): −Σ p·log₂p over the cells with p > 1e-4 only. IBSI's joint entropy (TU9B,
 * texture/glcm.ts#jointEntropy) sums every cell; ITK skips the small ones, so its value is lower.
 */
export function itkEntropy(g: ItkGlcmStats): number {
  const log2 = Math.log(2);
  let s = 0;
  for (let c = 0; c < g.cellP.length; c++) {
    const p = g.cellP[c];
    if (p > 0.0001) s -= (p * Math.log(p)) / log2;
  }
  return s;
}

/**
 * Correlation (ITK's): Σ (i − μ)(j − μ)·p / σ⁴, 0-based i, j. ITK 5.2.1 divides by (σ²)², not by σ² as
 * IBSI's correlation (NI2N, texture/glcm.ts#correlation) and Haralick do, so this is not a correlation
 * coefficient; A.K. reports it under this name. σ⁴ ≤ 4.4e-16 (2 machine epsilons) divides by 1 instead.
 */
export function itkCorrelation(g: ItkGlcmStats): number {
  let varianceSquared = g.itkVariance * g.itkVariance;
  if (varianceSquared <= 2 * Number.EPSILON) varianceSquared = 1; // ITK: FloatAlmostEqual(σ⁴, 0, 4 ulps, 2ε)
  const mu = g.itkMean;
  let s = 0;
  for (let c = 0; c < g.cellP.length; c++)
    s += ((g.cellI[c] - 1 - mu) * (g.cellJ[c] - 1 - mu) * g.cellP[c]) / varianceSquared;
  return s;
}

/**
 * ClusterShade (IBSI 7NFM's formula): Σ (i + j − 2μ)³·p, evaluated as ITK does: 0-based i, j and ITK's μ
 * (itkMean, one mean for rows and columns). texture/glcm.ts#clusterShade (1-based, μ_i. + μ_.j) is the
 * same quantity, but the cubes cancel, so the two evaluations differ by up to 6e-12 relative on the bench
 * case; A.K. reports ITK's, and this keeps the arithmetic that matches ITK's fixtures.
 */
export function itkClusterShade(g: ItkGlcmStats): number {
  const mu = g.itkMean;
  let s = 0;
  for (let c = 0; c < g.cellP.length; c++)
    s += Math.pow(g.cellI[c] - 1 - mu + (g.cellJ[c] - 1 - mu), 3) * g.cellP[c];
  return s;
}

/**
 * ClusterProminence (IBSI AE86's formula): Σ (i + j − 2μ)⁴·p, evaluated as ITK does for the reason given
 * at itkClusterShade (texture/glcm.ts#clusterProminence differs by up to 6e-13 relative).
 */
export function itkClusterProminence(g: ItkGlcmStats): number {
  const mu = g.itkMean;
  let s = 0;
  for (let c = 0; c < g.cellP.length; c++)
    s += Math.pow(g.cellI[c] - 1 - mu + (g.cellJ[c] - 1 - mu), 4) * g.cellP[c];
  return s;
}

/**
 * HaralickCorrelation (ITK's): (Σ i·j·p − m²) / s², 0-based i, j, with m and s² the mean and population
 * variance of the marginal probabilities px(i) (not of the grey levels). It is neither Haralick's f3 nor
 * IBSI's correlation (NI2N); A.K. reports ITK's value under this name.
 */
export function itkHaralickCorrelation(g: ItkGlcmStats): number {
  let s = 0;
  for (let c = 0; c < g.cellP.length; c++) s += (g.cellI[c] - 1) * (g.cellJ[c] - 1) * g.cellP[c];
  return (s - g.marginalMean * g.marginalMean) / g.marginalVariance;
}

const GLCM_FUNCTIONS: Record<GlcmFeatureName, ItkGlcmFeature> = {
  GLCMEnergy: glcmEnergy,
  GLCMEntropy: itkEntropy,
  Inertia: inertia,
  Correlation: itkCorrelation,
  InverseDifferenceMoment: inverseDifferenceMoment,
  ClusterShade: itkClusterShade,
  ClusterProminence: itkClusterProminence,
  HaralickCorrelation: itkHaralickCorrelation,
};

/** The 8 features of one GLCM, in GLCM_FEATURES order. An empty matrix gives entropy 0 and NaN otherwise (ITK). */
export function itkGlcmFeatureValues(counts: Float64Array, ng: number): Float64Array {
  const g = itkGlcmStats(counts, ng);
  const out = new Float64Array(GLCM_FEATURES.length);
  GLCM_FEATURES.forEach((name, n) => {
    if (g) out[n] = GLCM_FUNCTIONS[name](g);
    else out[n] = name === 'GLCMEntropy' ? 0 : NaN;
  });
  return out;
}
