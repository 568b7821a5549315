/**
 * PyRadiomics GLCM features (radiomics/glcm.py): one symmetric co-occurrence matrix per angle (13 in 3D and 4
 * in-plane with force2D at distance 1; every offset at each Chebyshev distance, see angles.ts), normalised to p(i,j); every feature is computed per
 * angle and the angles averaged (weightingNorm none) — IBSI "3D/2.5D averaged". i, j are grey levels of the
 * PyRadiomics discretisation, Ng the highest level present, p_x/p_y the marginals, μ_x = Σ i p_x(i),
 * σ_x² = Σ (i − μ_x)² p_x(i), p_{x+y}(k) = Σ_{i+j=k} p, p_{x−y}(k) = Σ_{|i−j|=k} p, HX = −Σ p_x log₂ p_x,
 * HXY = −Σ p log₂ p, HXY1 = −Σ p log₂(p_x p_y), HXY2 = −Σ p_x p_y log₂(p_x p_y).
 * Most are the IBSI formulas (texture/glcm.ts), reused; PyRadiomics' own: MCC, entropies with +ε inside the
 * logarithm, and its σ = 0 conventions.
 */
import * as T from '../texture/glcm';
import type { GlcmStats } from '../texture/glcm';
import { buildGlcm } from '../texture/glcm';
import type { Vec3 } from '../../image/volume';
import type { Offset, TextureGrid } from '../texture/neighbourhood';
import { glcmWeight, type WeightingNorm } from './weighting';

type GlcmFeature = (s: GlcmStats) => number;

/** PyRadiomics' entropy: −Σ p log₂(p + ε), ε = machine epsilon (so one certain outcome gives −3.2·10⁻¹⁶, not 0). */
export function entropyEps(p: ArrayLike<number>): number {
  let h = 0;
  for (let n = 0; n < p.length; n++) if (p[n] > 0) h -= p[n] * Math.log2(p[n] + Number.EPSILON);
  return h;
}

/** HXY1 = −Σ p(i,j) log₂(p_x(i) p_y(j) + ε). */
function hxy1(s: GlcmStats): number {
  let h = 0;
  for (let e = 0; e < s.cellP.length; e++)
    h -= s.cellP[e] * Math.log2(s.pRow[s.cellI[e] - 1] * s.pCol[s.cellJ[e] - 1] + Number.EPSILON);
  return h;
}

/** HXY2 = −Σ p_x(i) p_y(j) log₂(p_x(i) p_y(j) + ε). */
function hxy2(s: GlcmStats): number {
  let h = 0;
  for (const a of s.pRow)
    if (a > 0) for (const b of s.pCol) if (b > 0) h -= a * b * Math.log2(a * b + Number.EPSILON);
  return h;
}

/** Autocorrelation (QWB0): Σ i j p(i,j). */
export const autocorrelation: GlcmFeature = T.autocorrelation;
/** JointAverage (60VM): μ_x. */
export const jointAverage: GlcmFeature = T.jointAverage;
/** ClusterProminence (AE86): Σ (i + j − μ_x − μ_y)⁴ p. */
export const clusterProminence: GlcmFeature = T.clusterProminence;
/** ClusterShade (7NFM): Σ (i + j − μ_x − μ_y)³ p. */
export const clusterShade: GlcmFeature = T.clusterShade;
/** ClusterTendency (DG8W): Σ (i + j − μ_x − μ_y)² p. */
export const clusterTendency: GlcmFeature = T.clusterTendency;
/** Contrast (ACUI): Σ (i − j)² p. */
export const contrast: GlcmFeature = T.contrast;
/**
 * Correlation (NI2N): Σ (i − μ_x)(j − μ_y) p / (σ_x σ_y); 1 when σ_x σ_y = 0 (flat region), as PyRadiomics.
 * IBSI's correlation (texture/glcm.ts#correlation, (Σ i j p − μ_x μ_y) / (σ_x σ_y)) in the centred form
 * PyRadiomics sums (radiomics/glcm.py getCorrelationFeatureValue): near 0 the expanded form loses digits to
 * cancellation, and this profile reproduces PyRadiomics' values.
 */
