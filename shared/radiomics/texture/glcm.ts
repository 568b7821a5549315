/**
 * Grey level co-occurrence matrix (GLCM) features, IBSI 1 §3.6 (family LFYI).
 *
 * P(i, j) counts voxel pairs at offset δ·direction with grey levels i and j, both voxels in the ROI; IBSI
 * uses the symmetric matrix (pairs counted in both orders). p = P / ΣP. Notation below: p_i. and p_.j the
 * row and column marginals, μ_i. = Σ i p_i., σ_i.² = Σ (i − μ_i.)² p_i., p_{x+y}(k) = Σ_{i+j=k} p_ij,
 * p_{x−y}(k) = Σ_{|i−j|=k} p_ij, Ng the number of grey levels of the discretisation.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { aggregateDirectional, DIRECTIONAL_AGGREGATIONS } from './aggregation';
import { evaluateFeatures, resolveAggregations, type FeatureDefinition } from './featureTable';
import {
  checkDistance,
  prepareTextureGrid,
  scaleOffset,
  type Offset,
  type TextureGrid,
} from './neighbourhood';

export interface GlcmBuildOptions {
  /** Count each pair in both orders (IBSI, PyRadiomics `symmetricalGLCM`). */
  symmetric: boolean;
  /** Only pairs within axial slice k (offset must be in-plane); all slices when absent. */
  slice?: number;
  /** Matrix to add the counts to (Ng² values); a new one when absent. */
  into?: Float64Array;
}

/**
 * Co-occurrence counts for one offset: result[(i − 1)·Ng + (j − 1)] = number of ROI voxels at level i whose
 * neighbour at `offset` is in the ROI with level j (plus the reverse pairs when symmetric).
 */
export function buildGlcm(grid: TextureGrid, offset: Offset, options: GlcmBuildOptions): Float64Array {
  const { nx, ny, nz, levels, nLevels: ng } = grid;
  const m = options.into ?? new Float64Array(ng * ng);
  if (m.length !== ng * ng) throw new Error(`buildGlcm: matrix has ${m.length} cells, expected ${ng}²`);
  const [di, dj, dk] = offset;
  let kFrom = 0,
    kTo = nz;
  if (options.slice !== undefined) {
    if (dk !== 0) throw new Error(`buildGlcm: offset (${offset.join(', ')}) leaves the slice`);
    kFrom = options.slice;
    kTo = options.slice + 1;
  }
  // Restrict loops so the neighbour is always inside the grid.
  const iFrom = Math.max(0, -di),
    iTo = Math.min(nx, nx - di);
  const jFrom = Math.max(0, -dj),
    jTo = Math.min(ny, ny - dj);
  kFrom = Math.max(kFrom, -dk);
  kTo = Math.min(kTo, nz - dk);
  const step = di + nx * (dj + ny * dk);
  const symmetric = options.symmetric;
  const shift = ng + 1; // cell (i − 1)·Ng + (j − 1) = i·Ng + j − (Ng + 1)
  for (let k = kFrom; k < kTo; k++)
    for (let j = jFrom; j < jTo; j++) {
      const row = nx * (j + ny * k);
      for (let v = row + iFrom, end = row + iTo; v < end; v++) {
        const a = levels[v];
        if (a === 0) continue;
        const b = levels[v + step];
        if (b === 0) continue;
        m[a * ng + b - shift]++;
        if (symmetric) m[b * ng + a - shift]++;
      }
    }
  return m;
}

/** Quantities every GLCM feature is computed from (one normalised matrix). */
export interface GlcmStats {
  ng: number;
  /** Normalised matrix p_ij, index (i − 1)·Ng + (j − 1). */
  p: Float64Array;
  pRow: Float64Array;
  pCol: Float64Array;
  /** p_{x+y}(k) at index k (2..2Ng). */
  pSum: Float64Array;
  /** p_{x−y}(k) at index k (0..Ng−1). */
  pDiff: Float64Array;
  muRow: number;
  muCol: number;
  sigmaRow: number;
  sigmaCol: number;
  /** The non-zero cells (row i, column j, p_ij): the sums below run over these only. */
  cellI: Int32Array;
  cellJ: Int32Array;
  cellP: Float64Array;
}

