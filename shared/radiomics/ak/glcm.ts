/**
 * GLCM of the A.K. profile, exactly as ITK 5.2.1 computes it (`ScalarImageToCooccurrenceMatrixFilter`,
 * `HistogramToTextureFeaturesFilter`), ak-features.md §4.
 *
 * The matrix is symmetric (each pair counted as (a, b) and (b, a)); p = count / total; indices i, j are
 * 0-based. μ and σ² are the row statistics; m and s² the mean and population variance of the marginal
 * probabilities px(i) over all Ng bins.
 */
import { binOf, glcmBins } from './binning';
import type { Offset } from './directions';
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

/** Grey bin (0-based) of every voxel of the cropped ROI grid; −1 outside the ROI. Shared by all offsets. */
export function glcmBinImage(roi: AkRoi, ng: number): Int32Array {
  const bins = glcmBins(roi.min, roi.max, ng);
  const out = new Int32Array(roi.values.length).fill(-1);
  for (let n = 0; n < out.length; n++) {
    if (roi.inRoi[n]) out[n] = binOf(bins, roi.values[n], false);
  }
  return out;
}

/**
 * Pair counts for one offset o: every (c, c + o) with both voxels in the ROI adds 1 to (bin c, bin c+o)
 * and 1 to (bin c+o, bin c). Voxels outside the cropped box are outside the ROI, so cropping is exact.
 */
export function cooccurrence(
  binImage: Int32Array,
  size: readonly number[],
  offset: Offset,
  ng: number,
): Float64Array {
  const [nx, ny, nz] = size;
  const [ox, oy, oz] = offset;
  const counts = new Float64Array(ng * ng);
  const x0 = Math.max(0, -ox);
  const x1 = Math.min(nx, nx - ox);
  const y0 = Math.max(0, -oy);
  const y1 = Math.min(ny, ny - oy);
  const z0 = Math.max(0, -oz);
  const z1 = Math.min(nz, nz - oz);
  const step = ox + nx * (oy + ny * oz);
  for (let z = z0; z < z1; z++) {
    for (let y = y0; y < y1; y++) {
      const row = nx * (y + ny * z);
      for (let x = x0; x < x1; x++) {
        const a = binImage[row + x];
        if (a < 0) continue;
        const b = binImage[row + x + step];
        if (b < 0) continue;
        counts[a * ng + b]++;
        counts[b * ng + a]++;
      }
    }
  }
  return counts;
}

/** The non-empty cells of a normalised GLCM and the statistics ITK derives before its feature pass. */
export interface GlcmCells {
  i: Int32Array;
  j: Int32Array;
  p: Float64Array;
  /** μ = Σ i·p (0-based i). */
  mean: number;
  /** σ² = Σ (i − μ)²·p. */
  variance: number;
  /** m = mean of px(i) over all Ng bins (Knuth's recurrence, as ITK). */
  marginalMean: number;
  /** s² = population variance of px(i) over all Ng bins. */
  marginalVariance: number;
}

/** Normalises the counts; null when the matrix is empty (no pair qualified). */
export function glcmCells(counts: Float64Array, ng: number): GlcmCells | null {
  let total = 0;
  let nonZero = 0;
  for (let n = 0; n < counts.length; n++) {
    if (counts[n] > 0) {
      total += counts[n];
      nonZero++;
    }
  }
  if (total === 0) return null;
  const i = new Int32Array(nonZero);
  const j = new Int32Array(nonZero);
  const p = new Float64Array(nonZero);
  const marginal = new Float64Array(ng);
  let mean = 0;
  for (let n = 0, c = 0; n < counts.length; n++) {
    if (!(counts[n] > 0)) continue;
    const row = Math.floor(n / ng);
    const freq = counts[n] / total;
    i[c] = row;
    j[c] = n - row * ng;
    p[c] = freq;
    mean += row * freq;
    marginal[row] += freq;
    c++;
  }
  let marginalMean = marginal[0];
  let marginalDev = 0;
  for (let k = 1; k < ng; k++) {
    const prev = marginalMean;
    marginalMean = prev + (marginal[k] - prev) / (k + 1);
    marginalDev += (marginal[k] - prev) * (marginal[k] - marginalMean);
  }
  let variance = 0;
  for (let c = 0; c < nonZero; c++) variance += (i[c] - mean) * (i[c] - mean) * p[c];
  return { i, j, p, mean, variance, marginalMean, marginalVariance: marginalDev / ng };
}

