/**
 * Clinical variables from a CSV `patient_id,<variables…>`: numbers are stored as numbers, empty / NA as
 * null, anything else as text. Variables are merged into each patient's record; all rows or none.
 * One variable at a time from the UI, audited (channels clinical.set, clinical.import).
 */
import type { ChannelArgs, CsvImportResult } from '../../shared/api';
import {
  appendAudit,
  getPatient,
  listAudit,
  setClinicalVariables,
  type ClinicalValue,
  type ClinicalVariables,
  type Store,
} from '../store/index';
import { nameProblem } from '../../shared/names';
import { found, unavailable, type ChannelImplementations } from './channel';
import { csvSeparator, CsvSyntaxError, normaliseHeader, parseCsv } from './csv';
import { clinicalConflicts, conflictsToken } from './importConflicts';
import type { RowError } from './labels';
import type { ServiceOptions } from './options';

/**
 * What a clinical CSV import did (DESIGN §7): patients whose variables changed (`updated`), patients left as
 * they were (`unchanged`), the stored values the file would replace (`conflicts`: nothing is applied while there
 * are any, unless the caller overwrites) and the bad rows.
 */
export type ClinicalResult = CsvImportResult;

/** Nothing applied: bad rows. */
const badRows = (errors: RowError[]): ClinicalResult => ({
  updated: 0,
  unchanged: 0,
  conflicts: [],
  confirm_token: null,
  errors,
});

/** Who stored each of a patient's clinical variables last, and when (from the audit log). */
function clinicalProvenance(store: Store, patientId: string): (name: string) => { by: string; at: string } {
  const entries = listAudit(store, { entity: 'clinical', entityId: patientId });
  return (name) => {
    for (let n = entries.length - 1; n >= 0; n--) {
      const written = entries[n].new;
      if (written && typeof written === 'object' && Object.hasOwn(written, name))
        return { by: entries[n].actor, at: entries[n].at };
    }
    return { by: '', at: '' };
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '.']);

/**
 * A cell as a clinical value: a finite number, null for missing, else the trimmed text. `decimalComma`:
 * "22,5" is 22.5 (a semicolon-separated file, where the comma is the decimal separator).
 */
export function clinicalValue(cell: string, decimalComma = false): ClinicalValue {
  const trimmed = cell.trim();
  if (MISSING.has(trimmed.toLowerCase())) return null;
  const t = decimalComma && /^[+-]?\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  if (NUMBER.test(t)) {
    const v = Number(t);
    if (Number.isFinite(v)) return v;
  }
  return trimmed;
}