export const correlation: GlcmFeature = (s) => {
  const d = s.sigmaRow * s.sigmaCol;
  if (d === 0) return 1;
  let acc = 0;
  for (let e = 0; e < s.cellP.length; e++)
    acc += (s.cellI[e] - s.muRow) * (s.cellJ[e] - s.muCol) * s.cellP[e];
  return acc / d;
};
/** DifferenceAverage (TF7R): Σ k p_{x−y}(k). */
export const differenceAverage: GlcmFeature = T.differenceAverage;
/** DifferenceEntropy (NTRS): −Σ p_{x−y}(k) log₂(p_{x−y}(k) + ε). */
export const differenceEntropy: GlcmFeature = (s) => entropyEps(s.pDiff);
/** DifferenceVariance (D3YU): Σ (k − DA)² p_{x−y}(k). */
export const differenceVariance: GlcmFeature = T.differenceVariance;
/** JointEnergy (8ZQL): Σ p². */
export const jointEnergy: GlcmFeature = T.angularSecondMoment;
/** JointEntropy (TU9B): HXY = −Σ p log₂(p + ε). */
export const jointEntropy: GlcmFeature = (s) => entropyEps(s.cellP);
/** Imc1 (R8DG): (HXY − HXY1) / max(HX, HY); 0 when HX = HY = 0. */
export const imc1: GlcmFeature = (s) => {
  const div = Math.max(entropyEps(s.pRow), entropyEps(s.pCol));
  return div === 0 ? 0 : (entropyEps(s.cellP) - hxy1(s)) / div;
};
/** Imc2 (JN9H): √(1 − e^{−2 (HXY2 − HXY)}); 0 when HXY2 ≤ HXY. */
export const imc2: GlcmFeature = (s) => {
  const d = hxy2(s) - entropyEps(s.cellP);
  return d <= 0 ? 0 : Math.sqrt(1 - Math.exp(-2 * d));
};
/** Idm (WF0Z): Σ p_{x−y}(k) / (1 + k²). */
export const idm: GlcmFeature = T.inverseDifferenceMoment;
/** Idmn (1QCO): Σ p_{x−y}(k) / (1 + k²/Ng²). */
export const idmn: GlcmFeature = T.normalisedInverseDifferenceMoment;
/** Id (IB1Z): Σ p_{x−y}(k) / (1 + k). */
export const id: GlcmFeature = T.inverseDifference;
/** Idn (NDRX): Σ p_{x−y}(k) / (1 + k/Ng). */
export const idn: GlcmFeature = T.normalisedInverseDifference;
/** InverseVariance (E8JP): Σ_{k≥1} p_{x−y}(k) / k². */
export const inverseVariance: GlcmFeature = T.inverseVariance;
/** MaximumProbability (GYBY): max p. */
export const maximumProbability: GlcmFeature = T.jointMaximum;
/** SumAverage (ZGXS): Σ k p_{x+y}(k). */
export const sumAverage: GlcmFeature = T.sumAverage;
/** SumEntropy (P6QZ): −Σ p_{x+y}(k) log₂(p_{x+y}(k) + ε). */
export const sumEntropy: GlcmFeature = (s) => entropyEps(s.pSum);
/** SumSquares (UR99, joint variance): Σ (i − μ_x)² p. */
export const sumSquares: GlcmFeature = T.jointVariance;

/**
 * MCC (maximal correlation coefficient): √(second largest eigenvalue of Q), Q(i,j) = Σ_k p(i,k) p(j,k) /
 * (p_x(i) p_y(k)). Q is similar to the symmetric S = D_x^{−½} P D_y^{−1} Pᵀ D_x^{−½}, whose eigenvalues
 * Jacobi rotations find; levels with p_x = 0 only add zero eigenvalues. 1 for a single grey level.
 */
