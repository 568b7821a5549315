/**
 * The 42 histogram features of the A.K. profile (ak-features.md §8: Radscore Studio's definitions;
 * `Variance` and `stdDeviation` follow ITK's LabelStatisticsImageFilter, n − 1).
 * x = ROI intensities, N = their number, μ = their mean, g = the 64-bin fixed-bin-number level.
 */
import { fixedBinNumber } from './binning';

/** Everything the histogram features read, computed once. */
export interface IntensitySample {
  /** ROI values, ascending. */
  sorted: Float64Array;
  n: number;
  sum: number;
  sumSquares: number;
  mean: number;
  /** Central moments m_k = (1/N)·Σ(x − μ)^k, k = 2, 3, 4, and (1/N)·Σ|x − μ|. */
  m2: number;
  m3: number;
  m4: number;
  meanAbsDeviation: number;
  /** Probability p_g of each discretised level (length = bins). */
  levelProbability: Float64Array;
}

export function intensitySample(values: Float64Array, bins: number): IntensitySample {
  const n = values.length;
  if (n === 0) throw new Error('histogram features need at least one ROI voxel');
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let sumSquares = 0;
  for (let k = 0; k < n; k++) {
    sum += values[k];
    sumSquares += values[k] * values[k];
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let mad = 0;
  for (let k = 0; k < n; k++) {
    const d = values[k] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  const min = sorted[0];
  const max = sorted[n - 1];
  const levelProbability = new Float64Array(bins);
  for (let k = 0; k < n; k++) levelProbability[fixedBinNumber(values[k], min, max, bins) - 1]++;
  for (let g = 0; g < bins; g++) levelProbability[g] /= n;
  return {
    sorted,
    n,
    sum,
    sumSquares,
    mean,
    m2: m2 / n,
    m3: m3 / n,
    m4: m4 / n,
    meanAbsDeviation: mad / n,
    levelProbability,
  };
}

/** FrequencySize: number of non-empty discretised levels g. */
export const frequencySize = (s: IntensitySample): number => s.levelProbability.filter((p) => p > 0).length;
/** MaxIntensity (IBSI 84IY): max x. */
export const maxIntensity = (s: IntensitySample): number => s.sorted[s.n - 1];
/** MinIntensity (IBSI 1GSF): min x. */
export const minIntensity = (s: IntensitySample): number => s.sorted[0];
/** MeanValue (IBSI Q4LE): μ = Σx / N. */
export const meanValue = (s: IntensitySample): number => s.mean;
/** MedianIntensity (IBSI Y12H): the exact sample median (mean of the two middle values for even N). */
export const medianIntensity = (s: IntensitySample): number => percentile(s, 50);
/** MeanDeviation (IBSI 4FUA): (1/N)·Σ|x − μ|. */
export const meanDeviation = (s: IntensitySample): number => s.meanAbsDeviation;
/** RelativeDeviation: stdDeviation / μ. */
export const relativeDeviation = (s: IntensitySample): number => stdDeviation(s) / s.mean;
/** Range (IBSI 2OJQ): max − min. */
export const range = (s: IntensitySample): number => s.sorted[s.n - 1] - s.sorted[0];
/** RMS (IBSI 5ZWQ): √(Σx² / N). */
export const rms = (s: IntensitySample): number => Math.sqrt(s.sumSquares / s.n);
/** Variance (ITK LabelStatisticsImageFilter, n − 1): (Σx² − (Σx)²/N) / (N − 1). */
export const variance = (s: IntensitySample): number => (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
/** stdDeviation (ITK Sigma): √Variance. */
export const stdDeviation = (s: IntensitySample): number => Math.sqrt(variance(s));
/** skewness (IBSI KE2A): m₃ / m₂^{3/2}. */
export const skewness = (s: IntensitySample): number => s.m3 / Math.pow(s.m2, 1.5);
/** kurtosis: m₄ / m₂² (not excess: IBSI IPH6 + 3, PyRadiomics Kurtosis). */
export const kurtosis = (s: IntensitySample): number => s.m4 / (s.m2 * s.m2);
/** uniformity (IBSI BJ5W): Σ p_g². */
export function uniformity(s: IntensitySample): number {
  let u = 0;
  for (const p of s.levelProbability) u += p * p;
  return u;
}
/** histogramEnergy (IBSI N8CA): Σx². */
export const histogramEnergy = (s: IntensitySample): number => s.sumSquares;
/** histogramEntropy (IBSI TLU2): −Σ p_g·log₂p_g over p_g > 0. */
export function histogramEntropy(s: IntensitySample): number {
  let h = 0;
  for (const p of s.levelProbability) if (p > 0) h -= p * Math.log2(p);
  return h;
}
/** VolumeCount: N. */
export const volumeCount = (s: IntensitySample): number => s.n;
/** VoxelValueSum: Σx. */
export const voxelValueSum = (s: IntensitySample): number => s.sum;

/** The P-th percentile, linear between order statistics (Hyndman–Fan type 7, numpy's default). */
export function percentile(s: IntensitySample, p: number): number {
  const h = ((s.n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.n - 1);
  return s.sorted[lo] + (h - lo) * (s.sorted[hi] - s.sorted[lo]);
}

const PERCENTILES = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95];
/** Quantile name suffix → percent (written out so that 0.025 becomes exactly 2.5 %). */
const QUANTILES: readonly [string, number][] = [
  ['0.025', 2.5],
  ['0.25', 25],
  ['0.5', 50],
  ['0.75', 75],
  ['0.975', 97.5],
];

/** IBSI ids of the percentiles that have one (P10 QG58, P90 8DWT). */
const PERCENTILE_IBSI: Record<number, string> = { 10: 'QG58', 90: '8DWT' };

export interface NamedFeature {
  name: string;
  ibsi: string;
  compute: (s: IntensitySample) => number;
}

export const HISTOGRAM_FEATURES: readonly NamedFeature[] = [
  { name: 'FrequencySize', ibsi: '', compute: frequencySize },
  { name: 'MaxIntensity', ibsi: '84IY', compute: maxIntensity },
  { name: 'MinIntensity', ibsi: '1GSF', compute: minIntensity },
  { name: 'MeanValue', ibsi: 'Q4LE', compute: meanValue },
  { name: 'MedianIntensity', ibsi: 'Y12H', compute: medianIntensity },
  { name: 'MeanDeviation', ibsi: '4FUA', compute: meanDeviation },
  { name: 'RelativeDeviation', ibsi: '', compute: relativeDeviation },
  { name: 'Range', ibsi: '2OJQ', compute: range },
  { name: 'RMS', ibsi: '5ZWQ', compute: rms },
  { name: 'Variance', ibsi: '', compute: variance },
  { name: 'stdDeviation', ibsi: '', compute: stdDeviation },
  { name: 'skewness', ibsi: 'KE2A', compute: skewness },
  { name: 'kurtosis', ibsi: '', compute: kurtosis },
  { name: 'uniformity', ibsi: 'BJ5W', compute: uniformity },
  { name: 'histogramEnergy', ibsi: 'N8CA', compute: histogramEnergy },
  { name: 'histogramEntropy', ibsi: 'TLU2', compute: histogramEntropy },
  { name: 'VolumeCount', ibsi: '', compute: volumeCount },
  { name: 'VoxelValueSum', ibsi: '', compute: voxelValueSum },
  ...PERCENTILES.map((p) => ({
    name: `Percentile${p}`,
    ibsi: PERCENTILE_IBSI[p] ?? '',
    compute: (s: IntensitySample) => percentile(s, p),
  })),
  ...QUANTILES.map(([q, p]) => ({
    name: `Quantile${q}`,
    ibsi: p === 50 ? 'Y12H' : '',
    compute: (s: IntensitySample) => percentile(s, p),
  })),
];
