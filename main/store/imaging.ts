/** Studies, series (with geometry) and instances (one row per DICOM file). */
import type { DicomInstanceInfo } from '../dicom/types';
import type { ImageGeometry, Vec3 } from '../../shared/image/volume';
import { frameRefs, placeOnGrid, unusableReasons } from '../../shared/dicom/seriesUsability';
import { nowIso, parseJsonColumn, type Store } from './db';

export interface StudyInput {
  patientRowId: number;
  studyUid: string;
  studyDate?: string;
  description?: string;
  accessionNumber?: string;
}

export function upsertStudy(store: Store, s: StudyInput): { id: number; created: boolean } {
  const existing = store.stmt('SELECT id, patient_id FROM studies WHERE study_uid = ?').get(s.studyUid) as
    { id: number; patient_id: number } | undefined;
  if (existing) {
    if (existing.patient_id !== s.patientRowId) {
      throw new Error(`study ${s.studyUid} is already stored under another patient`);
    }
    return { id: existing.id, created: false };
  }
  const info = store
    .stmt(
      'INSERT INTO studies (patient_id, study_uid, study_date, description, accession_number, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(
      s.patientRowId,
      s.studyUid,
      s.studyDate ?? '',
      s.description ?? '',
      s.accessionNumber ?? '',
      nowIso(),
    );
  return { id: Number(info.lastInsertRowid), created: true };
}

export interface SeriesInput {
  studyRowId: number;
  seriesUid: string;
  seriesNumber?: number;
  description?: string;
  modality?: string;
  frameOfReference?: string;
  geometry: ImageGeometry;
  warnings?: string[];
}

export interface SeriesRecord {
  id: number;
  studyId: number;
  seriesUid: string;
  seriesNumber: number;
  description: string;
  modality: string;
  frameOfReference: string;
  geometry: ImageGeometry;
  warnings: string[];
  /**
   * Why the series is refused for extraction (a slice without an image, unusable files); empty when usable;
   * null until checked (stored before migration 5: checkSeriesUsability fills it).
   */
  unusable: string[] | null;
  /** Row id and DICOM id of the owning patient, and the study UID. */
  patientRowId: number;
  patientId: string;
  studyUid: string;
  instanceCount: number;
}

interface SeriesRow {
  id: number;
  study_id: number;
  series_uid: string;
  series_number: number;
  description: string;
  modality: string;
  frame_of_reference: string;
  geometry_json: string;
  warnings_json: string;
  unusable_json: string | null;
  patient_row_id: number;
  patient_id: string;
  study_uid: string;
  instance_count: number;
}

const SERIES_SELECT = `SELECT se.*, st.patient_id AS patient_row_id, p.patient_id AS patient_id, st.study_uid AS study_uid,
  (SELECT COUNT(*) FROM instances i WHERE i.series_id = se.id) AS instance_count
  FROM series se JOIN studies st ON se.study_id = st.id JOIN patients p ON st.patient_id = p.id`;

function toSeries(r: SeriesRow): SeriesRecord {
  return {
    id: r.id,
    studyId: r.study_id,
    seriesUid: r.series_uid,
    seriesNumber: r.series_number,
    description: r.description,
    modality: r.modality,
    frameOfReference: r.frame_of_reference,
    geometry: parseJsonColumn<ImageGeometry>(r.geometry_json, 'series.geometry_json'),
    warnings: parseJsonColumn<string[]>(r.warnings_json, 'series.warnings_json'),
    unusable: parseJsonColumn<string[] | null>(r.unusable_json, 'series.unusable_json'),
    patientRowId: r.patient_row_id,
    patientId: r.patient_id,
    studyUid: r.study_uid,
    instanceCount: r.instance_count,
  };
}

