/** `radscore fit-table`: the fit document for a fixture table, and one-line errors for bad tables. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import { makeContext } from '../context';
import { fitTableCommand } from './fit-table';
import type { FitDocument } from '../../services/fitTable';

const CASES = new URL('../../../../shared/fixtures/modeling/cases/', import.meta.url);

async function run(argv: string[]) {
  return fitTableCommand.run(makeContext(parseArgs([...argv, '--json', '--quiet'])));
}

describe('radscore fit-table', () => {
  it('prints the fit document of a fixture case (d_tiny: λ.min #20, 4 features)', async () => {
    const { json } = await run([new URL('d_tiny.csv', CASES).pathname]);
    const doc = json as FitDocument;
    expect(doc.lasso.index_min).toBe(20);
    expect(doc.selected).toEqual(['f001', 'f003', 'f004', 'f006']);
    expect(doc.scores).toHaveLength(30);
  });

  it('rejects bad tables with a message naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-table-'));
    const good = readFileSync(new URL('d_tiny.csv', CASES), 'utf8').trim().split('\n');
    const write = (name: string, lines: string[]) => {
      const p = join(dir, name);
      writeFileSync(p, lines.join('\n'));
      return p;
    };
    const cells = good[3].split(',');
    cells[5] = 'oops';
    await expect(
      run([write('text.csv', [...good.slice(0, 3), cells.join(','), ...good.slice(4)])]),
    ).rejects.toThrow(/line 4 \(P0003\), column "f002": "oops" is not a number/);
    const oneClass = good.map((l, i) => (i === 0 ? l : l.replace(/^([^,]*),[01],/, '$1,1,')));
    await expect(run([write('one.csv', oneClass)])).rejects.toThrow(/both classes are needed/);
    const badY = good.map((l, i) => (i === 2 ? l.replace(/^([^,]*),[01],/, '$1,3,') : l));
    await expect(run([write('y.csv', badY)])).rejects.toThrow(/must be 0 or 1, got "3"/);
    await expect(run([write('nofile.csv', good), '--lambda', 'max'])).rejects.toThrow(
      /--lambda must be min or 1se/,
    );
    await expect(run([join(dir, 'missing.csv')])).rejects.toThrow(/no such file/);
    // without split/foldid columns the pipeline draws folds: 30 rows × 0.68 → 9 and 11 training rows per class < 10 folds
    const stripped = good.map((l) =>
      l
        .split(',')
        .filter((_, i) => i !== 2 && i !== 3)
        .join(','),
    );
    await expect(run([write('k.csv', stripped), '--folds', '10'])).rejects.toThrow(
      /at least 10 training patients per class/,
    );
    await expect(run([write('k2.csv', stripped), '--folds', '3'])).resolves.toBeDefined();
  });

  it('--bootstrap B [--bootstrap-seed S] [--workers N] adds internal_validation; bad values are usage errors', async () => {
    const file = new URL('d_tiny.csv', CASES).pathname;
    const { json, text } = await run([file, '--bootstrap', '6', '--bootstrap-seed', '9', '--workers', '1']);
    const iv = (json as FitDocument).internal_validation;
    expect(iv?.method).toBe('bootstrap_optimism');
    expect(iv?.B).toBe(6);
    expect(iv?.seed).toBe(9);
    expect(Object.keys(iv?.selection_frequency ?? {})).toHaveLength(8);
    expect(text).toMatch(/bootstrap optimism \(B = 6/);
    await expect(run([file, '--bootstrap', '0'])).rejects.toThrow(/--bootstrap must be ≥ 1/);
    await expect(run([file, '--bootstrap', '5', '--bootstrap-seed', 'x'])).rejects.toThrow(
      /--bootstrap-seed must be an integer/,
    );
    await expect(run([file, '--bootstrap-seed', '3'])).rejects.toThrow(/need --bootstrap B/);
  });

  it('--clinical C1,C2 [--t-test] [--yates] adds clinical_table1; those columns are not features', async () => {
    const file = new URL('../../../shared/modeling/testdata/clinical_npc_cohort.csv', import.meta.url)
      .pathname;
    const clinical =
      'age,sex,t_stage,n_stage,clinical_stage,histology,smoking,ebv_dna:continuous,family_history';
    const { json, text } = await run([file, '--clinical', clinical, '--t-test', 'student', '--yates', 'off']);
    const doc = json as FitDocument;
    const t1 = doc.clinical_table1;
    expect(t1?.t_test).toBe('student');
    expect(t1?.yates).toBe(false);
    expect(t1?.groups.map((g) => g.group)).toEqual(['training', 'validation', 'all']);
    expect(t1?.groups[0].rows.map((r) => r.variable)).toEqual(clinical.replace(':continuous', '').split(','));
    expect(t1?.groups[0].rows[0]).toMatchObject({
      kind: 'continuous',
      test: "Student's t-test",
      statistic_name: 't',
    });
    expect(doc.features_in).toHaveLength(12);
    expect(doc.features_in).not.toContain('age');
    expect(text).toMatch(/clinical Table 1 \(Student t-test, Yates off\)/);
    // a text column not named clinical is a feature that is not a number; bad option values are usage errors
    await expect(run([file, '--clinical', 'age'])).rejects.toThrow(
      /column "sex": "(Male|Female)" is not a number/,
    );
    await expect(run([file, '--clinical', 'age,stage'])).rejects.toThrow(/column "stage" not found/);
    await expect(run([file, '--clinical', clinical, '--t-test', 'z'])).rejects.toThrow(
      /--t-test must be student or welch/,
    );
    await expect(run([file, '--clinical', clinical, '--yates', 'yes'])).rejects.toThrow(
      /--yates must be on or off/,
    );
    await expect(run([file, '--yates', 'off'])).rejects.toThrow(/need --clinical/);
    await expect(run([file, '--clinical', clinical.replace('sex', 'sex:continuous')])).rejects.toThrow(
      /cannot be continuous/,
    );
  });
});
