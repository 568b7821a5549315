/** `radscore combat`: every x of the sva::ComBat references through the CLI; the table kept; bad input. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { combatMismatches, readSimpleCsv, runCli } from './robustness.test-support';

const FIXTURES = new URL('../../../../shared/fixtures/robustness/', import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), 'radscore-combat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'radscore.sqlite');

const VARIANTS: [string, string[]][] = [
  ['parametric', []],
  ['nonparametric', ['--nonparametric']],
  ['mean_only', ['--mean-only']],
  ['ref_batch', ['--ref-batch', 'S1']],
];

const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('radscore combat', () => {
  for (const name of ['combat_a', 'combat_b']) {
    const ref = JSON.parse(readFileSync(new URL(`ref/${name}.json`, FIXTURES), 'utf8'));
    const csv = new URL(`cases/${name}.csv`, FIXTURES).pathname;
    for (const [variant, flags] of VARIANTS) {
      it(`${name}: every x of ${variant}, same columns and rows`, async () => {
        const out = join(tmp, `${name}-${variant}.csv`);
        const covariates = ref.covariates.length ? ['--covariates', ref.covariates.join(',')] : [];
        // age/sex that are not covariates are passed through unchanged (else they would be harmonised)
        const pass = ['age', 'sex'].filter((c) => !ref.covariates.includes(c));
        const r = await runCli([
          'combat',
          csv,
          '--batch',
          'batch',
          ...covariates,
          ...(pass.length ? ['--passthrough', pass.join(',')] : []),
          ...flags,
          '--out',
          out,
          '--db',
          db,
          '--json',
        ]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout);
        expect(doc.out).toBe(out);
        expect(doc.features).toEqual(ref.features);
        const batchCol = readSimpleCsv(csv).rows.map((row) => row[1]);
        expect(doc.batches.map((b: { name: string }) => b.name)).toEqual([...new Set(batchCol)].sort());
        const { compared, bad } = combatMismatches(out, ref, ref[variant].x);
        expect(bad).toEqual([]);
        expect(compared).toBe(ref.ids.length * ref.features.length);
        // every non-feature cell and the header are the input's, in the input's order
        const input = readSimpleCsv(csv);
        const output = readSimpleCsv(out);
        expect(output.header).toEqual(input.header);
        for (const c of ['id', 'batch', 'age', 'sex', 'y'])
          expect(output.rows.map((row) => row[input.header.indexOf(c)])).toEqual(
            input.rows.map((row) => row[input.header.indexOf(c)]),
          );
      });
    }
  }

  it('reports batches, the unchanged feature and the method; text output says the same', async () => {
    const csv = new URL('cases/combat_b.csv', FIXTURES).pathname;
    const out = join(tmp, 'b-text.csv');
    const r = await runCli([
      'combat',
      csv,
      '--batch',
      'batch',
      '--covariates',
      'age,sex',
      '--out',
      out,
      '--db',
      db,
      '--json',
    ]);
    const doc = JSON.parse(r.stdout);
    expect(doc.batches).toEqual([
      { name: 'S1', n: 18 },
      { name: 'S2', n: 25 },
      { name: 'S3', n: 9 },
      { name: 'S4', n: 12 },
    ]);
    expect(doc.unchanged_features).toEqual([{ feature: 'f003', batches: ['S2'] }]);
    expect(doc.method).toBe('parametric');
    const t = await runCli([
      'combat',
      csv,
      '--batch',
      'batch',
      '--covariates',
      'age,sex',
      '--out',
      out,
      '--force',
      '--db',
      db,
    ]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('25 features harmonised across 4 batches (S1 18, S2 25, S3 9, S4 12)');
    expect(t.stdout).toContain('f003: unchanged (all values equal inside batch S2)');
  });

  it('refuses the database, its side files and an existing file (unless --force); nothing is written on bad input', async () => {
    const csv = new URL('cases/combat_a.csv', FIXTURES).pathname;
    const base = ['combat', csv, '--batch', 'batch', '--passthrough', 'age,sex'];
    writeFileSync(db, '');
    for (const target of [db, `${db}-wal`, `${db}-shm`]) {
      const r = await runCli([...base, '--out', target, '--db', db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/the open database/);
    }
    const existing = write('existing.csv', 'keep me\n');
    const e = await runCli([...base, '--out', existing, '--db', db]);
    expect(e.stderr).toMatch(/exists; add --force to replace it/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');
    const f = await runCli([...base, '--out', existing, '--force', '--db', db]);
    expect(f.code).toBe(0);
    expect(readFileSync(existing, 'utf8')).toMatch(/^id,batch,age,sex,y,f001/);

    const good = readFileSync(csv, 'utf8').trim().split('\n');
    const edit = (fn: (cells: string[], i: number) => void) =>
      good
        .map((l, i) => {
          const c = l.split(',');
          if (i > 0) fn(c, i);
          return c.join(',');
        })
        .join('\n');
    const cases: [string, string, string[], RegExp][] = [
      [
        'text.csv',
        edit((c, i) => i === 3 && (c[7] = 'high')),
        ['--passthrough', 'age,sex'],
        /column "f003" is not numeric \(line 4 \(P0003\): "high"\); name it in --passthrough/,
      ],
      [
        'site.csv',
        good.map((l, i) => `${l},${i ? 'GE' : 'site'}`).join('\n'),
        ['--passthrough', 'age,sex'],
        /column "site" is not numeric/,
      ],
      [
        'nocov.csv',
        edit((c, i) => i === 40 && (c[2] = 'NA')),
        ['--covariates', 'age', '--passthrough', 'sex'],
        /line 41 \(P0040\): covariate "age" is missing \(batch S2\)/,
      ],
      ['onebatch.csv', edit((c) => (c[1] = 'S1')), ['--passthrough', 'age,sex'], /at least 2 batches/],
      [
        'confounded.csv',
        edit((c) => (c[3] = c[1] === 'S1' ? '1' : '0')),
        ['--covariates', 'sex', '--passthrough', 'age'],
        /covariate sex is confounded with batch/,
      ],
      [
        'badref.csv',
        good.join('\n'),
        ['--passthrough', 'age,sex', '--ref-batch', 'S9'],
        /reference batch "S9" is not one of the batches \(S1, S2, S3\)/,
      ],
      [
        'nobatch.csv',
        good.join('\n'),
        ['--passthrough', 'age,sex', '--batch', 'scanner'],
        /batch column "scanner" not found/,
      ],
      [
        'twice.csv',
        good.join('\n'),
        ['--passthrough', 'age,sex', '--covariates', 'age'],
        /column "age" is named both as covariate and as passthrough/,
      ],
    ];
    for (const [name, text, extra, msg] of cases) {
      const out = join(tmp, `out-${name}`);
      const r = await runCli([
        'combat',
        write(name, text),
        '--batch',
        'batch',
        ...extra,
        '--out',
        out,
        '--db',
        db,
      ]);
      expect(r.code, name).not.toBe(0);
      expect(r.stderr, name).toMatch(msg);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(existsSync(out), name).toBe(false);
    }
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp') || f.endsWith('.partial'))).toEqual([]);
  });
});
