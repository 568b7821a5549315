/**
 * Names users choose become object keys (issue 14 item 10): a clinical variable called `constructor`,
 * `toString` or `hasOwnProperty` made `patient.audit` fail for that patient forever, and `__proto__` was
 * dropped while the import reported it updated. Lookups are own-property only; `__proto__`, which no plain
 * object or schema can carry, is refused with a clear message wherever a name comes in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicalTable1Rows } from '../../shared/charts/table1';
import { parseFeatureTable } from '../../shared/modeling/table';
import { assessResponse } from '../../shared/response/recist';
import { writeDemoCohort } from '../demo/writeCohort';
import { openStore } from '../store/index';
import { createHandlers, openAppServices, type AppServices } from './handlers';
import { importFolders } from './import';

const dir = mkdtempSync(join(tmpdir(), 'radscore-user-names-'));
let services: AppServices;
let handlers: ReturnType<typeof createHandlers>;
let patients: string[] = [];
const call = (channel: string, args: unknown) =>
  handlers.invoke(channel as never, args as never) as Promise<unknown>;

beforeAll(async () => {
  const cohort = await writeDemoCohort(join(dir, 'cohort'), { patients: 2, matrix: 32, slices: 8 });
  const store = openStore(join(dir, 'db.sqlite'));
  await importFolders(store, [cohort.folder]);
  store.close();
  services = await openAppServices(join(dir, 'db.sqlite'));
  handlers = createHandlers(services, { host: 'browser' });
  patients = services.listPatients({ offset: 0, limit: 10, search: '' }).items.map((p) => p.patientId);
}, 60_000);
afterAll(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('clinical variables named like Object.prototype members', () => {
  it('import, patient.get and patient.audit work for constructor, toString, hasOwnProperty', async () => {
    const [a, b] = patients;
    const csv = `patient_id,constructor,toString,hasOwnProperty,age\n${a},1,x,yes,50\n${b},,,,61\n`;
    expect(await call('clinical.import', { csv })).toEqual({
      updated: 2,
      unchanged: 0,
      conflicts: [],
      confirm_token: null,
      errors: [],
    });
    const detail = (await call('patient.get', { patientId: a })) as { clinical: Record<string, unknown> };
    expect(detail.clinical).toEqual({ constructor: 1, toString: 'x', hasOwnProperty: 'yes', age: 50 });
    for (const p of [a, b]) {
      const audit = (await call('patient.audit', { patientId: p })) as {
        what: string;
        from: string;
        to: string;
      }[];
      expect(audit.map((r) => r.what)).toEqual(
        expect.arrayContaining(['clinical: constructor', 'clinical: toString', 'clinical: hasOwnProperty']),
      );
    }
    // A later edit of one of them, through the one-variable channel.
    await call('clinical.set', { patientId: b, name: 'toString', value: 'z' });
    const audit = (await call('patient.audit', { patientId: b })) as {
      what: string;
      from: string;
      to: string;
    }[];
    expect(audit.at(-1)).toMatchObject({ what: 'clinical: toString', from: '—', to: 'z' });
    // Re-importing: a's values are unchanged (each compared with its own stored value only); b's toString, set
    // by hand since, would be emptied again: a conflict, applied only when overwriting.
    const conflict = { patient_id: b, field: 'toString', stored: 'z', incoming: null };
    expect(await call('clinical.import', { csv })).toMatchObject({
      updated: 0,
      unchanged: 1,
      conflicts: [conflict],
    });
    expect(await call('clinical.import', { csv, overwrite: true })).toMatchObject({
      updated: 1,
      unchanged: 1,
      conflicts: [conflict],
    });
  });

  it('__proto__ is refused, naming it, and nothing is applied', async () => {
    const [a] = patients;
    const before = await call('patient.get', { patientId: a });
    expect(await call('clinical.import', { csv: `patient_id,__proto__,bmi\n${a},5,22\n` })).toEqual({
      updated: 0,
      unchanged: 0,
      conflicts: [],
      confirm_token: null,
      errors: [
        {
          line: 1,
          message: 'column "__proto__": this name cannot be used (JavaScript reserves it); rename it',
        },
      ],
    });
    await expect(call('clinical.set', { patientId: a, name: '__proto__', value: '1' })).rejects.toMatchObject(
      {
        kind: 'bad-input',
      },
    );
    expect(await call('patient.get', { patientId: a })).toEqual(before);
  });
});

describe('other places user names become keys', () => {
  it('a feature table column named __proto__ is refused; constructor is a feature like any other', () => {
    expect(() => parseFeatureTable('id,y,__proto__\na,0,1\nb,1,2\n')).toThrow(
      'column "__proto__": this name cannot be used (JavaScript reserves it); rename it',
    );
    const t = parseFeatureTable('id,y,constructor\na,0,1\nb,1,2\n');
    expect(t.features).toEqual(['constructor']);
  });

  it('Table 1 counts a variable only where a patient has it (not where Object.prototype has it)', () => {
    const rows = clinicalTable1Rows([
      { y: 0, clinical: { constructor: 'a' } },
      { y: 1, clinical: { constructor: 'b' } },
      { y: 1, clinical: {} },
    ]);
    expect(rows).toHaveLength(1);
    // One effective patient lacks it: "missing 1" among the effective, none among the ineffective.
    expect(rows[0].variable).toBe('constructor');
    expect(rows[0].effective).toMatch(/missing 1/);
    expect(rows[0].ineffective).not.toMatch(/missing/);
  });

  it('RECIST: a lesion named "constructor" without a follow-up measurement is reported missing; __proto__ refused', () => {
    const lesions = [{ id: 'constructor', node: false }];
    const baseline = { label: 'baseline', diameters: { constructor: 30 } };
    // Unmeasured at follow-up: not evaluable (RECIST 1.1 §4.4.2), naming it — not Object.prototype's function.
    const result = assessResponse({
      criteria: 'recist',
      lesions,
      baseline,
      followUps: [{ label: 'week 12', diameters: {} }],
    });
    expect(result.timepoints[0]).toMatchObject({ category: 'NE', missing: ['constructor'] });
    expect(() =>
      assessResponse({
        criteria: 'recist',
        lesions: [{ id: '__proto__', node: false }],
        baseline: { label: 'baseline', diameters: {} },
        followUps: [{ label: 'week 12', diameters: {} }],
      }),
    ).toThrow('target lesion "__proto__": this name cannot be used');
  });
});
