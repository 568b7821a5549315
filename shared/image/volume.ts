/**
 * Image volumes in patient space. Every numeric core (geometry, image processing, features) works on these.
 *
 * Conventions (DICOM's, used everywhere in the app):
 * - Patient coordinates are LPS (x → patient left, y → posterior, z → head), in mm. NIfTI (RAS) and NRRD
 *   readers convert to LPS.
 * - Voxel (i, j, k): i = column (fastest), j = row, k = slice. Linear index = i + nx * (j + ny * k).
 * - `direction` is a row-major 3×3 matrix whose COLUMNS are the unit vectors of the i, j and k axes in
 *   patient space: world = origin + direction · diag(spacing) · [i, j, k]ᵀ.
 * - `origin` is the patient position of the centre of voxel (0, 0, 0).
 */
export type Vec3 = [number, number, number];

export interface ImageGeometry {
  /** Voxels along i, j, k. */
  size: Vec3;
  /** Voxel size along i, j, k in mm (slice spacing comes from positions, never from tags alone). */
  spacing: Vec3;
  /** Patient position (LPS, mm) of the centre of voxel (0, 0, 0). */
  origin: Vec3;
  /** Row-major 3×3; columns are the i, j, k axis unit vectors in patient space. */
  direction: number[];
}

/** A scalar image: real-world values (rescale slope/intercept applied) as float32. */
export interface Volume extends ImageGeometry {
  data: Float32Array;
}

/** A binary (0/1) or label mask on an image grid. */
export interface MaskVolume extends ImageGeometry {
  data: Uint8Array;
}

export const IDENTITY_DIRECTION: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(g: ImageGeometry): number {
  return g.size[0] * g.size[1] * g.size[2];
}

/** Patient position (LPS, mm) of the centre of voxel (i, j, k); fractional indices allowed. */
export function indexToWorld(g: ImageGeometry, i: number, j: number, k: number): Vec3 {
  const d = g.direction;
  const a = i * g.spacing[0];
  const b = j * g.spacing[1];
  const c = k * g.spacing[2];
  return [
    g.origin[0] + d[0] * a + d[1] * b + d[2] * c,
    g.origin[1] + d[3] * a + d[4] * b + d[5] * c,
    g.origin[2] + d[6] * a + d[7] * b + d[8] * c,
  ];
}

/** Continuous voxel index of a patient position (inverse of indexToWorld; direction assumed orthonormal). */
export function worldToIndex(g: ImageGeometry, p: Vec3): Vec3 {
  const d = g.direction;
  const x = p[0] - g.origin[0];
  const y = p[1] - g.origin[1];
  const z = p[2] - g.origin[2];
  return [
    (d[0] * x + d[3] * y + d[6] * z) / g.spacing[0],
    (d[1] * x + d[4] * y + d[7] * z) / g.spacing[1],
    (d[2] * x + d[5] * y + d[8] * z) / g.spacing[2],
  ];
}

/** True when two grids are the same within `tol` mm (size exact). */
export function sameGrid(a: ImageGeometry, b: ImageGeometry, tol = 1e-3): boolean {
  for (let n = 0; n < 3; n++) {
    if (a.size[n] !== b.size[n]) return false;
    if (Math.abs(a.spacing[n] - b.spacing[n]) > tol) return false;
    if (Math.abs(a.origin[n] - b.origin[n]) > tol) return false;
  }
  for (let n = 0; n < 9; n++) if (Math.abs(a.direction[n] - b.direction[n]) > 1e-4) return false;
  return true;
}

export function geometryOf(g: ImageGeometry): ImageGeometry {
  return {
    size: [...g.size] as Vec3,
    spacing: [...g.spacing] as Vec3,
    origin: [...g.origin] as Vec3,
    direction: [...g.direction],
  };
}
