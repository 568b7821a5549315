/**
 * Migration 4 on a database holding labels from before it: every label is kept with its record, CSV labels
 * are marked as such, older calculator records are marked as not re-checked, NE becomes storable, and the
 * new fields (how the label was set, measurements, rule, history, non-standard) round-trip and are audited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, listResponses, migrate, openStore, setResponse, upsertPatient } from './index';
import { MIGRATIONS } from './migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-responses-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 4: response labels', () => {
  it('keeps older labels, marks CSV and unchecked calculator records, and then accepts NE', () => {
    const path = join(dir, 'db.sqlite');
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    migrate(
      old,
      MIGRATIONS.filter((m) => m.id < 4),
    );
    old
      .prepare("INSERT INTO patients (patient_id, created_at) VALUES ('P1', 'x'), ('P2', 'x'), ('P3', 'x')")
      .run();
    const insert = old.prepare(
      'INSERT INTO response_assessments (patient_id, timepoint, response, lesion_diameters_json, assessor, assessed_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(
      1,
      'post-treatment',
      'PR',
      JSON.stringify({ method: 'RECIST 1.1', lesions: [{ id: 'a' }], assessments: [] }),
      'Dr A',
      '2024-01-01',
    );
    insert.run(2, 'post-treatment', 'SD', JSON.stringify([12.5, 8]), '', '2024-01-02');
    insert.run(3, 'week 12', 'CR', null, '', '2024-01-03');
    expect(() => insert.run(3, 'week 24', 'NE', null, '', '2024-01-04')).toThrow(/CHECK constraint/);
    old.close();

    const store = openStore(path);
    try {
      const labels = listResponses(store);
      expect(labels.map((l) => [l.patientId, l.response, l.source, l.assessor])).toEqual([
        ['P1', 'PR', 'direct', 'Dr A'],
        ['P2', 'SD', 'csv', ''],
        ['P3', 'CR', 'direct', ''],
      ]);
      expect(labels[0].note).toBe(
        'calculator record from before migration 4: not re-checked against its measurements',
      );
      expect(labels[0].lesionDiameters).toMatchObject({ method: 'RECIST 1.1' });
      expect(labels[1].lesionDiameters).toEqual([12.5, 8]);
      expect(labels[2]).toMatchObject({ note: null, rule: null, history: null, nonStandard: [] });

      // NE is a response now; a calculator label keeps what decided it, and the audit log too.
      const p = upsertPatient(store, { patientId: 'P3' });
      const rule = { id: 'not-evaluable', text: 'RECIST 1.1 §4.4.2', explanation: '"b" not measured → NE' };
      const history = [
        {
          label: 'follow-up 1',
          date: null,
          response: 'NE' as const,
          rule: 'not-evaluable',
          explanation: '…',
        },
      ];
      setResponse(store, {
        patientRowId: p.id,
        timepoint: 'week 24',
        response: 'NE',
        source: 'calculator',
        criteria: 'recist',
        definition: 'last-follow-up',
        rule,
        measurements: { criteria: 'recist' },
        history,
        nonStandard: ['6 target lesions'],
        actor: 'tester',
      });
      const ne = listResponses(store, 'P3').find((l) => l.timepoint === 'week 24');
      expect(ne).toMatchObject({
        response: 'NE',
        source: 'calculator',
        criteria: 'recist',
        definition: 'last-follow-up',
        rule,
        measurements: { criteria: 'recist' },
        history,
        nonStandard: ['6 target lesions'],
        note: null,
      });
      expect(listAudit(store, { entity: 'response' }).at(-1)).toMatchObject({
        action: 'create',
        new: { response: 'NE', source: 'calculator', rule, measurements: { criteria: 'recist' } },
      });
      // The same label again writes nothing.
      expect(
        setResponse(store, {
          patientRowId: p.id,
          timepoint: 'week 24',
          response: 'NE',
          source: 'calculator',
          criteria: 'recist',
          definition: 'last-follow-up',
          rule,
          measurements: { criteria: 'recist' },
          history,
          nonStandard: ['6 target lesions'],
        }),
      ).toBe('unchanged');
    } finally {
      store.close();
    }
  });
});
