/** `radscore icc <csv> --id C --rater C`: the ICC of every feature of a long table, as psych::ICC. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { iccTable, readTableFile, type IccTableResult } from '../../services/featureTables';
import { ICC_FORMS } from '../../../shared/modeling/icc';

/** A readable table: per feature and form the ICC with its 95 % bounds, then who was left out. */
function iccText(r: IccTableResult): string {
  const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
  const cell = (row: { ICC: number; lower: number; upper: number }) =>
    `${f3(row.ICC)} [${f3(row.lower)}, ${f3(row.upper)}]`;
  const head = ['feature', 'n', ...ICC_FORMS];
  const body = r.features.map((f) => [
    f.feature,
    String(f.n_subjects),
    ...ICC_FORMS.map((form) => cell(f.icc[form])),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const conf = Math.round((1 - r.alpha) * 100);
  const out = [
    `ICC (psych::ICC, lmer = FALSE) of ${r.features.length} feature(s): ${r.n_subjects} subjects × ${r.raters} raters (${r.rater_names.join(', ')}); ICC [${conf} % CI]`,
    line(head),
    ...body.map(line),
    'ICC1 one-way random; ICC2 two-way random, absolute agreement; ICC3 two-way mixed, consistency; k = mean of the raters. F, df and p: --json.',
  ];
  for (const f of r.features)
    if (f.excluded.length)
      out.push(
        `${f.feature}: left out ${f.excluded.length} subject(s) missing a rater's value: ${f.excluded
          .map((e) => `${e.id} (${e.missing_raters.join(', ')})`)
          .join('; ')}`,
      );
  for (const s of r.skipped_columns) out.push(`column "${s.column}" is not a feature: ${s.reason}`);
  return out.join('\n');
}

export const iccCommand: CliCommand = {
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, ['id', 'rater']);
    if (a.positional.length !== 1)
      throw new UsageError('give exactly one CSV file (one row per subject × rater)');
    const result = iccTable(await readTableFile(a.positional[0]), {
      id: a.options.get('id'),
      rater: a.options.get('rater'),
    });
    return { json: result, text: iccText(result) };
  },
};
