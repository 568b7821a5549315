/**
 * Response labels: a label CSV `patient_id,response[,timepoint,assessor]` (optionally `lesion_diameters`,
 * plain decimal numbers separated by ';' or spaces; all rows are applied in one transaction, or none when
 * any row is bad), one label set directly, and `labels.assess`, where the server runs the RECIST 1.1 /
 * mRECIST calculator (shared/response/recist.ts, the same function as the form) on the measurements and
 * refuses a response that disagrees with them, or stores the computed one and says so (channels labels.*,
 * patient.labels).
 */
import type { ChannelArgs, CsvImportResult, LabelDetail, ResponseLabel } from '../../shared/api';
import {
  outcomeOf,
  parseResponse,
  RESPONSE_CATEGORIES,
  type AssessedResponse,
  type ResponseCategory,
} from '../../shared/response/outcome';
import {
  assessResponse,
  parseDiameterText,
  RecistInputError,
  type ResponseInput as CalculatorInput,
} from '../../shared/response/recist';
import {
  DEFAULT_TIMEPOINT,
  getPatient,
  getResponse,
  listResponses,
  setResponse,
  type ResponseRecord,
  type Store,
} from '../store/index';
import { ApiError, found, unavailable, type ChannelImplementations } from './channel';
import { CsvSyntaxError, normaliseHeader, parseCsv } from './csv';
import { conflictsToken, labelConflicts } from './importConflicts';
import type { ServiceOptions } from './options';

/** A label the server refuses (bad measurements, a response they contradict): nothing was stored. */
export class LabelInputError extends Error {}

export interface RowError {
  line: number;
  message: string;
}

/**
 * What a label CSV import did (DESIGN §7): labels created or replaced (`updated`), rows equal to the stored
 * label (`unchanged`, nothing written), the stored labels the file would replace (`conflicts`: nothing is
 * applied while there are any, unless the caller overwrites) and the bad rows.
 */
export type LabelsResult = CsvImportResult;

/** Nothing applied: bad rows. */
const badRows = (errors: RowError[]): CsvImportResult => ({
  updated: 0,
  unchanged: 0,
  conflicts: [],
  confirm_token: null,
  errors,
});

const LABEL_COLUMNS = ['patient_id', 'response', 'timepoint', 'assessor', 'lesion_diameters'] as const;
type LabelColumn = (typeof LABEL_COLUMNS)[number];

interface LabelRow {
  line: number;
  patientId: string;
  patientRowId: number;
  timepoint: string;
  response: ResponseCategory;
  assessor?: string;
  lesionDiameters?: number[];
}

/** Plain decimal numbers only: "0x1E" or "1e1" are refused, not read as 30 and 10. */
function parseDiameters(text: string): number[] | string {
  const parts = text.split(/[;\s]+/).filter(Boolean);
  const values = parts.map(parseDiameterText);
  const bad = parts.find((_p, n) => typeof values[n] === 'string');
  return bad === undefined ? (values as number[]) : `lesion diameter "${bad}" is not a non-negative number`;
}

export function importLabelsCsv(
  store: Store,
  input: { csv: string; overwrite?: boolean; confirm?: string | null },
  opts: ServiceOptions = {},
): LabelsResult {
  const errors: RowError[] = [];
  let records;
  try {
    records = parseCsv(input.csv);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return badRows([{ line: err.line, message: err.message }]);
    throw err;
  }
  if (records.length === 0) return badRows([{ line: 1, message: 'the file is empty' }]);

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
  if (errors.length) return badRows(errors);

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
      patientId,
      patientRowId: patient!.id,
      timepoint,
      response: response!,
      assessor,
      lesionDiameters,
    });
  }
  if (errors.length) return badRows(errors);
  if (rows.length === 0) return badRows([{ line: records[0].line, message: 'no label rows' }]);

  // Compared and written in one transaction: a label stored meanwhile is either seen as a conflict or not there.
  return store.transaction(() => {
    const plan = rows.map((r) => {
      const stored = getResponse(store, r.patientRowId, r.timepoint);
      return { row: r, relation: labelConflicts(r.patientId, r.timepoint, stored, r) };
    });
    const conflicts = plan.flatMap((p) => (Array.isArray(p.relation) ? p.relation : []));
    const unchanged = plan.filter((p) => p.relation === 'unchanged').length;
    const token = conflicts.length ? conflictsToken(conflicts) : null;
    const refused =
      conflicts.length > 0 && (!input.overwrite || (input.confirm != null && input.confirm !== token));
    if (refused) return { updated: 0, unchanged, conflicts, confirm_token: token, errors: [] };
    let updated = 0;
    for (const { row, relation } of plan) {
      if (relation === 'unchanged') continue; // the stored label stays as it is (a calculator record included)
      setResponse(store, { ...row, source: 'csv', actor: opts.actor });
      updated++;
    }
    return { updated, unchanged, conflicts, confirm_token: token, errors: [] };
  });
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
// Labels as the API shows them, and labels.assess

export function responseLabel(r: ResponseRecord): ResponseLabel {
  return { response: r.response, timepoint: r.timepoint, assessor: r.assessor, time: r.assessedAt };
}

