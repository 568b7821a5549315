/**
 * De-identified exports (issue "Reliability and security", item 3): feature CSV, HTML report, and the
 * reference an RTSTRUCT/SEG export is written from.
 *
 * Rules (after DICOM PS3.15 Annex E, basic profile, with consistent UID and study-code options):
 * - patient ids become study codes `SUBJ-001` … kept in the database (store/studyCodes.ts) so the site can
 *   re-identify; patient names become the study code; birth dates and accession numbers are removed;
 * - dates are shifted by the patient's stored offset (intervals within a patient are kept);
 * - UIDs are remapped to `2.25.<HMAC-SHA256(db secret, uid) as a 128-bit decimal>`: the same UID maps to the
 *   same new UID in every export of this database, and nobody without the database can map it back;
 * - free text (ROI names, model names, settings) is scrubbed of every identifying value the database holds
 *   (ids, name parts, dates, accession numbers, UIDs, file paths).
 */
import { createHmac } from 'node:crypto';
import type { ImageSeriesRef } from '../dicom/write';
import type { ReportInput } from './report';
import {
  deidentificationSecret,
  featureTable,
  identifyingValues,
  latestFeatureSet,
  studyCodeFor,
  type Store,
} from '../store/index';
import { csvCell, numberCell, type FeatureCsv } from './exportFeatures';

/** A UID under the 2.25 root (UUID-derived, PS3.5 B.2) from an HMAC of the original: stable per database secret. */
export function remapUid(secret: string, uid: string): string {
  const digest = createHmac('sha256', secret).update(uid).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString()}`;
}

/** Shifts a DICOM date (YYYYMMDD) by whole days; anything that is not a valid date is removed (''). */
export function shiftDicomDate(date: string, days: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!m) return '';
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  if (
    d.getUTCFullYear() !== Number(m[1]) ||
    d.getUTCMonth() !== Number(m[2]) - 1 ||
    d.getUTCDate() !== Number(m[3])
  )
    return '';
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Values shorter than this are replaced only where they are a whole field, never inside free text (a "1" would eat numbers). */
const MIN_SCRUB_LENGTH = 3;

export interface Deidentifier {
  /** The patient's study code (created and stored on first use). */
  code(patientId: string): string;
  /** The remapped UID. */
  uid(uid: string): string;
  /** A date of this patient (YYYYMMDD) shifted by the patient's offset; '' when not a date. */
  date(patientId: string, date: string): string;
  /** Free text with every identifying value replaced: ids → codes, UIDs → remapped, the rest → "[removed]". */
  scrub(text: string): string;
  /** Deep copy of a JSON-like value with every string scrubbed (exact patient ids become their code). */
  scrubDeep<T>(value: T): T;
}

export function createDeidentifier(store: Store): Deidentifier {
  const secret = deidentificationSecret(store);
  const known = identifyingValues(store);
  const uidCache = new Map<string, string>();
  const uid = (u: string): string => {
    let out = uidCache.get(u);
    if (!out) {
      out = remapUid(secret, u);
      uidCache.set(u, out);
    }
    return out;
  };
  const code = (patientId: string): string => studyCodeFor(store, patientId).code;

  // Needles for free text: longest first, so "Doe^Jane" goes before "Doe".
  const needles = new Map<string, () => string>();
  const add = (value: string, replacement: () => string) => {
    const v = value.trim();
    if (v.length >= MIN_SCRUB_LENGTH && !needles.has(v.toLowerCase()))
      needles.set(v.toLowerCase(), replacement);
  };
  const removed = () => '[removed]';
  for (const [patientId, p] of known.patients) {
    add(patientId, () => code(patientId));
    add(p.name, () => code(patientId));
    // Name components and their common orders ("Jane Doe", "Doe, Jane").
    const parts = p.name.split(/[\^=,\s]+/).filter((s) => s.length >= MIN_SCRUB_LENGTH);
    if (parts.length > 1) {
      // DICOM PN is family^given^middle: also "given family", "given middle family", "family, given".
      const [family, ...given] = parts;
      for (const form of [
        parts.join(' '),
        `${given.join(' ')} ${family}`,
        `${given[0]} ${family}`,
        `${family}, ${given.join(' ')}`,
        `${family}, ${given[0]}`,
      ]) {
        add(form, () => code(patientId));
      }
    }
    for (const part of parts) add(part, removed);
    for (const d of [p.birthDate, ...p.studyDates]) {
      add(d, removed);
      if (/^\d{8}$/.test(d)) add(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, removed);
    }
    for (const a of p.accessionNumbers) add(a, removed);
  }
  for (const path of known.paths) add(path, () => '[path removed]');
  for (const u of known.uids) add(u, () => uid(u));
  // Only whole tokens: a UID must not match inside a longer UID, a name part not inside another word.
  const pattern = needles.size
    ? new RegExp(
        `(?<![\\w.])(?:${[...needles.keys()]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|')})(?![\\w]|\\.\\d)`,
        'giu',
      )
    : null;
  const scrub = (text: string): string =>
    pattern ? text.replace(pattern, (m) => needles.get(m.toLowerCase())?.() ?? '[removed]') : text;

  const scrubDeep = <T>(value: T): T => {
    if (typeof value === 'string') return (known.patients.has(value) ? code(value) : scrub(value)) as T;
    if (Array.isArray(value)) return value.map((v) => scrubDeep(v)) as T;
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v)])) as T;
    }
    return value;
  };

  return {
    code,
    uid,
    date: (patientId, date) => shiftDicomDate(date, studyCodeFor(store, patientId).dateShiftDays),
    scrub,
    scrubDeep,
  };
}

