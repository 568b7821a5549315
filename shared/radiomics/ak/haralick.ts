/**
 * Haralick features of the A.K. profile (ak-features.md §8, IBSI 3D averaged): for each of ITK's 13
 * directions at distance 1, a symmetric GLCM of the fixed-bin levels (pairs with both voxels in the ROI),
 * normalised to p with 1-based grey levels i, j; the value is the mean over the non-empty directions
 * (NaN if all are empty). p₊(k) = Σ_{i+j=k} p, p₋(k) = Σ_{|i−j|=k} p; log₂, 0·log 0 = 0, no cut.
 * Equal to PyRadiomics `glcm` with binCount 64.
 */
import { ITK13_DIRECTIONS } from './directions';
import { cooccurrence } from './glcm';

/** One normalised GLCM with its sum and difference distributions. */
export interface HaralickMatrix {
  i: Float64Array;
  j: Float64Array;
  p: Float64Array;
  /** pSum[k] for k = i + j (index 0 … 2·Ng), pDiff[k] for k = |i − j|. */
  pSum: Float64Array;
  pDiff: Float64Array;
}

function haralickMatrix(counts: Float64Array, ng: number): HaralickMatrix | null {
  let total = 0;
  let nonZero = 0;
  for (const c of counts) {
    if (c > 0) {
      total += c;
      nonZero++;
    }
  }
  if (total === 0) return null;
  const m: HaralickMatrix = {
    i: new Float64Array(nonZero),
    j: new Float64Array(nonZero),
    p: new Float64Array(nonZero),
    pSum: new Float64Array(2 * ng + 1),
    pDiff: new Float64Array(ng),
  };
  for (let n = 0, c = 0; n < counts.length; n++) {
    if (!(counts[n] > 0)) continue;
    const a = Math.floor(n / ng) + 1;
    const b = n - (a - 1) * ng + 1;
    const p = counts[n] / total;
    m.i[c] = a;
    m.j[c] = b;
    m.p[c] = p;
    m.pSum[a + b] += p;
    m.pDiff[Math.abs(a - b)] += p;
    c++;
  }
  return m;
}

function entropy(p: Float64Array): number {
  let h = 0;
  for (const v of p) if (v > 0) h -= v * Math.log2(v);
  return h;
}

function distributionMean(p: Float64Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += k * p[k];
  return s;
}

function distributionVariance(p: Float64Array): number {
  const mu = distributionMean(p);
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (k - mu) * (k - mu) * p[k];
  return s;
}

/** AngularSecondMoment (IBSI 8ZQL): Σ p². */
export function angularSecondMoment(m: HaralickMatrix): number {
  let s = 0;
  for (const p of m.p) s += p * p;
  return s;
}
/** HaraEntroy (joint entropy, IBSI TU9B): −Σ p·log₂p. */
export const haraEntropy = (m: HaralickMatrix): number => entropy(m.p);
/** HaraVariance (sum of squares, IBSI UR99): Σ (i − μ)²·p, μ = Σ i·p. */
export function haraVariance(m: HaralickMatrix): number {
  let mu = 0;
  for (let c = 0; c < m.p.length; c++) mu += m.i[c] * m.p[c];
  let s = 0;
  for (let c = 0; c < m.p.length; c++) s += (m.i[c] - mu) * (m.i[c] - mu) * m.p[c];
  return s;
}
/** contrast (IBSI ACUI): Σ (i − j)²·p. */
export function contrast(m: HaralickMatrix): number {
  let s = 0;
  for (let c = 0; c < m.p.length; c++) s += (m.i[c] - m.j[c]) * (m.i[c] - m.j[c]) * m.p[c];
  return s;
}
/** differenceEntropy (IBSI NTRS): −Σ p₋·log₂p₋. */
export const differenceEntropy = (m: HaralickMatrix): number => entropy(m.pDiff);
/** differenceVariance (IBSI D3YU): Σ (k − μ₋)²·p₋, μ₋ = Σ k·p₋. */
export const differenceVariance = (m: HaralickMatrix): number => distributionVariance(m.pDiff);
/** inverseDifferenceMoment (IBSI WF0Z): Σ p / (1 + (i − j)²). */
export function inverseDifferenceMoment(m: HaralickMatrix): number {
  let s = 0;
  for (let c = 0; c < m.p.length; c++) s += m.p[c] / (1 + (m.i[c] - m.j[c]) * (m.i[c] - m.j[c]));
  return s;
}
/** sumAverage (IBSI ZGXS): Σ k·p₊. */
export const sumAverage = (m: HaralickMatrix): number => distributionMean(m.pSum);
/** sumEntropy (IBSI P6QZ): −Σ p₊·log₂p₊. */
export const sumEntropy = (m: HaralickMatrix): number => entropy(m.pSum);
/** sumVariance (cluster tendency, IBSI OEEB): Σ (k − sumAverage)²·p₊. */
export const sumVariance = (m: HaralickMatrix): number => distributionVariance(m.pSum);

export const HARALICK_FEATURES: readonly {
  name: string;
  ibsi: string;
  compute: (m: HaralickMatrix) => number;
}[] = [
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

/** The 10 Haralick values (HARALICK_FEATURES order), each the mean over the non-empty directions. */
export function haralickValues(levels: Int32Array, size: readonly number[], bins: number): Float64Array {
  const zeroBased = new Int32Array(levels.length);
  for (let n = 0; n < levels.length; n++) zeroBased[n] = levels[n] - 1;
  const sums = new Float64Array(HARALICK_FEATURES.length);
  let used = 0;
  for (const direction of ITK13_DIRECTIONS) {
    const m = haralickMatrix(cooccurrence(zeroBased, size, direction, bins), bins);
    if (!m) continue;
    used++;
    HARALICK_FEATURES.forEach((f, k) => (sums[k] += f.compute(m)));
  }
  return sums.map((s) => (used > 0 ? s / used : NaN));
}
