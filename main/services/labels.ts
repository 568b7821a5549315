/**
 * Response labels: from a CSV `patient_id,response[,timepoint,assessor]` (optionally `lesion_diameters`,
 * numbers separated by ';' or spaces; all rows are applied in one transaction, or none when any row is bad),
 * one at a time from the UI, with the RECIST / mRECIST calculator's record (channels labels.*, patient.labels).
 */
import type { ChannelArgs, LabelDetail, ResponseLabel } from '../../shared/api';
import {
  binaryOutcome,
  parseResponse,
  RESPONSE_CATEGORIES,
  type ResponseCategory,
} from '../../shared/response/outcome';
import {
  DEFAULT_TIMEPOINT,
  getPatient,
  listResponses,
  setResponse,
  type ResponseRecord,
  type Store,
} from '../store/index';
import { found, unavailable, type ChannelImplementations } from './channel';
import { CsvSyntaxError, normaliseHeader, parseCsv } from './csv';
import type { ServiceOptions } from './options';

export interface RowError {
  line: number;
  message: string;
}

export interface LabelsResult {
  /** Labels created or changed. */
  updated: number;
  /** Rows that matched what was already stored. */
  unchanged: number;
  errors: RowError[];
}

const LABEL_COLUMNS = ['patient_id', 'response', 'timepoint', 'assessor', 'lesion_diameters'] as const;
type LabelColumn = (typeof LABEL_COLUMNS)[number];

interface LabelRow {
  line: number;
  patientRowId: number;
  timepoint: string;
  response: ResponseCategory;
  assessor?: string;
  lesionDiameters?: number[];
}

function parseDiameters(text: string): number[] | string {
  const parts = text.split(/[;\s]+/).filter(Boolean);
  const values = parts.map(Number);
  const bad = parts.find((_p, n) => !Number.isFinite(values[n]) || values[n] < 0);
  return bad === undefined ? values : `lesion diameter "${bad}" is not a non-negative number`;
}

export function importLabelsCsv(
  store: Store,
  input: { csv: string },
  opts: ServiceOptions = {},
): LabelsResult {
  const errors: RowError[] = [];
  let records;
  try {
    records = parseCsv(input.csv);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return { updated: 0, unchanged: 0, errors: [{ line: err.line, message: err.message }] };
    throw err;
  }
  if (records.length === 0)
    return { updated: 0, unchanged: 0, errors: [{ line: 1, message: 'the file is empty' }] };

  // A header is optional: without one, columns are patient_id,response[,timepoint,assessor].
  const first = records[0].cells.map(normaliseHeader);
  const hasHeader = first.includes('patient_id') || first.includes('response');
  let columns: (LabelColumn | null)[];
  if (hasHeader) {
    columns = first.map((h) =>
      (LABEL_COLUMNS as readonly string[]).includes(h) ? (h as LabelColumn) : null,
    );
    first.forEach((h, n) => {
      if (columns[n] === null)
        errors.push({
          line: records[0].line,
          message: `unknown column "${records[0].cells[n].trim()}" (expected ${LABEL_COLUMNS.join(', ')})`,
        });
      else if (first.indexOf(h) !== n)
        errors.push({ line: records[0].line, message: `column "${h}" appears twice` });
    });
    for (const need of ['patient_id', 'response'] as const) {
      if (!columns.includes(need))
        errors.push({ line: records[0].line, message: `missing column "${need}"` });
    }
  } else columns = ['patient_id', 'response', 'timepoint', 'assessor'];
  if (errors.length) return { updated: 0, unchanged: 0, errors };

  const rows: LabelRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of hasHeader ? records.slice(1) : records) {
    if (rec.cells.length > columns.length) {
      errors.push({
        line: rec.line,
        message: `${rec.cells.length} fields, but the header has ${columns.length}`,
      });
      continue;
    }
    const get = (c: LabelColumn) => {
      const n = columns.indexOf(c);
      return n >= 0 ? (rec.cells[n] ?? '').trim() : '';
    };
    const patientId = get('patient_id');
    const responseText = get('response');
    const rowErrors: string[] = [];
    if (!patientId) rowErrors.push('patient_id is empty');
    const response = parseResponse(responseText);
    if (!response)
      rowErrors.push(`response "${responseText}" is not one of ${RESPONSE_CATEGORIES.join(', ')}`);
    const patient = patientId ? getPatient(store, patientId) : undefined;
    if (patientId && !patient) rowErrors.push(`unknown patient "${patientId}" (not in the database)`);
    const timepoint = get('timepoint') || DEFAULT_TIMEPOINT;
    const key = `${patientId}\u0000${timepoint}`;
    const earlier = seen.get(key);
    if (patientId && earlier !== undefined)
      rowErrors.push(
        `duplicate row: patient "${patientId}" at timepoint "${timepoint}" is already on line ${earlier}`,
      );
    else if (patientId) seen.set(key, rec.line);
    let lesionDiameters: number[] | undefined;
    const diametersText = get('lesion_diameters');
    if (diametersText) {
      const d = parseDiameters(diametersText);
      if (typeof d === 'string') rowErrors.push(d);
      else lesionDiameters = d;
    }
    if (rowErrors.length) {
      errors.push({ line: rec.line, message: rowErrors.join('; ') });
      continue;
    }
    const assessor = columns.includes('assessor') ? get('assessor') : undefined;
    rows.push({
      line: rec.line,
      patientRowId: patient!.id,
      timepoint,
      response: response!,
      assessor,
      lesionDiameters,
    });
  }
  if (errors.length) return { updated: 0, unchanged: 0, errors };
  if (rows.length === 0)
    return { updated: 0, unchanged: 0, errors: [{ line: records[0].line, message: 'no label rows' }] };

  let updated = 0;
  let unchanged = 0;
  store.transaction(() => {
    for (const r of rows) {
      const outcome = setResponse(store, { ...r, actor: opts.actor });
      if (outcome === 'unchanged') unchanged++;
      else updated++;
    }
  });
  return { updated, unchanged, errors: [] };
}

