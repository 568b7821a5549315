/**
 * PyRadiomics' discretisation (imageoperations.getBinEdges + numpy.digitize), reproduced edge for edge:
 * - binWidth w: edges start at the largest multiple of w ≤ the ROI minimum (min − (min mod w)) and step by w,
 *   so bin edges sit on multiples of w whatever the ROI; a grey level is the number of edges ≤ x.
 * - binCount n: numpy.histogram's n equal bins between the ROI min and max, the last edge raised by 1 so the
 *   maximum falls into bin n.
 * Ng is the highest grey level in the ROI (PyRadiomics' coefficients['Ng']); levels between may be empty.
 */

export type PyradiomicsBinning = { binWidth: number } | { binCount: number };

/** Bin edges for the ROI values, as PyRadiomics computes them. */
export function binEdges(values: ArrayLike<number>, binning: PyradiomicsBinning): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < values.length; n++) {
    if (values[n] < min) min = values[n];
    if (values[n] > max) max = values[n];
  }
  if (min === Infinity) throw new Error('cannot discretise an empty ROI');
  if ('binCount' in binning) {
    const count = binning.binCount;
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`binCount must be a positive integer, got ${count}`);
    let lo = min;
    let hi = max;
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    // numpy.linspace: start + i·step, the last edge exactly `stop`
    const step = (hi - lo) / count;
    const edges = Float64Array.from({ length: count + 1 }, (_, i) => lo + i * step);
    edges[count] = hi + 1;
    return edges;
  }
  const w = binning.binWidth;
  if (!(w > 0)) throw new Error(`binWidth must be positive, got ${w}`);
  const low = min - (((min % w) + w) % w); // Python's modulo has the divisor's sign
  const high = max + 2 * w;
  const count = Math.ceil((high - low) / w); // numpy.arange length
  if (count === 1) return Float64Array.from([low - 0.5, low + 0.5]);
  return Float64Array.from({ length: count }, (_, i) => low + i * w);
}

/** numpy.digitize(x, edges) for increasing edges: the number of edges ≤ x. */
export function digitize(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PyradiomicsLevels {
  /** Grey level inside the mask (≥ 1), 0 outside. */
  levels: Int32Array;
  /** Highest grey level present. */
  nLevels: number;
  edges: Float64Array;
}

/** Discretises the masked voxels of `data`. */
export function binImage(
  data: ArrayLike<number>,
  mask: Uint8Array,
  binning: PyradiomicsBinning,
): PyradiomicsLevels {
  const values: number[] = [];
  for (let n = 0; n < mask.length; n++) if (mask[n]) values.push(data[n]);
  const edges = binEdges(values, binning);
  const levels = new Int32Array(mask.length);
  let nLevels = 0;
  for (let n = 0; n < mask.length; n++)
    if (mask[n]) {
      const l = digitize(data[n], edges);
      levels[n] = l;
      if (l > nLevels) nLevels = l;
    }
  return { levels, nLevels, edges };
}
