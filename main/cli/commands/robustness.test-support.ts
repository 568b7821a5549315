/**
 * Test support for `radscore icc` / `radscore combat` against R references (psych::ICC, sva::ComBat):
 * runs the real CLI entry in-process and compares with the fixtures' rule (1e-9 relative, or 1e-12
 * absolute near zero). Used by icc.test.ts, combat.test.ts and robustness.r.test.ts.
 */
import { readFileSync } from 'node:fs';
import { main } from '../index';
import { ICC_FORMS } from '../../../shared/modeling/icc';

/** Runs `radscore <argv>` in-process, capturing stdout/stderr. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

/** The fixtures' comparison rule; a null reference (R's NA/NaN) must be NaN or null here. */
export function close(actual: number | null, expected: number | null | string): boolean {
  if (typeof expected === 'string') {
    if (expected === 'NaN') return actual === null || Number.isNaN(actual);
    return actual === (expected === 'Inf' ? Infinity : -Infinity);
  }
  if (expected === null) return actual === null || Number.isNaN(actual);
  if (actual === null) return false;
  return Math.abs(actual - expected) <= Math.max(1e-9 * Math.abs(expected), 1e-12);
}

const ICC_FIELDS = ['ICC', 'F', 'df1', 'df2', 'p', 'lower', 'upper'] as const;
type IccDoc = { features: { feature: string; icc: Record<string, Record<string, number | null>> }[] };

/** Every field of every feature of an R ICC reference against a `radscore icc --json` document. */
export function iccMismatches(ours: IccDoc, ref: IccDoc): { compared: number; bad: string[] } {
  const bad: string[] = [];
  let compared = 0;
  if (ours.features.length !== ref.features.length)
    bad.push(`${ours.features.length} features, R has ${ref.features.length}`);
  ref.features.forEach((rf) => {
    const f = ours.features.find((o) => o.feature === rf.feature);
    if (!f) return void bad.push(`feature ${rf.feature} missing`);
    for (const form of ICC_FORMS)
      for (const field of ICC_FIELDS) {
        compared++;
        const a = f.icc[form]?.[field] ?? null;
        const e = rf.icc[form][field];
        if (!close(a, e)) bad.push(`${rf.feature} ${form}.${field}: ${a} vs R ${e}`);
      }
  });
  return { compared, bad };
}

/** Parses a simple CSV written by `radscore combat` (no quoted cells in these tables). */
export function readSimpleCsv(path: string): { header: string[]; rows: string[][] } {
  const [h, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return { header: h.split(','), rows: lines.map((l) => l.split(',')) };
}

/** Every x of an R ComBat matrix (rows = ids, columns = features) against the CSV `radscore combat` wrote. */
export function combatMismatches(
  outCsv: string,
  ref: { ids: string[]; features: string[] },
  x: (number | null | string)[][],
): { compared: number; bad: string[] } {
  const t = readSimpleCsv(outCsv);
  const idCol = t.header.indexOf('id');
  const bad: string[] = [];
  let compared = 0;
  if (t.rows.length !== ref.ids.length) bad.push(`${t.rows.length} rows, R has ${ref.ids.length}`);
  ref.ids.forEach((id, j) => {
    if (t.rows[j]?.[idCol] !== id) bad.push(`row ${j + 1} is ${t.rows[j]?.[idCol]}, R has ${id}`);
    ref.features.forEach((f, g) => {
      compared++;
      const cell = t.rows[j]?.[t.header.indexOf(f)] ?? '';
      const a = cell === '' || cell === 'NA' || cell === 'NaN' ? NaN : Number(cell);
      if (!close(a, x[j][g] as number | null)) bad.push(`${id} ${f}: ${cell} vs R ${x[j][g]}`);
    });
  });
  return { compared, bad };
}
