/**
 * The clinical Table 1 against R (t.test, chisq.test, fisher.test): testdata/clinicalTable1.reference.json,
 * written by clinicalTable1.reference.R from the a_paper modelling fixture, a cohort laid out like an NPC
 * radiomics paper's Table 1, and a small cohort whose categorical variables need Fisher's exact test.
 * Every statistic, df, P, mean, SD and count to 1e-9, for Student and Welch, Yates on and off.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clinicalTable1, compareVariable, variableKind, type ClinicalTable1Row } from './clinicalTable1';
import { fitPipeline } from './pipeline';
import { parseFeatureTable, type FeatureTable } from './table';
import { fisherExact2x2, fisherExactRx2 } from './table1';

const HERE = new URL('./', import.meta.url);
const REF = JSON.parse(readFileSync(new URL('testdata/clinicalTable1.reference.json', HERE), 'utf8')) as {
  fisher: { table: number[][]; p: number }[];
  cases: Record<
    string,
    { file: string; clinical: string[]; settings: Record<string, Record<string, Record<string, RefRow>>> }
  >;
};

interface RefRow {
  kind: string;
  test: 'student' | 'welch' | 'chisq' | 'chisq_yates' | 'fisher' | 'none';
  statistic?: number;
  df?: number;
  p?: number;
  n: number[];
  missing: number[];
  mean?: number[];
  sd?: number[];
  counts?: Record<string, number[]>;
}

const TEST_NAMES = {
  student: "Student's t-test",
  welch: "Welch's t-test",
  chisq: "Pearson's χ² test",
  chisq_yates: "Pearson's χ² test with Yates' continuity correction",
  fisher: "Fisher's exact test (an expected count is below 5)",
};

function loadCase(name: string): FeatureTable {
  const file = REF.cases[name].file;
  const url = file.startsWith('../') ? new URL(`../../../${file.slice(3)}`, HERE) : new URL(file, HERE);
  return parseFeatureTable(readFileSync(url, 'utf8'), { clinical: REF.cases[name].clinical });
}

function close(actual: number | null, expected: number | undefined, what: string): void {
  expect(actual, what).not.toBeNull();
  const e = expected as number;
  expect(Math.abs((actual as number) - e), `${what}: ${actual} vs R ${e}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(e)),
  );
}

function checkRow(row: ClinicalTable1Row, ref: RefRow, keys: [string, string], where: string): void {
  expect(row.kind, where).toBe(ref.kind);
  expect([row.n[keys[0]], row.n[keys[1]]], where).toEqual(ref.n);
  expect([row.missing[keys[0]], row.missing[keys[1]]], where).toEqual(ref.missing);
  if (ref.test === 'none') {
    expect(row.p, where).toBeNull();
    expect(row.statistic_name, where).toBeNull();
    expect(row.test, where).toMatch(/^no test/);
  } else {
    expect(row.test, where).toBe(TEST_NAMES[ref.test]);
    close(row.p, ref.p, `${where} p`);
    if (ref.test === 'fisher') {
      expect([row.statistic_name, row.statistic, row.df], where).toEqual([null, null, null]);
    } else {
      expect(row.statistic_name, where).toBe(ref.test === 'student' || ref.test === 'welch' ? 't' : 'chi2');
      close(row.statistic, ref.statistic, `${where} statistic`);
      close(row.df, ref.df, `${where} df`);
    }
  }
  if (ref.kind === 'continuous') {
    keys.forEach((k, g) => {
      close(row.mean?.[k] ?? null, ref.mean?.[g], `${where} mean ${k}`);
      close(row.sd?.[k] ?? null, ref.sd?.[g], `${where} sd ${k}`);
    });
  } else {
    const counts = Object.fromEntries(
      Object.entries(row.counts ?? {}).map(([level, c]) => [level, [c[keys[0]], c[keys[1]]]]),
    );
    expect(counts, where).toEqual(ref.counts);
  }
}

describe.each(Object.keys(REF.cases))('clinical Table 1 on %s matches R', (name) => {
  const table = loadCase(name);
  const split = table.split ?? [];
  it.each(Object.keys(REF.cases[name].settings))('%s', (setting) => {
    const [tTest, , yates] = setting.split('_') as ['student' | 'welch', string, 'on' | 'off'];
    const block = clinicalTable1(table.clinical ?? [], table.y, split, { tTest, yates: yates === 'on' });
    expect(block.t_test).toBe(tTest);
    expect(block.yates).toBe(yates === 'on');
    expect(block.groups.map((g) => [g.group, g.compare])).toEqual([
      ['training', 'outcome'],
      ['validation', 'outcome'],
      ['all', 'split'],
    ]);
    const ref = REF.cases[name].settings[setting];
    for (const group of block.groups) {
      expect(group.rows.map((r) => r.variable)).toEqual(REF.cases[name].clinical);
      for (const row of group.rows)
        checkRow(
          row,
          ref[group.group][row.variable],
          group.levels,
          `${name} ${setting} ${group.group} ${row.variable}`,
        );
    }
  });
});

describe('clinical Table 1 rows', () => {
  it('the cases cover Fisher (2 × 2 and r × 2), χ² with and without Yates (2 × 2) and χ² on r × 2', () => {
    const tests = new Set<string>();
    for (const c of Object.values(REF.cases))
      for (const s of Object.values(c.settings))
        for (const g of Object.values(s))
          for (const r of Object.values(g))
            tests.add(`${r.test}:${r.counts ? Object.keys(r.counts).length : 0}`);
    for (const t of ['fisher:2', 'fisher:3', 'chisq_yates:2', 'chisq:2', 'chisq:4', 'student:0', 'welch:0'])
      expect(tests).toContain(t);
  });

  it('summaries: mean ± SD, or counts (%) per level; "; missing k"; keyed by the compared groups', () => {
    const table = loadCase('npc_cohort');
    const block = clinicalTable1(table.clinical ?? [], table.y, table.split ?? [], {});
    const training = block.groups[0];
    const ebv = training.rows.find((r) => r.variable === 'ebv_dna');
    expect(Object.keys(ebv?.summary ?? {})).toEqual(['0', '1']);
    expect(ebv?.summary['0']).toMatch(/^[\d.e]+ ± [\d.e]+; missing 2$/);
    const sex = block.groups[2].rows.find((r) => r.variable === 'sex');
    expect(sex?.summary).toEqual({
      training: 'Female\u00a024\u00a0(25%), Male\u00a072\u00a0(75%)',
      validation: 'Female\u00a014\u00a0(30%), Male\u00a032\u00a0(70%)',
    });
  });

  it('the kind rule: text or at most two distinct numbers → categorical; an override; text cannot be continuous', () => {
    expect(variableKind([1, 0, null, 1])).toBe('categorical');
    expect(variableKind([1, 2, 3])).toBe('continuous');
    expect(variableKind(['T1', 'T2', null])).toBe('categorical');
    const y = [0, 1, 0, 1, 0, 1];
    const split = y.map(() => 'train' as const);
    const stage = { name: 'stage', values: [1, 2, 3, 1, 2, 3] };
    expect(clinicalTable1([stage], y, split).groups[0].rows[0].kind).toBe('continuous');
    const forced = clinicalTable1([stage], y, split, { kinds: { stage: 'categorical' } });
    expect(forced.groups[0].rows[0].kind).toBe('categorical');
    expect(() =>
      clinicalTable1([{ name: 'sex', values: ['F', 'M', 'F', 'M', 'F', 'M'] }], y, split, {
        kinds: { sex: 'continuous' },
      }),
    ).toThrow(/text values and cannot be continuous/);
    expect(() => clinicalTable1([stage], y, split, { kinds: { age: 'continuous' } })).toThrow(
      /not in the table/,
    );
  });

  it('an empty group or too few values: the row says why there is no test', () => {
    const c = compareVariable('age', 'continuous', [50], [60, 61], { tTest: 'student', yates: true });
    expect(c.p).toBeNull();
    expect(c.note).toBe('not computable (not enough observations)');
    const empty = clinicalTable1(
      [{ name: 'sex', values: ['F', 'M', 'F'] }],
      [0, 1, 0],
      ['train', 'train', 'train'],
    );
    expect(empty.groups[1].rows[0]).toMatchObject({ p: null, test: 'no test: one outcome group is empty' });
    expect(empty.groups[2].rows[0]).toMatchObject({ p: null, test: 'no test: one group is empty' });
  });
});

describe("Fisher's exact test", () => {
  it('r × 2 tables, up to 6 levels and 600 patients, as R’s fisher.test (and 2 × 2 both ways)', () => {
    for (const { table, p } of REF.fisher) {
      close(fisherExactRx2(table), p, `fisher ${JSON.stringify(table)}`);
      if (table.length === 2) close(fisherExact2x2(table), p, `fisher 2 × 2 ${JSON.stringify(table)}`);
    }
  });
});

describe('fit-table with clinical variables', () => {
  it('the fit document carries clinical_table1; clinical columns are never features', () => {
    const table = loadCase('npc_cohort');
    const doc = fitPipeline(table, { table1: { tTest: 'student', yates: false } });
    expect(doc.features_in).toEqual(
      Array.from({ length: 12 }, (_, j) => `f${String(j + 1).padStart(3, '0')}`),
    );
    expect(doc.clinical_table1).toEqual(
      clinicalTable1(table.clinical ?? [], table.y, table.split ?? [], { tTest: 'student', yates: false }),
    );
  });
});
