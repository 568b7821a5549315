/**
 * Window/level and slice helpers for the viewer: pure functions over typed arrays (tested in Node). The MR
 * window presets are in windowPresets.ts.
 */

export interface WindowLevel {
  window: number;
  level: number;
}

/** The window that shows low…high (low black, high white). */
export function windowFromRange(low: number, high: number): WindowLevel {
  const window = Math.max(high - low, 1e-6);
  return { window, level: low + window / 2 };
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