export function importClinicalCsv(
  store: Store,
  input: { csv: string; overwrite?: boolean; confirm?: string | null },
  opts: ServiceOptions = {},
): ClinicalResult {
  const separator = csvSeparator(input.csv);
  let records;
  try {
    records = parseCsv(input.csv, separator);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return badRows([{ line: err.line, message: err.message }]);
    throw err;
  }
  const errors: RowError[] = [];
  if (records.length === 0) return badRows([{ line: 1, message: 'the file is empty' }]);
  const header = records[0];
  const names = header.cells.map((c) => c.trim());
  if (normaliseHeader(names[0] ?? '') !== 'patient_id')
    errors.push({
      line: header.line,
      message: `the first column must be "patient_id", found "${names[0] ?? ''}"`,
    });
  if (names.length < 2) errors.push({ line: header.line, message: 'no variable columns after patient_id' });
  names.slice(1).forEach((name, n) => {
    if (!name) errors.push({ line: header.line, message: `column ${n + 2} has no name` });
    else if (nameProblem(name))
      errors.push({ line: header.line, message: `column "${name}": ${nameProblem(name)}` });
    else if (names.indexOf(name) !== n + 1)
      errors.push({ line: header.line, message: `column "${name}" appears twice` });
  });
  if (errors.length) return badRows(errors);

  const updates: { line: number; id: number; patientId: string; values: ClinicalVariables }[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    if (rec.cells.length > names.length) {
      errors.push({
        line: rec.line,
        message: `${rec.cells.length} fields, but the header has ${names.length}`,
      });
      continue;
    }
    const patientId = (rec.cells[0] ?? '').trim();
    if (!patientId) {
      errors.push({ line: rec.line, message: 'patient_id is empty' });
      continue;
    }
    const earlier = seen.get(patientId);
    if (earlier !== undefined) {
      errors.push({
        line: rec.line,
        message: `duplicate row: patient "${patientId}" is already on line ${earlier}`,
      });
      continue;
    }
    seen.set(patientId, rec.line);
    const patient = getPatient(store, patientId);
    if (!patient) {
      errors.push({ line: rec.line, message: `unknown patient "${patientId}" (not in the database)` });
      continue;
    }
    // No prototype: a variable called "constructor" is just a key here.
    const values: ClinicalVariables = Object.create(null) as ClinicalVariables;
    names
      .slice(1)
      .forEach((name, n) => (values[name] = clinicalValue(rec.cells[n + 1] ?? '', separator === ';')));
    updates.push({ line: rec.line, id: patient.id, patientId, values });
  }
  if (errors.length) return badRows(errors);
  if (updates.length === 0) return badRows([{ line: header.line, message: 'no patient rows' }]);

  // Compared and written in one transaction: a value stored meanwhile is either seen as a conflict or not there.
  return store.transaction(() => {
    const plan = updates.map((u) => {
      const current = getPatient(store, u.patientId)!.clinical;
      const stored = new Map(Object.keys(current).map((k) => [k, current[k]]));
      const incoming = new Map(Object.keys(u.values).map((k) => [k, u.values[k]]));
      const changed = [...incoming.keys()].filter((k) => !stored.has(k) || stored.get(k) !== incoming.get(k));
      const conflicts = clinicalConflicts(
        u.patientId,
        stored,
        incoming,
        clinicalProvenance(store, u.patientId),
      );
      return { u, current, changed, conflicts };
    });
    const conflicts = plan.flatMap((p) => p.conflicts);
    const unchanged = plan.filter((p) => p.changed.length === 0).length;
    const token = conflicts.length ? conflictsToken(conflicts) : null;
    const refused =
      conflicts.length > 0 && (!input.overwrite || (input.confirm != null && input.confirm !== token));
    if (refused) return { updated: 0, unchanged, conflicts, confirm_token: token, errors: [] };
    let updated = 0;
    for (const { u, current, changed } of plan) {
      if (changed.length === 0) continue;
      setClinicalVariables(store, u.id, { ...current, ...u.values });
      appendAudit(store, {
        entity: 'clinical',
        entityId: u.patientId,
        action: 'update',
        old: Object.fromEntries(changed.filter((k) => Object.hasOwn(current, k)).map((k) => [k, current[k]])),
        new: Object.fromEntries(changed.map((k) => [k, u.values[k]])),
        actor: opts.actor,
      });
      updated++;
    }
    return { updated, unchanged, conflicts, confirm_token: token, errors: [] };
  });
}

// ---------------------------------------------------------------------------------------------------------
// The API binding: clinical.set, clinical.import.

/** Sets one clinical variable (text parsed as a number where it is one; empty = missing), audited. */
export function setClinicalVariable(
  store: Store,
  a: ChannelArgs<'clinical.set'>,
  actor?: string,
): ClinicalVariables | null {
  const patient = getPatient(store, a.patientId);
  if (!patient) return null;
  const problem = nameProblem(a.name);
  if (problem) throw new Error(`clinical variable "${a.name}": ${problem}`);
  const value = clinicalValue(a.value);
  const current = patient.clinical;
  const had = Object.hasOwn(current, a.name);
  if (had && current[a.name] === value) return current;
  const next = { ...current, [a.name]: value };
  store.transaction(() => {
    setClinicalVariables(store, patient.id, next);
    appendAudit(store, {
      entity: 'clinical',
      entityId: a.patientId,
      action: 'update',
      old: had ? { [a.name]: current[a.name] } : {},
      new: { [a.name]: value },
      actor,
    });
  });
  return next;
}

export function clinicalChannels(
  store: Store | undefined,
): ChannelImplementations<'clinical.set' | 'clinical.import'> {
  if (!store) return unavailable(['clinical.set', 'clinical.import'], 'no database');
  return {
    'clinical.set': (a) => ({
      patientId: a.patientId,
      clinical: found(setClinicalVariable(store, a), `patient "${a.patientId}"`),
    }),
    'clinical.import': (a) => importClinicalCsv(store, a),
  };
}
