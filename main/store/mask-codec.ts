/**
 * ROI mask storage: the mask is cropped to its bounding box and deflated (zlib). Masks are mostly
 * zeros and long runs, so a 512×512×60 ROI of ~100k voxels is typically a few kB. Label values (not only 0/1)
 * survive the round trip.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { ImageGeometry, MaskVolume } from '../../shared/image/volume';
import { geometryOf, voxelCount } from '../../shared/image/volume';

export const MASK_ENCODING = 'zlib-bbox-u8';

/** Inclusive voxel bounding box [i0, j0, k0, i1, j1, k1]; null for an empty mask. */
export type BoundingBox = [number, number, number, number, number, number];

export interface EncodedMask {
  encoding: typeof MASK_ENCODING;
  bytes: Buffer;
  voxelCount: number;
  bbox: BoundingBox | null;
}

export function maskBoundingBox(mask: MaskVolume): { bbox: BoundingBox | null; voxels: number } {
  const [nx, ny, nz] = mask.size;
  let i0 = nx,
    j0 = ny,
    k0 = nz,
    i1 = -1,
    j1 = -1,
    k1 = -1;
  let voxels = 0;
  const d = mask.data;
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (d[n] === 0) continue;
        voxels++;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
    }
  }
  return { bbox: voxels ? [i0, j0, k0, i1, j1, k1] : null, voxels };
}

export function encodeMask(mask: MaskVolume): EncodedMask {
  if (mask.data.length !== voxelCount(mask)) {
    throw new Error(
      `mask has ${mask.data.length} voxels but its grid ${mask.size.join('×')} needs ${voxelCount(mask)}`,
    );
  }
  const { bbox, voxels } = maskBoundingBox(mask);
  if (!bbox)
    return { encoding: MASK_ENCODING, bytes: deflateSync(new Uint8Array(0)), voxelCount: 0, bbox: null };
  const [i0, j0, k0, i1, j1, k1] = bbox;
  const bx = i1 - i0 + 1,
    by = j1 - j0 + 1,
    bz = k1 - k0 + 1;
  const [nx, ny] = mask.size;
  const crop = new Uint8Array(bx * by * bz);
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const src = i0 + nx * (j0 + j + ny * (k0 + k));
      crop.set(mask.data.subarray(src, src + bx), bx * (j + by * k));
    }
  }
  return { encoding: MASK_ENCODING, bytes: deflateSync(crop), voxelCount: voxels, bbox };
}

/** @param into a buffer to reuse (as a zero-filled view of its first voxels) when it is long enough. */
export function decodeMask(
  bytes: Uint8Array,
  encoding: string,
  bbox: BoundingBox | null,
  grid: ImageGeometry,
  into?: Uint8Array,
): MaskVolume {
  if (encoding !== MASK_ENCODING) throw new Error(`unknown mask encoding "${encoding}"`);
  const n = voxelCount(grid);
  const data = into && into.length >= n ? into.subarray(0, n).fill(0) : new Uint8Array(n);
  const out: MaskVolume = { ...geometryOf(grid), data };
  if (!bbox) return out;
  const [i0, j0, k0, i1, j1, k1] = bbox;
  const [nx, ny, nz] = grid.size;
  if (i1 >= nx || j1 >= ny || k1 >= nz || i0 < 0 || j0 < 0 || k0 < 0) {
    throw new Error(`stored mask box ${bbox.join(',')} lies outside the series grid ${grid.size.join('×')}`);
  }
  const bx = i1 - i0 + 1,
    by = j1 - j0 + 1,
    bz = k1 - k0 + 1;
  const crop = inflateSync(bytes);
  if (crop.length !== bx * by * bz)
    throw new Error(`stored mask is corrupt: ${crop.length} bytes for a ${bx}×${by}×${bz} box`);
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const dst = i0 + nx * (j0 + j + ny * (k0 + k));
      const src = bx * (j + by * k);
      out.data.set(crop.subarray(src, src + bx), dst);
    }
  }
  return out;
}
