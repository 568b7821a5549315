/**
 * ROI masks (IBSI image processing steps 4–5): bounding boxes, re-segmentation (range, outlier filter),
 * intensity vs morphological masks, and cropping. Masks are 0/1 Uint8Arrays on the image grid.
 */
import type { Vec3, Volume } from '../../image/volume';
import { indexToWorld } from '../../image/volume';

export interface BoundingBox {
  lo: Vec3;
  hi: Vec3;
}

/** Inclusive voxel bounding box of the non-zero voxels, or null for an empty mask. */
export function boundingBox(mask: Uint8Array, size: Vec3): BoundingBox | null {
  const [nx, ny, nz] = size;
  const lo: Vec3 = [nx, ny, nz];
  const hi: Vec3 = [-1, -1, -1];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, n++) {
        if (!mask[n]) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
  return hi[0] < 0 ? null : { lo, hi };
}

/** 0/1 mask from any label array (non-zero = inside). A plain loop: TypedArray.from with a map function is slow in V8. */
export function toBinaryMask(data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let n = 0; n < data.length; n++) out[n] = data[n] ? 1 : 0;
  return out;
}

export function countVoxels(mask: Uint8Array): number {
  return countNonZero(mask);
}

/*
 * Whole-volume scans as small functions over a local array: V8 optimises them once and runs them at memory
 * speed, where the same loop inlined in a larger function (re-reading `mask.data` each step) ran ~8× slower.
 */

/** Number of non-zero values. */
export function countNonZero(data: Uint8Array): number {
  let c = 0;
  const n = data.length;
  for (let i = 0; i < n; i++) if (data[i] !== 0) c++;
  return c;
}

/** Index of the first NaN or ±Infinity, or -1. */
export function firstNonFinite(data: Float32Array): number {
  const n = data.length;
  // v - v is 0 for finite v and NaN for NaN and ±Infinity.
  for (let i = 0; i < n; i++) if (data[i] - data[i] !== 0) return i;
  return -1;
}

/** Index of the first non-zero value, or -1. */
export function firstNonZero(data: Uint8Array): number {
  const n = data.length;
  for (let i = 0; i < n; i++) if (data[i] !== 0) return i;
  return -1;
}

export interface IntensitySummary {
  count: number;
  mean: number;
  min: number;
  max: number;
}

/** Count, mean, min and max of the image (optionally within a mask). */
export function summarise(data: Float32Array, mask?: Uint8Array): IntensitySummary {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < data.length; n++) {
    if (mask && !mask[n]) continue;
    const v = data[n];
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { count, mean: count ? sum / count : NaN, min: count ? min : NaN, max: count ? max : NaN };
}

/** Range re-segmentation: keeps mask voxels with lo ≤ value ≤ hi (null = open end). */
export function resegmentRange(
  data: Float32Array,
  mask: Uint8Array,
  range: [number | null, number | null],
): Uint8Array {
  const lo = range[0] ?? -Infinity;
  const hi = range[1] ?? Infinity;
  const out = new Uint8Array(mask.length);
  for (let n = 0; n < mask.length; n++) out[n] = mask[n] && data[n] >= lo && data[n] <= hi ? 1 : 0;
  return out;
}

/** Outlier filtering: keeps mask voxels within mean ± sigma·sd (population sd) of the masked intensities. */
export function resegmentOutliers(data: Float32Array, mask: Uint8Array, sigma: number): Uint8Array {
  let count = 0;
  let sum = 0;
  for (let n = 0; n < mask.length; n++)
    if (mask[n]) {
      count++;
      sum += data[n];
    }
  const mean = sum / count;
  let ss = 0;
  for (let n = 0; n < mask.length; n++) if (mask[n]) ss += (data[n] - mean) ** 2;
  const sd = Math.sqrt(ss / count);
  const lo = mean - sigma * sd;
  const hi = mean + sigma * sd;
  const out = new Uint8Array(mask.length);
  for (let n = 0; n < mask.length; n++) out[n] = mask[n] && data[n] >= lo && data[n] <= hi ? 1 : 0;
  return out;
}

/** Extracts the box [lo, hi] (inclusive) from a voxel array on grid `size`. */
export function cropArray<T extends Float32Array | Uint8Array>(data: T, size: Vec3, box: BoundingBox): T {
  const sx = box.hi[0] - box.lo[0] + 1;
  const sy = box.hi[1] - box.lo[1] + 1;
  const sz = box.hi[2] - box.lo[2] + 1;
  const out = new (data.constructor as new (n: number) => T)(sx * sy * sz);
  let m = 0;
  for (let k = 0; k < sz; k++)
    for (let j = 0; j < sy; j++) {
      const base = box.lo[0] + size[0] * (box.lo[1] + j + size[1] * (box.lo[2] + k));
      out.set(data.subarray(base, base + sx) as T, m);
      m += sx;
    }
  return out;
}

/** Grows a box by `margin` voxels per axis, clipped to the grid. */
export function padBox(box: BoundingBox, margin: Vec3, size: Vec3): BoundingBox {
  return {
    lo: [0, 1, 2].map((a) => Math.max(0, box.lo[a] - margin[a])) as Vec3,
    hi: [0, 1, 2].map((a) => Math.min(size[a] - 1, box.hi[a] + margin[a])) as Vec3,
  };
}

/** Crops a volume to a box, keeping its patient-space position. */
export function cropVolume(vol: Volume, box: BoundingBox): Volume {
  return {
    size: [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1],
    spacing: [...vol.spacing] as Vec3,
    origin: indexToWorld(vol, box.lo[0], box.lo[1], box.lo[2]),
    direction: [...vol.direction],
    data: cropArray(vol.data, vol.size, box),
  };
}