export function insertSeries(store: Store, s: SeriesInput): number {
  const info = store
    .stmt(
      `INSERT INTO series (study_id, series_uid, series_number, description, modality, frame_of_reference, geometry_json, warnings_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      s.studyRowId,
      s.seriesUid,
      s.seriesNumber ?? 0,
      s.description ?? '',
      s.modality ?? '',
      s.frameOfReference ?? '',
      JSON.stringify(s.geometry),
      JSON.stringify(s.warnings ?? []),
      nowIso(),
    );
  return Number(info.lastInsertRowid);
}

export function getSeriesByUid(store: Store, seriesUid: string): SeriesRecord | undefined {
  const r = store.stmt(`${SERIES_SELECT} WHERE se.series_uid = ?`).get(seriesUid) as SeriesRow | undefined;
  return r && toSeries(r);
}

export function getSeries(store: Store, id: number): SeriesRecord | undefined {
  const r = store.stmt(`${SERIES_SELECT} WHERE se.id = ?`).get(id) as SeriesRow | undefined;
  return r && toSeries(r);
}

/** Series of one patient (DICOM PatientID), or all series when omitted. */
export function listSeries(store: Store, patientId?: string): SeriesRecord[] {
  const rows = store
    .stmt(
      `${SERIES_SELECT} WHERE (@pid IS NULL OR p.patient_id = @pid) ORDER BY p.patient_id, st.study_uid, se.series_number, se.id`,
    )
    .all({ pid: patientId ?? null }) as SeriesRow[];
  return rows.map(toSeries);
}

export function findSeriesByFrameOfReference(store: Store, frameOfReference: string): SeriesRecord[] {
  if (!frameOfReference) return [];
  return (
    store
      .stmt(`${SERIES_SELECT} WHERE se.frame_of_reference = ? ORDER BY se.id`)
      .all(frameOfReference) as SeriesRow[]
  ).map(toSeries);
}

/** The stored instance holding a SOP Instance UID: its file and series. */
export function findInstanceBySop(
  store: Store,
  sopUid: string,
): { file: string; seriesUid: string; seriesId: number } | undefined {
  const r = store
    .stmt(
      'SELECT i.file_path, i.series_id, se.series_uid FROM instances i JOIN series se ON i.series_id = se.id WHERE i.sop_uid = ?',
    )
    .get(sopUid) as { file_path: string; series_id: number; series_uid: string } | undefined;
  return r && { file: r.file_path, seriesUid: r.series_uid, seriesId: r.series_id };
}

/**
 * Inserts an instance unless its SOP Instance UID is already stored; returns true when added. A caller that
 * drops a file this way must say so (findInstanceBySop names the file holding the UID).
 */
export function insertInstance(
  store: Store,
  seriesRowId: number,
  sliceIndex: number,
  inst: DicomInstanceInfo,
): boolean {
  const info = store
    .stmt(
      `INSERT INTO instances (series_id, sop_uid, sop_class_uid, transfer_syntax, file_path, instance_number, slice_index,
         frames, rows, columns, positions_json, orientation_json, pixel_spacing_json, file_size, problem)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sop_uid) DO NOTHING`,
    )
    .run(
      seriesRowId,
      inst.sopInstanceUid,
      inst.sopClassUid,
      inst.transferSyntaxUid,
      inst.file,
      inst.instanceNumber,
      sliceIndex,
      inst.frames,
      inst.rows,
      inst.columns,
      JSON.stringify(inst.positions),
      JSON.stringify(inst.orientation),
      JSON.stringify(inst.pixelSpacing),
      inst.fileSize,
      inst.problem ?? null,
    );
  return info.changes === 1;
}

interface InstanceRow {
  sop_uid: string;
  sop_class_uid: string;
  transfer_syntax: string;
  file_path: string;
  instance_number: number;
  frames: number;
  rows: number;
  columns: number;
  positions_json: string;
  orientation_json: string;
  pixel_spacing_json: string;
  file_size: number;
  problem: string | null;
}

/** Sorted instances of a series, in the shape main/dicom's loadSeriesVolume takes. */
export function listInstances(store: Store, seriesRowId: number): DicomInstanceInfo[] {
  const rows = store
    .stmt('SELECT * FROM instances WHERE series_id = ? ORDER BY slice_index, id')
    .all(seriesRowId) as InstanceRow[];
  return rows.map((r) => ({
    file: r.file_path,
    sopInstanceUid: r.sop_uid,
    sopClassUid: r.sop_class_uid,
    transferSyntaxUid: r.transfer_syntax,
    instanceNumber: r.instance_number,
    frames: r.frames,
    rows: r.rows,
    columns: r.columns,
    positions: parseJsonColumn<Vec3[]>(r.positions_json, 'instances.positions_json'),
    orientation: parseJsonColumn<number[]>(r.orientation_json, 'instances.orientation_json'),
    pixelSpacing: parseJsonColumn<[number, number]>(r.pixel_spacing_json, 'instances.pixel_spacing_json'),
    fileSize: r.file_size,
    ...(r.problem ? { problem: r.problem } : {}),
  }));
}

/**
 * Why a stored series cannot be extracted from (empty when it can): every slice of its grid must have an
 * image (placeOnGrid over the stored instances) and no image may have a problem (instances.problem). Reads
 * only; checkSeriesUsability stores the answer.
 */
export function usabilityOf(store: Store, seriesRowId: number): string[] {
  const s = getSeries(store, seriesRowId);
  if (!s) throw new Error(`no series with row id ${seriesRowId}`);
  const instances = listInstances(store, seriesRowId);
  const nz = s.geometry.size[2];
  try {
    const empty =
      instances.length === 0
        ? Array.from({ length: nz }, (_, k) => k)
        : placeOnGrid(s.geometry, frameRefs(instances), instances[0].orientation, instances[0].pixelSpacing)
            .empty;
    return unusableReasons(
      nz,
      empty,
      instances.flatMap((i) => (i.problem ? [{ file: i.file, problem: i.problem }] : [])),
    );
  } catch (err) {
    return [`its images do not fit its grid: ${(err as Error).message}`];
  }
}

/** Checks a series (usabilityOf) and stores the answer: after instances are added, and for older series. */
export function checkSeriesUsability(store: Store, seriesRowId: number): string[] {
  const reasons = usabilityOf(store, seriesRowId);
  store.stmt('UPDATE series SET unusable_json = ? WHERE id = ?').run(JSON.stringify(reasons), seriesRowId);
  return reasons;
}

/** Why a series is refused for extraction (checked now if it never was); empty when usable. */
export function seriesUnusable(store: Store, seriesRowId: number): string[] {
  const s = getSeries(store, seriesRowId);
  if (!s) throw new Error(`no series with row id ${seriesRowId}`);
  return s.unusable ?? checkSeriesUsability(store, seriesRowId);
}

/** Checks every series not checked yet (stored before migration 5); returns how many. */
export function checkUncheckedSeries(store: Store): number {
  const ids = (store.stmt('SELECT id FROM series WHERE unusable_json IS NULL').all() as { id: number }[]).map(
    (r) => r.id,
  );
  if (ids.length) store.transaction(() => ids.forEach((id) => checkSeriesUsability(store, id)));
  return ids.length;
}

/** What loadSeriesVolume needs to decode a stored series. */
export function seriesForLoading(
  store: Store,
  seriesRowId: number,
): { instances: DicomInstanceInfo[]; geometry: ImageGeometry } {
  const s = getSeries(store, seriesRowId);
  if (!s) throw new Error(`no series with row id ${seriesRowId}`);
  return { instances: listInstances(store, seriesRowId), geometry: s.geometry };
}

export interface StudyRecord {
  id: number;
  patientRowId: number;
  studyUid: string;
  studyDate: string;
  description: string;
  accessionNumber: string;
}

/** Studies of one patient (DICOM PatientID), or all, ordered by date. */
export function listStudies(store: Store, patientId?: string): StudyRecord[] {
  const rows = store
    .stmt(
      `SELECT st.* FROM studies st JOIN patients p ON st.patient_id = p.id WHERE (@pid IS NULL OR p.patient_id = @pid)
       ORDER BY p.patient_id, st.study_date, st.id`,
    )
    .all({ pid: patientId ?? null }) as {
    id: number;
    patient_id: number;
    study_uid: string;
    study_date: string;
    description: string;
    accession_number: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    patientRowId: r.patient_id,
    studyUid: r.study_uid,
    studyDate: r.study_date,
    description: r.description,
    accessionNumber: r.accession_number,
  }));
}

/**
 * The series refused for extraction that hold ROIs (optionally named `roiName`): each with its patient, ROI
 * count and reasons (checked without storing for series never checked). Reads only (the extraction plan).
 */
export function unusableSeriesWithRois(
  store: Store,
  roiName?: string,
): { seriesUid: string; patientId: string; rois: number; reasons: string[] }[] {
  const rows = store
    .stmt(
      `SELECT se.id, se.series_uid, se.unusable_json, p.patient_id, COUNT(r.id) AS rois
       FROM rois r JOIN series se ON r.series_id = se.id JOIN studies st ON se.study_id = st.id
       JOIN patients p ON st.patient_id = p.id
       WHERE (@name IS NULL OR r.name = @name) AND (se.unusable_json IS NULL OR se.unusable_json != '[]')
       GROUP BY se.id ORDER BY p.patient_id, se.id`,
    )
    .all({ name: roiName ?? null }) as {
    id: number;
    series_uid: string;
    unusable_json: string | null;
    patient_id: string;
    rois: number;
  }[];
  return rows
    .map((r) => ({
      seriesUid: r.series_uid,
      patientId: r.patient_id,
      rois: r.rois,
      reasons:
        parseJsonColumn<string[] | null>(r.unusable_json, 'series.unusable_json') ?? usabilityOf(store, r.id),
    }))
    .filter((s) => s.reasons.length > 0);
}
