/** ROI objects (RTSTRUCT / SEG files) → masks on an image grid. */
import { MiB, readUserFile } from '../io/readUserFile';
import { rasterizeContours } from '../../shared/roi/rasterize';
import type { ImageGeometry, MaskVolume } from '../../shared/image/volume';
import { parseDicomBytes, SOP_CLASS, sopClassOf } from './dataset';
import { findRoi, readRtstructRois } from './rtstruct';
import { readSegments, segmentToMaskAsync } from './seg';

/** RTSTRUCT / SEG files are read whole; a multi-frame SEG of a large series is a few hundred MB at most. */
const MAX_ROI_FILE_BYTES = 2048 * MiB;

export interface RoiRaster {
  mask: MaskVolume;
  /** The ROI's name as stored in the file. */
  roiName: string;
  /** e.g. contours that lie off the grid's slices and were left out. */
  warnings: string[];
}

/** As rasterizeRoi, with the problems that did not stop it (for the caller to show). */
export interface RasterizeOptions {
  /** True slice positions (slicePositionsOf(series)) so contours of unevenly spaced series find their slice. */
  slicePositions?: ArrayLike<number>;
}

export async function rasterizeRoiReport(
  roiFile: string,
  roiName: string,
  grid: ImageGeometry,
  options: RasterizeOptions = {},
): Promise<RoiRaster> {
  const bytes = await readUserFile(roiFile, {
    what: 'ROI file',
    maxBytes: MAX_ROI_FILE_BYTES,
    timeoutMs: 5 * 60_000,
  });
  const parsed = parseDicomBytes(bytes, roiFile);
  const sopClass = sopClassOf(parsed.dataset);
  if (sopClass === SOP_CLASS.RTStructureSet) {
    const roi = findRoi(readRtstructRois(parsed.dataset), roiName, roiFile);
    if (roi.contours.length === 0)
      throw new Error(`${roiFile}: ROI "${roi.name}" has no closed planar contours`);
    const { mask, contoursOffGrid } = rasterizeContours(roi.contours, grid, options.slicePositions);
    if (contoursOffGrid === roi.contours.length) {
      throw new Error(
        `${roiFile}: none of the ${roi.contours.length} contours of "${roi.name}" lies on a slice of the image grid`,
      );
    }
    const warnings =
      contoursOffGrid > 0
        ? [
            `${contoursOffGrid} of ${roi.contours.length} contours of "${roi.name}" lie off the image slices and were left out`,
          ]
        : [];
    return { mask, roiName: roi.name, warnings };
  }
  if (sopClass === SOP_CLASS.Segmentation) {
    const segment = findRoi(readSegments(parsed), roiName, roiFile);
    return {
      mask: await segmentToMaskAsync(parsed, segment.number, grid, options.slicePositions),
      roiName: segment.name,
      warnings: [],
    };
  }
  throw new Error(`${roiFile} is neither an RTSTRUCT nor a SEG (SOP class ${sopClass || 'missing'})`);
}

/**
 * Rasterises ROI `roiName` of an RTSTRUCT or SEG file onto `grid` (only its geometry is used).
 * RTSTRUCT: DESIGN §5 rule (centre inside, even-odd, XOR per slice, slice matched by position).
 * SEG: each segment pixel to the nearest grid voxel. Names match exactly, else case-insensitively.
 */
export async function rasterizeRoi(
  roiFile: string,
  roiName: string,
  grid: ImageGeometry,
  options: RasterizeOptions = {},
): Promise<MaskVolume> {
  return (await rasterizeRoiReport(roiFile, roiName, grid, options)).mask;
}
