/**
 * Neighbourhood grey tone difference matrix (NGTDM) features, IBSI 1 §3.10 (family IPET).
 *
 * For every ROI voxel of level i, Ā is the mean grey level of its neighbours within Chebyshev distance δ
 * (in-plane for 2D/2.5D) that are in the ROI; voxels without such a neighbour are left out. n_i counts the
 * voxels of level i kept, s_i = Σ |i − Ā| over them, N_v = Σ n_i, p_i = n_i / N_v, N_g,p = number of levels
 * with p_i > 0. Double sums run over level pairs with p_i1 > 0 and p_i2 > 0.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { aggregateSliceVolume, SLICE_VOLUME_AGGREGATIONS } from './aggregation';
import { resolveAggregations, type FeatureDefinition } from './featureTable';
import {
  chebyshevNeighbourhood,
  checkDistance,
  isInterior,
  offsetTable,
  prepareTextureGrid,
  type Dimensionality,
  type Offset,
  type TextureGrid,
} from './neighbourhood';

/** The NGTDM: per grey level i (index i − 1), the voxel count n_i and the sum of differences s_i. */
export interface Ngtdm {
  nLevels: number;
  n: Float64Array;
  s: Float64Array;
}

export interface NgtdmBuildOptions {
  /** Chebyshev radius δ of the neighbourhood. */
  distance: number;
  /** '2D': neighbours within the voxel's slice; '3D': the cube. */
  dim: Dimensionality;
  /** Only voxels of axial slice k (requires dim '2D'); all voxels when absent. */
  slice?: number;
  /** Neighbour offsets instead of the Chebyshev cube of radius `distance` (e.g. PyRadiomics' angle set). */
  offsets?: readonly Offset[];
}

/** Builds the NGTDM; no allocation per voxel. */
export function buildNgtdm(grid: TextureGrid, options: NgtdmBuildOptions): Ngtdm {
  checkDistance(options.distance);
  if (options.slice !== undefined && options.dim !== '2D')
    throw new Error('buildNgtdm: a single slice needs dim 2D');
  const { nx, ny, nz, levels, nLevels } = grid;
  const t = offsetTable(options.offsets ?? chebyshevNeighbourhood(options.distance, options.dim), nx, ny);
  const inPlane = options.dim === '2D';
  const n = new Float64Array(nLevels);
  const s = new Float64Array(nLevels);
  const kFrom = options.slice ?? 0;
  const kTo = options.slice === undefined ? nz : options.slice + 1;
  for (let k = kFrom; k < kTo; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        const g = levels[v];
        if (g === 0) continue;
        let sum = 0;
        let count = 0;
        const interior = isInterior(t, grid, i, j, k, inPlane);
        for (let o = 0; o < t.count; o++) {
          if (!interior) {
            const a = i + t.di[o],
              b = j + t.dj[o],
              c = k + t.dk[o];
            if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
          }
          const h = levels[v + t.step[o]];
          if (h === 0) continue;
          sum += h;
          count++;
        }
        if (count === 0) continue;
        n[g - 1]++;
        s[g - 1] += Math.abs(g - sum / count);
      }
  return { nLevels, n, s };
}

/** Merged NGTDM (counts and differences add up), as a new matrix. */
export function addNgtdms(a: Ngtdm, b: Ngtdm): Ngtdm {
  return { nLevels: a.nLevels, n: a.n.map((v, i) => v + b.n[i]), s: a.s.map((v, i) => v + b.s[i]) };
}

/** What the NGTDM features read. */
export interface NgtdmStats {
  /** Grey levels present (p_i > 0) and their p_i and s_i. */
  levels: Int32Array;
  p: Float64Array;
  s: Float64Array;
  /** N_v */
  voxels: number;
}

export function ngtdmStats(m: Ngtdm): NgtdmStats | null {
  let voxels = 0;
  for (const v of m.n) voxels += v;
  if (voxels === 0) return null;
  const present: number[] = [];
  m.n.forEach((v, i) => v > 0 && present.push(i + 1));
  return {
    levels: Int32Array.from(present),
    p: Float64Array.from(present, (i) => m.n[i - 1] / voxels),
    s: Float64Array.from(present, (i) => m.s[i - 1]),
    voxels,
  };
}

function sumOf(a: Float64Array): number {
  let t = 0;
  for (const v of a) t += v;
  return t;
}

/** Σ_i p_i s_i */
function weightedDifference(st: NgtdmStats): number {
  let t = 0;
  for (let a = 0; a < st.p.length; a++) t += st.p[a] * st.s[a];
  return t;
}

