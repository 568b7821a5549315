/**
 * Study codes for de-identified exports: each site patient id gets `SUBJ-001`, `SUBJ-002`, … on first
 * export (then the same code forever), plus a date shift in days; and the database's UID-remapping secret.
 * The mapping stays in the database so that the site — and only someone holding the database — can
 * re-identify an exported row.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { nowIso, type Store } from './db';

export interface StudyCode {
  patientId: string;
  code: string;
  /** Days added to every date of this patient in exports (negative: earlier). */
  dateShiftDays: number;
  createdAt: string;
}

interface StudyCodeRow {
  patient_id: string;
  code: string;
  date_shift_days: number;
  created_at: string;
}

const fromRow = (r: StudyCodeRow): StudyCode => ({
  patientId: r.patient_id,
  code: r.code,
  dateShiftDays: r.date_shift_days,
  createdAt: r.created_at,
});

/** `SUBJ-001` … `SUBJ-999`, then `SUBJ-1000` …: the sequence number, at least three digits. */
export function formatStudyCode(seq: number): string {
  return `SUBJ-${String(seq).padStart(3, '0')}`;
}

/** The patient's study code, created (next number, random shift of −365…−1 days) when it has none. */
export function studyCodeFor(store: Store, patientId: string): StudyCode {
  const existing = store.stmt('SELECT * FROM study_codes WHERE patient_id = ?').get(patientId) as
    StudyCodeRow | undefined;
  if (existing) return fromRow(existing);
  return store.transaction(() => {
    // Re-read inside the write lock: another process may have coded this patient meanwhile.
    const again = store.stmt('SELECT * FROM study_codes WHERE patient_id = ?').get(patientId) as
      StudyCodeRow | undefined;
    if (again) return fromRow(again);
    const seq =
      ((store.stmt('SELECT MAX(seq) AS m FROM study_codes').get() as { m: number | null }).m ?? 0) + 1;
    const row: StudyCodeRow = {
      patient_id: patientId,
      code: formatStudyCode(seq),
      date_shift_days: -randomInt(1, 366),
      created_at: nowIso(),
    };
    store
      .stmt(
        'INSERT INTO study_codes (patient_id, code, seq, date_shift_days, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(row.patient_id, row.code, seq, row.date_shift_days, row.created_at);
    return fromRow(row);
  });
}

/** Every study code, in code order: the site's re-identification list. */
export function listStudyCodes(store: Store): StudyCode[] {
  return (store.stmt('SELECT * FROM study_codes ORDER BY seq').all() as StudyCodeRow[]).map(fromRow);
}

/** The site patient id behind a study code (re-identification), or undefined. */
export function patientIdForStudyCode(store: Store, code: string): string | undefined {
  return (
    store.stmt('SELECT patient_id FROM study_codes WHERE code = ?').get(code) as
      { patient_id: string } | undefined
  )?.patient_id;
}

/** The database's UID-remapping secret (hex), created on first use. */
export function deidentificationSecret(store: Store): string {
  const get = () =>
    (
      store.stmt('SELECT uid_secret FROM deidentification_key WHERE id = 1').get() as
        { uid_secret: string } | undefined
    )?.uid_secret;
  return (
    get() ??
    store.transaction(() => {
      const again = get();
      if (again) return again;
      const secret = randomBytes(32).toString('hex');
      store
        .stmt('INSERT INTO deidentification_key (id, uid_secret, created_at) VALUES (1, ?, ?)')
        .run(secret, nowIso());
      return secret;
    })
  );
}

/** What the database knows that identifies people: every value a de-identified export must not contain. */
export interface IdentifyingValues {
  /** Per site patient id: its name, birth date, and its studies' dates, accession numbers and descriptions. */
  patients: Map<
    string,
    { name: string; birthDate: string; studyDates: string[]; accessionNumbers: string[] }
  >;
  /** Study, series, frame-of-reference, instance and ROI-source UIDs. */
  uids: Set<string>;
  /** File paths of instances and ROI sources (folder names often hold patient names or ids). */
  paths: Set<string>;
}

export function identifyingValues(store: Store): IdentifyingValues {
  const patients: IdentifyingValues['patients'] = new Map();
  for (const p of store.stmt('SELECT patient_id, name, birth_date FROM patients').all() as {
    patient_id: string;
    name: string;
    birth_date: string;
  }[]) {
    patients.set(p.patient_id, {
      name: p.name,
      birthDate: p.birth_date,
      studyDates: [],
      accessionNumbers: [],
    });
  }
  const uids = new Set<string>();
  for (const s of store
    .stmt(
      'SELECT p.patient_id, s.study_uid, s.study_date, s.accession_number FROM studies s JOIN patients p ON s.patient_id = p.id',
    )
    .all() as { patient_id: string; study_uid: string; study_date: string; accession_number: string }[]) {
    uids.add(s.study_uid);
    const p = patients.get(s.patient_id);
    if (s.study_date) p?.studyDates.push(s.study_date);
    if (s.accession_number) p?.accessionNumbers.push(s.accession_number);
  }
  for (const s of store.stmt('SELECT series_uid, frame_of_reference FROM series').all() as {
    series_uid: string;
    frame_of_reference: string;
  }[]) {
    uids.add(s.series_uid);
    if (s.frame_of_reference) uids.add(s.frame_of_reference);
  }
  const paths = new Set<string>();
  for (const i of store.stmt('SELECT sop_uid, file_path FROM instances').iterate() as Iterable<{
    sop_uid: string;
    file_path: string;
  }>) {
    uids.add(i.sop_uid);
    paths.add(i.file_path);
  }
  for (const r of store.stmt('SELECT source_sop_uid, source_file FROM rois').all() as {
    source_sop_uid: string | null;
    source_file: string | null;
  }[]) {
    if (r.source_sop_uid) uids.add(r.source_sop_uid);
    if (r.source_file) paths.add(r.source_file);
  }
  return { patients, uids, paths };
}
