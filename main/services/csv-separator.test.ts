/**
 * A semicolon-separated CSV (what a spreadsheet writes where the decimal separator is a comma) gave
 * `unknown patient "NPC001;PR;post"` (issue 14 item 13). Labels and clinical CSVs now take the separator
 * their header uses (comma, semicolon or tab), with decimal commas in a semicolon file; the feature-table
 * reader, which is numeric through and through, says which separator the file uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeatureTable } from '../../shared/modeling/table';
import { getPatient, openStore, upsertPatient, type Store } from '../store/index';
import { importClinicalCsv } from './clinical';
import { parseCsv } from './csv';
import { importLabelsCsv } from './labels';

const dir = mkdtempSync(join(tmpdir(), 'radscore-csv-sep-'));
let store: Store;
beforeAll(() => {
  store = openStore(join(dir, 'db.sqlite'));
  for (const id of ['NPC001', 'NPC002']) upsertPatient(store, { patientId: id });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV separator', () => {
  it('labels: a semicolon file is read as such', () => {
    const r = importLabelsCsv(store, {
      csv: 'patient_id;response;timepoint\r\nNPC001;PR;post\r\nNPC002;SD;post\r\n',
    });
    expect(r).toMatchObject({ updated: 2, errors: [] });
  });

  it('clinical: semicolons with decimal commas, and tabs', () => {
    expect(importClinicalCsv(store, { csv: 'patient_id;age;sex;bmi\nNPC001;51;F;22,5\n' }).errors).toEqual(
      [],
    );
    expect(getPatient(store, 'NPC001')!.clinical).toMatchObject({ age: 51, sex: 'F', bmi: 22.5 });
    expect(importClinicalCsv(store, { csv: 'patient_id\tstage\nNPC002\tT3\n' }).errors).toEqual([]);
    expect(getPatient(store, 'NPC002')!.clinical).toMatchObject({ stage: 'T3' });
  });

  it('a comma file keeps commas (and a semicolon inside a value stays text)', () => {
    expect(parseCsv('patient_id,note\nNPC001,"a;b"\n').map((r) => r.cells)).toEqual([
      ['patient_id', 'note'],
      ['NPC001', 'a;b'],
    ]);
    expect(parseCsv('patient_id;note\nNPC001;"x, y"\n').map((r) => r.cells)).toEqual([
      ['patient_id', 'note'],
      ['NPC001', 'x, y'],
    ]);
  });

  it('fit-table: says which separator the file uses', () => {
    expect(() => parseFeatureTable('id;y;f1\na;0;1,5\nb;1;2,5\n')).toThrow(
      `this file uses ';' as a separator; the feature table must be comma-separated`,
    );
  });
});
