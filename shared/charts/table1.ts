/**
 * Table 1 of clinical variables by outcome (training group), shared by the HTML report and the Models screen:
 * the training-by-outcome comparison of the modelling module's clinical Table 1 (shared/modeling/
 * clinicalTable1.ts, which also gives the validation and training-vs-validation comparisons), with Welch's
 * t-test and Yates' correction, formatted as the report's two columns.
 *
 * A continuous variable (numbers with more than two distinct values) is summarised as mean ± SD and compared
 * with Welch's t-test; a categorical one (text, or numbers with at most two distinct values such as 0/1 codes)
 * as counts (%) per level and compared with Pearson's χ² test (Yates' correction for 2 × 2, as R's
 * chisq.test), or Fisher's exact test when an expected count is below 5.
 */
import {
  compareVariable,
  summaryText,
  variableKind,
  type VariableComparison,
} from '../modeling/clinicalTable1';
import type { ClinicalValue } from '../modeling/table';
import { tableNumber, type Table1Row } from './fit';
import { ownValue } from '../names';

export type { ClinicalValue };

/** One training patient: outcome (1 = effective) and clinical variables (null = missing). */
export interface ClinicalRecord {
  y: number;
  clinical: Record<string, ClinicalValue>;
}

const sig = tableNumber;

/** The report's cell for group g (continuous cells also give n). */
function cell(c: VariableComparison, g: 0 | 1): string {
  if (c.kind === 'categorical') return summaryText(c, g);
  const missing = c.missing[g] > 0 ? `; missing ${c.missing[g]}` : '';
  return `${sig(c.mean?.[g] ?? NaN, 4)} ± ${sig(c.sd?.[g] ?? NaN, 3)} (n\u00a0=\u00a0${c.n[g]}${missing})`;
}

/** The report's short test names. */
function reportTestName(c: VariableComparison): string {
  switch (c.testKind) {
    case 'welch':
    case 'student':
      return c.p === null ? `Welch t-test: ${c.note}` : 'Welch t-test';
    case 'fisher':
      return "Fisher's exact test";
    case 'chisq_yates':
      return "χ² test (Yates' correction)";
    case 'chisq':
      return 'χ² test';
    default:
      return c.note ?? 'no test';
  }
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
    const valueOf = (r: ClinicalRecord) => ownValue(r.clinical, variable) ?? null;
    const byOutcome = (y: number) => records.filter((r) => r.y === y).map(valueOf);
    const c = compareVariable(
      variable,
      variableKind(records.map(valueOf)),
      byOutcome(0),
      byOutcome(1),
      { tTest: 'welch', yates: true },
      'outcome group',
    );
    return {
      variable,
      effective: cell(c, 1),
      ineffective: cell(c, 0),
      p: c.p,
      test: reportTestName(c),
    };
  });
}
