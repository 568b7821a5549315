/**
 * ROI export (issue "Contouring…" item 3): stored ROIs as a DICOM SEG or RTSTRUCT that references the
 * stored image series by its UIDs, so that a PACS / TPS — or our own import — puts it back on that series.
 * Several ROIs of one series go into one object (one segment / structure each).
 */
import { checkOutputPath, writeOutputFile, type OutputOptions } from '../io/outputPath';
import { readDicomHeader } from '../dicom/dataset';
import {
  seriesRefOf,
  writeRtstruct,
  writeSeg,
  type ImageSeriesRef,
  type RoiMaskInput,
  type WrittenFile,
} from '../dicom/write';
import {
  getPatient,
  getRoi,
  getRoiMask,
  getSeries,
  listStudies,
  seriesForLoading,
  type RoiRecord,
  type Store,
} from '../store/index';

export type RoiExportFormat = 'SEG' | 'RTSTRUCT';

/** How an export is de-identified (main/services/deidentify.ts provides one from the database's study codes). */
export interface RoiExportDeidentification {
  /** The series reference with patient, study and UIDs replaced (and the de-identification record set). */
  seriesRef(ref: ImageSeriesRef): ImageSeriesRef;
  /** Free text written into the object (ROI names, labels) with identifying values removed. */
  text(value: string): string;
  /** The object's content date/time, shifted as the patient's dates are (given the original reference). */
  moment?(ref: ImageSeriesRef, at: Date): Date;
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
  /** The first ROI (the only one for a single-ROI export). */
  roi_id: number;
  /** ROI names as written (de-identified: scrubbed), joined by ", " when there are several. */
  roi: string;
  series_uid: string;
  /** Voxels of all ROIs written. */
  voxels: number;
  sop_instance_uid: string;
  deidentified: boolean;
  /** Every ROI written, in segment / ROI-number order. */
  rois: { roi_id: number; roi: string; voxels: number }[];
}

/**
 * Study-level attributes the database does not keep (Study Time, Study ID, Referring Physician, Position
 * Reference Indicator), read from the series' first image file; absent when that file cannot be read
 * (then they are written empty — Type 2 — rather than made up).
 */
async function studyDetailsFromImages(
  files: string[],
): Promise<
  Pick<ImageSeriesRef, 'studyTime' | 'studyId' | 'referringPhysicianName' | 'positionReferenceIndicator'>
> {
  for (const file of files.slice(0, 1)) {
    try {
      const ds = (await readDicomHeader(file)).dataset;
      return {
        studyTime: ds.string(0x00080030),
        studyId: ds.string(0x00200010),
        referringPhysicianName: ds.string(0x00080090),
        positionReferenceIndicator: ds.string(0x00201040),
      };
    } catch {
      // A moved or unreadable image file: the export still references the series by UID.
    }
  }
  return {};
}