/** GLCMEnergy (ITK `Energy`, the angular second moment; IBSI 8ZQL formula): Σ p². */
export function glcmEnergy(g: GlcmCells): number {
  let s = 0;
  for (let c = 0; c < g.p.length; c++) s += g.p[c] * g.p[c];
  return s;
}

/** GLCMEntropy (ITK `Entropy`; IBSI TU9B but with ITK's cut): −Σ p·log₂p over the cells with p > 1e-4 only. */
export function glcmEntropy(g: GlcmCells): number {
  const log2 = Math.log(2);
  let s = 0;
  for (let c = 0; c < g.p.length; c++) {
    const p = g.p[c];
    if (p > 0.0001) s -= (p * Math.log(p)) / log2;
  }
  return s;
}

/**
 * Correlation (ITK's, no IBSI equivalent): Σ (i − μ)(j − μ)·p / σ⁴ — divided by (σ²)², not σ², as
 * ITK 5.2.1 does; σ⁴ ≤ 4.4e-16 (machine epsilon) divides by 1 instead.
 */
export function glcmCorrelation(g: GlcmCells): number {
  let varianceSquared = g.variance * g.variance;
  if (varianceSquared <= 2 * Number.EPSILON) varianceSquared = 1; // ITK: FloatAlmostEqual(σ⁴, 0, 4 ulps, 2ε)
  let s = 0;
  for (let c = 0; c < g.p.length; c++)
    s += ((g.i[c] - g.mean) * (g.j[c] - g.mean) * g.p[c]) / varianceSquared;
  return s;
}

/** InverseDifferenceMoment (IBSI WF0Z): Σ p / (1 + (i − j)²). */
export function glcmInverseDifferenceMoment(g: GlcmCells): number {
  let s = 0;
  for (let c = 0; c < g.p.length; c++) {
    const d = g.i[c] - g.j[c];
    s += g.p[c] / (1 + d * d);
  }
  return s;
}

/** Inertia (the contrast, IBSI ACUI): Σ (i − j)²·p. */
export function glcmInertia(g: GlcmCells): number {
  let s = 0;
  for (let c = 0; c < g.p.length; c++) {
    const d = g.i[c] - g.j[c];
    s += d * d * g.p[c];
  }
  return s;
}

/** ClusterShade (IBSI 7NFM): Σ (i + j − 2μ)³·p. */
export function glcmClusterShade(g: GlcmCells): number {
  let s = 0;
  for (let c = 0; c < g.p.length; c++) s += Math.pow(g.i[c] - g.mean + (g.j[c] - g.mean), 3) * g.p[c];
  return s;
}

/** ClusterProminence (IBSI AE86): Σ (i + j − 2μ)⁴·p. */
export function glcmClusterProminence(g: GlcmCells): number {
  let s = 0;
  for (let c = 0; c < g.p.length; c++) s += Math.pow(g.i[c] - g.mean + (g.j[c] - g.mean), 4) * g.p[c];
  return s;
}

/**
 * HaralickCorrelation (ITK's; not Haralick's f3, no IBSI equivalent): (Σ i·j·p − m²) / s², with m and s²
 * the mean and population variance of the marginal probabilities, 0-based indices.
 */
export function glcmHaralickCorrelation(g: GlcmCells): number {
  let s = 0;
  for (let c = 0; c < g.p.length; c++) s += g.i[c] * g.j[c] * g.p[c];
  return (s - g.marginalMean * g.marginalMean) / g.marginalVariance;
}

const GLCM_FUNCTIONS: Record<GlcmFeatureName, (g: GlcmCells) => number> = {
  GLCMEnergy: glcmEnergy,
  GLCMEntropy: glcmEntropy,
  Inertia: glcmInertia,
  Correlation: glcmCorrelation,
  InverseDifferenceMoment: glcmInverseDifferenceMoment,
  ClusterShade: glcmClusterShade,
  ClusterProminence: glcmClusterProminence,
  HaralickCorrelation: glcmHaralickCorrelation,
};

/** The 8 features of one GLCM, in GLCM_FEATURES order. An empty matrix gives entropy 0 and NaN otherwise (ITK). */
export function glcmFeatureValues(counts: Float64Array, ng: number): Float64Array {
  const g = glcmCells(counts, ng);
  const out = new Float64Array(GLCM_FEATURES.length);
  GLCM_FEATURES.forEach((name, n) => {
    if (g) out[n] = GLCM_FUNCTIONS[name](g);
    else out[n] = name === 'GLCMEntropy' ? 0 : NaN;
  });
  return out;
}
