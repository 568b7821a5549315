/**
 * PyRadiomics' resampling grid (imageoperations.resampleImage): unlike IBSI's centre-aligned grid, the new
 * lattice shares the original image's corner — new voxel n lies at original continuous index
 *   x(n) = −½ + (n + ½)·s′/s
 * per axis (spacing 0 / null keeps the axis). Only the part around the ROI bounding box is kept, padded by
 * padDistance new voxels, within the image. The mask is resampled by nearest neighbour, the image with the
 * chosen interpolator (sitkBSpline → cubic B-spline).
 */
import type { ImageGeometry, MaskVolume, Vec3 } from '../../image/volume';
import { indexToWorld } from '../../image/volume';
import type { ResampleGrid } from '../image/resample';
import { boundingBox, toBinaryMask } from '../image/roi';

export function pyradiomicsGrid(
  g: ImageGeometry,
  mask: MaskVolume,
  spacing: readonly (number | null)[],
  padDistance = 5,
): ResampleGrid {
  const box = boundingBox(toBinaryMask(mask.data), mask.size);
  if (!box) throw new Error('the ROI is empty');
  const size: Vec3 = [0, 0, 0];
  const newSpacing: Vec3 = [...g.spacing] as Vec3;
  const sourceIndex = [0, 1, 2].map((a) => {
    const s = g.spacing[a];
    const target = spacing[a] || s;
    const r = target / s;
    newSpacing[a] = target;
    const maxUpper = Math.ceil(g.size[a] / r) - 1;
    const lower = Math.max(0, Math.floor((box.lo[a] - 0.5) / r - padDistance));
    const upper = Math.min(maxUpper, Math.ceil((box.hi[a] + 0.5) / r + padDistance));
    size[a] = upper - lower + 1;
    return Float64Array.from({ length: size[a] }, (_, m) => -0.5 + (lower + m + 0.5) * r);
  }) as [Float64Array, Float64Array, Float64Array];
  const origin = indexToWorld(g, sourceIndex[0][0], sourceIndex[1][0], sourceIndex[2][0]);
  return { geometry: { size, spacing: newSpacing, origin, direction: [...g.direction] }, sourceIndex };
}