/** Statistics of a co-occurrence count matrix; null when it holds no pair. */
export function glcmStats(counts: Float64Array, ng: number): GlcmStats | null {
  // Empty cells add nothing to a sum, so both passes skip them (most of a 64-level matrix is empty).
  let total = 0;
  let occupied = 0;
  for (let c = 0; c < counts.length; c++) {
    const v = counts[c];
    if (v === 0) continue;
    total += v;
    occupied++;
  }
  if (total === 0) return null;
  const p = new Float64Array(ng * ng);
  const pRow = new Float64Array(ng);
  const pCol = new Float64Array(ng);
  const pSum = new Float64Array(2 * ng + 1);
  const pDiff = new Float64Array(ng);
  let cellI = new Int32Array(occupied),
    cellJ = new Int32Array(occupied),
    cellP = new Float64Array(occupied);
  let e = 0;
  for (let i = 1, c = 0; i <= ng; i++)
    for (let j = 1; j <= ng; j++, c++) {
      if (counts[c] === 0) continue;
      const v = counts[c] / total;
      p[c] = v;
      pRow[i - 1] += v;
      pCol[j - 1] += v;
      pSum[i + j] += v;
      pDiff[i > j ? i - j : j - i] += v;
      if (v > 0) {
        cellI[e] = i;
        cellJ[e] = j;
        cellP[e++] = v;
      }
    }
  if (e < occupied) {
    cellI = cellI.subarray(0, e);
    cellJ = cellJ.subarray(0, e);
    cellP = cellP.subarray(0, e);
  }
  let muRow = 0,
    muCol = 0;
  for (let i = 1; i <= ng; i++) {
    muRow += i * pRow[i - 1];
    muCol += i * pCol[i - 1];
  }
  let varRow = 0,
    varCol = 0;
  for (let i = 1; i <= ng; i++) {
    varRow += (i - muRow) ** 2 * pRow[i - 1];
    varCol += (i - muCol) ** 2 * pCol[i - 1];
  }
  return {
    ng,
    p,
    pRow,
    pCol,
    pSum,
    pDiff,
    muRow,
    muCol,
    sigmaRow: Math.sqrt(varRow),
    sigmaCol: Math.sqrt(varCol),
    cellI,
    cellJ,
    cellP,
  };
}

/** Σ_i Σ_j f(i, j) p_ij over non-zero cells. */
function sumOverCells(s: GlcmStats, f: (i: number, j: number, pij: number) => number): number {
  const { cellI, cellJ, cellP } = s;
  let acc = 0;
  for (let e = 0; e < cellP.length; e++) acc += f(cellI[e], cellJ[e], cellP[e]);
  return acc;
}

function entropyOf(probabilities: Float64Array): number {
  let h = 0;
  for (const v of probabilities) if (v > 0) h -= v * Math.log2(v);
  return h;
}

/** Joint maximum (GYBY): F = max p_ij. */
export function jointMaximum(s: GlcmStats): number {
  let m = 0;
  for (const v of s.p) if (v > m) m = v;
  return m;
}

/** Joint average (60VM): F = Σ_i Σ_j i p_ij. */
export function jointAverage(s: GlcmStats): number {
  return sumOverCells(s, (i, _j, p) => i * p);
}

/** Joint variance (UR99): F = Σ_i Σ_j (i − μ)² p_ij, μ = joint average. */
export function jointVariance(s: GlcmStats): number {
  const mu = jointAverage(s);
  return sumOverCells(s, (i, _j, p) => (i - mu) ** 2 * p);
}

/** Joint entropy (TU9B): F = −Σ_i Σ_j p_ij log₂ p_ij. */
export function jointEntropy(s: GlcmStats): number {
  return entropyOf(s.p);
}

/** Difference average (TF7R): F = Σ_k k p_{x−y}(k). */
export function differenceAverage(s: GlcmStats): number {
  let acc = 0;
  for (let k = 0; k < s.pDiff.length; k++) acc += k * s.pDiff[k];
  return acc;
}

/** Difference variance (D3YU): F = Σ_k (k − μ)² p_{x−y}(k), μ = difference average. */
export function differenceVariance(s: GlcmStats): number {
  const mu = differenceAverage(s);
  let acc = 0;
  for (let k = 0; k < s.pDiff.length; k++) acc += (k - mu) ** 2 * s.pDiff[k];
  return acc;
}

/** Difference entropy (NTRS): F = −Σ_k p_{x−y}(k) log₂ p_{x−y}(k). */
export function differenceEntropy(s: GlcmStats): number {
  return entropyOf(s.pDiff);
}

/** Sum average (ZGXS): F = Σ_k k p_{x+y}(k). */
export function sumAverage(s: GlcmStats): number {
  let acc = 0;
  for (let k = 2; k < s.pSum.length; k++) acc += k * s.pSum[k];
  return acc;
}

/** Sum variance (OEEB): F = Σ_k (k − μ)² p_{x+y}(k), μ = sum average. */
export function sumVariance(s: GlcmStats): number {
  const mu = sumAverage(s);
  let acc = 0;
  for (let k = 2; k < s.pSum.length; k++) acc += (k - mu) ** 2 * s.pSum[k];
  return acc;
}

/** Sum entropy (P6QZ): F = −Σ_k p_{x+y}(k) log₂ p_{x+y}(k). */
export function sumEntropy(s: GlcmStats): number {
  return entropyOf(s.pSum);
}

