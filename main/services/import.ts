/**
 * Import service: scans folders for DICOM, stores patients/studies/series/instances, and rasterises the
 * RTSTRUCT/SEG ROIs onto their series. Each series (and each ROI file) is written in its own transaction,
 * so a kill mid-import leaves a consistent database and a rerun adds only what is missing.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { duplicateSop, rasterizeRoi, scanFolders, slicePositionsOf } from '../dicom/index';
import type { DicomRoiObject, DicomSeriesInfo } from '../dicom/types';
import type { MaskVolume } from '../../shared/image/volume';
import {
  checkSeriesUsability,
  dropFeaturesOfSeries,
  findInstanceBySop,
  findSeriesByFrameOfReference,
  getSeriesByUid,
  hasImportedRoi,
  insertInstance,
  insertRoi,
  insertSeries,
  seriesForLoading,
  upsertPatient,
  upsertStudy,
  type SeriesRecord,
  type Store,
} from '../store/index';
import { throwIfAborted, type ServiceOptions } from './options';

export interface ImportProgress {
  phase: 'scan' | 'store' | 'rois';
  done: number;
  total: number;
  file?: string;
}

/** DESIGN §4 `import --json`; the counts are rows newly added by this import. */
export interface ImportResult {
  files: number;
  patients: number;
  studies: number;
  series: number;
  instances: number;
  rois: number;
  skipped: { file: string; reason: string }[];
  warnings: { series: string; message: string }[];
}

/** A stand-in for a missing PatientID, so such files still group (per study) instead of merging patients. */
function patientKey(s: DicomSeriesInfo): string {
  return s.patient.patientId.trim() || `NO-PATIENT-ID-${s.study.studyInstanceUid}`;
}

export async function importFolders(
  store: Store,
  paths: string[],
  opts: ServiceOptions<ImportProgress> = {},
): Promise<ImportResult> {
  if (paths.length === 0) throw new Error('no folder given to import');
  const folders: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new Error(`no such file or folder: ${p}`);
    folders.push(abs);
  }
  const { signal, onProgress } = opts;
  throwIfAborted(signal);

  const scan = await scanFolders(folders, (p) =>
    onProgress?.({ phase: 'scan', done: p.done, total: p.total, file: p.file }),
  );
  throwIfAborted(signal);
  const roiFiles = new Set(scan.rois.map((r) => r.file));
  const result: ImportResult = {
    files: scan.files,
    patients: 0,
    studies: 0,
    series: 0,
    instances: 0,
    rois: 0,
    skipped: [...scan.skipped],
    // ROI-reference warnings are re-derived below against the database, which may already hold the series.
    warnings: scan.warnings.filter((w) => ![...roiFiles].some((f) => w.message.includes(f))),
  };

  for (const [n, s] of scan.series.entries()) {
    onProgress?.({ phase: 'store', done: n, total: scan.series.length, file: s.seriesInstanceUid });
    throwIfAborted(signal);
    // Files whose SOP Instance UID another stored file holds are not stored: each is named, with whether its
    // pixel data differ (decoded and compared here, outside the transaction).
    const duplicates = new Map<string, string>();
    for (const inst of s.instances) {
      const held = findInstanceBySop(store, inst.sopInstanceUid);
      if (held && held.file !== inst.file)
        duplicates.set(
          inst.sopInstanceUid,
          (await duplicateSop(inst.file, held.file, inst.sopInstanceUid)).reason,
        );
    }
    try {
      store.transaction(() => storeSeries(store, s, result, duplicates));
    } catch (err) {
      result.warnings.push({
        series: s.seriesInstanceUid,
        message: `not imported: ${(err as Error).message}`,
      });
    }
  }
  onProgress?.({ phase: 'store', done: scan.series.length, total: scan.series.length });

  for (let n = 0; n < scan.rois.length; n++) {
    const roi = scan.rois[n];
    onProgress?.({ phase: 'rois', done: n, total: scan.rois.length, file: roi.file });
    throwIfAborted(signal);
    await importRoiObject(store, roi, result, opts.actor);
  }
  onProgress?.({ phase: 'rois', done: scan.rois.length, total: scan.rois.length });
  return result;
}

/**
 * Stores one scanned series in the caller's transaction. `duplicates`: SOP Instance UID → why that file is not
 * stored (another stored file holds the UID). A new series none of whose files can be stored is not created
 * (no empty series, no patient row for it): the transaction is rolled back with the reason.
 */
