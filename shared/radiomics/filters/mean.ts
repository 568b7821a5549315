/**
 * IBSI 2 mean filter (S60F): the average over a cube (3D) or square (2D, per slice) of M × M (× M) voxels,
 * M odd; boundary as chosen (IBSI 2: mirror). Separable: M-tap box filter along each axis.
 */
import type { Volume } from '../../image/volume';
import { filterAxes, filterAxis, type BoundaryMode, type FilterDims } from './separable';

export interface MeanFilterOptions {
  /** Support M in voxels (odd). */
  support: number;
  dims: FilterDims;
  boundary?: BoundaryMode;
}

export function meanFilter(volume: Volume, options: MeanFilterOptions): Volume {
  const m = options.support;
  if (!Number.isInteger(m) || m < 1 || m % 2 === 0)
    throw new Error(`mean filter support must be an odd positive integer, got ${m}`);
  const kernel = new Float64Array(m).fill(1 / m);
  let data: Float64Array = Float64Array.from(volume.data);
  for (const axis of filterAxes(options.dims))
    data = filterAxis(data, volume.size, axis, kernel, (m - 1) / 2, options.boundary ?? 'mirror');
  return { ...volume, data: Float32Array.from(data) };
}