export const mcc: GlcmFeature = (s) => {
  const ng = s.ng;
  const present: number[] = [];
  for (let i = 0; i < ng; i++) if (s.pRow[i] > 0) present.push(i);
  const n = present.length;
  if (n < 2) return 1;
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let c = r; c < n; c++) {
      const i = present[r];
      const j = present[c];
      let acc = 0;
      for (let k = 0; k < ng; k++) {
        const py = s.pCol[k];
        if (py > 0) acc += (s.p[i * ng + k] * s.p[j * ng + k]) / py;
      }
      const v = acc / Math.sqrt(s.pRow[i] * s.pRow[j]);
      a[r * n + c] = v;
      a[c * n + r] = v;
    }
  const eig = jacobiEigenvalues(a, n).sort((x, y) => y - x);
  return Math.sqrt(Math.max(eig[1], 0));
};

/** Eigenvalues of a symmetric n×n matrix (row-major, overwritten) by cyclic Jacobi rotations. */
export function jacobiEigenvalues(a: Float64Array, n: number): number[] {
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p] ** 2;
      for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
      }
  }
  return Array.from({ length: n }, (_, p) => a[p * n + p]);
}

export const GLCM_FEATURES: readonly [string, string, GlcmFeature][] = [
  ['Autocorrelation', 'QWB0', autocorrelation],
  ['JointAverage', '60VM', jointAverage],
  ['ClusterProminence', 'AE86', clusterProminence],
  ['ClusterShade', '7NFM', clusterShade],
  ['ClusterTendency', 'DG8W', clusterTendency],
  ['Contrast', 'ACUI', contrast],
  ['Correlation', 'NI2N', correlation],
  ['DifferenceAverage', 'TF7R', differenceAverage],
  ['DifferenceEntropy', 'NTRS', differenceEntropy],
  ['DifferenceVariance', 'D3YU', differenceVariance],
  ['JointEnergy', '8ZQL', jointEnergy],
  ['JointEntropy', 'TU9B', jointEntropy],
  ['Imc1', 'R8DG', imc1],
  ['Imc2', 'JN9H', imc2],
  ['Idm', 'WF0Z', idm],
  ['Idmn', '1QCO', idmn],
  ['Id', 'IB1Z', id],
  ['Idn', 'NDRX', idn],
  ['InverseVariance', 'E8JP', inverseVariance],
  ['MaximumProbability', 'GYBY', maximumProbability],
  ['SumAverage', 'ZGXS', sumAverage],
  ['SumEntropy', 'P6QZ', sumEntropy],
  ['SumSquares', 'UR99', sumSquares],
  ['MCC', '', mcc],
];

/**
 * Features over the angles (angles.ts) that hold at least one pair: averaged per feature, or — with a
 * weighting norm — computed once on the weighted sum of the angle matrices.
 */
export function glcmValues(
  grid: TextureGrid,
  offsets: readonly Offset[],
  weighting?: { norm: WeightingNorm; spacing: Vec3 },
): Map<string, number> {
  const sums = new Float64Array(GLCM_FEATURES.length);
  let angles = 0;
  const combined = weighting ? new Float64Array(grid.nLevels * grid.nLevels) : null;
  for (const offset of offsets) {
    const counts = buildGlcm(grid, offset, { symmetric: true });
    if (combined && weighting) {
      const w = glcmWeight(offset, weighting.spacing, weighting.norm);
      for (let c = 0; c < counts.length; c++) combined[c] += w * counts[c];
      continue;
    }
    const stats = T.glcmStats(counts, grid.nLevels);
    if (!stats) continue;
    angles++;
    GLCM_FEATURES.forEach(([, , f], n) => (sums[n] += f(stats)));
  }
  if (combined) {
    const stats = T.glcmStats(combined, grid.nLevels);
    return new Map(GLCM_FEATURES.map(([name, , f]) => [name, stats ? f(stats) : NaN]));
  }
  return new Map(GLCM_FEATURES.map(([name], n) => [name, angles ? sums[n] / angles : NaN]));
}
