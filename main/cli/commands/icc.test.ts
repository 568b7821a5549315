/** `radscore icc`: every field of the psych::ICC references through the CLI; missing values; bad tables. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { iccMismatches, runCli } from './robustness.test-support';

const FIXTURES = new URL('../../../../shared/fixtures/robustness/', import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), 'radscore-icc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('radscore icc', () => {
  for (const name of ['icc_two_readers', 'icc_three_readers']) {
    it(`every field of ref/${name}.json (--json)`, async () => {
      const csv = new URL(`cases/${name}.csv`, FIXTURES).pathname;
      const r = await runCli(['icc', csv, '--id', 'id', '--rater', 'rater', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      const ref = JSON.parse(readFileSync(new URL(`ref/${name}.json`, FIXTURES), 'utf8'));
      const { compared, bad } = iccMismatches(doc, ref);
      expect(bad).toEqual([]);
      expect(compared).toBe(ref.features.length * 42);
      expect(doc.raters).toBe(ref.raters);
      expect(doc.n_subjects).toBe(ref.n_subjects);
      expect(doc.alpha).toBe(ref.alpha);
      expect(doc.features.every((f: { excluded: unknown[] }) => f.excluded.length === 0)).toBe(true);
      expect(Object.keys(doc.features[0].icc.ICC2)).toEqual(Object.keys(ref.features[0].icc.ICC2));
    });
  }

  it('prints a readable table without --json', async () => {
    const csv = new URL('cases/icc_three_readers.csv', FIXTURES).pathname;
    const r = await runCli(['icc', csv, '--id', 'id', '--rater', 'rater']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/16 feature\(s\): 20 subjects × 3 raters \(reader1, reader2, reader3\)/);
    expect(lines[1]).toMatch(/^feature\s+n\s+ICC1\s+ICC2\s+ICC3\s+ICC1k\s+ICC2k\s+ICC3k$/);
    // psych: f016 ICC3 = 0.981 [0.960, 0.992] (ref/icc_three_readers.json, rounded)
    expect(lines.find((l) => l.startsWith('f016'))).toContain('0.981 [0.960, 0.992]');
  });

  it('leaves subjects missing a rater out of that feature, names them, and equals the table without them', async () => {
    const text = readFileSync(new URL('cases/icc_three_readers.csv', FIXTURES), 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const f2 = header.indexOf('f002');
    // P004 reader2 f002 → NA; P009 reader3 has no row at all
    const edited = text
      .map((l) => {
        const c = l.split(',');
        if (c[0] === 'P004' && c[1] === 'reader2') c[f2] = 'NA';
        return c.join(',');
      })
      .filter((l) => !l.startsWith('P009,reader3,'));
    const r = await runCli(['icc', write('na.csv', edited.join('\n')), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const feat = (name: string) => doc.features.find((f: { feature: string }) => f.feature === name);
    expect(feat('f002').excluded).toEqual([
      { id: 'P004', missing_raters: ['reader2'] },
      { id: 'P009', missing_raters: ['reader3'] },
    ]);
    expect(feat('f002').n_subjects).toBe(18);
    expect(feat('f001').excluded).toEqual([{ id: 'P009', missing_raters: ['reader3'] }]);
    const without = text.filter((l) => !l.startsWith('P004,') && !l.startsWith('P009,'));
    const r2 = await runCli(['icc', write('without.csv', without.join('\n')), '--json']);
    expect(feat('f002').icc).toEqual(JSON.parse(r2.stdout).features[1].icc);
    const t = await runCli(['icc', write('na.csv', edited.join('\n'))]);
    expect(t.stdout).toContain(
      "f002: left out 2 subject(s) missing a rater's value: P004 (reader2); P009 (reader3)",
    );
  });

  it('skips text columns (and says so); rejects bad tables with one line naming the problem', async () => {
    const ok = 'id,rater,site,f1\nA,r1,x,1\nA,r2,x,2\nB,r1,y,3\nB,r2,y,5\nC,r1,y,4\nC,r2,y,4\n';
    const r = await runCli(['icc', write('site.csv', ok), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).skipped_columns).toEqual([
      { column: 'site', reason: 'not numeric (line 2: "x")' },
    ]);
    const withEmpty = ok.replace(/\n/g, ',NA\n').replace('f1,NA', 'f1,empty');
    const e = await runCli(['icc', write('empty.csv', withEmpty), '--json']);
    expect(JSON.parse(e.stdout).skipped_columns[1]).toEqual({
      column: 'empty',
      reason: 'no values (every cell is missing)',
    });
    const cases: [string, string, RegExp][] = [
      ['mixed.csv', ok.replace('B,r1,y,3', 'B,r1,y,oops'), /line 4, column "f1": "oops" is not a number/],
      ['dup.csv', `${ok}A,r1,x,9\n`, /line 8: subject "A" rated by "r1" again \(first on line 2\)/],
      ['onerater.csv', ok.replace(/r2/g, 'r1').split('\n').slice(0, 2).join('\n'), /at least 2 raters/],
      ['norater.csv', ok.replace('rater', 'reader'), /rater column "rater" not found/],
      [
        'twosubj.csv',
        ok.replace('C,r2,y,4', 'C,r2,y,NA').replace('B,r2,y,5', 'B,r2,y,'),
        /feature "f1": .*at least 2 subjects/,
      ],
    ];
    for (const [name, text, msg] of cases) {
      const e = await runCli(['icc', write(name, text)]);
      expect(e.code, name).not.toBe(0);
      expect(e.stderr, name).toMatch(msg);
      expect(e.stderr.trim().split('\n'), name).toHaveLength(1);
    }
    const nf = await runCli(['icc', join(tmp, 'nope.csv')]);
    expect(nf.stderr).toMatch(/cannot read .*nope\.csv: no such file/);
  });
});