/** The feature CSV of `featureSetCsv`, de-identified: study codes, remapped series UIDs, scrubbed ROI names. */
export function deidentifiedFeatureCsv(
  store: Store,
  input: { featureSetId?: number } = {},
  deid: Deidentifier = createDeidentifier(store),
): FeatureCsv {
  const id = input.featureSetId ?? latestFeatureSet(store)?.id;
  if (id === undefined) throw new Error('no features in the database yet (run `radscore extract` first)');
  const table = featureTable(store, id);
  const header = ['patient_id', 'series_uid', 'roi', ...table.features.map((f) => f.name)];
  const lines = [header.map(csvCell).join(',')];
  const rows = table.rows.map((r) => ({ r, code: deid.code(r.patientId) }));
  // Sorted by code, not by the site's ids: row order must not leak the original id order either.
  rows.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }) || a.r.roiId - b.r.roiId);
  for (const { r, code } of rows) {
    lines.push(
      [
        csvCell(code),
        csvCell(deid.uid(r.seriesUid)),
        csvCell(deid.scrub(r.roi)),
        ...Array.from(r.values, numberCell),
      ].join(','),
    );
  }
  return {
    feature_set_id: id,
    rows: table.rows.length,
    features: table.features.length,
    csv: `${lines.join('\n')}\n`,
  };
}

/** A report input with case ids replaced by study codes and every text scrubbed. */
export function deidentifyReportInput(input: ReportInput, deid: Deidentifier): ReportInput {
  return { fit: deid.scrubDeep(input.fit), context: deid.scrubDeep(input.context) };
}

/**
 * The reference an RTSTRUCT/SEG export is written from (dicom/write.ts writeRtstruct / writeSeg), de-identified:
 * the objects then carry the study code as PatientID and PatientName, no birth date or accession number,
 * the shifted study date, and remapped study, series, frame-of-reference and referenced instance UIDs.
 */
export function deidentifySeriesRef(ref: ImageSeriesRef, deid: Deidentifier): ImageSeriesRef {
  const siteId = ref.patient.patientId;
  const code = deid.code(siteId);
  return {
    ...ref,
    patient: { patientId: code, patientName: code, birthDate: '', sex: ref.patient.sex },
    studyInstanceUid: deid.uid(ref.studyInstanceUid),
    studyDate: deid.date(siteId, ref.studyDate),
    studyDescription: deid.scrub(ref.studyDescription),
    accessionNumber: '',
    seriesInstanceUid: deid.uid(ref.seriesInstanceUid),
    frameOfReferenceUid: deid.uid(ref.frameOfReferenceUid),
    slices: ref.slices.map((s) => ({
      sopClassUid: s.sopClassUid,
      sopInstanceUid: s.sopInstanceUid ? deid.uid(s.sopInstanceUid) : '',
    })),
  };
}
