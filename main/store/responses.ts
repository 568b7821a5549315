/**
 * Response assessments (one per patient and timepoint); every change is audited with old and new values.
 * A label records how it was set: directly (a category chosen or the labels.set channel), from a label
 * CSV, or by the RECIST/mRECIST calculator — then with the measurements the server re-checked, the
 * criteria, the response definition, the rule that decided, every follow-up's response (history) and any
 * accepted departure from the standard (migration 4).
 */
import type { AssessedResponse } from '../../shared/response/outcome';
import type { ResponseCriteria, ResponseDefinition } from '../../shared/response/recist';
import { appendAudit } from './audit';
import { nowIso, parseJsonColumn, type Store } from './db';

/** The timepoint used when a label file gives none. */
export const DEFAULT_TIMEPOINT = 'post-treatment';

export type LabelSource = 'direct' | 'csv' | 'calculator';

/** The rule that decided a calculator label, with where it comes from and the figures. */
export interface LabelRule {
  id: string;
  text: string;
  explanation: string;
}

/** One follow-up of a calculator label's response history. */
export interface LabelHistoryEntry {
  label: string;
  date: string | null;
  response: AssessedResponse;
  rule: string;
  explanation: string;
}

export interface ResponseRecord {
  id: number;
  patientRowId: number;
  patientId: string;
  timepoint: string;
  response: AssessedResponse;
  /** Free record stored with the label (CSV diameters, ruler sources, older calculator records). */
  lesionDiameters: unknown;
  assessor: string;
  assessedAt: string;
  source: LabelSource;
  criteria: ResponseCriteria | null;
  definition: ResponseDefinition | null;
  rule: LabelRule | null;
  /** The calculator input the response was computed from (calculator labels). */
  measurements: unknown;
  history: LabelHistoryEntry[] | null;
  /** Departures from RECIST 1.1 §3/§4.2 the reader accepted; empty for a standard assessment. */
  nonStandard: string[];
  note: string | null;
}

interface ResponseRow {
  id: number;
  patient_id: number;
  pid: string;
  timepoint: string;
  response: AssessedResponse;
  lesion_diameters_json: string | null;
  assessor: string;
  assessed_at: string;
  source: LabelSource;
  criteria: ResponseCriteria | null;
  definition: ResponseDefinition | null;
  rule_json: string | null;
  measurements_json: string | null;
  history_json: string | null;
  non_standard_json: string | null;
  note: string | null;
}

const column = <T>(r: ResponseRow, name: keyof ResponseRow & `${string}_json`): T =>
  parseJsonColumn<T>(r[name] as string | null, `response_assessments.${name}`);

function toRecord(r: ResponseRow): ResponseRecord {
  return {
    id: r.id,
    patientRowId: r.patient_id,
    patientId: r.pid,
    timepoint: r.timepoint,
    response: r.response,
    lesionDiameters: column<unknown>(r, 'lesion_diameters_json'),
    assessor: r.assessor,
    assessedAt: r.assessed_at,
    source: r.source,
    criteria: r.criteria,
    definition: r.definition,
    rule: column<LabelRule | null>(r, 'rule_json'),
    measurements: column<unknown>(r, 'measurements_json'),
    history: column<LabelHistoryEntry[] | null>(r, 'history_json'),
    nonStandard: column<string[] | null>(r, 'non_standard_json') ?? [],
    note: r.note,
  };
}

const SELECT = `SELECT ra.*, p.patient_id AS pid FROM response_assessments ra JOIN patients p ON ra.patient_id = p.id`;

