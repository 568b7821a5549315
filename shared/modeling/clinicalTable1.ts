/**
 * Table 1 of the clinical variables as clinical papers print it: three two-group comparisons — the training
 * group by outcome, the validation group by outcome, training vs validation — each variable a row with
 * mean ± SD (continuous) or counts (%) per level (categorical), the test statistic, df and P.
 *
 * The test follows the variable's kind, with R's conventions (table1.ts):
 *   continuous   t.test(x ~ group, var.equal = TRUE) (Student, pooled variance) or var.equal = FALSE (Welch,
 *                Satterthwaite df); t = mean(first group) − mean(second group) over its SE;
 *   categorical  levels × 2 counts; when every expected count (row total × column total / N) is at least 5,
 *                chisq.test(correct = yates) — Yates' continuity correction applies to 2 × 2 tables only, as
 *                R silently ignores it for larger ones; otherwise fisher.test (exact; r × 2 by enumeration).
 * Groups are in R's factor order: outcome 0 then 1, training then validation. A variable is categorical
 * when its values are text, or numbers with at most two distinct values (0/1 codes), continuous otherwise,
 * decided once over every patient so that all three comparisons treat it alike; `kinds` overrides.
 */
import { tableNumber } from '../charts/fit';
import { errorMessage } from '../errorMessage';
import { mean, sd } from './stats';
import { chisqTest, fisherExact2x2, fisherExactRx2, tTest } from './table1';
import type { ClinicalColumn, ClinicalValue, SplitLabel } from './table';

export type VariableKind = 'continuous' | 'categorical';
export type TTestKind = 'student' | 'welch';

export interface ClinicalTable1Options {
  /** Student's pooled-variance or Welch's t-test (default welch, R's default). */
  tTest?: TTestKind;
  /** Yates' continuity correction for 2 × 2 χ² tests (default true, R's default). */
  yates?: boolean;
  /** Kinds that override the rule above, by variable name. */
  kinds?: Record<string, VariableKind>;
}

/**
 * Which test a comparison used or would use ('none': not applicable); when it could not be computed, p is
 * null and `note` says why.
 */
export type TestKind = 'student' | 'welch' | 'chisq' | 'chisq_yates' | 'fisher' | 'none';

/** One variable compared between two groups: the figures of both groups and the test. */
export interface VariableComparison {
  variable: string;
  kind: VariableKind;
  /** Present values per group. */
  n: [number, number];
  missing: [number, number];
  /** Continuous: mean and SD (n − 1) per group (NaN below 1 and 2 values). */
  mean?: [number, number];
  sd?: [number, number];
  /** Categorical: levels in natural order and their counts per group (levels × 2). */
  levels?: string[];
  counts?: number[][];
  testKind: TestKind;
  statistic: number | null;
  df: number | null;
  p: number | null;
  /** Why there is no test, or a remark on the test (R's warning). */
  note?: string;
}

/** One row of the `clinical_table1` block (DESIGN.md §7). */
export interface ClinicalTable1Row {
  variable: string;
  kind: VariableKind;
  /** Per compared group: "mean ± SD" or "level count (%), …", with "; missing k" when values are missing. */
  summary: Record<string, string>;
  test: string;
  statistic_name: 't' | 'chi2' | null;
  statistic: number | null;
  df: number | null;
  p: number | null;
  n: Record<string, number>;
  missing: Record<string, number>;
  /** Continuous: mean and SD per group. */
  mean?: Record<string, number>;
  sd?: Record<string, number>;
  /** Categorical: count per level per group. */
  counts?: Record<string, Record<string, number>>;
}

export interface ClinicalTable1Group {
  group: 'training' | 'validation' | 'all';
  compare: 'outcome' | 'split';
  /** The two compared groups, the keys of each row's summary ("0"/"1" outcomes, or "training"/"validation"). */
  levels: [string, string];
  rows: ClinicalTable1Row[];
}

/** The `clinical_table1` block of the fit document. */
export interface ClinicalTable1 {
  t_test: TTestKind;
  yates: boolean;
  groups: ClinicalTable1Group[];
}

/** The kind rule: text, or at most two distinct numbers → categorical; more distinct numbers → continuous. */
export function variableKind(values: readonly ClinicalValue[]): VariableKind {
  const present = values.filter((v): v is string | number => v !== null);
  if (!present.every((v) => typeof v === 'number')) return 'categorical';
  return new Set(present).size > 2 ? 'continuous' : 'categorical';
}

