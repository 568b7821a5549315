/**
 * What a label or clinical CSV would replace (#14.3): a value that differs from the stored one is a conflict,
 * listed with who stored it and when; an import applies nothing while there are conflicts unless the caller
 * says to overwrite them (`--overwrite`, or the UI after asking). Pure comparisons; the services read the
 * stored records and write.
 */
import { createHash } from 'node:crypto';
import type { ImportConflict } from '../../shared/api';
import type { ClinicalValue } from '../store/index';

export type { ImportConflict };

/** A stored label, as far as a CSV row can differ from it. */
export interface StoredLabel {
  response: string;
  assessor: string;
  assessedAt: string;
  source: 'direct' | 'csv' | 'calculator';
  /** The label's free record (a CSV's diameter list, a ruler record …). */
  lesionDiameters: unknown;
}

/** A CSV label row: fields the file does not have are undefined (not compared, not written). */
export interface IncomingLabel {
  response: string;
  assessor?: string;
  lesionDiameters?: number[];
}

const sameNumbers = (a: unknown, b: readonly number[]) =>
  Array.isArray(a) && a.length === b.length && a.every((x, n) => x === b[n]);

const diametersText = (v: unknown): string | null =>
  Array.isArray(v) ? v.join(';') : v === null || v === undefined ? null : 'a measurement record';

/**
 * How a CSV label row relates to the label stored at its patient and timepoint: 'new' (none stored),
 * 'unchanged' (every field the row has equals the stored one: nothing is written, so a calculator label's
 * measurements and rule stay), or the conflicting fields.
 */
export function labelConflicts(
  patientId: string,
  timepoint: string,
  stored: StoredLabel | undefined,
  incoming: IncomingLabel,
): 'new' | 'unchanged' | ImportConflict[] {
  if (!stored) return 'new';
  const who = {
    patient_id: patientId,
    timepoint,
    stored_by: stored.assessor,
    stored_at: stored.assessedAt,
    stored_source: stored.source,
  };
  const out: ImportConflict[] = [];
  if (incoming.response !== stored.response)
    out.push({ ...who, field: 'response', stored: stored.response, incoming: incoming.response });
  if (incoming.assessor !== undefined && incoming.assessor !== stored.assessor)
    out.push({ ...who, field: 'assessor', stored: stored.assessor, incoming: incoming.assessor });
  if (
    incoming.lesionDiameters !== undefined &&
    !sameNumbers(stored.lesionDiameters, incoming.lesionDiameters)
  )
    out.push({
      ...who,
      field: 'lesion_diameters',
      stored: diametersText(stored.lesionDiameters),
      incoming: incoming.lesionDiameters.join(';'),
    });
  return out.length ? out : 'unchanged';
}

/**
 * The variables of one CSV row that would replace a stored value: a stored value that differs (an empty cell
 * over a stored value included). A variable stored as missing (null) or not stored yet is filled without
 * asking: nothing a user entered is lost. `provenance(name)` names who stored the value and when (the audit).
 */
export function clinicalConflicts(
  patientId: string,
  stored: ReadonlyMap<string, ClinicalValue>,
  incoming: ReadonlyMap<string, ClinicalValue>,
  provenance: (name: string) => { by: string; at: string },
): ImportConflict[] {
  const out: ImportConflict[] = [];
  for (const [name, value] of incoming) {
    const before = stored.get(name);
    if (before === undefined || before === null || before === value) continue;
    const { by, at } = provenance(name);
    out.push({
      patient_id: patientId,
      field: name,
      stored: before,
      incoming: value,
      stored_by: by,
      stored_at: at,
    });
  }
  return out;
}

/**
 * A fingerprint of a conflict list: the UI sends back the one it showed with its "Replace" answer, so an
 * overwrite never replaces a value the user was not shown (one stored meanwhile makes the import ask again).
 */
export function conflictsToken(conflicts: readonly ImportConflict[]): string {
  const lines = conflicts
    .map((c) =>
      JSON.stringify([
        c.patient_id,
        c.timepoint ?? '',
        c.field,
        c.stored,
        c.incoming,
        c.stored_by,
        c.stored_at,
      ]),
    )
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}
