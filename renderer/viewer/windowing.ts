/**
 * Window/level and slice helpers for the viewer: pure functions over typed arrays (tested in Node).
 * MR intensities have no absolute unit, so the MR presets are percentile windows of the volume's own
 * histogram rather than fixed numbers as on CT.
 */

export interface WindowLevel {
  window: number;
  level: number;
}

/** Values at the given percentiles (0–100), from a 4096-bin histogram between min and max. */
export function percentiles(data: Float32Array, ps: number[], min: number, max: number): number[] {
  if (!data.length || !(max > min)) return ps.map(() => min);
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  let counted = 0;
  for (let n = 0; n < data.length; n++) {
    const v = data[n];
    if (Number.isFinite(v)) {
      hist[Math.round((v - min) * scale)]++;
      counted++;
    }
  }
  return ps.map((p) => {
    const target = (Math.min(100, Math.max(0, p)) / 100) * counted;
    let cumulative = 0;
    for (let b = 0; b < bins; b++) {
      cumulative += hist[b];
      if (cumulative >= target && cumulative > 0) return min + b / scale;
    }
    return max;
  });
}

export function windowFromRange(low: number, high: number): WindowLevel {
  const window = Math.max(high - low, 1e-6);
  return { window, level: low + window / 2 };
}

export interface Preset {
  id: string;
  label: string;
  /** Lower and upper percentile of the volume histogram. */
  range: [number, number];
}

/** T1: a tight window (fat/muscle contrast); T2: a wider one so bright fluid does not saturate. */
export const MR_PRESETS: Preset[] = [
  { id: 'auto', label: 'Auto', range: [1, 99] },
  { id: 't1', label: 'T1', range: [2, 98] },
  { id: 't2', label: 'T2', range: [0.5, 99.8] },
  { id: 'full', label: 'Full', range: [0, 100] },
];

export function presetWindow(preset: Preset, data: Float32Array, min: number, max: number): WindowLevel {
  const [low, high] = percentiles(data, preset.range, min, max);
  return windowFromRange(low, high);
}

/** Window/level after a mouse drag: right widens the window, down raises the level (the usual convention). */
export function dragWindowLevel(
  start: WindowLevel,
  dx: number,
  dy: number,
  dynamicRange: number,
): WindowLevel {
  const perPixel = Math.max(dynamicRange, 1e-6) / 512;
  return { window: Math.max(start.window + dx * perPixel, perPixel), level: start.level + dy * perPixel };
}

/** First and last slice (k) holding a non-zero voxel, or null for an empty mask. */
export function maskSliceRange(data: Uint8Array, size: [number, number, number]): [number, number] | null {
  const sliceVoxels = size[0] * size[1];
  let first = -1;
  let last = -1;
  for (let k = 0; k < size[2]; k++) {
    const start = k * sliceVoxels;
    for (let n = start; n < start + sliceVoxels; n++) {
      if (data[n] !== 0) {
        if (first < 0) first = k;
        last = k;
        break;
      }
    }
  }
  return first < 0 ? null : [first, last];
}

/** The slice with the most ROI voxels (where a reader would look first), or null for an empty mask. */
export function largestMaskSlice(data: Uint8Array, size: [number, number, number]): number | null {
  const sliceVoxels = size[0] * size[1];
  let best = -1;
  let bestCount = 0;
  for (let k = 0; k < size[2]; k++) {
    let count = 0;
    for (let n = k * sliceVoxels; n < (k + 1) * sliceVoxels; n++) if (data[n] !== 0) count++;
    if (count > bestCount) {
      best = k;
      bestCount = count;
    }
  }
  return best < 0 ? null : best;
}

export function clampSlice(k: number, slices: number): number {
  return Math.min(Math.max(Math.round(k), 0), Math.max(slices - 1, 0));
}

/** Mean in-plane index (i, j), rounded, of a mask's voxels on slice k, or null when the slice is empty. */
export function maskSliceCentre(
  data: Uint8Array,
  size: readonly [number, number, number],
  k: number,
): [number, number] | null {
  const [nx, ny] = size;
  let si = 0;
  let sj = 0;
  let n = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!data[i + nx * (j + ny * k)]) continue;
      si += i;
      sj += j;
      n++;
    }
  }
  return n ? [Math.round(si / n), Math.round(sj / n)] : null;
}