export interface ResponseInput {
  patientRowId: number;
  timepoint?: string;
  response: AssessedResponse;
  lesionDiameters?: unknown;
  assessor?: string;
  actor?: string;
  /** How the label was set (default: directly). */
  source?: LabelSource;
  criteria?: ResponseCriteria;
  definition?: ResponseDefinition;
  rule?: LabelRule;
  measurements?: unknown;
  history?: LabelHistoryEntry[];
  nonStandard?: string[];
  note?: string;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Sets a patient's response at a timepoint. Returns what happened; unchanged values write nothing. */
export function setResponse(store: Store, input: ResponseInput): 'created' | 'changed' | 'unchanged' {
  const timepoint = input.timepoint?.trim() || DEFAULT_TIMEPOINT;
  return store.transaction(() => {
    const old = store
      .stmt(`${SELECT} WHERE ra.patient_id = ? AND ra.timepoint = ?`)
      .get(input.patientRowId, timepoint) as ResponseRow | undefined;
    const next = {
      response: input.response,
      lesion_diameters_json: json(input.lesionDiameters),
      assessor: input.assessor ?? '',
      source: input.source ?? 'direct',
      criteria: input.criteria ?? null,
      definition: input.definition ?? null,
      rule_json: json(input.rule),
      measurements_json: json(input.measurements),
      history_json: json(input.history),
      non_standard_json: input.nonStandard?.length ? JSON.stringify(input.nonStandard) : null,
      note: input.note ?? null,
    };
    const keys = Object.keys(next) as (keyof typeof next)[];
    if (old && keys.every((k) => old[k] === next[k])) return 'unchanged';
    const now = nowIso();
    /** What the audit log keeps of a label: everything that decided it. */
    const view = (v: typeof next) => ({
      timepoint,
      response: v.response,
      assessor: v.assessor,
      lesion_diameters: v.lesion_diameters_json === null ? null : JSON.parse(v.lesion_diameters_json),
      source: v.source,
      ...(v.criteria ? { criteria: v.criteria } : {}),
      ...(v.definition ? { definition: v.definition } : {}),
      ...(v.rule_json ? { rule: JSON.parse(v.rule_json) as unknown } : {}),
      ...(v.measurements_json ? { measurements: JSON.parse(v.measurements_json) as unknown } : {}),
      ...(v.non_standard_json ? { non_standard: JSON.parse(v.non_standard_json) as unknown } : {}),
      ...(v.note ? { note: v.note } : {}),
    });
    let id: number;
    if (old) {
      store
        .stmt(
          `UPDATE response_assessments SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, assessed_at = @assessed_at
           WHERE id = @id`,
        )
        .run({ ...next, assessed_at: now, id: old.id });
      id = old.id;
    } else {
      id = Number(
        store
          .stmt(
            `INSERT INTO response_assessments (patient_id, timepoint, assessed_at, ${keys.join(', ')})
             VALUES (@patient_id, @timepoint, @assessed_at, ${keys.map((k) => `@${k}`).join(', ')})`,
          )
          .run({ ...next, patient_id: input.patientRowId, timepoint, assessed_at: now }).lastInsertRowid,
      );
    }
    const patientId = (
      store.stmt('SELECT patient_id FROM patients WHERE id = ?').get(input.patientRowId) as {
        patient_id: string;
      }
    ).patient_id;
    appendAudit(store, {
      entity: 'response',
      entityId: id,
      action: old ? 'update' : 'create',
      old: old ? { patient_id: patientId, ...view(old) } : null,
      new: { patient_id: patientId, ...view(next) },
      actor: input.actor,
    });
    return old ? 'changed' : 'created';
  });
}

/** The label of a patient (row id) at a timepoint, if any. */
export function getResponse(
  store: Store,
  patientRowId: number,
  timepoint: string,
): ResponseRecord | undefined {
  const r = store
    .stmt(`${SELECT} WHERE ra.patient_id = ? AND ra.timepoint = ?`)
    .get(patientRowId, timepoint.trim() || DEFAULT_TIMEPOINT) as ResponseRow | undefined;
  return r && toRecord(r);
}

export function listResponses(store: Store, patientId?: string): ResponseRecord[] {
  return (
    store
      .stmt(
        `${SELECT} WHERE (@pid IS NULL OR p.patient_id = @pid) ORDER BY p.patient_id, ra.assessed_at, ra.id`,
      )
      .all({ pid: patientId ?? null }) as ResponseRow[]
  ).map(toRecord);
}

/**
 * The label of each labelled patient (DICOM PatientID → assessment): the assessment at `timepoint` when given,
 * else the most recently recorded one. NE labels are included: modelling leaves them out with the reason.
 */
export function responseLabels(store: Store, timepoint?: string): Map<string, ResponseRecord> {
  const out = new Map<string, ResponseRecord>();
  for (const r of listResponses(store)) {
    if (timepoint !== undefined && r.timepoint !== timepoint) continue;
    out.set(r.patientId, r); // ordered by time: the last one wins
  }
  return out;
}
