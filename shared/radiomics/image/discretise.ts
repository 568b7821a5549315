/**
 * Intensity discretisation (IBSI 2.7): fixed bin number (FBN, Q3RH-like), fixed bin size (FBS), or none
 * (intensities already are grey levels 1..Ng). Produces the grey-level image every texture family reads.
 */
import type { Discretisation } from '../settings';

export interface DiscretisedLevels {
  /** Grey level 1..nLevels inside the mask, 0 outside. */
  levels: Int32Array;
  nLevels: number;
  /** For FBS: lower edge of bin 1 and the bin width (bin k spans [min + (k−1)w, min + kw)). */
  binMin: number;
  binWidth: number;
}

/**
 * FBN: X_d = ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1, with X_d = N_g at X = X_max.
 * FBS: X_d = ⌊(X − X_min)/w_b⌋ + 1, X_min = the given minimum (re-segmentation lower bound) or the ROI minimum.
 * none: X_d = X, which must be a positive integer.
 */
export function discretise(
  data: Float32Array,
  mask: Uint8Array,
  method: Discretisation,
  lowerBound: number | null,
): DiscretisedLevels {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < data.length; n++)
    if (mask[n]) {
      if (data[n] < min) min = data[n];
      if (data[n] > max) max = data[n];
    }
  if (min === Infinity) throw new Error('cannot discretise an empty ROI');
  const levels = new Int32Array(data.length);
  let nLevels = 0;
  if (method.method === 'none') {
    for (let n = 0; n < data.length; n++) {
      if (!mask[n]) continue;
      const v = data[n];
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`discretisation "none" needs positive integer intensities, found ${v}`);
      levels[n] = v;
    }
    return { levels, nLevels: max, binMin: 0.5, binWidth: 1 };
  }
  if (method.method === 'fbn') {
    const ng = method.bins;
    const range = max - min;
    for (let n = 0; n < data.length; n++) {
      if (!mask[n]) continue;
      const l = range > 0 ? Math.floor((ng * (data[n] - min)) / range) + 1 : 1;
      levels[n] = Math.min(l, ng);
    }
    return { levels, nLevels: ng, binMin: min, binWidth: range / ng };
  }
  const w = method.width;
  const lo = method.min ?? lowerBound ?? min;
  if (min < lo) throw new Error(`fixed bin size: ROI intensity ${min} is below the bin minimum ${lo}`);
  for (let n = 0; n < data.length; n++) {
    if (!mask[n]) continue;
    // tiny epsilon: (x − min)/w that is an exact integer in decimal must not fall a bin short in floating point
    const l = Math.floor((data[n] - lo) / w + 1e-9) + 1;
    levels[n] = l;
    if (l > nLevels) nLevels = l;
  }
  return { levels, nLevels, binMin: lo, binWidth: w };
}
