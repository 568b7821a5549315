/** Patients and their clinical variables (a JSON object of name → number | string | null). */
import { nowIso, parseJsonColumn, type Store } from './db';

export type ClinicalValue = number | string | null;
export type ClinicalVariables = Record<string, ClinicalValue>;

export interface PatientRecord {
  id: number;
  patientId: string;
  name: string;
  birthDate: string;
  sex: string;
  clinical: ClinicalVariables;
  createdAt: string;
}

interface PatientRow {
  id: number;
  patient_id: string;
  name: string;
  birth_date: string;
  sex: string;
  clinical_json: string;
  created_at: string;
}

function toRecord(r: PatientRow): PatientRecord {
  return {
    id: r.id,
    patientId: r.patient_id,
    name: r.name,
    birthDate: r.birth_date,
    sex: r.sex,
    clinical: parseJsonColumn<ClinicalVariables>(r.clinical_json, 'patients.clinical_json'),
    createdAt: r.created_at,
  };
}

/** Returns the row id of the patient, inserting it when new. Existing demographics are kept. */
export function upsertPatient(
  store: Store,
  p: { patientId: string; name?: string; birthDate?: string; sex?: string },
): { id: number; created: boolean } {
  const existing = store.stmt('SELECT id FROM patients WHERE patient_id = ?').get(p.patientId) as
    { id: number } | undefined;
  if (existing) return { id: existing.id, created: false };
  const info = store
    .stmt('INSERT INTO patients (patient_id, name, birth_date, sex, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(p.patientId, p.name ?? '', p.birthDate ?? '', p.sex ?? '', nowIso());
  return { id: Number(info.lastInsertRowid), created: true };
}

export function getPatient(store: Store, patientId: string): PatientRecord | undefined {
  const r = store.stmt('SELECT * FROM patients WHERE patient_id = ?').get(patientId) as
    PatientRow | undefined;
  return r && toRecord(r);
}

export function getPatientById(store: Store, id: number): PatientRecord | undefined {
  const r = store.stmt('SELECT * FROM patients WHERE id = ?').get(id) as PatientRow | undefined;
  return r && toRecord(r);
}

export function listPatients(store: Store): PatientRecord[] {
  return (store.stmt('SELECT * FROM patients ORDER BY patient_id').all() as PatientRow[]).map(toRecord);
}

/** Replaces the whole clinical-variable object of a patient (callers merge and audit). */
export function setClinicalVariables(store: Store, id: number, clinical: ClinicalVariables): void {
  const info = store
    .stmt('UPDATE patients SET clinical_json = ? WHERE id = ?')
    .run(JSON.stringify(clinical), id);
  if (info.changes !== 1) throw new Error(`no patient with row id ${id}`);
}

export interface PatientStatusRow {
  id: number;
  patientId: string;
  name: string;
  studies: number;
  series: number;
  instances: number;
  rois: number;
  /** ROIs that have values in at least one feature set. */
  roisWithFeatures: number;
  clinicalVariables: number;
}

/** One row per patient with the counts the patient list shows (images, ROIs, features). */
export function patientStatuses(store: Store): PatientStatusRow[] {
  const rows = store
    .stmt(
      `SELECT p.id, p.patient_id, p.name, p.clinical_json,
        (SELECT COUNT(*) FROM studies st WHERE st.patient_id = p.id) AS studies,
        (SELECT COUNT(*) FROM series se JOIN studies st ON se.study_id = st.id WHERE st.patient_id = p.id) AS series,
        (SELECT COUNT(*) FROM instances i JOIN series se ON i.series_id = se.id JOIN studies st ON se.study_id = st.id
           WHERE st.patient_id = p.id) AS instances,
        (SELECT COUNT(*) FROM rois r JOIN series se ON r.series_id = se.id JOIN studies st ON se.study_id = st.id
           WHERE st.patient_id = p.id) AS rois,
        (SELECT COUNT(DISTINCT fv.roi_id) FROM feature_values fv JOIN rois r ON fv.roi_id = r.id AND fv.mask_hash = r.mask_hash
           JOIN series se ON r.series_id = se.id JOIN studies st ON se.study_id = st.id WHERE st.patient_id = p.id) AS with_features
       FROM patients p ORDER BY p.patient_id`,
    )
    .all() as (Omit<PatientRow, 'birth_date' | 'sex' | 'created_at'> & {
    studies: number;
    series: number;
    instances: number;
    rois: number;
    with_features: number;
  })[];
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    name: r.name,
    studies: r.studies,
    series: r.series,
    instances: r.instances,
    rois: r.rois,
    roisWithFeatures: r.with_features,
    clinicalVariables: Object.keys(
      parseJsonColumn<ClinicalVariables>(r.clinical_json, 'patients.clinical_json'),
    ).length,
  }));
}

/** One row of a patient-list page (what `patients.list` shows). */
export interface PatientPageRow {
  patientId: string;
  name: string;
  birthDate: string;
  sex: string;
  studies: number;
  series: number;
  rois: number;
  /** The most recently recorded label, if any. */
  response: 'CR' | 'PR' | 'SD' | 'PD' | null;
}

/**
 * One page of the patient list, ordered by patient id, filtered by a case-insensitive substring of id or
 * name — paged in SQL, so a page costs the same for 50 patients or 50,000 (only the page's rows are counted).
 */
export function patientPage(
  store: Store,
  input: { offset: number; limit: number; search?: string },
): { total: number; items: PatientPageRow[] } {
  const needle = (input.search ?? '').trim().toLowerCase();
  const params = { needle, offset: input.offset, limit: input.limit };
  const where = `(@needle = '' OR instr(unicode_lower(p.patient_id), @needle) > 0 OR instr(unicode_lower(p.name), @needle) > 0)`;
  const total = (
    store.stmt(`SELECT COUNT(*) AS n FROM patients p WHERE ${where}`).get(params) as { n: number }
  ).n;
  const rows = store
    .stmt(
      `SELECT p.patient_id, p.name, p.birth_date, p.sex,
        (SELECT COUNT(*) FROM studies st WHERE st.patient_id = p.id) AS studies,
        (SELECT COUNT(*) FROM series se JOIN studies st ON se.study_id = st.id WHERE st.patient_id = p.id) AS series,
        (SELECT COUNT(*) FROM rois r JOIN series se ON r.series_id = se.id JOIN studies st ON se.study_id = st.id
           WHERE st.patient_id = p.id) AS rois,
        (SELECT ra.response FROM response_assessments ra WHERE ra.patient_id = p.id ORDER BY ra.assessed_at DESC, ra.id DESC LIMIT 1) AS response
       FROM patients p WHERE ${where} ORDER BY p.patient_id LIMIT @limit OFFSET @offset`,
    )
    .all(params) as {
    patient_id: string;
    name: string;
    birth_date: string;
    sex: string;
    studies: number;
    series: number;
    rois: number;
    response: PatientPageRow['response'];
  }[];
  return {
    total,
    items: rows.map((r) => ({
      patientId: r.patient_id,
      name: r.name,
      birthDate: r.birth_date,
      sex: r.sex,
      studies: r.studies,
      series: r.series,
      rois: r.rois,
      response: r.response,
    })),
  };
}
