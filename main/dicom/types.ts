/**
 * The contract between DICOM reading (main/dicom) and the rest of the app (store, services, features).
 * main/dicom implements these; nothing else parses DICOM.
 */
import type { MaskVolume, Vec3, Volume } from '../../shared/image/volume';

export interface DicomPatientInfo {
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: string;
}

export interface DicomStudyInfo {
  studyInstanceUid: string;
  studyDate: string;
  studyDescription: string;
  accessionNumber: string;
}

/** One image instance (a file; a multi-frame file is one instance with `frames` > 1). */
export interface DicomInstanceInfo {
  file: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number;
  frames: number;
  rows: number;
  columns: number;
  /** Per frame: ImagePositionPatient (LPS mm). */
  positions: Vec3[];
  /** ImageOrientationPatient (row cosines then column cosines). */
  orientation: number[];
  pixelSpacing: [number, number];
  fileSize: number;
  /**
   * Why the image's pixels cannot be used (RescaleSlope 0, a non-finite rescale): it is still stored and
   * shown, and its series is refused for extraction.
   */
  problem?: string;
}

/** A series ready to store: instances sorted along the slice normal, geometry derived from positions. */
export interface DicomSeriesInfo {
  patient: DicomPatientInfo;
  study: DicomStudyInfo;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  modality: string;
  frameOfReferenceUid: string;
  instances: DicomInstanceInfo[];
  /** Geometry of the volume the sorted slices form (size, spacing from positions, origin, direction). */
  geometry: { size: Vec3; spacing: Vec3; origin: Vec3; direction: number[] };
  warnings: string[];
}

/** A segmentation object (RTSTRUCT or SEG) found during a scan, not yet rasterised. */
export interface DicomRoiObject {
  file: string;
  kind: 'RTSTRUCT' | 'SEG';
  sopInstanceUid: string;
  patientId: string;
  studyInstanceUid: string;
  /** The image series it refers to (from the referenced-series sequences; may be empty). */
  referencedSeriesUid: string;
  frameOfReferenceUid: string;
  /** ROI / segment names, in file order. */
  roiNames: string[];
  author: string;
}

export interface ScanProblem {
  file: string;
  reason: string;
}

export interface ScanResult {
  files: number;
  series: DicomSeriesInfo[];
  rois: DicomRoiObject[];
  skipped: ScanProblem[];
  warnings: { series: string; message: string }[];
}

export interface ScanProgress {
  done: number;
  total: number;
  file: string;
}

/** What main/dicom exports (implemented in main/dicom/index.ts). */
export interface DicomModule {
  /** Recursively scans folders (any nesting, any names); never throws for a bad file. */
  scanFolders(paths: string[], onProgress?: (p: ScanProgress) => void): Promise<ScanResult>;
  /** Decodes a stored series (sorted instances) into a float32 volume, rescale applied. */
  loadSeriesVolume(
    series: Pick<DicomSeriesInfo, 'instances' | 'geometry'>,
    options?: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
  ): Promise<Volume>;
  /**
   * Rasterises one ROI of an RTSTRUCT/SEG file onto an image grid (DESIGN §5 rule). `slicePositions`
   * (slicePositionsOf(series)) matches contours to the real slice positions of unevenly spaced series.
   */
  rasterizeRoi(
    roiFile: string,
    roiName: string,
    grid: Volume | MaskVolume,
    options?: { slicePositions?: ArrayLike<number> },
  ): Promise<MaskVolume>;
}
