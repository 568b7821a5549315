/**
 * De-identified exports (issue "Reliability and security", item 3; issue #14 item 7): feature CSV, HTML
 * report, SR, and the reference an RTSTRUCT/SEG/SR export is written from.
 *
 * Rules (DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile, with the Clean Descriptors,
 * Retain Longitudinal Temporal Information with Modified Dates and Retain Patient Characteristics options;
 * every object written records them — see DEIDENTIFICATION_CODES):
 * - patient ids become study codes `SUBJ-001` … kept in the database (store/studyCodes.ts) so the site can
 *   re-identify; patient names become the study code; birth dates, accession numbers, referring physicians,
 *   operators and content creators are removed; the Study ID becomes a dummy derived from the remapped UID;
 * - dates are shifted by the patient's stored offset (intervals within a patient are kept), the content
 *   dates of the objects written too;
 * - UIDs are remapped to `2.25.<HMAC-SHA256(db secret, uid) as a 128-bit decimal>`: the same UID maps to the
 *   same new UID in every export of this database, and nobody without the database can map it back;
 * - free text (descriptions, ROI names, labels, report title, settings) is scrubbed (`scrubFreeText`):
 *   · every patient's name parts, of ANY length, case-insensitively, as separate tokens — a token is a run of
 *     letters, so `_`, `-`, `^`, `.`, spaces and digits separate tokens ("GTV_Li2" loses "Li", "Lipoma" keeps it);
 *     whole names in their usual orders become the study code;
 *   · patient ids and accession numbers anywhere, also inside words and with any of `-_ .^/` (or nothing)
 *     between their letter and digit runs ("GTV_NPC001", "npc-001"); ids shorter than 3 characters only
 *     as whole alphanumeric tokens;
 *   · every calendar date (years 1900–2099) in the common formats: 20020515, 2002-05-15 (also / . _ or space),
 *     15/05/2002, 05/15/2002, 15.05.2002, 15-05-02, 15052002, 15 May 2002, May 15, 2002, 15-May-2002 …,
 *     and DICOM date-times (20020515103000);
 *   · the database's UIDs (→ remapped) and file paths.
 *   Structured values (the fit document behind the report) are scrubbed of the same identifiers, but there
 *   only dates the database holds for a patient are removed (a model's own creation time stays).
 */
import { createHmac } from 'node:crypto';
import type { Code, DeidentificationRecord, ImageSeriesRef } from '../dicom/write';
import type { ReportInput } from './report';
import type { RoiExportDeidentification } from './roiExport';
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