/** A stored label as the API shows it. */
export function labelDetail(r: ResponseRecord): LabelDetail {
  const stored = r.lesionDiameters;
  // A free record stored with the label (an object); label CSVs may store a plain number list.
  const assessment =
    stored && typeof stored === 'object' && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : null;
  const diameters = Array.isArray(stored) ? (stored.filter((d) => typeof d === 'number') as number[]) : null;
  const measurements =
    r.measurements && typeof r.measurements === 'object' && !Array.isArray(r.measurements)
      ? (r.measurements as Record<string, unknown>)
      : null;
  return {
    timepoint: r.timepoint,
    response: r.response,
    outcome: outcomeOf(r.response),
    assessor: r.assessor,
    time: r.assessedAt,
    assessment,
    diameters,
    source: r.source,
    criteria: r.criteria,
    definition: r.definition,
    rule: r.rule,
    measurements,
    history: r.history,
    nonStandard: r.nonStandard,
    note: r.note,
  };
}

/** Every label of a patient (one per timepoint); null when the patient is unknown. */
export function patientLabels(store: Store, patientId: string): LabelDetail[] | null {
  if (!getPatient(store, patientId)) return null;
  return listResponses(store, patientId).map(labelDetail);
}

/** An older client's calculator record: figures the server cannot check unless sent as `measurements`. */
function looksLikeCalculatorRecord(a: Record<string, unknown> | null): boolean {
  return !!a && Array.isArray(a.lesions) && (Array.isArray(a.assessments) || Array.isArray(a.followUps));
}

/**
 * Sets (or changes) the label of one patient at one timepoint. With measurements the response is the
 * calculator's: a sent response that disagrees is refused (LabelInputError, nothing stored), or with
 * onMismatch "store-computed" replaced by the computed one, which the label's note says; a null response
 * takes the computed one. Without measurements the label is recorded as set directly. Null: unknown patient.
 */
export function assessLabel(
  store: Store,
  a: ChannelArgs<'labels.assess'>,
  opts: ServiceOptions = {},
): LabelDetail[] | null {
  const patient = getPatient(store, a.patientId);
  if (!patient) return null;
  const base = {
    patientRowId: patient.id,
    timepoint: a.timepoint,
    assessor: a.assessor,
    lesionDiameters: a.assessment ?? undefined,
    actor: opts.actor,
  };
  if (!a.measurements) {
    if (looksLikeCalculatorRecord(a.assessment))
      throw new LabelInputError(
        "the calculator's lesions and timepoints must be sent as `measurements`, so that the server computes the response from them; nothing stored",
      );
    if (!a.response)
      throw new LabelInputError('a response is needed when no measurements are given; nothing stored');
    setResponse(store, {
      ...base,
      response: a.response,
      source: 'direct',
      rule: { id: 'set-directly', text: 'set directly, without measurements', explanation: '' },
    });
    return patientLabels(store, a.patientId);
  }
  const input: CalculatorInput = a.measurements;
  let result;
  try {
    result = assessResponse(input);
  } catch (err) {
    if (err instanceof RecistInputError)
      throw new LabelInputError(`the measurements cannot be assessed: ${err.message}; nothing stored`);
    throw err;
  }
  const computed: AssessedResponse = result.decision.response;
  let note: string | undefined;
  if (a.response && a.response !== computed) {
    const why = `${result.decision.explanation} (${result.decision.ruleText})`;
    if (a.onMismatch !== 'store-computed')
      throw new LabelInputError(
        `the measurements give ${computed}, not ${a.response}: ${why}; nothing stored`,
      );
    note = `${a.response} was sent; the measurements give ${computed}: ${computed} stored`;
  }
  setResponse(store, {
    ...base,
    response: computed,
    source: 'calculator',
    criteria: result.criteria,
    definition: result.definition,
    rule: {
      id: result.decision.rule,
      text: result.decision.ruleText,
      explanation: result.decision.explanation,
    },
    measurements: { ...input, definition: result.definition },
    history: result.timepoints.map((t) => ({
      label: t.label,
      date: t.date,
      response: t.category,
      rule: t.rule,
      explanation: t.explanation,
    })),
    nonStandard: result.nonStandard,
    note,
  });
  return patientLabels(store, a.patientId);
}

/** What labels.set needs (bound to a store by labelServices; faked in tests). */
export interface LabelServices {
  setLabel(args: ChannelArgs<'labels.set'>): ResponseLabel[] | null;
}

export function labelServices(store: Store): LabelServices {
  return { setLabel: (a) => setPatientLabel(store, a)?.map(responseLabel) ?? null };
}

// ---------------------------------------------------------------------------------------------------------
// The API binding: labels.set, labels.assess, labels.import, patient.labels.

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
    'labels.assess': (a) => {
      try {
        return found(assessLabel(store, a), patient(a.patientId));
      } catch (err) {
        // a label the server refuses (bad measurements, a contradicted response) is the caller's bad input
        if (err instanceof LabelInputError) throw new ApiError('bad-input', `labels.assess: ${err.message}`);
        throw err;
      }
    },
    'labels.import': (a) => importLabelsCsv(store, a),
  };
}
