/** `radscore combat <csv> --batch C … --out FILE.csv`: ComBat harmonisation of a feature table, as sva::ComBat. */
import { checkKnownOptions, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { combatTable, readTableFile } from '../../services/featureTables';

const list = (v: string | undefined) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

export const combatCommand: CliCommand = {
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, [
      'batch',
      'covariates',
      'passthrough',
      'nonparametric',
      'mean-only',
      'ref-batch',
      'id',
      'out',
    ]);
    if (a.positional.length !== 1) throw new UsageError('give exactly one feature-table CSV file');
    const batch = requireOption(a, 'batch');
    ctx.outputPath(); // refused before anything is read (never the database, never a file without --force)
    if (a.options.has('ref-batch') && a.options.get('ref-batch') === '')
      throw new UsageError('--ref-batch needs a batch name');
    const result = combatTable(await readTableFile(a.positional[0]), {
      batch,
      covariates: list(a.options.get('covariates')),
      passthrough: list(a.options.get('passthrough')),
      id: a.options.get('id'),
      parametric: !a.flags.has('nonparametric'),
      meanOnly: a.flags.has('mean-only'),
      refBatch: a.options.get('ref-batch') ?? null,
    });
    const out = await ctx.writeOutput(result.csv);
    const m = result.model;
    const json = {
      out,
      features: result.features,
      batches: result.batches,
      covariates: result.covariates,
      method: m.method,
      mean_only: m.meanOnly,
      ref_batch: m.refBatch,
      unchanged_features: result.unchanged_features,
      missing_values: m.missingValues,
      notes: m.notes,
      warnings: result.warnings,
    };
    const text = [
      `${out}: ${result.features.length} features harmonised across ${result.batches.length} batches (${result.batches.map((b) => `${b.name} ${b.n}`).join(', ')})`,
      `ComBat (sva): ${m.method}${m.meanOnly ? ', mean only' : ''}${m.refBatch !== null ? `, reference batch ${m.refBatch}` : ''}; covariates: ${result.covariates.join(', ') || 'none'}`,
      ...result.unchanged_features.map(
        (u) => `${u.feature}: unchanged (all values equal inside batch ${u.batches.join(', ')})`,
      ),
      ...m.notes.filter((n) => !/zero variance/.test(n)),
      ...result.warnings.map((w) => `warning: ${w}`),
    ].join('\n');
    return { json, text };
  },
};
