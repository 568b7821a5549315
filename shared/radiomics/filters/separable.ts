/**
 * Separable convolution on a voxel grid, one axis at a time, with the IBSI 2 boundary conditions for voxels
 * beyond the image edge: constant (zero), nearest (edge value), periodic (wrap), mirror (…c b a | a b c…,
 * the edge voxel repeated; numpy "symmetric", scipy "reflect"). IBSI 2 uses mirror unless told otherwise.
 */
import type { Vec3 } from '../../image/volume';

export const BOUNDARY_MODES = ['constant', 'nearest', 'periodic', 'mirror'] as const;
export type BoundaryMode = (typeof BOUNDARY_MODES)[number];

/** Index into 0..n−1 for position p under `mode`; −1 for a constant (zero) sample. */
export function boundaryIndex(p: number, n: number, mode: BoundaryMode): number {
  if (p >= 0 && p < n) return p;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return p < 0 ? 0 : n - 1;
    case 'periodic':
      return ((p % n) + n) % n;
    case 'mirror': {
      const period = 2 * n;
      const q = ((p % period) + period) % period;
      return q < n ? q : period - 1 - q;
    }
  }
}

/**
 * Correlates every line along `axis` with `kernel` centred at index `centre`:
 * out[x] = Σ_t kernel[t] · in[x + t − centre]. For a symmetric kernel this is the convolution.
 */
export function filterAxis(
  data: Float64Array,
  size: Vec3,
  axis: 0 | 1 | 2,
  kernel: Float64Array,
  centre: number,
  mode: BoundaryMode,
): Float64Array {
  const [nx, ny, nz] = size;
  const n = size[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const out = new Float64Array(data.length);
  const line = new Float64Array(n);
  const idx = new Int32Array(n + kernel.length);
  for (let p = 0; p < idx.length; p++) idx[p] = boundaryIndex(p - centre, n, mode);
  const lines: number[] = [];
  if (axis === 0) for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) lines.push(nx * (j + ny * k));
  else if (axis === 1) for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) lines.push(i + nx * ny * k);
  else for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) lines.push(i + nx * j);
  for (const start of lines) {
    for (let x = 0; x < n; x++) line[x] = data[start + x * stride];
    for (let x = 0; x < n; x++) {
      let acc = 0;
      for (let t = 0; t < kernel.length; t++) {
        const q = idx[x + t];
        if (q >= 0) acc += kernel[t] * line[q];
      }
      out[start + x * stride] = acc;
    }
  }
  return out;
}

/** Axes a filter acts on: in-plane only ('2D', slice by slice) or all three ('3D'). */
export type FilterDims = '2D' | '3D';
export const filterAxes = (dims: FilterDims): (0 | 1 | 2)[] => (dims === '2D' ? [0, 1] : [0, 1, 2]);
