import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getPatient,
  listAudit,
  listResponses,
  openStore,
  responseLabels,
  upsertPatient,
  type Store,
} from '../store/index';
import { clinicalValue, importClinicalCsv } from './clinical';
import { parseCsv } from './csv';
import { importLabelsCsv, setPatientLabel } from './labels';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-labels-'));
  store = openStore(join(dir, 'db.sqlite'));
  for (const id of ['P1', 'P2', 'P3']) upsertPatient(store, { patientId: id });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('parseCsv', () => {
  it('handles BOM, CRLF, quotes, embedded newlines and blank lines, keeping line numbers', () => {
    const recs = parseCsv('\ufeffa,b\r\n\r\n"x, ""y""",2\n"multi\nline",3\n');
    expect(recs).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['x, "y"', '2'] },
      { line: 4, cells: ['multi\nline', '3'] },
    ]);
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });
});

describe('labels CSV', () => {
  it('applies good rows (case-insensitive responses) and audits every change with old/new', () => {
    const r = importLabelsCsv(
      store,
      { csv: 'patient_id,response,timepoint,assessor\nP1,cr,,dr a\nP2,Pd,,dr a\nP3,SD,week12,dr b\n' },
      { actor: 'tester' },
    );
    expect(r).toEqual({ updated: 3, unchanged: 0, conflicts: [], confirm_token: null, errors: [] });
    expect(listResponses(store).map((x) => [x.patientId, x.response, x.timepoint, x.assessor])).toEqual([
      ['P1', 'CR', 'post-treatment', 'dr a'],
      ['P2', 'PD', 'post-treatment', 'dr a'],
      ['P3', 'SD', 'week12', 'dr b'],
    ]);
    // A label that differs from the stored one is replaced only when the caller says so (#14.3).
    const again = importLabelsCsv(
      store,
      { csv: 'patient_id,response,assessor\nP1,PR,dr a\nP2,PD,dr a\n', overwrite: true },
      { actor: 'tester' },
    );
    expect(again).toMatchObject({ updated: 1, unchanged: 1, errors: [] });
    expect(again.conflicts).toMatchObject([
      { patient_id: 'P1', field: 'response', stored: 'CR', incoming: 'PR' },
    ]);
    const audit = listAudit(store, { entity: 'response' });
    expect(audit).toHaveLength(4);
    expect(audit[3]).toMatchObject({
      action: 'update',
      actor: 'tester',
      old: { patient_id: 'P1', response: 'CR' },
      new: { patient_id: 'P1', response: 'PR' },
    });
    expect(responseLabels(store).get('P1')?.response).toBe('PR');
  });

  it('accepts a file without header', () => {
    expect(importLabelsCsv(store, { csv: 'P1,PR\nP2,SD\n' })).toMatchObject({ updated: 2, errors: [] });
  });

  it('rejects the whole file when any row is bad, naming each bad line', () => {
    const csv = 'patient_id,response\nP1,CR\nP2,XX\nP9,PR\nP1,PD\n';
    const r = importLabelsCsv(store, { csv });
    expect(r.updated).toBe(0);
    expect(r.errors).toEqual([
      { line: 3, message: 'response "XX" is not one of CR, PR, SD, PD' },
      { line: 4, message: 'unknown patient "P9" (not in the database)' },
      { line: 5, message: 'duplicate row: patient "P1" at timepoint "post-treatment" is already on line 2' },
    ]);
    expect(listResponses(store)).toEqual([]);
    expect(listAudit(store)).toEqual([]);
  });

  it('rejects unknown or missing columns', () => {
    expect(
      importLabelsCsv(store, { csv: 'patient_id,respnse\nP1,CR\n' }).errors.map((e) => e.message),
    ).toEqual([
      'unknown column "respnse" (expected patient_id, response, timepoint, assessor, lesion_diameters)',
      'missing column "response"',
    ]);
    expect(importLabelsCsv(store, { csv: '' }).errors).toEqual([{ line: 1, message: 'the file is empty' }]);
  });

  it('stores lesion diameters and sets single labels from the UI', () => {
    expect(
      importLabelsCsv(store, { csv: 'patient_id,response,lesion_diameters\nP1,PR,12.5;8\n' }).errors,
    ).toEqual([]);
    expect(listResponses(store, 'P1')[0].lesionDiameters).toEqual([12.5, 8]);
    expect(setPatientLabel(store, { patientId: 'P2', response: 'CR' })?.map((x) => x.response)).toEqual([
      'CR',
    ]);
    expect(setPatientLabel(store, { patientId: 'nobody', response: 'CR' })).toBeNull();
  });
});

describe('clinical CSV', () => {
  it('stores numbers as numbers, merges variables and audits changes', () => {
    const r = importClinicalCsv(
      store,
      { csv: 'patient_id,age,T_stage,ebv\nP1,54,T3,1200.5\nP2,61,T2,NA\n' },
      { actor: 'tester' },
    );
    expect(r).toEqual({ updated: 2, unchanged: 0, conflicts: [], confirm_token: null, errors: [] });
    expect(getPatient(store, 'P1')?.clinical).toEqual({ age: 54, T_stage: 'T3', ebv: 1200.5 });
    expect(getPatient(store, 'P2')?.clinical).toEqual({ age: 61, T_stage: 'T2', ebv: null });
    expect(importClinicalCsv(store, { csv: 'patient_id,sex\nP1,F\n' }).updated).toBe(1);
    expect(getPatient(store, 'P1')?.clinical).toEqual({ age: 54, T_stage: 'T3', ebv: 1200.5, sex: 'F' });
    expect(listAudit(store, { entity: 'clinical', entityId: 'P1' })[1]).toMatchObject({
      old: {},
      new: { sex: 'F' },
    });
    expect(clinicalValue(' -1.5e3 ')).toBe(-1500);
    expect(clinicalValue('12a')).toBe('12a');
  });

  it('is all-or-nothing', () => {
    const r = importClinicalCsv(store, { csv: 'patient_id,age\nP1,50\nP9,40\nP1,51\nP2,1,2\n' });
    expect(r.errors).toEqual([
      { line: 3, message: 'unknown patient "P9" (not in the database)' },
      { line: 4, message: 'duplicate row: patient "P1" is already on line 2' },
      { line: 5, message: '3 fields, but the header has 2' },
    ]);
    expect(getPatient(store, 'P1')?.clinical).toEqual({});
    expect(importClinicalCsv(store, { csv: 'id,age\nP1,3\n' }).errors[0].message).toMatch(
      /first column must be "patient_id"/,
    );
  });
});