const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Compares one variable between two groups (values of each group, null = missing). `groupNoun` names the
 * groups in the reason given when one is empty ("outcome group", "group").
 */
export function compareVariable(
  variable: string,
  kind: VariableKind,
  group0: readonly ClinicalValue[],
  group1: readonly ClinicalValue[],
  options: { tTest: TTestKind; yates: boolean },
  groupNoun = 'group',
): VariableComparison {
  const present = (g: readonly ClinicalValue[]) => g.filter((v): v is string | number => v !== null);
  const v0 = present(group0);
  const v1 = present(group1);
  const base = {
    variable,
    kind,
    n: [v0.length, v1.length] as [number, number],
    missing: [group0.length - v0.length, group1.length - v1.length] as [number, number],
  };
  const none = (note: string) => ({ testKind: 'none' as const, statistic: null, df: null, p: null, note });
  if (kind === 'continuous') {
    const x0 = v0.map(Number);
    const x1 = v1.map(Number);
    const stats = {
      ...base,
      mean: [mean(x0), mean(x1)] as [number, number],
      sd: [x0.length > 1 ? sd(x0) : NaN, x1.length > 1 ? sd(x1) : NaN] as [number, number],
    };
    const notComputable = (why: string) => ({
      ...stats,
      testKind: options.tTest,
      statistic: null,
      df: null,
      p: null,
      note: `not computable (${why})`,
    });
    if (x0.some(Number.isNaN) || x1.some(Number.isNaN)) return notComputable('values that are not numbers');
    try {
      const t = tTest(x0, x1, options.tTest === 'student');
      return { ...stats, testKind: options.tTest, statistic: t.statistic_t, df: t.df, p: t.p_value };
    } catch (err) {
      return notComputable(errorMessage(err));
    }
  }
  const s0 = v0.map(String);
  const s1 = v1.map(String);
  const levels = [...new Set([...s0, ...s1])].sort(naturalOrder);
  const counts = levels.map((l) => [s0.filter((v) => v === l).length, s1.filter((v) => v === l).length]);
  const stats = { ...base, levels, counts };
  if (s0.length === 0 || s1.length === 0) return { ...stats, ...none(`no test: one ${groupNoun} is empty`) };
  if (levels.length < 2) return { ...stats, ...none('no test: one level') };
  const chi = chisqTest(counts, options.yates);
  if (chi.expected.some((row) => row.some((e) => e < 5))) {
    const p = levels.length === 2 ? fisherExact2x2(counts) : fisherExactRx2(counts);
    return {
      ...stats,
      testKind: 'fisher',
      statistic: null,
      df: null,
      p,
      note: 'an expected count is below 5',
    };
  }
  const yates = options.yates && levels.length === 2;
  return {
    ...stats,
    testKind: yates ? 'chisq_yates' : 'chisq',
    statistic: chi.statistic,
    df: chi.df,
    p: chi.p_value,
  };
}

const TEST_NAMES: Record<Exclude<TestKind, 'none'>, string> = {
  student: "Student's t-test",
  welch: "Welch's t-test",
  chisq: "Pearson's χ² test",
  chisq_yates: "Pearson's χ² test with Yates' continuity correction",
  fisher: "Fisher's exact test (an expected count is below 5)",
};

/** The test's name as the row states it, with the reason when it could not be computed. */
export function testName(c: VariableComparison): string {
  if (c.testKind === 'none') return c.note ?? 'no test';
  const name = TEST_NAMES[c.testKind];
  return c.p === null && c.note ? `${name}: ${c.note}` : name;
}

const percent = (k: number, n: number): string => (n > 0 ? `${Math.round((100 * k) / n)}%` : '—');

