/**
 * main/dicom: the only module that parses DICOM. Implements the DicomModule contract of ./types,
 * plus the writer (write.ts), a one-case loader (case.ts) and a timing helper (bench.ts).
 */
import { loadSeriesVolume } from './load';
import { rasterizeRoi } from './roi';
import { scanFolders } from './scan';
import type { DicomModule } from './types';

export { scanFolders } from './scan';
export { loadSeriesVolume, slicePositionsOf, type LoadBuffers, type LoadOptions } from './load';
export { rasterizeRoi, rasterizeRoiReport, type RoiRaster, type RasterizeOptions } from './roi';
export { decodeStoredFrames, type StoredFrames } from './decode';
export { duplicateSop, samePixelData } from './duplicates';
export { loadDicomCase, selectSeries, type DicomCase } from './case';
export type * from './types';

export const dicomModule: DicomModule = { scanFolders, loadSeriesVolume, rasterizeRoi };

export { benchImport, type ImportTiming } from './bench';
export {
  writeImageSeries,
  writeRtstruct,
  writeSeg,
  seriesRefFromScan,
  seriesRefOf,
  saveFiles,
} from './write';
export type {
  ImageSeriesRef,
  RoiMaskInput,
  WrittenFile,
  PatientInput,
  StudyInput,
  SeriesInput,
  WriterOptions,
} from './write';