/** Angular second moment / energy (8ZQL): F = Σ_i Σ_j p_ij². */
export function angularSecondMoment(s: GlcmStats): number {
  return sumOverCells(s, (_i, _j, p) => p * p);
}

/** Contrast (ACUI): F = Σ_i Σ_j (i − j)² p_ij. */
export function contrast(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => (i - j) ** 2 * p);
}

/** Dissimilarity (8S9J): F = Σ_i Σ_j |i − j| p_ij. */
export function dissimilarity(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => Math.abs(i - j) * p);
}

/** Inverse difference (IB1Z): F = Σ_i Σ_j p_ij / (1 + |i − j|). */
export function inverseDifference(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => p / (1 + Math.abs(i - j)));
}

/** Normalised inverse difference (NDRX): F = Σ_i Σ_j p_ij / (1 + |i − j| / Ng). */
export function normalisedInverseDifference(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => p / (1 + Math.abs(i - j) / s.ng));
}

/** Inverse difference moment (WF0Z): F = Σ_i Σ_j p_ij / (1 + (i − j)²). */
export function inverseDifferenceMoment(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => p / (1 + (i - j) ** 2));
}

/** Normalised inverse difference moment (1QCO): F = Σ_i Σ_j p_ij / (1 + (i − j)² / Ng²). */
export function normalisedInverseDifferenceMoment(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => p / (1 + (i - j) ** 2 / (s.ng * s.ng)));
}

/** Inverse variance (E8JP): F = Σ_{i≠j} p_ij / (i − j)² = 2 Σ_{i>j} p_ij / (i − j)² for a symmetric matrix. */
export function inverseVariance(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => (i === j ? 0 : p / (i - j) ** 2));
}

/**
 * Correlation (NI2N): F = (Σ_i Σ_j i j p_ij − μ_i. μ_.j) / (σ_i. σ_.j), the correlation coefficient of the two
 * grey levels of a pair (Haralick's f3). A single grey level (σ = 0) gives 1, as in MIRP and PyRadiomics.
 * The A.K. profile's `Correlation` is a different quantity, ITK's (ak/glcm.ts#itkCorrelation, ÷ σ⁴).
 */
export function correlation(s: GlcmStats): number {
  if (s.sigmaRow === 0 || s.sigmaCol === 0) return 1;
  return (autocorrelation(s) - s.muRow * s.muCol) / (s.sigmaRow * s.sigmaCol);
}

/** Autocorrelation (QWB0): F = Σ_i Σ_j i j p_ij. */
export function autocorrelation(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => i * j * p);
}

/** Cluster tendency (DG8W): F = Σ_i Σ_j (i + j − μ_i. − μ_.j)² p_ij. */
export function clusterTendency(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => (i + j - s.muRow - s.muCol) ** 2 * p);
}

/** Cluster shade (7NFM): F = Σ_i Σ_j (i + j − μ_i. − μ_.j)³ p_ij. */
export function clusterShade(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => (i + j - s.muRow - s.muCol) ** 3 * p);
}

/** Cluster prominence (AE86): F = Σ_i Σ_j (i + j − μ_i. − μ_.j)⁴ p_ij. */
export function clusterProminence(s: GlcmStats): number {
  return sumOverCells(s, (i, j, p) => (i + j - s.muRow - s.muCol) ** 4 * p);
}

/** HXY1 = −Σ_i Σ_j p_ij log₂(p_i. p_.j). */
function entropyHxy1(s: GlcmStats): number {
  return -sumOverCells(s, (i, j, p) => p * Math.log2(s.pRow[i - 1] * s.pCol[j - 1]));
}

/** HXY2 = −Σ_i Σ_j p_i. p_.j log₂(p_i. p_.j). */
function entropyHxy2(s: GlcmStats): number {
  let h = 0;
  for (const a of s.pRow) if (a > 0) for (const b of s.pCol) if (b > 0) h -= a * b * Math.log2(a * b);
  return h;
}

/**
 * Information correlation 1 (R8DG): F = (HXY − HXY1) / HX, HXY = joint entropy, HX = −Σ_i p_i. log₂ p_i.
 * A single grey level (HX = 0) gives 0, as in PyRadiomics.
 */
export function informationCorrelation1(s: GlcmStats): number {
  const hx = entropyOf(s.pRow);
  if (hx === 0) return 0;
  return (jointEntropy(s) - entropyHxy1(s)) / hx;
}

/** Information correlation 2 (JN9H): F = √(1 − exp(−2 (HXY2 − HXY))); 0 when HXY2 < HXY by rounding. */
export function informationCorrelation2(s: GlcmStats): number {
  const d = entropyHxy2(s) - jointEntropy(s);
  return d <= 0 ? 0 : Math.sqrt(1 - Math.exp(-2 * d));
}