function storeSeries(
  store: Store,
  s: DicomSeriesInfo,
  result: ImportResult,
  duplicates: ReadonlyMap<string, string>,
): void {
  const skipped: ImportResult['skipped'] = [];
  const existingSeries = getSeriesByUid(store, s.seriesInstanceUid);
  const storable = s.instances.filter((inst) => {
    const held = findInstanceBySop(store, inst.sopInstanceUid);
    if (!held) return true;
    if (held.file === inst.file) return false; // the same file, imported before: nothing to add or to say
    skipped.push({
      file: inst.file,
      reason:
        duplicates.get(inst.sopInstanceUid) ??
        `duplicate SOP Instance UID of ${held.file} (${inst.sopInstanceUid}; stored meanwhile by another import: pixel data not compared)`,
    });
    return false;
  });
  result.skipped.push(...skipped);
  if (!existingSeries && storable.length === 0)
    throw new Error(
      `none of its ${s.instances.length} images can be stored: each one's SOP Instance UID is already held by another stored file (listed as skipped)`,
    );
  const patient = upsertPatient(store, {
    patientId: patientKey(s),
    name: s.patient.patientName,
    birthDate: s.patient.birthDate,
    sex: s.patient.sex,
  });
  const study = upsertStudy(store, {
    patientRowId: patient.id,
    studyUid: s.study.studyInstanceUid,
    studyDate: s.study.studyDate,
    description: s.study.studyDescription,
    accessionNumber: s.study.accessionNumber,
  });
  const existing = existingSeries;
  if (existing && existing.studyId !== study.id)
    throw new Error(`series is already stored under study ${existing.studyUid}`);
  const seriesId =
    existing?.id ??
    insertSeries(store, {
      studyRowId: study.id,
      seriesUid: s.seriesInstanceUid,
      seriesNumber: s.seriesNumber,
      description: s.seriesDescription,
      modality: s.modality,
      frameOfReference: s.frameOfReferenceUid,
      geometry: s.geometry,
      warnings: s.warnings,
    });
  let added = 0;
  s.instances.forEach((inst, k) => {
    if (storable.includes(inst) && insertInstance(store, seriesId, k, inst)) added++;
  });
  if (existing && added > 0) {
    // The image its ROIs were extracted from changed: those features are no longer of this image.
    const dropped = dropFeaturesOfSeries(store, seriesId);
    result.warnings.push({
      series: s.seriesInstanceUid,
      message:
        `${added} new files added to a series stored earlier; its geometry is kept from the first import` +
        (dropped
          ? `; ${dropped} feature row(s) computed from the image as it was were dropped (extract again)`
          : ''),
    });
  }
  // A slice without an image (a file missing or not stored) or an unusable file: refused for extraction.
  if (!existing || added > 0) {
    const unusable = checkSeriesUsability(store, seriesId);
    if (unusable.length > 0)
      result.warnings.push({
        series: s.seriesInstanceUid,
        message: `not usable for extraction: ${unusable.join('; ')}`,
      });
  }
  result.patients += patient.created ? 1 : 0;
  result.studies += study.created ? 1 : 0;
  result.series += existing ? 0 : 1;
  result.instances += added;
}

/** The stored series an RTSTRUCT/SEG belongs to: by referenced series UID, else by a unique frame of reference. */
function targetSeries(store: Store, roi: DicomRoiObject): SeriesRecord | string {
  if (roi.referencedSeriesUid) {
    return (
      getSeriesByUid(store, roi.referencedSeriesUid) ??
      `refers to series ${roi.referencedSeriesUid}, which is neither in this import nor in the database`
    );
  }
  const candidates = findSeriesByFrameOfReference(store, roi.frameOfReferenceUid).filter(
    (s) => !roi.patientId || s.patientId === roi.patientId,
  );
  if (candidates.length === 1) return candidates[0];
  return candidates.length === 0
    ? 'names no image series and no stored series shares its frame of reference'
    : `names no image series and ${candidates.length} stored series share its frame of reference`;
}

async function importRoiObject(
  store: Store,
  roi: DicomRoiObject,
  result: ImportResult,
  actor?: string,
): Promise<void> {
  const series = targetSeries(store, roi);
  if (typeof series === 'string') {
    result.warnings.push({
      series: roi.referencedSeriesUid,
      message: `${roi.kind} ${roi.file} ${series}; its ROIs were not imported`,
    });
    return;
  }
  if (roi.patientId && roi.patientId !== series.patientId) {
    result.warnings.push({
      series: series.seriesUid,
      message: `${roi.kind} ${roi.file} belongs to patient ${roi.patientId} but its series to ${series.patientId}; its ROIs were not imported`,
    });
    return;
  }
  const masks: { name: string; mask: MaskVolume }[] = [];
  const slicePositions = storedSlicePositions(store, series);
  for (const name of roi.roiNames) {
    if (!name.trim() || hasImportedRoi(store, series.id, roi.sopInstanceUid, name)) continue;
    try {
      const mask = await rasterizeRoi(roi.file, name, series.geometry, { slicePositions });
      masks.push({ name, mask });
    } catch (err) {
      result.warnings.push({
        series: series.seriesUid,
        message: `ROI "${name}" of ${roi.file} not imported: ${(err as Error).message}`,
      });
    }
  }
  if (masks.length === 0) return;
  store.transaction(() => {
    for (const { name, mask } of masks) {
      if (hasImportedRoi(store, series.id, roi.sopInstanceUid, name)) continue; // another import got here first
      insertRoi(store, {
        seriesId: series.id,
        name,
        source: roi.kind,
        author: roi.author,
        sourceFile: roi.file,
        sourceSopUid: roi.sopInstanceUid,
        mask,
        actor,
      });
      result.rois++;
    }
  });
  for (const { name, mask } of masks) {
    if (!mask.data.some((v) => v !== 0))
      result.warnings.push({
        series: series.seriesUid,
        message: `ROI "${name}" of ${roi.file} is empty on this series`,
      });
  }
}

/**
 * Real slice positions of a stored series, so contours / SEG frames of unevenly spaced series land on their
 * slice; undefined (plain index matching) when the stored instances no longer stack to the stored geometry.
 */
function storedSlicePositions(store: Store, series: SeriesRecord): Float64Array | undefined {
  try {
    return slicePositionsOf(seriesForLoading(store, series.id));
  } catch {
    return undefined;
  }
}
