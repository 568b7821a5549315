/**
 * The ROI as the A.K. texture families see it: the mask voxels equal to 1, their grey range, and the
 * image cropped to the mask's bounding box (the GLCM, histogram, GLSZM and Haralick never look outside
 * it; the run length does, and reads the full image).
 */
import type { ImageGeometry, Volume } from '../../image/volume';

/** A mask on the image grid: a MaskVolume, or a label image read as a Volume. ROI = voxels equal to 1. */
export type AkMask = ImageGeometry & { data: ArrayLike<number> };

export interface AkRoi {
  image: Volume;
  /** Bounding box of the ROI in image indices, inclusive: [x0, y0, z0] … [x1, y1, z1]. */
  lo: [number, number, number];
  hi: [number, number, number];
  /** Cropped grid size (hi − lo + 1). */
  size: [number, number, number];
  /** Image values on the cropped grid. */
  values: Float32Array;
  /** 1 where the cropped voxel is in the ROI. */
  inRoi: Uint8Array;
  /** ROI values in raster order. */
  roiValues: Float64Array;
  min: number;
  max: number;
}

export function prepareRoi(image: Volume, mask: AkMask): AkRoi {
  const [nx, ny, nz] = image.size;
  if (mask.size[0] !== nx || mask.size[1] !== ny || mask.size[2] !== nz) {
    throw new Error(`mask size ${mask.size.join('×')} does not match image size ${image.size.join('×')}`);
  }
  if (image.data.length !== nx * ny * nz)
    throw new Error(`image holds ${image.data.length} values, expected ${nx * ny * nz}`);
  if (mask.data.length !== nx * ny * nz)
    throw new Error(`mask holds ${mask.data.length} values, expected ${nx * ny * nz}`);
  const lo: [number, number, number] = [nx, ny, nz];
  const hi: [number, number, number] = [-1, -1, -1];
  let count = 0;
  const m = mask.data;
  // Row by row: a tight scan for the row's first ROI voxel (most rows have none), then its last, then a count
  // between them — the mask is scanned once at memory speed rather than with six comparisons per voxel.
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      let first = 0;
      while (first < nx && m[row + first] !== 1) first++;
      if (first === nx) continue;
      let last = nx - 1;
      while (m[row + last] !== 1) last--;
      for (let x = first; x <= last; x++) if (m[row + x] === 1) count++;
      if (first < lo[0]) lo[0] = first;
      if (last > hi[0]) hi[0] = last;
      if (y < lo[1]) lo[1] = y;
      if (y > hi[1]) hi[1] = y;
      if (z < lo[2]) lo[2] = z;
      if (z > hi[2]) hi[2] = z;
    }
  }
  if (count === 0) throw new Error('the ROI is empty: no mask voxel equals 1');
  const size: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const cropped = size[0] * size[1] * size[2];
  const values = new Float32Array(cropped);
  const inRoi = new Uint8Array(cropped);
  const roiValues = new Float64Array(count);
  let min = Infinity;
  let max = -Infinity;
  let r = 0;
  for (let z = 0, c = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      const row = lo[0] + nx * (lo[1] + y + ny * (lo[2] + z));
      for (let x = 0; x < size[0]; x++, c++) {
        const v = image.data[row + x];
        values[c] = v;
        if (m[row + x] !== 1) continue;
        if (!Number.isFinite(v)) throw new Error(`the image has a non-finite value (${v}) inside the ROI`);
        inRoi[c] = 1;
        roiValues[r++] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return { image, lo, hi, size, values, inRoi, roiValues, min, max };
}