export const GLCM_FEATURES: readonly FeatureDefinition<GlcmStats>[] = [
  { key: 'cm_joint_max', ibsiId: 'GYBY', compute: jointMaximum },
  { key: 'cm_joint_avg', ibsiId: '60VM', compute: jointAverage },
  { key: 'cm_joint_var', ibsiId: 'UR99', compute: jointVariance },
  { key: 'cm_joint_entr', ibsiId: 'TU9B', compute: jointEntropy },
  { key: 'cm_diff_avg', ibsiId: 'TF7R', compute: differenceAverage },
  { key: 'cm_diff_var', ibsiId: 'D3YU', compute: differenceVariance },
  { key: 'cm_diff_entr', ibsiId: 'NTRS', compute: differenceEntropy },
  { key: 'cm_sum_avg', ibsiId: 'ZGXS', compute: sumAverage },
  { key: 'cm_sum_var', ibsiId: 'OEEB', compute: sumVariance },
  { key: 'cm_sum_entr', ibsiId: 'P6QZ', compute: sumEntropy },
  { key: 'cm_energy', ibsiId: '8ZQL', compute: angularSecondMoment },
  { key: 'cm_contrast', ibsiId: 'ACUI', compute: contrast },
  { key: 'cm_dissimilarity', ibsiId: '8S9J', compute: dissimilarity },
  { key: 'cm_inv_diff', ibsiId: 'IB1Z', compute: inverseDifference },
  { key: 'cm_inv_diff_norm', ibsiId: 'NDRX', compute: normalisedInverseDifference },
  { key: 'cm_inv_diff_mom', ibsiId: 'WF0Z', compute: inverseDifferenceMoment },
  { key: 'cm_inv_diff_mom_norm', ibsiId: '1QCO', compute: normalisedInverseDifferenceMoment },
  { key: 'cm_inv_var', ibsiId: 'E8JP', compute: inverseVariance },
  { key: 'cm_corr', ibsiId: 'NI2N', compute: correlation },
  { key: 'cm_auto_corr', ibsiId: 'QWB0', compute: autocorrelation },
  { key: 'cm_clust_tend', ibsiId: 'DG8W', compute: clusterTendency },
  { key: 'cm_clust_shade', ibsiId: '7NFM', compute: clusterShade },
  { key: 'cm_clust_prom', ibsiId: 'AE86', compute: clusterProminence },
  { key: 'cm_info_corr1', ibsiId: 'R8DG', compute: informationCorrelation1 },
  { key: 'cm_info_corr2', ibsiId: 'JN9H', compute: informationCorrelation2 },
];

/** All 25 features of one count matrix; NaN for every feature when the matrix is empty. */
export function glcmFeatureValues(counts: Float64Array, ng: number): Float64Array {
  const s = glcmStats(counts, ng);
  return s === null ? new Float64Array(GLCM_FEATURES.length).fill(NaN) : evaluateFeatures(GLCM_FEATURES, s);
}

export const GLCM_AGGREGATIONS = DIRECTIONAL_AGGREGATIONS;

export interface GlcmOptions {
  /** Chebyshev distance δ in voxels (IBSI default 1). */
  distance: number;
  /** Aggregation methods to compute; all six when absent. */
  aggregations?: readonly Aggregation[];
}

/** Cell-wise sum of two count matrices, as a new matrix. */
export function addGlcms(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let c = 0; c < a.length; c++) out[c] = a[c] + b[c];
  return out;
}

/**
 * IBSI GLCM features (symmetric matrices at distance δ) in the requested aggregation methods:
 * 2D_avg (BTW3) features per slice and direction, averaged; 2D_comb (SUJT) directions merged per slice,
 * averaged over slices; 2_5D_avg (JJUI) slices merged per direction, averaged over directions; 2_5D_comb (ZW7Z)
 * everything merged; 3D_avg (ITBB) 13 volumetric matrices, averaged; 3D_comb (IAZD) the 13 merged.
 */
export function glcmFeatures(roi: DiscretisedRoi, options: GlcmOptions): FeatureValue[] {
  return glcmFeaturesOfGrid(prepareTextureGrid(roi), options);
}

/** The same on a prepared grid (prepare once when computing several families). */
export function glcmFeaturesOfGrid(grid: TextureGrid, options: GlcmOptions): FeatureValue[] {
  checkDistance(options.distance);
  const aggregations = resolveAggregations('GLCM', GLCM_AGGREGATIONS, options.aggregations);
  const ng = grid.nLevels;
  return aggregateDirectional(
    grid,
    {
      family: 'glcm',
      definitions: GLCM_FEATURES,
      stats: (m: Float64Array) => glcmStats(m, ng),
      merge: addGlcms,
    },
    aggregations,
    (direction, slice) =>
      buildGlcm(grid, scaleOffset(direction, options.distance), { symmetric: true, slice }),
  );
}
