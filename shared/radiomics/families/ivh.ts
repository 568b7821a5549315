/**
 * Intensity-volume histogram features (IBSI 4.4, family P88C).
 * The ROI intensities take values on a discrete grid v_1 < … < v_N: the integers between the lower and
 * upper bound (no discretisation, e.g. CT in HU), FBS bin centres X_min + (k − ½)w, or FBN levels 1..N_g.
 * Bounds are the re-segmentation range when one is set, else the ROI minimum and maximum.
 * Intensity fraction γ_j = (v_j − v_1)/(v_N − v_1); volume fraction ν_j = fraction of voxels with X ≥ v_j.
 */
import type { Discretisation } from '../settings';
import type { FeatureValue } from '../types';

export interface IvhGrid {
  /** Grid index 0..N−1 of every ROI voxel. */
  index: Int32Array;
  /** Intensity of every grid point v_j. */
  values: Float64Array;
}

export interface IvhHistogram {
  values: Float64Array;
  gamma: Float64Array;
  /** nu[j] = fraction of voxels with grid index ≥ j. */
  nu: Float64Array;
}

export function ivhHistogram(grid: IvhGrid): IvhHistogram {
  const n = grid.values.length;
  const counts = new Float64Array(n);
  for (const j of grid.index) counts[j]++;
  const nu = new Float64Array(n);
  let acc = 0;
  for (let j = n - 1; j >= 0; j--) {
    acc += counts[j];
    nu[j] = acc / grid.index.length;
  }
  const span = grid.values[n - 1] - grid.values[0];
  const gamma = grid.values.map((v) => (span > 0 ? (v - grid.values[0]) / span : 0));
  return { values: grid.values, gamma, nu };
}

/** Volume fraction at intensity fraction x (BC2M): ν at the first grid point with γ ≥ x (0 when none). */
export function volumeAtIntensityFraction(h: IvhHistogram, x: number): number {
  for (let j = 0; j < h.gamma.length; j++) if (h.gamma[j] >= x - 1e-12) return h.nu[j];
  return 0;
}

/** Intensity at volume fraction x (GBPN): the lowest grid intensity whose volume fraction ν ≤ x. */
export function intensityAtVolumeFraction(h: IvhHistogram, x: number): number {
  for (let j = 0; j < h.nu.length; j++) if (h.nu[j] <= x + 1e-12) return h.values[j];
  return h.values[h.values.length - 1];
}

export function ivhFeatures(grid: IvhGrid): FeatureValue[] {
  const h = ivhHistogram(grid);
  const v10 = volumeAtIntensityFraction(h, 0.1);
  const v90 = volumeAtIntensityFraction(h, 0.9);
  const i10 = intensityAtVolumeFraction(h, 0.1);
  const i90 = intensityAtVolumeFraction(h, 0.9);
  const row = (tag: string, id: string, name: string, value: number): FeatureValue => ({
    name: `Intensity-volume histogram: ${name}`,
    tag,
    ibsi_id: id,
    family: 'ivh',
    aggregation: 'none',
    value,
  });
  return [
    row('ivh_v10', 'BC2M', 'Volume fraction at 10% intensity', v10),
    row('ivh_v90', 'BC2M', 'Volume fraction at 90% intensity', v90),
    row('ivh_i10', 'GBPN', 'Intensity at 10% volume', i10),
    row('ivh_i90', 'GBPN', 'Intensity at 90% volume', i90),
    row('ivh_diff_v10_v90', 'DDTU', 'Volume fraction difference between 10% and 90% intensity', v10 - v90),
    row('ivh_diff_i10_i90', 'CNV2', 'Intensity difference between 10% and 90% volume', i10 - i90),
  ];
}

/**
 * Places ROI intensities on the IVH grid for a discretisation (null = none when the intensities are integers,
 * else 1000 fixed bins as the manual suggests for continuous intensities).
 * `range` is the re-segmentation range; its finite ends bound the grid.
 */
export function ivhGrid(
  values: Float64Array,
  method: Discretisation | null,
  range: [number | null, number | null] | null,
): IvhGrid {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (!Number.isInteger(v)) integers = false;
  }
  const m: Discretisation = method ?? (integers ? { method: 'none' } : { method: 'fbn', bins: 1000 });
  const lo = range?.[0] ?? min;
  const hi = range?.[1] ?? max;
  const index = new Int32Array(values.length);
  if (m.method === 'none') {
    if (!integers)
      throw new Error('IVH without discretisation needs integer intensities; set discretisation.ivh');
    const start = Math.ceil(lo);
    const n = Math.floor(hi) - start + 1;
    values.forEach((v, k) => (index[k] = v - start));
    return { index, values: Float64Array.from({ length: n }, (_, j) => start + j) };
  }
  if (m.method === 'fbs') {
    const start = m.min ?? lo;
    const n = Math.max(1, Math.ceil((hi - start) / m.width - 1e-9));
    values.forEach((v, k) => (index[k] = Math.min(n - 1, Math.floor((v - start) / m.width + 1e-9))));
    return { index, values: Float64Array.from({ length: n }, (_, j) => start + (j + 0.5) * m.width) };
  }
  const ng = m.bins;
  values.forEach(
    (v, k) => (index[k] = max > min ? Math.min(ng - 1, Math.floor((ng * (v - min)) / (max - min))) : 0),
  );
  return { index, values: Float64Array.from({ length: ng }, (_, j) => j + 1) };
}
