/**
 * Intensity histograms of a series (optionally inside an ROI), their percentiles, and the MR background
 * threshold: what the MR window presets (windowPresets.ts) are computed from. Pure, tested in Node.
 */

/** Bins of every histogram here: fine enough that a percentile is within 1/4095 of the range. */
export const HISTOGRAM_BINS = 4096;

export interface Histogram {
  counts: Uint32Array;
  /** Value of bin b: min + b / scale (a value v falls into bin round((v − min) · scale)). */
  min: number;
  scale: number;
  /** Voxels counted. */
  total: number;
}

/** Histogram of the finite values of `data` (where `mask` ≠ 0, if given) over [min, max]; null for an empty range. */
export function histogramOf(
  data: Float32Array,
  min: number,
  max: number,
  mask?: Uint8Array,
): Histogram | null {
  if (!data.length || !(max > min)) return null;
  const counts = new Uint32Array(HISTOGRAM_BINS);
  const scale = (HISTOGRAM_BINS - 1) / (max - min);
  let total = 0;
  for (let n = 0; n < data.length; n++) {
    if (mask && !mask[n]) continue;
    const v = data[n];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.round((v - min) * scale)))]++;
    total++;
  }
  return { counts, min, scale, total };
}

/**
 * Values at percentiles `ps` (0–100) of the voxels in bins ≥ `fromBin`: the value of the first bin at which the
 * cumulative count reaches p % of them. Null when no voxel is counted.
 */
export function histogramPercentiles(h: Histogram, ps: readonly number[], fromBin = 0): number[] | null {
  let counted = 0;
  for (let b = fromBin; b < HISTOGRAM_BINS; b++) counted += h.counts[b];
  if (!counted) return null;
  return ps.map((p) => {
    const target = (Math.min(100, Math.max(0, p)) / 100) * counted;
    let cumulative = 0;
    for (let b = fromBin; b < HISTOGRAM_BINS; b++) {
      cumulative += h.counts[b];
      if (cumulative >= target && cumulative > 0) return h.min + b / h.scale;
    }
    return h.min + (HISTOGRAM_BINS - 1) / h.scale;
  });
}

/** Values at the given percentiles (0–100) of the whole volume, from its histogram between min and max. */
export function percentiles(data: Float32Array, ps: number[], min: number, max: number): number[] {
  const h = histogramOf(data, min, max);
  return (h && histogramPercentiles(h, ps)) ?? ps.map(() => min);
}

/**
 * The background threshold of an MR volume as FSL's BET sets it (S. M. Smith, "Fast robust automated brain
 * extraction", Hum. Brain Mapp. 17:143–155, 2002, §2.1): 10 % of the way up the robust range,
 * t = p₂ + 0.1 · (p₉₈ − p₂), with p₂ and p₉₈ the 2nd and 98th percentiles. Voxels at or above t are the body;
 * below is air and noise. Returns the first histogram bin at or above t; null for an empty histogram.
 */
export function backgroundBin(h: Histogram): number | null {
  const robust = histogramPercentiles(h, [2, 98]);
  if (!robust) return null;
  const [p2, p98] = robust;
  const t = p2 + 0.1 * (p98 - p2);
  return Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.ceil((t - h.min) * h.scale - 1e-9)));
}
