/**
 * Intensity histogram features (IBSI 4.3, family ZVCW), on the discretised grey levels X_d ∈ 1..N_g of the
 * intensity mask. H_i is the number of voxels with grey level i, p_i = H_i / N_v.
 */
import type { FeatureValue } from '../types';
import { describeSorted, type DescriptiveSummary } from './descriptive';

export interface HistogramInput {
  d: DescriptiveSummary;
  /** counts[i − 1] = H_i for i = 1..N_g. */
  counts: Float64Array;
  nVoxels: number;
}

type IhFeature = (h: HistogramInput) => number;

/** Mode (AMMC): the grey level with the highest count (the lowest such level on ties). */
export const mode: IhFeature = (h) => {
  let best = 0;
  for (let i = 1; i < h.counts.length; i++) if (h.counts[i] > h.counts[best]) best = i;
  return best + 1;
};
/** Entropy (TLU2): −Σ p_i log2 p_i. */
export const entropy: IhFeature = (h) => {
  let e = 0;
  for (const c of h.counts) if (c > 0) e -= (c / h.nVoxels) * Math.log2(c / h.nVoxels);
  return e;
};
/** Uniformity (BJ5W): Σ p_i². */
export const uniformity: IhFeature = (h) => {
  let u = 0;
  for (const c of h.counts) u += (c / h.nVoxels) ** 2;
  return u;
};

/** Histogram gradient H′_i: forward difference at i = 1, backward at i = N_g, central elsewhere. */
export function histogramGradient(counts: Float64Array): Float64Array {
  const n = counts.length;
  const g = new Float64Array(n);
  if (n === 1) return g;
  for (let i = 0; i < n; i++) {
    if (i === 0) g[i] = counts[1] - counts[0];
    else if (i === n - 1) g[i] = counts[n - 1] - counts[n - 2];
    else g[i] = (counts[i + 1] - counts[i - 1]) / 2;
  }
  return g;
}

function argExtreme(g: Float64Array, sign: 1 | -1): number {
  let best = 0;
  for (let i = 1; i < g.length; i++) if (sign * g[i] > sign * g[best]) best = i;
  return best;
}
/** Maximum histogram gradient (12CE): max_i H′_i. */
export const maxGradient: IhFeature = (h) =>
  histogramGradient(h.counts)[argExtreme(histogramGradient(h.counts), 1)];
/** Maximum histogram gradient grey level (8E6O): argmax_i H′_i. */
export const maxGradientLevel: IhFeature = (h) => argExtreme(histogramGradient(h.counts), 1) + 1;
/** Minimum histogram gradient (VQB3): min_i H′_i. */
export const minGradient: IhFeature = (h) =>
  histogramGradient(h.counts)[argExtreme(histogramGradient(h.counts), -1)];
/** Minimum histogram gradient grey level (RHQZ): argmin_i H′_i. */
export const minGradientLevel: IhFeature = (h) => argExtreme(histogramGradient(h.counts), -1) + 1;

/**
 * Tag, IBSI id, name, value. The statistics shared with family 4.2 (mean X6K6 … QCoD SLWD) use the same
 * formulas on grey levels. IDs: the manual's newest source mislabels the 10th percentile; GPMT (10th) and
 * OZ0C (90th) are the IDs of the published manual.
 */
const FEATURES: [string, string, string, IhFeature][] = [
  ['ih_mean', 'X6K6', 'Mean discretised intensity', (h) => h.d.mean],
  ['ih_var', 'CH89', 'Discretised intensity variance', (h) => h.d.variance],
  ['ih_skew', '88K1', 'Discretised intensity skewness', (h) => h.d.skewness],
  ['ih_kurt', 'C3I7', '(Excess) discretised intensity kurtosis', (h) => h.d.kurtosis],
  ['ih_median', 'WIFQ', 'Median discretised intensity', (h) => h.d.median],
  ['ih_min', '1PR8', 'Minimum discretised intensity', (h) => h.d.min],
  ['ih_p10', 'GPMT', '10th discretised intensity percentile', (h) => h.d.p10],
  ['ih_p90', 'OZ0C', '90th discretised intensity percentile', (h) => h.d.p90],
  ['ih_max', '3NCY', 'Maximum discretised intensity', (h) => h.d.max],
  ['ih_mode', 'AMMC', 'Intensity histogram mode', mode],
  ['ih_iqr', 'WR0O', 'Discretised intensity interquartile range', (h) => h.d.p75 - h.d.p25],
  ['ih_range', '5Z3W', 'Discretised intensity range', (h) => h.d.max - h.d.min],
  ['ih_mad', 'D2ZX', 'Intensity histogram mean absolute deviation', (h) => h.d.mad],
  ['ih_rmad', 'WRZB', 'Intensity histogram robust mean absolute deviation', (h) => h.d.rmad],
  ['ih_medad', '4RNL', 'Intensity histogram median absolute deviation', (h) => h.d.medad],
  [
    'ih_cov',
    'CWYJ',
    'Intensity histogram coefficient of variation',
    (h) => Math.sqrt(h.d.variance) / h.d.mean,
  ],
  [
    'ih_qcod',
    'SLWD',
    'Intensity histogram quartile coefficient of dispersion',
    (h) => (h.d.p75 - h.d.p25) / (h.d.p75 + h.d.p25),
  ],
  ['ih_entropy', 'TLU2', 'Discretised intensity entropy', entropy],
  ['ih_uniformity', 'BJ5W', 'Discretised intensity uniformity', uniformity],
  ['ih_max_grad', '12CE', 'Maximum histogram gradient', maxGradient],
  ['ih_max_grad_g', '8E6O', 'Maximum histogram gradient intensity', maxGradientLevel],
  ['ih_min_grad', 'VQB3', 'Minimum histogram gradient', minGradient],
  ['ih_min_grad_g', 'RHQZ', 'Minimum histogram gradient intensity', minGradientLevel],
];

/** All intensity-histogram features; `levels` holds the grey level of every ROI voxel (any order). */
export function intensityHistogramFeatures(
  levels: Int32Array | Float64Array,
  nLevels: number,
): FeatureValue[] {
  const sorted = Float64Array.from(levels).sort();
  const counts = new Float64Array(Math.max(nLevels, sorted.length ? sorted[sorted.length - 1] : 1));
  for (const l of sorted) counts[l - 1]++;
  const h: HistogramInput = { d: describeSorted(sorted), counts, nVoxels: sorted.length };
  return FEATURES.map(([tag, id, name, f]) => ({
    name: `Intensity histogram: ${name}`,
    tag,
    ibsi_id: id,
    family: 'intensity_histogram',
    aggregation: 'none',
    value: f(h),
  }));
}
