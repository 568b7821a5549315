/**
 * IBSI interpolation (image processing step 3): grid alignment, and separable nearest / linear / cubic
 * B-spline interpolation of images, and linear interpolation + partial-volume threshold of masks.
 *
 * Grid (IBSI "align grid centres"): along each resampled axis the new size is ceil(n·s/s′) and the new grid
 * has the same centre as the old one, so new voxel m lies at old continuous index
 *   x(m) = (n − 1)/2 − (n′ − 1)/2 · s′/s + m · s′/s.
 * Interpolation on a rectilinear grid is separable, so we interpolate one axis at a time (exact for
 * trilinear and for tensor-product B-splines). Samples beyond the last voxel centre take the edge value.
 */
import type { ImageGeometry, MaskVolume, Vec3, Volume } from '../../image/volume';
import { indexToWorld } from '../../image/volume';
import type { Interpolator } from '../settings';
import { toBinaryMask } from './roi';

export interface ResampleGrid {
  geometry: ImageGeometry;
  /** Per axis: the continuous source index of every target index. */
  sourceIndex: [Float64Array, Float64Array, Float64Array];
}

/** The IBSI-aligned target grid for `spacing` (null keeps an axis as it is). */
export function alignedGrid(
  g: ImageGeometry,
  spacing: [number | null, number | null, number | null],
): ResampleGrid {
  const size: Vec3 = [...g.size] as Vec3;
  const newSpacing: Vec3 = [...g.spacing] as Vec3;
  const sourceIndex = [0, 1, 2].map((a) => {
    const n = g.size[a];
    const s = g.spacing[a];
    const target = spacing[a];
    if (target === null || Math.abs(target - s) < 1e-9) {
      return Float64Array.from({ length: n }, (_, m) => m);
    }
    // Rounding to 1e-6 first keeps ceil() from turning 90.0000001 into 91.
    const n2 = Math.max(1, Math.ceil(Math.round(((n * s) / target) * 1e6) / 1e6));
    size[a] = n2;
    newSpacing[a] = target;
    const step = target / s;
    const start = (n - 1) / 2 - ((n2 - 1) / 2) * step;
    return Float64Array.from({ length: n2 }, (_, m) => start + m * step);
  }) as [Float64Array, Float64Array, Float64Array];
  const origin = indexToWorld(g, sourceIndex[0][0], sourceIndex[1][0], sourceIndex[2][0]);
  return { geometry: { size, spacing: newSpacing, origin, direction: [...g.direction] }, sourceIndex };
}

/** Cubic B-spline pole (Unser 1993). */
const Z = Math.sqrt(3) - 2;

/** In-place conversion of samples to cubic B-spline coefficients, mirror boundaries. */
export function bsplinePrefilter(c: Float64Array): void {
  const n = c.length;
  if (n < 2) return;
  const lambda = (1 - Z) * (1 - 1 / Z);
  for (let k = 0; k < n; k++) c[k] *= lambda;
  // causal initialisation (mirror-symmetric extension)
  const horizon = Math.ceil(Math.log(1e-12) / Math.log(Math.abs(Z)));
  if (horizon < n) {
    let zn = Z;
    let sum = c[0];
    for (let k = 1; k < horizon; k++) {
      sum += zn * c[k];
      zn *= Z;
    }
    c[0] = sum;
  } else {
    let zn = Z;
    const iz = 1 / Z;
    let z2n = Math.pow(Z, n - 1);
    let sum = c[0] + z2n * c[n - 1];
    z2n *= z2n * iz;
    for (let k = 1; k < n - 1; k++) {
      sum += (zn + z2n) * c[k];
      zn *= Z;
      z2n *= iz;
    }
    c[0] = sum / (1 - zn * zn);
  }
  for (let k = 1; k < n; k++) c[k] += Z * c[k - 1];
  c[n - 1] = (Z / (Z * Z - 1)) * (Z * c[n - 2] + c[n - 1]);
  for (let k = n - 2; k >= 0; k--) c[k] = Z * (c[k + 1] - c[k]);
}

function mirror(j: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = Math.abs(j) % period;
  if (m >= n) m = period - m;
  return m;
}

