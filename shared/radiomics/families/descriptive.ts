/**
 * Descriptive statistics shared by the intensity-statistics and intensity-histogram families (IBSI 4.2 and
 * 4.3 define the same formulas, on raw intensities and on grey levels respectively).
 */

/** Percentile with linear interpolation between order statistics (numpy's default, as the IBSI reference uses). */
export function percentileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface Moments {
  n: number;
  mean: number;
  /** Central moments m2, m3, m4 (population). */
  m2: number;
  m3: number;
  m4: number;
}

export function moments(x: Float64Array): Moments {
  const n = x.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += x[k];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let k = 0; k < n; k++) {
    const d = x[k] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { n, mean, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Summary shared by both families; `x` must be sorted ascending. */
export interface DescriptiveSummary {
  mean: number;
  variance: number;
  skewness: number;
  kurtosis: number;
  median: number;
  min: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
  max: number;
  mad: number;
  rmad: number;
  medad: number;
}

export function describeSorted(x: Float64Array): DescriptiveSummary {
  const m = moments(x);
  const median = percentileSorted(x, 50);
  const p10 = percentileSorted(x, 10);
  const p90 = percentileSorted(x, 90);
  let mad = 0;
  let medad = 0;
  let robustSum = 0;
  let robustN = 0;
  for (let k = 0; k < x.length; k++) {
    mad += Math.abs(x[k] - m.mean);
    medad += Math.abs(x[k] - median);
    if (x[k] >= p10 && x[k] <= p90) {
      robustSum += x[k];
      robustN++;
    }
  }
  const robustMean = robustSum / robustN;
  let rmad = 0;
  for (let k = 0; k < x.length; k++) if (x[k] >= p10 && x[k] <= p90) rmad += Math.abs(x[k] - robustMean);
  return {
    mean: m.mean,
    variance: m.m2,
    skewness: m.m2 === 0 ? 0 : m.m3 / Math.pow(m.m2, 1.5),
    kurtosis: m.m2 === 0 ? 0 : m.m4 / (m.m2 * m.m2) - 3,
    median,
    min: x[0],
    p10,
    p25: percentileSorted(x, 25),
    p75: percentileSorted(x, 75),
    p90,
    max: x[x.length - 1],
    mad: mad / x.length,
    rmad: rmad / robustN,
    medad: medad / x.length,
  };
}

/** Values of `data` inside `mask`, sorted ascending. */
export function maskedSorted(data: ArrayLike<number>, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) n++;
  const out = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) out[m++] = data[k];
  return out.sort();
}
