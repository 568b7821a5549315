/**
 * The IBSI fixed-bin-number levels (g = 1 … bins, 0 outside the ROI) on the cropped ROI grid, shared by
 * the GLSZM and Haralick families (ak-features.md §8).
 */
import { fixedBinNumber } from './binning';
import type { AkRoi } from './roi';

export function fixedBinLevels(roi: AkRoi, bins: number): Int32Array {
  const levels = new Int32Array(roi.values.length);
  for (let n = 0; n < levels.length; n++) {
    if (roi.inRoi[n]) levels[n] = fixedBinNumber(roi.values[n], roi.min, roi.max, bins);
  }
  return levels;
}
