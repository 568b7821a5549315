/**
 * Intensity-based statistical features (IBSI 4.2, family UHIW), on the raw intensities X_gl of the
 * intensity mask (N_v voxels).
 */
import type { FeatureValue } from '../types';
import { describeSorted, type DescriptiveSummary } from './descriptive';

type Stat = (d: DescriptiveSummary, x: Float64Array) => number;

/** Mean (Q4LE): μ = (1/N_v) Σ X_k. */
export const mean: Stat = (d) => d.mean;
/** Variance (ECT3): (1/N_v) Σ (X_k − μ)². */
export const variance: Stat = (d) => d.variance;
/** Skewness (KE2A): m3 / m2^{3/2}; 0 when the variance is 0. */
export const skewness: Stat = (d) => d.skewness;
/** Excess kurtosis (IPH6): m4 / m2² − 3; 0 when the variance is 0. */
export const kurtosis: Stat = (d) => d.kurtosis;
/** Median (Y12H). */
export const median: Stat = (d) => d.median;
/** Minimum (1GSF). */
export const minimum: Stat = (d) => d.min;
/** 10th percentile (QG58). */
export const percentile10: Stat = (d) => d.p10;
/** 90th percentile (8DWT). */
export const percentile90: Stat = (d) => d.p90;
/** Maximum (84IY). */
export const maximum: Stat = (d) => d.max;
/** Interquartile range (SALO): P75 − P25. */
export const interquartileRange: Stat = (d) => d.p75 - d.p25;
/** Range (2OJQ): max − min. */
export const range: Stat = (d) => d.max - d.min;
/** Mean absolute deviation (4FUA): (1/N_v) Σ |X_k − μ|. */
export const meanAbsoluteDeviation: Stat = (d) => d.mad;
/** Robust mean absolute deviation (1128): MAD over the voxels with P10 ≤ X ≤ P90, about their own mean. */
export const robustMeanAbsoluteDeviation: Stat = (d) => d.rmad;
/** Median absolute deviation (N72L): (1/N_v) Σ |X_k − median|. */
export const medianAbsoluteDeviation: Stat = (d) => d.medad;
/** Coefficient of variation (7TET): σ / μ. */
export const coefficientOfVariation: Stat = (d) => Math.sqrt(d.variance) / d.mean;
/** Quartile coefficient of dispersion (9S40): (P75 − P25) / (P75 + P25). */
export const quartileCoefficientOfDispersion: Stat = (d) => (d.p75 - d.p25) / (d.p75 + d.p25);
/** Energy (N8CA): Σ X_k². */
export const energy: Stat = (_d, x) => x.reduce((s, v) => s + v * v, 0);
/** Root mean square (5ZWQ): √(Σ X_k² / N_v). */
export const rootMeanSquare: Stat = (_d, x) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

const FEATURES: [string, string, string, Stat][] = [
  ['stat_mean', 'Q4LE', 'Mean', mean],
  ['stat_var', 'ECT3', 'Variance', variance],
  ['stat_skew', 'KE2A', 'Skewness', skewness],
  ['stat_kurt', 'IPH6', '(Excess) kurtosis', kurtosis],
  ['stat_median', 'Y12H', 'Median', median],
  ['stat_min', '1GSF', 'Minimum', minimum],
  ['stat_p10', 'QG58', '10th percentile', percentile10],
  ['stat_p90', '8DWT', '90th percentile', percentile90],
  ['stat_max', '84IY', 'Maximum', maximum],
  ['stat_iqr', 'SALO', 'Interquartile range', interquartileRange],
  ['stat_range', '2OJQ', 'Range', range],
  ['stat_mad', '4FUA', 'Mean absolute deviation', meanAbsoluteDeviation],
  ['stat_rmad', '1128', 'Robust mean absolute deviation', robustMeanAbsoluteDeviation],
  ['stat_medad', 'N72L', 'Median absolute deviation', medianAbsoluteDeviation],
  ['stat_cov', '7TET', 'Coefficient of variation', coefficientOfVariation],
  ['stat_qcod', '9S40', 'Quartile coefficient of dispersion', quartileCoefficientOfDispersion],
  ['stat_energy', 'N8CA', 'Energy', energy],
  ['stat_rms', '5ZWQ', 'Root mean square', rootMeanSquare],
];

/** All intensity statistics of the sorted ROI intensities. */
export function statisticsFeatures(sortedIntensities: Float64Array): FeatureValue[] {
  const d = describeSorted(sortedIntensities);
  return FEATURES.map(([tag, id, name, f]) => ({
    name: `Statistics: ${name}`,
    tag,
    ibsi_id: id,
    family: 'statistics',
    aggregation: 'none',
    value: f(d, sortedIntensities),
  }));
}
