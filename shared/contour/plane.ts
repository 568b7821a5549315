/**
 * Slice planes of a volume: which index axis is the plane normal for each viewing orientation, and the two
 * in-plane axes (u fastest). Axial = slice k (u = i, v = j), coronal = slice j (u = i, v = k),
 * sagittal = slice i (u = j, v = k).
 */
import type { ImageGeometry, Vec3 } from '../image/volume';

export type Orientation = 'axial' | 'coronal' | 'sagittal';
export type Axis = 0 | 1 | 2;

export interface PlaneAxes {
  normal: Axis;
  u: Axis;
  v: Axis;
}

export function planeAxes(orientation: Orientation): PlaneAxes {
  switch (orientation) {
    case 'axial':
      return { normal: 2, u: 0, v: 1 };
    case 'coronal':
      return { normal: 1, u: 0, v: 2 };
    case 'sagittal':
      return { normal: 0, u: 1, v: 2 };
    default:
      throw new Error(`unknown orientation "${String(orientation)}" (axial, coronal or sagittal)`);
  }
}

/** Linear-index strides of the i, j, k axes. */
export function strides(size: Vec3 | readonly number[]): Vec3 {
  return [1, size[0], size[0] * size[1]];
}

/** A plane of a volume: orientation + slice number along the normal. */
export interface SlicePlane {
  orientation: Orientation;
  slice: number;
}

/** Geometry of one plane: its size (nu × nv), spacing, and the linear index of plane pixel (u, v). */
export interface PlaneLayout {
  axes: PlaneAxes;
  nu: number;
  nv: number;
  su: number;
  sv: number;
  /** Linear volume index of in-plane pixel (u, v) on this slice. */
  index(u: number, v: number): number;
}

export function planeLayout(grid: ImageGeometry, plane: SlicePlane): PlaneLayout {
  const axes = planeAxes(plane.orientation);
  const n = grid.size[axes.normal];
  if (!Number.isInteger(plane.slice) || plane.slice < 0 || plane.slice >= n) {
    throw new Error(`${plane.orientation} slice ${plane.slice} is outside the volume (0…${n - 1})`);
  }
  const st = strides(grid.size);
  const base = plane.slice * st[axes.normal];
  const du = st[axes.u];
  const dv = st[axes.v];
  return {
    axes,
    nu: grid.size[axes.u],
    nv: grid.size[axes.v],
    su: grid.spacing[axes.u],
    sv: grid.spacing[axes.v],
    index: (u, v) => base + u * du + v * dv,
  };
}

/** Checks that a mask array (and optionally an image array) fits the grid; throws naming the mismatch. */
export function checkMaskFits(grid: ImageGeometry, mask: ArrayLike<number>, what = 'mask'): void {
  const n = grid.size[0] * grid.size[1] * grid.size[2];
  if (mask.length !== n)
    throw new Error(`${what} has ${mask.length} voxels, the grid ${grid.size.join('×')} has ${n}`);
}