/** Coarseness (QCDE): F = 1 / Σ_i p_i s_i; 10⁶ when the sum is 0 (IBSI). */
export function coarseness(st: NgtdmStats): number {
  const w = weightedDifference(st);
  return w === 0 ? 1e6 : 1 / w;
}

/**
 * Contrast (65HE): F = [1/(N_g,p (N_g,p − 1)) Σ_i1 Σ_i2 p_i1 p_i2 (i1 − i2)²] · [(1/N_v) Σ_i s_i];
 * 0 for a single grey level.
 */
export function contrast(st: NgtdmStats): number {
  const ngp = st.levels.length;
  if (ngp < 2) return 0;
  let t = 0;
  for (let a = 0; a < ngp; a++)
    for (let b = 0; b < ngp; b++) t += st.p[a] * st.p[b] * (st.levels[a] - st.levels[b]) ** 2;
  return (t / (ngp * (ngp - 1))) * (sumOf(st.s) / st.voxels);
}

/** Busyness (NQ30): F = Σ_i p_i s_i / Σ_i1 Σ_i2 |i1 p_i1 − i2 p_i2|; 0 when the denominator is 0. */
export function busyness(st: NgtdmStats): number {
  let d = 0;
  for (let a = 0; a < st.p.length; a++)
    for (let b = 0; b < st.p.length; b++) d += Math.abs(st.levels[a] * st.p[a] - st.levels[b] * st.p[b]);
  return d === 0 ? 0 : weightedDifference(st) / d;
}

/** Complexity (HDEZ): F = (1/N_v) Σ_i1 Σ_i2 |i1 − i2| (p_i1 s_i1 + p_i2 s_i2) / (p_i1 + p_i2). */
export function complexity(st: NgtdmStats): number {
  let t = 0;
  for (let a = 0; a < st.p.length; a++)
    for (let b = 0; b < st.p.length; b++)
      t +=
        (Math.abs(st.levels[a] - st.levels[b]) * (st.p[a] * st.s[a] + st.p[b] * st.s[b])) /
        (st.p[a] + st.p[b]);
  return t / st.voxels;
}

/** Strength (1X9X): F = Σ_i1 Σ_i2 (p_i1 + p_i2)(i1 − i2)² / Σ_i s_i; 0 when Σ s_i = 0. */
export function strength(st: NgtdmStats): number {
  const total = sumOf(st.s);
  if (total === 0) return 0;
  let t = 0;
  for (let a = 0; a < st.p.length; a++)
    for (let b = 0; b < st.p.length; b++) t += (st.p[a] + st.p[b]) * (st.levels[a] - st.levels[b]) ** 2;
  return t / total;
}

export const NGTDM_FEATURES: readonly FeatureDefinition<NgtdmStats>[] = [
  { key: 'ngt_coarseness', ibsiId: 'QCDE', compute: coarseness },
  { key: 'ngt_contrast', ibsiId: '65HE', compute: contrast },
  { key: 'ngt_busyness', ibsiId: 'NQ30', compute: busyness },
  { key: 'ngt_complexity', ibsiId: 'HDEZ', compute: complexity },
  { key: 'ngt_strength', ibsiId: '1X9X', compute: strength },
];

export const NGTDM_AGGREGATIONS = SLICE_VOLUME_AGGREGATIONS;

export interface NgtdmOptions {
  /** Chebyshev distance δ (IBSI default 1). */
  distance: number;
  aggregations?: readonly Aggregation[];
}

/** IBSI NGTDM features in the requested aggregation methods: 2D (8QNN), 2_5D (62GR), 3D (KOBO). */
export function ngtdmFeatures(roi: DiscretisedRoi, options: NgtdmOptions): FeatureValue[] {
  return ngtdmFeaturesOfGrid(prepareTextureGrid(roi), options);
}

/** The same on a prepared grid (prepare once when computing several families). */
export function ngtdmFeaturesOfGrid(grid: TextureGrid, options: NgtdmOptions): FeatureValue[] {
  checkDistance(options.distance);
  const aggregations = resolveAggregations('NGTDM', NGTDM_AGGREGATIONS, options.aggregations);
  return aggregateSliceVolume(
    grid,
    { family: 'ngtdm', definitions: NGTDM_FEATURES, stats: ngtdmStats, merge: addNgtdms },
    aggregations,
    (slice) =>
      buildNgtdm(
        grid,
        slice === undefined
          ? { distance: options.distance, dim: '3D' }
          : { distance: options.distance, dim: '2D', slice },
      ),
  );
}
