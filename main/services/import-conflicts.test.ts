/**
 * A label or clinical CSV never replaces what is stored without asking (#14.3): a value that differs from a
 * stored one is a conflict — listed with the stored value, who stored it, when and how (a calculator label
 * included) and the incoming value — and nothing of the file is applied unless the caller overwrites; the UI's
 * overwrite names the conflicts it showed (confirm), so one stored meanwhile makes it ask again. Through the API
 * dispatch (labels.import, clinical.import) on a real database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvImportResult, LabelDetail } from '../../shared/api';
import { RECIST_CASES } from '../../shared/response/recist.cases';
import { openStore, upsertPatient } from '../store/index';
import { createHandlers, openAppServices, type AppServices, type Handlers } from './handlers';

let tmp: string;
let services: AppServices;
let h: Handlers;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-import-conflicts-'));
  const db = join(tmp, 'db.sqlite');
  const store = openStore(db);
  for (const id of ['P1', 'P2', 'P3', 'P4']) upsertPatient(store, { patientId: id });
  store.close();
  services = await openAppServices(db);
  h = createHandlers(services, { host: 'browser' });
});
afterAll(() => {
  services?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const labels = async (patientId: string) =>
  (await h.invoke('patient.labels', { patientId })) as LabelDetail[];
const importLabels = async (csv: string, more: { overwrite?: boolean; confirm?: string | null } = {}) =>
  (await h.invoke('labels.import', { csv, ...more })) as CsvImportResult;
const importClinical = async (csv: string, more: { overwrite?: boolean; confirm?: string | null } = {}) =>
  (await h.invoke('clinical.import', { csv, ...more })) as CsvImportResult;

describe('labels CSV over labels entered by hand', () => {
  const calculatorCase = RECIST_CASES.find((c) => !c.refused && c.response && c.response !== 'PD')!;
  let direct: LabelDetail;
  let calculator: LabelDetail;

  it('lists each conflict with the stored label, its assessor, time and source, and applies nothing', async () => {
    [direct] = (await h.invoke('labels.assess', {
      patientId: 'P1',
      timepoint: 'post-treatment',
      response: 'PR',
      assessor: 'Dr Hand',
    })) as LabelDetail[];
    [calculator] = (await h.invoke('labels.assess', {
      patientId: 'P2',
      timepoint: 'post-treatment',
      assessor: 'Dr Calc',
      measurements: calculatorCase.input,
    })) as LabelDetail[];
    expect(calculator.source).toBe('calculator');

    // P1 and P2 differ from what is stored, P3 is new: nothing at all is applied.
    const csv = 'patient_id,response,assessor\nP1,PD,Dr CSV\nP2,PD,Dr CSV\nP3,CR,Dr CSV\n';
    const r = await importLabels(csv);
    expect(r).toMatchObject({ updated: 0, unchanged: 0, errors: [] });
    expect(r.conflicts).toEqual([
      {
        patient_id: 'P1',
        timepoint: 'post-treatment',
        field: 'response',
        stored: 'PR',
        incoming: 'PD',
        stored_by: 'Dr Hand',
        stored_at: direct.time,
        stored_source: 'direct',
      },
      {
        patient_id: 'P1',
        timepoint: 'post-treatment',
        field: 'assessor',
        stored: 'Dr Hand',
        incoming: 'Dr CSV',
        stored_by: 'Dr Hand',
        stored_at: direct.time,
        stored_source: 'direct',
      },
      {
        patient_id: 'P2',
        timepoint: 'post-treatment',
        field: 'response',
        stored: calculator.response,
        incoming: 'PD',
        stored_by: 'Dr Calc',
        stored_at: calculator.time,
        stored_source: 'calculator',
      },
      {
        patient_id: 'P2',
        timepoint: 'post-treatment',
        field: 'assessor',
        stored: 'Dr Calc',
        incoming: 'Dr CSV',
        stored_by: 'Dr Calc',
        stored_at: calculator.time,
        stored_source: 'calculator',
      },
    ]);
    expect(r.confirm_token).toMatch(/^[0-9a-f]{32}$/);
    expect(await labels('P1')).toEqual([direct]);
    expect(await labels('P2')).toEqual([calculator]);
    expect(await labels('P3')).toEqual([]);
  });

  it('leaves a row equal to the stored label alone (a calculator record keeps its measurements)', async () => {
    const r = await importLabels(`patient_id,response\nP2,${calculator.response}\nP4,SD\n`);
    expect(r).toMatchObject({ updated: 1, unchanged: 1, conflicts: [], errors: [] });
    expect(await labels('P2')).toEqual([calculator]);
  });

  it('overwrites only the conflicts the user was shown', async () => {
    const csv = 'patient_id,response,assessor\nP1,PD,Dr CSV\nP2,PD,Dr CSV\nP3,CR,Dr CSV\n';
    const shown = await importLabels(csv);
    // Meanwhile someone changes P1 again: the confirmation no longer matches, nothing is applied.
    await h.invoke('labels.assess', {
      patientId: 'P1',
      timepoint: 'post-treatment',
      response: 'SD',
      assessor: 'Dr Hand',
    });
    const stale = await importLabels(csv, { overwrite: true, confirm: shown.confirm_token });
    expect(stale.updated).toBe(0);
    expect(stale.conflicts[0]).toMatchObject({ patient_id: 'P1', stored: 'SD' });
    expect(stale.confirm_token).not.toBe(shown.confirm_token);
    const applied = await importLabels(csv, { overwrite: true, confirm: stale.confirm_token });
    expect(applied).toMatchObject({ updated: 3, unchanged: 0, errors: [] });
    expect((await labels('P2'))[0]).toMatchObject({ response: 'PD', source: 'csv', assessor: 'Dr CSV' });
    // The audit keeps what was replaced.
    const audit = (await h.invoke('patient.audit', { patientId: 'P2' })) as { from: string; to: string }[];
    expect(audit.at(-1)?.from).toContain(calculator.response);
  });
});

describe('clinical CSV over values entered by hand', () => {
  it('lists a differing or emptied value with who set it and when, fills missing ones without asking', async () => {
    await h.invoke('clinical.set', { patientId: 'P1', name: 'kps', value: '90' });
    await h.invoke('clinical.set', { patientId: 'P1', name: 'stage', value: 'III' });
    await h.invoke('clinical.set', { patientId: 'P1', name: 'ebv', value: '' }); // stored as missing
    const audit = (await h.invoke('patient.audit', { patientId: 'P1' })) as {
      what: string;
      actor: string;
      at: string;
    }[];
    const kpsSet = audit.find((a) => a.what === 'clinical: kps')!;
    const stageSet = audit.find((a) => a.what === 'clinical: stage')!;
    expect(kpsSet.actor).not.toBe('');
    const r = await importClinical('patient_id,kps,stage,ebv,age\nP1,80,,1200,54\n');
    expect(r).toMatchObject({ updated: 0, unchanged: 0, errors: [] });
    expect(r.conflicts).toEqual([
      {
        patient_id: 'P1',
        field: 'kps',
        stored: 90,
        incoming: 80,
        stored_by: kpsSet.actor,
        stored_at: kpsSet.at,
      },
      {
        patient_id: 'P1',
        field: 'stage',
        stored: 'III',
        incoming: null,
        stored_by: stageSet.actor,
        stored_at: stageSet.at,
      },
    ]);
    const detail = (await h.invoke('patient.get', { patientId: 'P1' })) as {
      clinical: Record<string, unknown>;
    };
    expect(detail.clinical).toEqual({ kps: 90, stage: 'III', ebv: null });

    const applied = await importClinical('patient_id,kps,stage,ebv,age\nP1,80,,1200,54\n', {
      overwrite: true,
    });
    expect(applied).toMatchObject({ updated: 1, errors: [] });
    const after = (await h.invoke('patient.get', { patientId: 'P1' })) as {
      clinical: Record<string, unknown>;
    };
    expect(after.clinical).toEqual({ kps: 80, stage: null, ebv: 1200, age: 54 });
  });
});
