/**
 * Every rule of the label and clinical CSV importers, one case each: the file is refused as a whole (no
 * label, clinical value or audit entry changes), and each bad line is named with its own message.
 * The valid rows in each file would apply on their own — so a refusal is the rule's doing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, listPatients, listResponses, openStore, upsertPatient, type Store } from '../store/index';
import { importClinicalCsv } from './clinical';
import { importLabelsCsv } from './labels';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-csv-rules-'));
  store = openStore(join(dir, 'db.sqlite'));
  for (const id of ['P1', 'P2']) upsertPatient(store, { patientId: id });
  // Something committed that a refused file must leave alone.
  expect(importLabelsCsv(store, { csv: 'P1,CR\n' }).errors).toEqual([]);
  expect(importClinicalCsv(store, { csv: 'patient_id,age\nP1,50\n' }).errors).toEqual([]);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const stateOf = (s: Store) =>
  JSON.stringify({ labels: listResponses(s), patients: listPatients(s), audit: listAudit(s).length });

type Rule = [rule: string, csv: string, errors: { line: number; message: string }[]];

const LABEL_RULES: Rule[] = [
  ['empty file', '', [{ line: 1, message: 'the file is empty' }]],
  [
    'quote inside an unquoted field',
    'patient_id,response\nP1,C"R\n',
    [{ line: 2, message: 'a quote inside an unquoted field' }],
  ],
  [
    'unterminated quoted field',
    'patient_id,response\nP2,"PR\n',
    [{ line: 2, message: 'unterminated quoted field' }],
  ],
  [
    'unknown column',
    'patient_id,response,grade\nP2,PR,3\n',
    [
      {
        line: 1,
        message:
          'unknown column "grade" (expected patient_id, response, timepoint, assessor, lesion_diameters)',
      },
    ],
  ],
  [
    'column twice',
    'patient_id,response,response\nP2,PR,PR\n',
    [{ line: 1, message: 'column "response" appears twice' }],
  ],
  [
    'missing response column',
    'patient_id,assessor\nP2,Dr A\n',
    [{ line: 1, message: 'missing column "response"' }],
  ],
  [
    'missing patient_id column',
    'response,assessor\nPR,Dr A\n',
    [{ line: 1, message: 'missing column "patient_id"' }],
  ],
  ['header only', 'patient_id,response\n', [{ line: 1, message: 'no label rows' }]],
  [
    'too many fields',
    'patient_id,response\nP2,PR\nP2,PR,x\n',
    [{ line: 3, message: '3 fields, but the header has 2' }],
  ],
  ['empty patient_id', 'patient_id,response\nP2,PR\n,SD\n', [{ line: 3, message: 'patient_id is empty' }]],
  [
    'bad response',
    'patient_id,response\nP2,PR\nP1,better\n',
    [{ line: 3, message: 'response "better" is not one of CR, PR, SD, PD' }],
  ],
  [
    'unknown patient',
    'patient_id,response\nP2,PR\nP7,SD\n',
    [{ line: 3, message: 'unknown patient "P7" (not in the database)' }],
  ],
  [
    'duplicate patient and timepoint',
    'patient_id,response,timepoint\nP2,PR,wk12\nP2,SD,wk12\n',
    [{ line: 3, message: 'duplicate row: patient "P2" at timepoint "wk12" is already on line 2' }],
  ],
  [
    'bad lesion diameter',
    'patient_id,response,lesion_diameters\nP2,PR,12;x5\n',
    [{ line: 2, message: 'lesion diameter "x5" is not a non-negative number' }],
  ],
  [
    'negative lesion diameter',
    'patient_id,response,lesion_diameters\nP2,PR,12;-3\n',
    [{ line: 2, message: 'lesion diameter "-3" is not a non-negative number' }],
  ],
  [
    'several problems on one line, several bad lines',
    'patient_id,response\n,XX\nP2,PR\nP9,PD\n',
    [
      { line: 2, message: 'patient_id is empty; response "XX" is not one of CR, PR, SD, PD' },
      { line: 4, message: 'unknown patient "P9" (not in the database)' },
    ],
  ],
];

const CLINICAL_RULES: Rule[] = [
  ['empty file', '', [{ line: 1, message: 'the file is empty' }]],
  [
    'unterminated quoted field',
    'patient_id,age\nP2,"61\n',
    [{ line: 2, message: 'unterminated quoted field' }],
  ],
  [
    'first column not patient_id',
    'id,age\nP2,61\n',
    [{ line: 1, message: 'the first column must be "patient_id", found "id"' }],
  ],
  ['no variable columns', 'patient_id\nP2\n', [{ line: 1, message: 'no variable columns after patient_id' }]],
  ['unnamed column', 'patient_id,age,\nP2,61,x\n', [{ line: 1, message: 'column 3 has no name' }]],
  ['column twice', 'patient_id,age,age\nP2,61,62\n', [{ line: 1, message: 'column "age" appears twice' }]],
  ['header only', 'patient_id,age\n', [{ line: 1, message: 'no patient rows' }]],
  [
    'too many fields',
    'patient_id,age\nP2,61\nP1,1,2\n',
    [{ line: 3, message: '3 fields, but the header has 2' }],
  ],
  ['empty patient_id', 'patient_id,age\nP2,61\n,40\n', [{ line: 3, message: 'patient_id is empty' }]],
  [
    'duplicate patient',
    'patient_id,age\nP2,61\nP2,62\n',
    [{ line: 3, message: 'duplicate row: patient "P2" is already on line 2' }],
  ],
  [
    'unknown patient',
    'patient_id,age\nP2,61\nP8,40\n',
    [{ line: 3, message: 'unknown patient "P8" (not in the database)' }],
  ],
];

describe('label CSV: every rule refuses the whole file and names the line', () => {
  for (const [rule, csv, errors] of LABEL_RULES) {
    it(rule, () => {
      const before = stateOf(store);
      const r = importLabelsCsv(store, { csv });
      expect(r.errors).toEqual(errors);
      expect([r.updated, r.unchanged]).toEqual([0, 0]);
      expect(stateOf(store)).toBe(before);
    });
  }
});

describe('clinical CSV: every rule refuses the whole file and names the line', () => {
  for (const [rule, csv, errors] of CLINICAL_RULES) {
    it(rule, () => {
      const before = stateOf(store);
      const r = importClinicalCsv(store, { csv });
      expect(r.errors).toEqual(errors);
      expect([r.updated, r.unchanged]).toEqual([0, 0]);
      expect(stateOf(store)).toBe(before);
    });
  }
});