/** The reference the export is written against: the stored patient, study, series and instances. */
export async function storedSeriesRef(store: Store, seriesId: number): Promise<ImageSeriesRef> {
  const series = getSeries(store, seriesId);
  if (!series) throw new Error(`no series with row id ${seriesId}`);
  const patient = getPatient(store, series.patientId);
  const study = listStudies(store, series.patientId).find((s) => s.id === series.studyId);
  const { instances, geometry } = seriesForLoading(store, seriesId);
  if (instances.length === 0)
    throw new Error(`series ${series.seriesUid} has no stored instances to reference`);
  const ref = seriesRefOf({
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
  return { ...ref, ...(await studyDetailsFromImages(instances.map((i) => i.file))) };
}

/** The stored ROIs `roiIds` (all on one series, none empty), in the order given. */
export function roisToExport(store: Store, roiIds: number[]): RoiRecord[] {
  if (roiIds.length === 0) throw new Error('no ROI to export');
  const rois = roiIds.map((id) => {
    const roi = getRoi(store, id);
    if (!roi) throw new Error(`no ROI with id ${id}`);
    if (roi.voxelCount === 0) throw new Error(`ROI ${id} ("${roi.name}") is empty: nothing to export`);
    return roi;
  });
  if (new Set(roiIds).size !== roiIds.length) throw new Error('an ROI id is given twice');
  const other = rois.find((r) => r.seriesId !== rois[0].seriesId);
  if (other)
    throw new Error(
      `ROIs ${rois[0].id} and ${other.id} are on different series (${rois[0].seriesUid}, ${other.seriesUid}): one object references one series`,
    );
  return rois;
}

/** The masks and reference of stored ROIs as the writers take them (de-identified when asked). */
export async function roiWriterInput(
  store: Store,
  rois: RoiRecord[],
  deidentify?: RoiExportDeidentification,
  at: Date = new Date(),
): Promise<{ ref: ImageSeriesRef; masks: RoiMaskInput[]; author: string; now: Date }> {
  const stored = await storedSeriesRef(store, rois[0].seriesId);
  const ref = deidentify ? deidentify.seriesRef(stored) : stored;
  const now = deidentify?.moment ? deidentify.moment(stored, at) : at;
  const masks = rois.map((r) => ({
    name: deidentify ? deidentify.text(r.name) : r.name,
    mask: getRoiMask(store, r.id),
  }));
  const names = masks.map((m) => m.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new Error(
      `two of the ROIs are named "${twice}"${deidentify ? ' once de-identified' : ''}: rename one first`,
    );
  // PS3.15 basic profile: operators' and content creators' names are removed from de-identified objects.
  const authors = [...new Set(rois.map((r) => r.author).filter(Boolean))];
  return { ref, masks, author: deidentify ? '' : authors.join(', '), now };
}

/** The SEG or RTSTRUCT of stored ROIs (one segment / ROI each), not yet written to disk. */
export async function buildRoiObject(
  store: Store,
  roiIds: number[],
  options: Omit<ExportRoiOptions, 'out'>,
): Promise<{
  file: WrittenFile;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  ref: ImageSeriesRef;
  rois: RoiRecord[];
  names: string[];
}> {
  if (options.format !== 'SEG' && options.format !== 'RTSTRUCT')
    throw new Error(`unknown ROI export format "${String(options.format)}" (SEG or RTSTRUCT)`);
  const rois = roisToExport(store, roiIds);
  const { ref, masks, author, now } = await roiWriterInput(store, rois, options.deidentify, options.now);
  const label = masks.length === 1 ? masks[0].name : 'ROIs';
  const writerOptions = { author, label, now, uidSeed: options.uidSeed };
  const written =
    options.format === 'SEG' ? writeSeg(masks, ref, writerOptions) : writeRtstruct(masks, ref, writerOptions);
  return {
    file: written.file,
    sopInstanceUid: written.sopInstanceUid,
    seriesInstanceUid: written.seriesInstanceUid,
    ref,
    rois,
    names: masks.map((m) => m.name),
  };
}

/** Writes stored ROIs as a BINARY SEG or an RTSTRUCT (contours traced so that import gives back the same voxels). */
export async function exportRois(
  store: Store,
  roiIds: number[],
  options: ExportRoiOptions,
): Promise<ExportRoiResult> {
  const outputOptions: OutputOptions = {
    databases: [store.path],
    force: options.force,
    replaceHint: options.replaceHint,
  };
  checkOutputPath(options.out, outputOptions); // before a de-identification creates study codes
  const built = await buildRoiObject(store, roiIds, options);
  // Written beside the target and moved into place: a crash never leaves a half-written file under the real name.
  const out = await writeOutputFile(options.out, built.file.bytes, outputOptions);
  const rois = built.rois.map((r, n) => ({ roi_id: r.id, roi: built.names[n], voxels: r.voxelCount }));
  return {
    out,
    format: options.format,
    roi_id: rois[0].roi_id,
    roi: built.names.join(', '),
    series_uid: built.ref.seriesInstanceUid,
    voxels: rois.reduce((sum, r) => sum + r.voxels, 0),
    sop_instance_uid: built.sopInstanceUid,
    deidentified: options.deidentify !== undefined,
    rois,
  };
}

/** Writes one stored ROI (see exportRois). */
export async function exportRoi(
  store: Store,
  roiId: number,
  options: ExportRoiOptions,
): Promise<ExportRoiResult> {
  return exportRois(store, [roiId], options);
}
