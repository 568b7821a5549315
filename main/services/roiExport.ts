/**
 * ROI export (issue "Contouring…" item 3): one stored ROI as a DICOM SEG or RTSTRUCT that references the
 * stored image series by its UIDs, so that a PACS / TPS — or our own import — puts it back on that series.
 */
import { checkOutputPath, writeOutputFile } from '../io/outputPath';
import { seriesRefOf, writeRtstruct, writeSeg, type ImageSeriesRef } from '../dicom/write';
import {
  getPatient,
  getRoi,
  getRoiMask,
  getSeries,
  listStudies,
  seriesForLoading,
  type Store,
} from '../store/index';

export type RoiExportFormat = 'SEG' | 'RTSTRUCT';

/** How an export is de-identified (main/services/deidentify.ts provides one from the database's study codes). */
export interface RoiExportDeidentification {
  /** The series reference with patient, study and UIDs replaced. */
  seriesRef(ref: ImageSeriesRef): ImageSeriesRef;
  /** Free text written into the object (ROI name, author) with identifying values removed. */
  text(value: string): string;
}

export interface ExportRoiOptions {
  format: RoiExportFormat;
  /** The file to write (its folder is created); never the store's database, never an existing file unless `force`. */
  out: string;
  /** Replace an existing file (the CLI's --force, the UI's confirmed save). */
  force?: boolean;
  /** How the caller says "replace", for the "already exists" message (main/io/outputPath.ts). */
  replaceHint?: string;
  deidentify?: RoiExportDeidentification;
  /** Content date/time and UID seed, for reproducible files in tests. */
  now?: Date;
  uidSeed?: string;
}

export interface ExportRoiResult {
  out: string;
  format: RoiExportFormat;
  roi_id: number;
  roi: string;
  series_uid: string;
  voxels: number;
  sop_instance_uid: string;
  deidentified: boolean;
}

/** The reference the export is written against: the stored patient, study, series and instances. */
export function storedSeriesRef(store: Store, seriesId: number): ImageSeriesRef {
  const series = getSeries(store, seriesId);
  if (!series) throw new Error(`no series with row id ${seriesId}`);
  const patient = getPatient(store, series.patientId);
  const study = listStudies(store, series.patientId).find((s) => s.id === series.studyId);
  const { instances, geometry } = seriesForLoading(store, seriesId);
  if (instances.length === 0)
    throw new Error(`series ${series.seriesUid} has no stored instances to reference`);
  return seriesRefOf({
    patient: {
      patientId: series.patientId,
      patientName: patient?.name ?? '',
      birthDate: patient?.birthDate ?? '',
      sex: patient?.sex ?? '',
    },
    study: {
      studyInstanceUid: series.studyUid,
      studyDate: study?.studyDate ?? '',
      studyDescription: study?.description ?? '',
      accessionNumber: study?.accessionNumber ?? '',
    },
    seriesInstanceUid: series.seriesUid,
    frameOfReferenceUid: series.frameOfReference,
    instances,
    geometry,
  });
}

/** Writes ROI `roiId` as a BINARY SEG or an RTSTRUCT (contours traced so that import gives back the same voxels). */
export async function exportRoi(
  store: Store,
  roiId: number,
  options: ExportRoiOptions,
): Promise<ExportRoiResult> {
  if (options.format !== 'SEG' && options.format !== 'RTSTRUCT')
    throw new Error(`unknown ROI export format "${String(options.format)}" (SEG or RTSTRUCT)`);
  const roi = getRoi(store, roiId);
  if (!roi) throw new Error(`no ROI with id ${roiId}`);
  const outputOptions = { databases: [store.path], force: options.force, replaceHint: options.replaceHint };
  checkOutputPath(options.out, outputOptions); // before a de-identification creates study codes
  const mask = getRoiMask(store, roiId);
  if (roi.voxelCount === 0) throw new Error(`ROI ${roiId} ("${roi.name}") is empty: nothing to export`);
  let ref = storedSeriesRef(store, roi.seriesId);
  let name = roi.name;
  let author = roi.author;
  if (options.deidentify) {
    ref = options.deidentify.seriesRef(ref);
    name = options.deidentify.text(name);
    author = options.deidentify.text(author);
  }
  const writerOptions = { author, label: name, now: options.now, uidSeed: options.uidSeed };
  const written =
    options.format === 'SEG'
      ? writeSeg([{ name, mask }], ref, writerOptions)
      : writeRtstruct([{ name, mask }], ref, writerOptions);
  // Written beside the target and moved into place: a crash never leaves a half-written file under the real name.
  const out = await writeOutputFile(options.out, written.file.bytes, outputOptions);
  return {
    out,
    format: options.format,
    roi_id: roiId,
    roi: name,
    series_uid: ref.seriesInstanceUid,
    voxels: roi.voxelCount,
    sop_instance_uid: written.sopInstanceUid,
    deidentified: options.deidentify !== undefined,
  };
}
