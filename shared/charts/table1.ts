/**
 * Table 1 of clinical variables by outcome (training group), shared by the HTML report and the Models screen.
 *
 * The test follows the variable's kind: a continuous variable (numbers with more than two distinct values) is
 * summarised as mean ± SD and compared with Welch's t-test; a categorical one (text, or numbers with at most
 * two distinct values such as 0/1 codes) as counts (%) per level and compared with Pearson's χ² test (Yates'
 * correction for 2 × 2, as R's chisq.test), or Fisher's exact test when an expected count is below 5.
 */
import { chisqTest, fisherExact2x2, fisherExactRx2, tTest } from '../modeling/table1';
import { mean, sd } from '../modeling/stats';
import { tableNumber, type Table1Row } from './fit';
import { ownValue } from '../names';

export type ClinicalValue = string | number | null;

/** One training patient: outcome (1 = effective) and clinical variables (null = missing). */
export interface ClinicalRecord {
  y: number;
  clinical: Record<string, ClinicalValue>;
}

const sig = tableNumber;
const percent = (k: number, n: number): string => (n > 0 ? `${Math.round((100 * k) / n)}%` : '—');

function missingNote(missing: number): string {
  return missing > 0 ? `; missing ${missing}` : '';
}

function continuousRow(
  variable: string,
  x0: number[],
  x1: number[],
  missing: { y0: number; y1: number },
): Table1Row {
  const cell = (x: number[], miss: number) =>
    `${sig(mean(x), 4)} ± ${sig(x.length > 1 ? sd(x) : NaN, 3)} (n\u00a0=\u00a0${x.length}${missingNote(miss)})`;
  let p: number | null = null;
  let test = 'Welch t-test';
  try {
    p = tTest(x0, x1, false).p_value;
  } catch (err) {
    test = `Welch t-test: not computable (${(err as Error).message})`;
  }
  return { variable, effective: cell(x1, missing.y1), ineffective: cell(x0, missing.y0), p, test };
}

function categoricalRow(
  variable: string,
  v0: string[],
  v1: string[],
  missing: { y0: number; y1: number },
): Table1Row {
  const levels = [...new Set([...v0, ...v1])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  // rows = levels, columns = outcome (ineffective, effective); a level's count never wraps apart from it (no-break spaces)
  const table = levels.map((l) => [v0.filter((v) => v === l).length, v1.filter((v) => v === l).length]);
  const cell = (col: 0 | 1, n: number, miss: number) =>
    `${levels.map((l, i) => `${l}\u00a0${table[i][col]}\u00a0(${percent(table[i][col], n)})`).join(', ')}${miss > 0 ? `; missing ${miss}` : ''}`;
  const row: Table1Row = {
    variable,
    effective: cell(1, v1.length, missing.y1),
    ineffective: cell(0, v0.length, missing.y0),
    p: null,
    test: '',
  };
  if (levels.length < 2) return { ...row, test: 'no test: one level' };
  if (v0.length === 0 || v1.length === 0) return { ...row, test: 'no test: one outcome group is empty' };
  const chi = chisqTest(table, true);
  if (chi.expected.some((r) => r.some((e) => e < 5))) {
    return {
      ...row,
      p: levels.length === 2 ? fisherExact2x2(table) : fisherExactRx2(table),
      test: "Fisher's exact test",
    };
  }
  return { ...row, p: chi.p_value, test: levels.length === 2 ? "χ² test (Yates' correction)" : 'χ² test' };
}

/** Table 1 rows, one per clinical variable in first-seen order; records whose outcome is not 0/1 are rejected. */
export function clinicalTable1Rows(records: readonly ClinicalRecord[]): Table1Row[] {
  records.forEach((r, i) => {
    if (r.y !== 0 && r.y !== 1)
      throw new Error(`clinical Table 1: record ${i} has outcome ${r.y}, expected 0 or 1`);
  });
  const variables = [...new Set(records.flatMap((r) => Object.keys(r.clinical)))];
  return variables.map((variable) => {
    // Own values only: a variable called "constructor" is missing where a record lacks it.
    const value = (r: ClinicalRecord) => ownValue(r.clinical, variable);
    const present = records.filter((r) => value(r) !== null && value(r) !== undefined);
    const missing = {
      y0: records.filter((r) => r.y === 0).length - present.filter((r) => r.y === 0).length,
      y1: records.filter((r) => r.y === 1).length - present.filter((r) => r.y === 1).length,
    };
    const values = present.map((r) => value(r) as string | number);
    const numeric = values.every((v) => typeof v === 'number');
    if (numeric && new Set(values).size > 2) {
      const byOutcome = (y: number) => present.filter((r) => r.y === y).map((r) => value(r) as number);
      return continuousRow(variable, byOutcome(0), byOutcome(1), missing);
    }
    const byOutcome = (y: number) => present.filter((r) => r.y === y).map((r) => String(value(r)));
    return categoricalRow(variable, byOutcome(0), byOutcome(1), missing);
  });
}
