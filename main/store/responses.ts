/** Response assessments (one per patient and timepoint); every change is audited with old and new values. */
import type { ResponseCategory } from '../../shared/response/outcome';
import { appendAudit } from './audit';
import { nowIso, parseJsonColumn, type Store } from './db';

/** The timepoint used when a label file gives none. */
export const DEFAULT_TIMEPOINT = 'post-treatment';

export interface ResponseRecord {
  id: number;
  patientRowId: number;
  patientId: string;
  timepoint: string;
  response: ResponseCategory;
  lesionDiameters: unknown;
  assessor: string;
  assessedAt: string;
}

interface ResponseRow {
  id: number;
  patient_id: number;
  pid: string;
  timepoint: string;
  response: ResponseCategory;
  lesion_diameters_json: string | null;
  assessor: string;
  assessed_at: string;
}

function toRecord(r: ResponseRow): ResponseRecord {
  return {
    id: r.id,
    patientRowId: r.patient_id,
    patientId: r.pid,
    timepoint: r.timepoint,
    response: r.response,
    lesionDiameters: parseJsonColumn<unknown>(
      r.lesion_diameters_json,
      'response_assessments.lesion_diameters_json',
    ),
    assessor: r.assessor,
    assessedAt: r.assessed_at,
  };
}

const SELECT = `SELECT ra.*, p.patient_id AS pid FROM response_assessments ra JOIN patients p ON ra.patient_id = p.id`;

export interface ResponseInput {
  patientRowId: number;
  timepoint?: string;
  response: ResponseCategory;
  lesionDiameters?: unknown;
  assessor?: string;
  actor?: string;
}

/** Sets a patient's response at a timepoint. Returns what happened; unchanged values write nothing. */
export function setResponse(store: Store, input: ResponseInput): 'created' | 'changed' | 'unchanged' {
  const timepoint = input.timepoint?.trim() || DEFAULT_TIMEPOINT;
  return store.transaction(() => {
    const old = store
      .stmt(`${SELECT} WHERE ra.patient_id = ? AND ra.timepoint = ?`)
      .get(input.patientRowId, timepoint) as ResponseRow | undefined;
    const diameters = input.lesionDiameters === undefined ? null : JSON.stringify(input.lesionDiameters);
    const assessor = input.assessor ?? '';
    if (
      old &&
      old.response === input.response &&
      old.assessor === assessor &&
      old.lesion_diameters_json === diameters
    )
      return 'unchanged';
    const now = nowIso();
    const view = (response: string, who: string, lesion: string | null) => ({
      timepoint,
      response,
      assessor: who,
      lesion_diameters: lesion === null ? null : JSON.parse(lesion),
    });
    let id: number;
    if (old) {
      store
        .stmt(
          'UPDATE response_assessments SET response = ?, lesion_diameters_json = ?, assessor = ?, assessed_at = ? WHERE id = ?',
        )
        .run(input.response, diameters, assessor, now, old.id);
      id = old.id;
    } else {
      id = Number(
        store
          .stmt(
            'INSERT INTO response_assessments (patient_id, timepoint, response, lesion_diameters_json, assessor, assessed_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(input.patientRowId, timepoint, input.response, diameters, assessor, now).lastInsertRowid,
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
      old: old
        ? { patient_id: patientId, ...view(old.response, old.assessor, old.lesion_diameters_json) }
        : null,
      new: { patient_id: patientId, ...view(input.response, assessor, diameters) },
      actor: input.actor,
    });
    return old ? 'changed' : 'created';
  });
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
 * else the most recently recorded one.
 */
export function responseLabels(store: Store, timepoint?: string): Map<string, ResponseRecord> {
  const out = new Map<string, ResponseRecord>();
  for (const r of listResponses(store)) {
    if (timepoint !== undefined && r.timepoint !== timepoint) continue;
    out.set(r.patientId, r); // ordered by time: the last one wins
  }
  return out;
}
