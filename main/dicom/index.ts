/**
 * main/dicom: the only module that parses DICOM. Implements the DicomModule contract of ./types.
 */
import { readFile } from 'node:fs/promises';
import { rasterizeContours } from '../../shared/roi/rasterize';
import type { ImageGeometry, MaskVolume } from '../../shared/image/volume';
import { parseDicomBytes, SOP_CLASS, sopClassOf } from './dataset';
import { loadSeriesVolume } from './load';
import { findRoi, readRtstructRois } from './rtstruct';
import { scanFolders } from './scan';
import { readSegments, segmentToMaskAsync } from './seg';
import type { DicomModule } from './types';

export { scanFolders } from './scan';
export { loadSeriesVolume } from './load';
export { decodeStoredFrames, type StoredFrames } from './decode';
export type * from './types';

/**
 * Rasterises ROI `roiName` of an RTSTRUCT or SEG file onto `grid` (only its geometry is used).
 * RTSTRUCT: DESIGN §5 rule (centre inside, even-odd, XOR per slice, slice matched by position).
 */
export async function rasterizeRoi(roiFile: string, roiName: string, grid: ImageGeometry): Promise<MaskVolume> {
  const parsed = parseDicomBytes(await readFile(roiFile), roiFile);
  const sopClass = sopClassOf(parsed.dataset);
  if (sopClass === SOP_CLASS.RTStructureSet) {
    const roi = findRoi(readRtstructRois(parsed.dataset), roiName, roiFile);
    if (roi.contours.length === 0) throw new Error(`${roiFile}: ROI "${roi.name}" has no closed planar contours`);
    const { mask, contoursOffGrid } = rasterizeContours(roi.contours, grid);
    if (contoursOffGrid === roi.contours.length) {
      throw new Error(`${roiFile}: none of the ${roi.contours.length} contours of "${roi.name}" lies on a slice of the image grid`);
    }
    return mask;
  }
  if (sopClass === SOP_CLASS.Segmentation) {
    const segment = findRoi(readSegments(parsed), roiName, roiFile);
    return segmentToMaskAsync(parsed, segment.number, grid);
  }
  throw new Error(`${roiFile} is neither an RTSTRUCT nor a SEG (SOP class ${sopClass || 'missing'})`);
}

export const dicomModule: DicomModule = { scanFolders, loadSeriesVolume, rasterizeRoi };

export { benchImport, type ImportTiming } from './bench';
export { writeImageSeries, writeRtstruct, writeSeg, seriesRefFromScan, saveFiles } from './write';
export type { ImageSeriesRef, RoiMaskInput, WrittenFile, PatientInput, StudyInput, SeriesInput, WriterOptions } from './write';
