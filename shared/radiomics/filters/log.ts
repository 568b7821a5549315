/**
 * Laplacian of Gaussian (IBSI 2, L6PA), σ in mm. The kernel ∇²G_σ(x) = G_σ(x) (‖x‖²/σ⁴ − D/σ²) is a sum of
 * separable terms, Σ_a G″(x_a) Π_{b≠a} G(x_b), so it is applied as D passes of three 1D filters. Sampled at the
 * voxel positions (mm) out to the truncation radius tσ (IBSI 2: t = 4; M = 1 + 2⌊tσ/s + ½⌋ taps per axis);
 * 1D Gaussians carry the voxel size s so the discrete sums approximate the continuous convolution.
 * IBSI 2 takes derivatives in voxel units (σ/s voxels) and leaves the response unscaled; PyRadiomics takes them
 * in mm and scale-normalises (× σ², SimpleITK NormalizeAcrossScale). Both are offered (`convention`).
 */
import type { Volume } from '../../image/volume';
import { filterAxes, filterAxis, type BoundaryMode, type FilterDims } from './separable';

export interface LogFilterOptions {
  /** σ in mm. */
  sigma: number;
  dims: FilterDims;
  /** Truncation in units of σ (IBSI 2 default 4). */
  truncate?: number;
  boundary?: BoundaryMode;
  /**
   * 'ibsi' (default): derivatives per voxel (each axis term × s_a²), unscaled — the IBSI 2 reference values.
   * 'pyradiomics': derivatives per mm, scale-normalised × σ² (SimpleITK NormalizeAcrossScale).
   */
  convention?: 'ibsi' | 'pyradiomics';
}

/** 1D Gaussian and its second derivative sampled at n·s, n = −r..r. */
function kernels(
  sigma: number,
  spacing: number,
  truncate: number,
): { g: Float64Array; g2: Float64Array; radius: number } {
  const radius = Math.floor((truncate * sigma) / spacing + 0.5);
  const g = new Float64Array(2 * radius + 1);
  const g2 = new Float64Array(2 * radius + 1);
  for (let t = -radius; t <= radius; t++) {
    const x = t * spacing;
    const v = (spacing / (sigma * Math.sqrt(2 * Math.PI))) * Math.exp(-(x * x) / (2 * sigma * sigma));
    g[t + radius] = v;
    g2[t + radius] = v * ((x * x) / sigma ** 4 - 1 / sigma ** 2);
  }
  return { g, g2, radius };
}

/** Kernel radius in voxels per axis (what a crop must keep around the ROI). */
export function logRadius(sigma: number, spacing: readonly number[], truncate = 4): number[] {
  return spacing.map((s) => Math.floor((truncate * sigma) / s + 0.5));
}

export function logFilter(volume: Volume, options: LogFilterOptions): Volume {
  const { sigma } = options;
  if (!(sigma > 0)) throw new Error(`LoG sigma must be positive (mm), got ${sigma}`);
  const truncate = options.truncate ?? 4;
  const mode = options.boundary ?? 'mirror';
  const axes = filterAxes(options.dims);
  const pyradiomics = options.convention === 'pyradiomics';
  const k = axes.map((a) => kernels(sigma, volume.spacing[a], truncate));
  const source = Float64Array.from(volume.data);
  const sum = new Float64Array(source.length);
  for (let d = 0; d < axes.length; d++) {
    let term: Float64Array = source;
    axes.forEach((a, n) => {
      const kn = k[n];
      term = filterAxis(term, volume.size, a, n === d ? kn.g2 : kn.g, kn.radius, mode);
    });
    const weight = pyradiomics ? sigma * sigma : volume.spacing[axes[d]] ** 2;
    for (let v = 0; v < sum.length; v++) sum[v] += weight * term[v];
  }
  return { ...volume, data: Float32Array.from(sum) };
}