/** One label set from the UI; null when the patient is unknown. Returns the patient's labels afterwards. */
export function setPatientLabel(
  store: Store,
  input: { patientId: string; response: ResponseCategory; timepoint?: string; assessor?: string },
  opts: ServiceOptions = {},
): ResponseRecord[] | null {
  const patient = getPatient(store, input.patientId);
  if (!patient) return null;
  setResponse(store, {
    patientRowId: patient.id,
    response: input.response,
    timepoint: input.timepoint,
    assessor: input.assessor,
    actor: opts.actor,
  });
  return listResponses(store, input.patientId);
}

// ---------------------------------------------------------------------------------------------------------
// The API binding: labels.set, labels.assess, labels.import, patient.labels.

export function responseLabel(r: ResponseRecord): ResponseLabel {
  return { response: r.response, timepoint: r.timepoint, assessor: r.assessor, time: r.assessedAt };
}

function labelDetail(r: ResponseRecord): LabelDetail {
  const stored = r.lesionDiameters;
  // Assessments made with the calculator are stored as an object; CSV imports may store a plain number list.
  const assessment =
    stored && typeof stored === 'object' && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : null;
  const diameters = Array.isArray(stored) ? (stored.filter((d) => typeof d === 'number') as number[]) : null;
  return {
    timepoint: r.timepoint,
    response: r.response,
    outcome: binaryOutcome(r.response),
    assessor: r.assessor,
    time: r.assessedAt,
    assessment,
    diameters,
  };
}

export function patientLabels(store: Store, patientId: string): LabelDetail[] | null {
  if (!getPatient(store, patientId)) return null;
  return listResponses(store, patientId).map(labelDetail);
}

/** Sets (or changes) the label of one patient at one timepoint, with the calculator's figures if any. */
export function assessPatient(
  store: Store,
  a: ChannelArgs<'labels.assess'>,
  actor?: string,
): LabelDetail[] | null {
  const patient = getPatient(store, a.patientId);
  if (!patient) return null;
  setResponse(store, {
    patientRowId: patient.id,
    timepoint: a.timepoint,
    response: a.response,
    assessor: a.assessor,
    lesionDiameters: a.assessment ?? undefined,
    actor,
  });
  return patientLabels(store, a.patientId);
}

/** What labels.set needs (bound to a store by labelServices; faked in tests). */
export interface LabelServices {
  setLabel(args: {
    patientId: string;
    response: ResponseLabel['response'];
    timepoint: string;
    assessor: string;
  }): ResponseLabel[] | null;
}

export function labelServices(store: Store): LabelServices {
  return { setLabel: (a) => setPatientLabel(store, a)?.map(responseLabel) ?? null };
}

/** The label channels; those reading the store directly refuse when there is none (test fakes). */
export function labelChannels(
  s: LabelServices,
  store: Store | undefined,
): ChannelImplementations<'labels.set' | 'labels.assess' | 'labels.import' | 'patient.labels'> {
  const patient = (id: string) => `patient "${id}"`;
  const set: ChannelImplementations<'labels.set'> = {
    'labels.set': (a) => ({ patientId: a.patientId, labels: found(s.setLabel(a), patient(a.patientId)) }),
  };
  if (!store)
    return { ...set, ...unavailable(['labels.assess', 'labels.import', 'patient.labels'], 'no database') };
  return {
    ...set,
    'patient.labels': (a) => found(patientLabels(store, a.patientId), patient(a.patientId)),
    'labels.assess': (a) => found(assessPatient(store, a), patient(a.patientId)),
    'labels.import': (a) => importLabelsCsv(store, { csv: a.csv }),
  };
}
