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
  const existing = store.stmt('SELECT id FROM patients WHERE patient_id = ?').get(p.patientId) as { id: number } | undefined;
  if (existing) return { id: existing.id, created: false };
  const info = store
    .stmt('INSERT INTO patients (patient_id, name, birth_date, sex, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(p.patientId, p.name ?? '', p.birthDate ?? '', p.sex ?? '', nowIso());
  return { id: Number(info.lastInsertRowid), created: true };
}

export function getPatient(store: Store, patientId: string): PatientRecord | undefined {
  const r = store.stmt('SELECT * FROM patients WHERE patient_id = ?').get(patientId) as PatientRow | undefined;
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
  const info = store.stmt('UPDATE patients SET clinical_json = ? WHERE id = ?').run(JSON.stringify(clinical), id);
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
        (SELECT COUNT(DISTINCT fv.roi_id) FROM feature_values fv JOIN rois r ON fv.roi_id = r.id
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
    clinicalVariables: Object.keys(parseJsonColumn<ClinicalVariables>(r.clinical_json, 'patients.clinical_json')).length,
  }));
}