/** Summary text of group g: "mean ± SD", or "level count (%)" for every level; "; missing k" when some are. */
export function summaryText(c: VariableComparison, g: 0 | 1): string {
  const missing = c.missing[g] > 0 ? `; missing ${c.missing[g]}` : '';
  if (c.kind === 'continuous') {
    if (c.n[g] === 0) return `—${missing}`;
    return `${tableNumber(c.mean?.[g] ?? NaN, 4)} ± ${tableNumber(c.sd?.[g] ?? NaN, 3)}${missing}`;
  }
  const levels = c.levels ?? [];
  const counts = c.counts ?? [];
  // a level's count never wraps apart from it (no-break spaces)
  const cells = levels.map((l, i) => `${l}\u00a0${counts[i][g]}\u00a0(${percent(counts[i][g], c.n[g])})`);
  return `${cells.join(', ')}${missing}`;
}

function tableRow(c: VariableComparison, keys: [string, string]): ClinicalTable1Row {
  const row: ClinicalTable1Row = {
    variable: c.variable,
    kind: c.kind,
    summary: { [keys[0]]: summaryText(c, 0), [keys[1]]: summaryText(c, 1) },
    test: testName(c),
    statistic_name:
      c.statistic === null ? null : c.testKind === 'student' || c.testKind === 'welch' ? 't' : 'chi2',
    statistic: c.statistic,
    df: c.df,
    p: c.p,
    n: { [keys[0]]: c.n[0], [keys[1]]: c.n[1] },
    missing: { [keys[0]]: c.missing[0], [keys[1]]: c.missing[1] },
  };
  const perGroup = (v: [number, number]) => ({ [keys[0]]: v[0], [keys[1]]: v[1] });
  if (c.mean && c.sd) {
    row.mean = perGroup(c.mean);
    row.sd = perGroup(c.sd);
  }
  if (c.levels && c.counts) {
    const counts = c.counts;
    row.counts = Object.fromEntries(
      c.levels.map((l, i) => [l, { [keys[0]]: counts[i][0], [keys[1]]: counts[i][1] }]),
    );
  }
  return row;
}

export class ClinicalTable1Error extends Error {}

/**
 * The `clinical_table1` block: every clinical variable compared by outcome within the training rows, by
 * outcome within the validation rows, and between the training and validation rows.
 */
export function clinicalTable1(
  clinical: readonly ClinicalColumn[],
  y: readonly number[],
  split: readonly SplitLabel[],
  options: ClinicalTable1Options = {},
): ClinicalTable1 {
  const tTestKind = options.tTest ?? 'welch';
  const yates = options.yates ?? true;
  const test = { tTest: tTestKind, yates };
  for (const name of Object.keys(options.kinds ?? {}))
    if (!clinical.some((c) => c.name === name))
      throw new ClinicalTable1Error(`clinical variable "${name}" has a kind but is not in the table`);
  const kindOf = (c: ClinicalColumn): VariableKind => {
    const kind = options.kinds?.[c.name] ?? variableKind(c.values);
    if (kind === 'continuous' && !c.values.every((v) => v === null || typeof v === 'number'))
      throw new ClinicalTable1Error(`clinical variable "${c.name}" has text values and cannot be continuous`);
    return kind;
  };
  const rowsWhere = (keep: (i: number) => boolean) => y.map((_, i) => i).filter(keep);
  const comparison = (
    rows0: number[],
    rows1: number[],
    keys: [string, string],
    noun: string,
  ): ClinicalTable1Row[] =>
    clinical.map((c) =>
      tableRow(
        compareVariable(
          c.name,
          kindOf(c),
          rows0.map((i) => c.values[i]),
          rows1.map((i) => c.values[i]),
          test,
          noun,
        ),
        keys,
      ),
    );
  const inGroup = (s: SplitLabel, outcome: number) => rowsWhere((i) => split[i] === s && y[i] === outcome);
  return {
    t_test: tTestKind,
    yates,
    groups: [
      {
        group: 'training',
        compare: 'outcome',
        levels: ['0', '1'],
        rows: comparison(inGroup('train', 0), inGroup('train', 1), ['0', '1'], 'outcome group'),
      },
      {
        group: 'validation',
        compare: 'outcome',
        levels: ['0', '1'],
        rows: comparison(inGroup('validation', 0), inGroup('validation', 1), ['0', '1'], 'outcome group'),
      },
      {
        group: 'all',
        compare: 'split',
        levels: ['training', 'validation'],
        rows: comparison(
          rowsWhere((i) => split[i] === 'train'),
          rowsWhere((i) => split[i] === 'validation'),
          ['training', 'validation'],
          'group',
        ),
      },
    ],
  };
}