/** CID 7050 codes of what every de-identified object of ours applies (PS3.15 Table E.1-1 columns). */
export const DEIDENTIFICATION_CODES: Code[] = [
  { value: '113100', scheme: 'DCM', meaning: 'Basic Application Confidentiality Profile' },
  { value: '113105', scheme: 'DCM', meaning: 'Clean Descriptors Option' },
  {
    value: '113107',
    scheme: 'DCM',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
  { value: '113108', scheme: 'DCM', meaning: 'Retain Patient Characteristics Option' },
];
/** Added for structured reports, whose content tree text is scrubbed as well. */
export const CLEAN_STRUCTURED_CONTENT: Code = {
  value: '113104',
  scheme: 'DCM',
  meaning: 'Clean Structured Content Option',
};

/** The record written into de-identified objects (Patient Identity Removed, De-identification Method …). */
export function deidentificationRecord(extra: Code[] = []): DeidentificationRecord {
  return {
    method: 'Radscore Studio: PS3.15 basic profile, study codes, HMAC UIDs',
    codes: [...DEIDENTIFICATION_CODES, ...extra],
    datesModified: true,
  };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Not a letter (nor a combining mark): what separates name tokens. */
const NOT_LETTER_BEFORE = "(?<![\\p{L}\\p{M}'’])";
const NOT_LETTER_AFTER = "(?![\\p{L}\\p{M}'’])";

/** A name's parts: runs of letters (apostrophes inside names kept: O'Brien). */
export function nameParts(name: string): string[] {
  return (name.match(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu) ?? []).filter(Boolean);
}

/** Letter runs and digit runs of an id ("MRN-00471932" → MRN, 00471932). */
function alnumRuns(id: string): string[] {
  return id.match(/[\p{L}\p{M}]+|\p{N}+/gu) ?? [];
}

const normalizedId = (id: string): string => alnumRuns(id).join('').toLowerCase();

/** Ids written with any of these (or nothing) between their letter and digit runs still match. */
const ID_JOINER = '[-_ .^/]?';

/** Ids at least this long (letters + digits) are removed wherever they occur, also inside words. */
const MIN_SUBSTRING_ID = 3;

function idPattern(id: string): string {
  const runs = alnumRuns(id);
  const body = runs.map(escapeRegExp).join(ID_JOINER);
  return runs.join('').length >= MIN_SUBSTRING_ID ? body : `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`;
}

// ---------------------------------------------------------------------------------------------------------
// Calendar dates in free text

const MONTHS = [
  'jan(?:uary)?',
  'feb(?:ruary)?',
  'mar(?:ch)?',
  'apr(?:il)?',
  'may',
  'june?',
  'july?',
  'aug(?:ust)?',
  'sep(?:t(?:ember)?)?',
  'oct(?:ober)?',
  'nov(?:ember)?',
  'dec(?:ember)?',
];
const MONTH = `(${MONTHS.join('|')})\\.?${NOT_LETTER_AFTER}`;
const monthNumber = (name: string): number =>
  MONTHS.findIndex((m) => new RegExp(`^(?:${m})$`, 'i').test(name.replace(/\.$/, ''))) + 1;

/** YYYYMMDD of a valid date with a year in 1900–2099, or null. */
function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

/** 2-digit years: both centuries are candidates. */
const years = (y: string): number[] => (y.length === 4 ? [Number(y)] : [1900 + Number(y), 2000 + Number(y)]);

/**
 * Date patterns, each with the calendar dates a match can denote (day/month order is ambiguous in
 * 05/06/2002, so both readings are candidates). Digit runs never continue a date on either side.
 */
const DATE_PATTERNS: { pattern: RegExp; dates: (m: RegExpExecArray) => (string | null)[] }[] = [
  {
    // 2002-05-15, 2002/5/15, 2002.05.15, 2002_05_15, 2002 05 15 (one separator throughout)
    pattern: /(?<!\d)(\d{4})([-/._ ])(\d{1,2})\2(\d{1,2})(?!\d)/gu,
    dates: (m) => [ymd(Number(m[1]), Number(m[3]), Number(m[4]))],
  },
  {
    // 15/05/2002, 05/15/2002, 15.05.2002, 15-05-02 (2-digit years only with / - .)
    pattern: /(?<!\d)(\d{1,2})([-/._ ])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/gu,
    dates: (m) =>
      m[4].length === 2 && !'/-.'.includes(m[2])
        ? []
        : years(m[4]).flatMap((y) => [
            ymd(y, Number(m[3]), Number(m[1])),
            ymd(y, Number(m[1]), Number(m[3])),
          ]),
  },
  {
    // 20020515, 15052002, 05152002; DICOM DT 20020515103000(.123)
    pattern: /(?<!\d)(\d{8})(\d{4}(?:\d{2}(?:\.\d{1,6})?)?)?(?!\d)/gu,
    dates: (m) => {
      const s = m[1];
      const n = (a: number, b: number) => Number(s.slice(a, b));
      const asYmd = ymd(n(0, 4), n(4, 6), n(6, 8));
      return m[2] ? [asYmd] : [asYmd, ymd(n(4, 8), n(2, 4), n(0, 2)), ymd(n(4, 8), n(0, 2), n(2, 4))];
    },
  },
  {
    // 15 May 2002, 15-May-2002, 15May2002, 15th May 02
    pattern: new RegExp(
      `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[-/. ]?${MONTH}[-/.,]? ?(\\d{4}|\\d{2})(?!\\d)`,
      'giu',
    ),
    dates: (m) => years(m[3]).map((y) => ymd(y, monthNumber(m[2]), Number(m[1]))),
  },
  {
    // May 15, 2002; May 15 2002; May-15-2002
    pattern: new RegExp(
      `${NOT_LETTER_BEFORE}${MONTH}[-/. ]?(\\d{1,2})(?:st|nd|rd|th)?,? ?[-/.]?(\\d{4})(?!\\d)`,
      'giu',
    ),
    dates: (m) => [ymd(Number(m[3]), monthNumber(m[1]), Number(m[2]))],
  },
  {
    // 2002-May-15, 2002 May 15
    pattern: new RegExp(`(?<!\\d)(\\d{4})[-/. ]?${MONTH}[-/. ]?(\\d{1,2})(?!\\d)`, 'giu'),
    dates: (m) => [ymd(Number(m[1]), monthNumber(m[2]), Number(m[3]))],
  },
];

/** The calendar dates (YYYYMMDD) written in `text` in any of the common formats (for tests and checks). */
export function datesInText(text: string): string[] {
  const found: string[] = [];
  for (const { pattern, dates } of DATE_PATTERNS) {
    for (const m of text.matchAll(pattern)) for (const d of dates(m)) if (d) found.push(d);
  }
  return found;
}

/** Every way this module recognises a date written: the formats a de-identified export must not contain. */
export function dateSpellings(yyyymmdd: string): string[] {
  const y = yyyymmdd.slice(0, 4);
  const m = yyyymmdd.slice(4, 6);
  const d = yyyymmdd.slice(6, 8);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    Number(m) - 1
  ];
  return [
    yyyymmdd,
    `${y}-${m}-${d}`,
    `${y}/${m}/${d}`,
    `${y}.${m}.${d}`,
    `${d}/${m}/${y}`,
    `${m}/${d}/${y}`,
    `${d}.${m}.${y}`,
    `${d}-${m}-${y}`,
    `${d}${m}${y}`,
    `${Number(d)} ${mon} ${y}`,
    `${d}-${mon}-${y}`,
    `${mon} ${Number(d)}, ${y}`,
  ];
}

// ---------------------------------------------------------------------------------------------------------

export interface Deidentifier {
  /** The patient's study code (created and stored on first use). */
  code(patientId: string): string;
  /** The remapped UID. */
  uid(uid: string): string;
  /** A date of this patient (YYYYMMDD) shifted by the patient's offset; '' when not a date. */
  date(patientId: string, date: string): string;
  /** A moment (e.g. an object's content date) shifted by the patient's offset. */
  moment(patientId: string, at: Date): Date;
  /**
   * Free text with every identifying value replaced (see the module comment): ids → codes, UIDs → remapped,
   * name parts, accession numbers, paths and every calendar date → "[removed]".
   */
  scrub(text: string): string;
  /** Deep copy of a JSON-like value with every string scrubbed of identifiers (exact patient ids become their code). */
  scrubDeep<T>(value: T): T;
}

/** Private-use characters stand in for replacements until all passes ran, so no pass rewrites another's output. */
const HOLD_START = '\uE000';
const HOLD_END = '\uE001';
const HOLD_DIGIT = 0xe100;
const holdToken = (n: number): string =>
  `${HOLD_START}${[...n.toString(16)].map((c) => String.fromCharCode(HOLD_DIGIT + parseInt(c, 16))).join('')}${HOLD_END}`;
const HELD = /\uE000([\uE100-\uE10F]+)\uE001/g;
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

interface ScrubPass {
  pattern: RegExp;
  /** Replacement of one match, or null to leave it. */
  replace: (match: string) => string | null;
}

/** One pass over a set of literal needles (matched case-insensitively) with the given boundaries. */
function literalPass(
  needles: Map<string, () => string>,
  before: string,
  after: string,
  toKey: (s: string) => string = (s) => s.toLowerCase(),
): ScrubPass | null {
  if (needles.size === 0) return null;
  const alternatives = [...needles.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return {
    pattern: new RegExp(`${before}(?:${alternatives.join('|')})${after}`, 'giu'),
    replace: (m) => needles.get(toKey(m))?.() ?? null,
  };
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
  const removed = () => '[removed]';

  const paths = new Map<string, () => string>();
  for (const path of known.paths)
    if (path.trim()) paths.set(path.trim().toLowerCase(), () => '[path removed]');
  const uids = new Map<string, () => string>();
  for (const u of known.uids) if (u.trim()) uids.set(u.trim().toLowerCase(), () => uid(u.trim()));
  const fullNames = new Map<string, () => string>();
  const parts = new Map<string, () => string>();
  const ids = new Map<string, () => string>();
  const idPatterns: string[] = [];
  const knownDates = new Set<string>();
  const addId = (id: string, replacement: () => string) => {
    const key = normalizedId(id);
    if (!key || ids.has(key)) return;
    ids.set(key, replacement);
    idPatterns.push(idPattern(id));
  };
  for (const [patientId, p] of known.patients) {
    addId(patientId, () => code(patientId));
    const own = nameParts(p.name);
    // Whole names in their common orders ("Jane Doe", "Doe, Jane", "Doe^Jane") become the code.
    if (own.length > 1) {
      const [family, ...given] = own;
      for (const form of [
        p.name.trim(),
        own.join(' '),
        `${given.join(' ')} ${family}`,
        `${given[0]} ${family}`,
        `${family}, ${given.join(' ')}`,
        `${family}, ${given[0]}`,
      ])
        fullNames.set(form.toLowerCase(), () => code(patientId));
    }
    for (const part of own) if (!parts.has(part.toLowerCase())) parts.set(part.toLowerCase(), removed);
    for (const d of [p.birthDate, ...p.studyDates]) if (/^\d{8}$/.test(d.trim())) knownDates.add(d.trim());
    for (const a of p.accessionNumbers) if (a.trim()) addId(a, removed);
  }
  const idPass: ScrubPass | null = ids.size
    ? {
        pattern: new RegExp(idPatterns.sort((a, b) => b.length - a.length).join('|'), 'giu'),
        replace: (m) => ids.get(normalizedId(m))?.() ?? null,
      }
    : null;
  // Order: longest, most specific identifiers first; each pass sees the others' replacements as held tokens.
  const passes = [
    literalPass(paths, '(?<![\\w.])', ''),
    literalPass(uids, '(?<![\\w.])', '(?![\\w]|\\.\\d)'),
    literalPass(fullNames, NOT_LETTER_BEFORE, NOT_LETTER_AFTER),
    idPass,
    literalPass(parts, NOT_LETTER_BEFORE, NOT_LETTER_AFTER),
  ].filter((p): p is ScrubPass => p !== null);

  const scrubWith = (text: string, removeDate: (yyyymmdd: string) => boolean): string => {
    const held: string[] = [];
    const hold = (replacement: string) => {
      held.push(replacement);
      return holdToken(held.length - 1);
    };
    let t = text.replace(PRIVATE_USE, '\uFFFD');
    for (const pass of passes) {
      t = t.replace(pass.pattern, (m) => {
        const r = pass.replace(m);
        return r === null ? m : hold(r);
      });
    }
    for (const { pattern, dates } of DATE_PATTERNS) {
      t = t.replace(pattern, (...args: unknown[]) => {
        const m = args.slice(0, -2) as unknown as RegExpExecArray;
        return dates(m).some((d) => d !== null && removeDate(d)) ? hold('[removed]') : (m[0] as string);
      });
    }
    return t.replace(HELD, (_m, digits: string) => {
      const n = parseInt([...digits].map((c) => (c.charCodeAt(0) - HOLD_DIGIT).toString(16)).join(''), 16);
      return held[n];
    });
  };
  const scrub = (text: string): string => scrubWith(text, () => true);
  const scrubKnown = (text: string): string => scrubWith(text, (d) => knownDates.has(d));

  const scrubDeep = <T>(value: T): T => {
    if (typeof value === 'string') return (known.patients.has(value) ? code(value) : scrubKnown(value)) as T;
    if (Array.isArray(value)) return value.map((v) => scrubDeep(v)) as T;
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubKnown(k), scrubDeep(v)])) as T;
    }
    return value;
  };

  const shiftDays = (patientId: string) => studyCodeFor(store, patientId).dateShiftDays;
  return {
    code,
    uid,
    date: (patientId, date) => shiftDicomDate(date, shiftDays(patientId)),
    moment: (patientId, at) => new Date(at.getTime() + shiftDays(patientId) * 86_400_000),
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

/**
 * A report input with case ids replaced by study codes and every text scrubbed; the model name (the
 * report's title) is free text and loses every date as well.
 */
export function deidentifyReportInput(input: ReportInput, deid: Deidentifier): ReportInput {
  const context = deid.scrubDeep(input.context);
  if (input.context.modelName !== undefined) context.modelName = deid.scrub(input.context.modelName);
  return { fit: deid.scrubDeep(input.fit), context };
}

/** A dummy Study ID (SH) for a de-identified study: derived from its remapped UID, so stable and unlinkable. */
function dummyStudyId(remappedStudyUid: string): string {
  return `S${remappedStudyUid.replace(/\D/g, '').slice(-10)}`;
}

/**
 * The reference an RTSTRUCT/SEG/SR export is written from (dicom/write.ts), de-identified: the objects then
 * carry the study code as PatientID and PatientName, no birth date, accession number or referring physician,
 * the shifted study date, a dummy Study ID, scrubbed descriptions, remapped study, series,
 * frame-of-reference and referenced instance UIDs, and the de-identification record.
 */
export function deidentifySeriesRef(
  ref: ImageSeriesRef,
  deid: Deidentifier,
  record: DeidentificationRecord = deidentificationRecord(),
): ImageSeriesRef {
  const siteId = ref.patient.patientId;
  const code = deid.code(siteId);
  const studyInstanceUid = deid.uid(ref.studyInstanceUid);
  return {
    ...ref,
    // The code as the family name: a PN with a component delimiter (a bare "SUBJ-001" reads as the retired form).
    patient: { patientId: code, patientName: `${code}^`, birthDate: '', sex: ref.patient.sex },
    studyInstanceUid,
    studyDate: deid.date(siteId, ref.studyDate),
    studyDescription: deid.scrub(ref.studyDescription),
    accessionNumber: '',
    // The time of day is kept with the shifted date (whole days); the study's own id is replaced.
    studyTime: ref.studyTime,
    studyId: dummyStudyId(studyInstanceUid),
    referringPhysicianName: '',
    positionReferenceIndicator: ref.positionReferenceIndicator && deid.scrub(ref.positionReferenceIndicator),
    seriesInstanceUid: deid.uid(ref.seriesInstanceUid),
    frameOfReferenceUid: deid.uid(ref.frameOfReferenceUid),
    slices: ref.slices.map((s) => ({
      ...s,
      sopInstanceUid: s.sopInstanceUid ? deid.uid(s.sopInstanceUid) : '',
    })),
    deidentification: record,
  };
}

/** The hooks a SEG/RTSTRUCT export takes (services/roiExport.ts) from a de-identifier. */
export function roiExportDeidentification(deid: Deidentifier): RoiExportDeidentification {
  return {
    seriesRef: (ref) => deidentifySeriesRef(ref, deid),
    text: (t) => deid.scrub(t),
    moment: (ref, at) => deid.moment(ref.patient.patientId, at),
  };
}
