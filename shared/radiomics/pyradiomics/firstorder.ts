/**
 * PyRadiomics first-order features (radiomics/firstorder.py). X: the N intensities inside the ROI; c: the
 * voxelArrayShift setting (0 by default) added in Energy, TotalEnergy and RMS; p_i: the fraction of voxels in
 * grey level i of the PyRadiomics discretisation. Percentiles interpolate linearly (numpy). Variance, skewness
 * and kurtosis use population moments; kurtosis is not excess kurtosis. IBSI ids where the definition agrees.
 */
import { percentileSorted } from '../families/descriptive';

export interface FirstOrderInput {
  /** ROI intensities, ascending. */
  sorted: Float64Array;
  /** Voxel count per grey level (index level − 1). */
  levelCounts: Float64Array;
  voxelVolume: number;
  voxelArrayShift: number;
}

interface Derived {
  x: Float64Array;
  n: number;
  mean: number;
  m2: number;
  m3: number;
  m4: number;
  shiftedSquares: number;
  c: number;
  input: FirstOrderInput;
}

type FirstOrderFeature = (d: Derived) => number;

function derive(input: FirstOrderInput): Derived {
  const x = input.sorted;
  const n = x.length;
  if (n === 0) throw new Error('first-order features need a non-empty ROI');
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / n;
  let m2 = 0,
    m3 = 0,
    m4 = 0,
    sq = 0;
  for (const v of x) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
    sq += (v + input.voxelArrayShift) ** 2;
  }
  return {
    x,
    n,
    mean,
    m2: m2 / n,
    m3: m3 / n,
    m4: m4 / n,
    shiftedSquares: sq,
    c: input.voxelArrayShift,
    input,
  };
}

const pct = (d: Derived, p: number): number => percentileSorted(d.x, p);

/** Energy: Σ (X(i) + c)². */
export const energy: FirstOrderFeature = (d) => d.shiftedSquares;
/** TotalEnergy: V_voxel Σ (X(i) + c)². */
export const totalEnergy: FirstOrderFeature = (d) => d.input.voxelVolume * d.shiftedSquares;
/** Entropy: −Σ p_i log₂(p_i + ε) over grey levels, ε = machine epsilon. */
export const entropy: FirstOrderFeature = (d) => {
  let h = 0;
  for (const c of d.input.levelCounts)
    if (c > 0) {
      const p = c / d.n;
      h -= p * Math.log2(p + Number.EPSILON);
    }
  return h;
};
/** Minimum (1GSF). */
export const minimum: FirstOrderFeature = (d) => d.x[0];
/** 10Percentile (QG58). */
export const percentile10: FirstOrderFeature = (d) => pct(d, 10);
/** 90Percentile (8DWT). */
export const percentile90: FirstOrderFeature = (d) => pct(d, 90);
/** Maximum (84IY). */
export const maximum: FirstOrderFeature = (d) => d.x[d.n - 1];
/** Mean (Q4LE): (1/N) Σ X(i). */
export const mean: FirstOrderFeature = (d) => d.mean;
/** Median (Y12H). */
export const median: FirstOrderFeature = (d) => pct(d, 50);
/** InterquartileRange (SALO): P75 − P25. */
export const interquartileRange: FirstOrderFeature = (d) => pct(d, 75) - pct(d, 25);
/** Range (2OJQ): max − min. */
export const range: FirstOrderFeature = (d) => d.x[d.n - 1] - d.x[0];
/** MeanAbsoluteDeviation (4FUA): (1/N) Σ |X(i) − X̄|. */
export const meanAbsoluteDeviation: FirstOrderFeature = (d) => {
  let s = 0;
  for (const v of d.x) s += Math.abs(v - d.mean);
  return s / d.n;
};
/** RobustMeanAbsoluteDeviation (1128): mean |X − X̄₁₀₋₉₀| over the voxels with P10 ≤ X ≤ P90. */
export const robustMeanAbsoluteDeviation: FirstOrderFeature = (d) => {
  const lo = pct(d, 10);
  const hi = pct(d, 90);
  let s = 0,
    n = 0;
  for (const v of d.x)
    if (v >= lo && v <= hi) {
      s += v;
      n++;
    }
  const m = s / n;
  let a = 0;
  for (const v of d.x) if (v >= lo && v <= hi) a += Math.abs(v - m);
  return a / n;
};
/** RootMeanSquared: √((1/N) Σ (X(i) + c)²). */
export const rootMeanSquared: FirstOrderFeature = (d) => Math.sqrt(d.shiftedSquares / d.n);
/** Skewness (KE2A): μ₃ / μ₂^{3/2}; 0 for a flat region. */
export const skewness: FirstOrderFeature = (d) => (d.m2 === 0 ? 0 : d.m3 / d.m2 ** 1.5);
/** Kurtosis: μ₄ / μ₂² (IBSI IPH6 is this minus 3); 0 for a flat region. */
export const kurtosis: FirstOrderFeature = (d) => (d.m2 === 0 ? 0 : d.m4 / d.m2 ** 2);
/** Variance (ECT3): (1/N) Σ (X(i) − X̄)². */
export const variance: FirstOrderFeature = (d) => d.m2;
/** Uniformity (BJ5W on grey levels): Σ p_i². */
export const uniformity: FirstOrderFeature = (d) => {
  let u = 0;
  for (const c of d.input.levelCounts) u += (c / d.n) ** 2;
  return u;
};

/** PyRadiomics' enabled-by-default first-order features (StandardDeviation is deprecated there). */
export const FIRSTORDER_FEATURES: readonly [string, string, FirstOrderFeature][] = [
  ['Energy', '', energy],
  ['TotalEnergy', '', totalEnergy],
  ['Entropy', '', entropy],
  ['Minimum', '1GSF', minimum],
  ['10Percentile', 'QG58', percentile10],
  ['90Percentile', '8DWT', percentile90],
  ['Maximum', '84IY', maximum],
  ['Mean', 'Q4LE', mean],
  ['Median', 'Y12H', median],
  ['InterquartileRange', 'SALO', interquartileRange],
  ['Range', '2OJQ', range],
  ['MeanAbsoluteDeviation', '4FUA', meanAbsoluteDeviation],
  ['RobustMeanAbsoluteDeviation', '1128', robustMeanAbsoluteDeviation],
  ['RootMeanSquared', '', rootMeanSquared],
  ['Skewness', 'KE2A', skewness],
  ['Kurtosis', '', kurtosis],
  ['Variance', 'ECT3', variance],
  ['Uniformity', 'BJ5W', uniformity],
];

/** name → value for every first-order feature. */
export function firstOrderValues(input: FirstOrderInput): Map<string, number> {
  const d = derive(input);
  return new Map(FIRSTORDER_FEATURES.map(([name, , f]) => [name, f(d)]));
}