/** Interpolates one line `src` (length n) at continuous positions `xs`. `src` is modified for 'cubic'. */
function interpolateLine(src: Float64Array, xs: Float64Array, out: Float64Array, method: Interpolator): void {
  const n = src.length;
  if (method === 'cubic') bsplinePrefilter(src);
  for (let m = 0; m < xs.length; m++) {
    const x = Math.min(Math.max(xs[m], 0), n - 1);
    if (method === 'nearest' || method === 'none') {
      out[m] = src[Math.min(n - 1, Math.round(x))];
    } else if (method === 'linear') {
      const i = Math.min(Math.floor(x), n - 2);
      if (i < 0) {
        out[m] = src[0];
        continue;
      }
      const t = x - i;
      out[m] = src[i] * (1 - t) + src[i + 1] * t;
    } else {
      const i = Math.floor(x);
      const t = x - i;
      const t2 = t * t;
      const t3 = t2 * t;
      const w0 = ((1 - t) * (1 - t) * (1 - t)) / 6;
      const w1 = (4 - 6 * t2 + 3 * t3) / 6;
      const w2 = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
      const w3 = t3 / 6;
      out[m] =
        w0 * src[mirror(i - 1, n)] +
        w1 * src[mirror(i, n)] +
        w2 * src[mirror(i + 1, n)] +
        w3 * src[mirror(i + 2, n)];
    }
  }
}

/** Resamples a scalar field (float64 working copy) along one axis. */
function resampleAxis(
  data: Float64Array,
  size: Vec3,
  axis: number,
  xs: Float64Array,
  method: Interpolator,
): { data: Float64Array; size: Vec3 } {
  const n = size[axis];
  const n2 = xs.length;
  const newSize: Vec3 = [...size] as Vec3;
  newSize[axis] = n2;
  const out = new Float64Array(newSize[0] * newSize[1] * newSize[2]);
  const strideIn = axis === 0 ? 1 : axis === 1 ? size[0] : size[0] * size[1];
  const strideOut = axis === 0 ? 1 : axis === 1 ? newSize[0] : newSize[0] * newSize[1];
  const line = new Float64Array(n);
  const lineOut = new Float64Array(n2);
  const [a, b] = [0, 1, 2].filter((v) => v !== axis);
  for (let q = 0; q < size[b]; q++) {
    for (let p = 0; p < size[a]; p++) {
      const baseIn = p * (a === 0 ? 1 : size[0]) + q * (b === 1 ? size[0] : size[0] * size[1]);
      const baseOut = p * (a === 0 ? 1 : newSize[0]) + q * (b === 1 ? newSize[0] : newSize[0] * newSize[1]);
      for (let k = 0; k < n; k++) line[k] = data[baseIn + k * strideIn];
      interpolateLine(line, xs, lineOut, method);
      for (let k = 0; k < n2; k++) out[baseOut + k * strideOut] = lineOut[k];
    }
  }
  return { data: out, size: newSize };
}

function resampleField(
  values: ArrayLike<number>,
  g: ImageGeometry,
  grid: ResampleGrid,
  method: Interpolator,
): Float64Array {
  let data: Float64Array = new Float64Array(values.length);
  for (let n = 0; n < values.length; n++) data[n] = values[n];
  let size: Vec3 = [...g.size] as Vec3;
  for (let axis = 0; axis < 3; axis++) {
    const xs = grid.sourceIndex[axis];
    const identity = xs.length === size[axis] && xs.every((x, m) => x === m);
    if (identity) continue;
    ({ data, size } = resampleAxis(data, size, axis, xs, method));
  }
  return data;
}

/** Round half to even (numpy's np.round), so results match the IBSI reference implementation. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function resampleImage(vol: Volume, grid: ResampleGrid, method: Interpolator, round: boolean): Volume {
  const f = resampleField(vol.data, vol, grid, method);
  const data = new Float32Array(f.length);
  for (let n = 0; n < f.length; n++) data[n] = round ? roundHalfEven(f[n]) : f[n];
  return { ...grid.geometry, data };
}

/** Mask interpolation: nearest, or linear followed by the partial-volume threshold (voxel kept if ≥ threshold). */
export function resampleMask(
  mask: MaskVolume,
  grid: ResampleGrid,
  method: 'nearest' | 'linear',
  threshold: number,
): MaskVolume {
  const binary = toBinaryMask(mask.data);
  const f = resampleField(binary, mask, grid, method);
  const data = new Uint8Array(f.length);
  // 1e-9 absorbs float error of weights that should sum to exactly the threshold
  for (let n = 0; n < f.length; n++) data[n] = f[n] >= threshold - 1e-9 ? 1 : 0;
  return { ...grid.geometry, data };
}
