/**
 * Grey levels of the A.K. texture families on the cropped ROI grid, as a texture/ TextureGrid (level 1 … n
 * inside the ROI, 0 outside) so that they count their matrices with texture/'s builders: IBSI's fixed bin
 * number for GLSZM and Haralick (fixedBinGrid, ak-features.md §8), ITK's float32 bins for the GLCM
 * (glcm.ts#itkGlcmGrid, §4). Only the binning is the profile's own.
 */
import type { TextureGrid } from '../texture/neighbourhood';
import { fixedBinNumber } from './binning';
import type { AkRoi } from './roi';

/** A TextureGrid of `levels` (0 outside the ROI; `voxelCount` of them > 0) on the cropped grid of `roi`. */
export function akTextureGrid(
  roi: AkRoi,
  levels: Int32Array,
  nLevels: number,
  voxelCount: number,
): TextureGrid {
  const [nx, ny, nz] = roi.size;
  return { nx, ny, nz, levels, nLevels, morphMask: roi.inRoi, voxelCount, cropOrigin: [...roi.lo] };
}

/** IBSI fixed bin number levels g = 1 … bins of the ROI voxels (binning.ts#fixedBinNumber). */
export function fixedBinGrid(roi: AkRoi, bins: number): TextureGrid {
  const levels = new Int32Array(roi.values.length);
  for (let n = 0; n < levels.length; n++) {
    if (roi.inRoi[n]) levels[n] = fixedBinNumber(roi.values[n], roi.min, roi.max, bins);
  }
  return akTextureGrid(roi, levels, bins, roi.roiValues.length); // every ROI voxel has a level
}
