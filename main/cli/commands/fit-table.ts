/** `radscore fit-table <csv>`: the modelling pipeline on a feature table (no database); prints the fit document. */
import { readFile } from 'node:fs/promises';
import { checkKnownOptions, numberOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { fitFeatureTable, type FitDocument } from '../../services/modeling';
import { parseFeatureTable } from '../../../shared/modeling/table';
import { runBootstrap } from '../../workers/bootstrap';

function summary(doc: FitDocument): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
  const auc = (m: FitDocument['train'] | null) =>
    m ? `${f(m.auc)} [${f(m.auc_ci[0])}, ${f(m.auc_ci[1])}]` : '–';
  return [
    `training ${doc.n.train} (${doc.n.events_train} events), validation ${doc.n.validation} (${doc.n.events_validation} events), ${doc.features_in.length} features in` +
      (doc.preprocessing.dropped_features.length
        ? `, dropped ${doc.preprocessing.dropped_features.join(' ')}`
        : ''),
    `λ: ${doc.lasso.lambda.length} values; λ.min ${doc.lasso.lambda_min.toPrecision(5)} (#${doc.lasso.index_min}), λ.1se ${doc.lasso.lambda_1se.toPrecision(5)} (#${doc.lasso.index_1se})`,
    `selected (${doc.selected.length}): ${doc.selected.join(', ') || '(none)'}`,
    `AUC train ${auc(doc.train)}, validation ${auc(doc.validation)}`,
    ...(doc.glm.warnings.length ? [`glm warnings: ${doc.glm.warnings.join('; ')}`] : []),
    ...(doc.internal_validation ? [bootstrapSummary(doc.internal_validation)] : []),
  ].join('\n');
}

function bootstrapSummary(iv: NonNullable<FitDocument['internal_validation']>): string {
  const row = (name: string, m: 'auc' | 'slope' | 'brier') =>
    `  ${name.padEnd(6)} apparent ${iv.apparent[m].toFixed(3)}, optimism ${iv.optimism[m].toFixed(3)} (MC SE ${iv.monte_carlo_se[m].toFixed(4)}), corrected ${iv.corrected[m].toFixed(3)}`;
  return [
    `bootstrap optimism (B = ${iv.B}, ${iv.B_used} used, seed ${iv.seed}; ${iv.n_boot_selecting_nothing} selected nothing)`,
    row('AUC', 'auc'),
    row('slope', 'slope'),
    row('Brier', 'brier'),
    ...iv.failed.map((f) => `  resample ${f.resample} failed: ${f.reason}`),
  ].join('\n');
}

export const fitTableCommand: CliCommand = {
  name: 'fit-table',
  usage:
    'fit-table <csv> [--id C] [--outcome C] [--split C] [--foldid C] [--lambda min|1se] [--folds K] [--fold-seed S] [--split-seed S] [--train-fraction F] [--bootstrap B [--bootstrap-seed S] [--workers N]] [--json]',
  summary:
    'The LASSO + logistic Rad-score pipeline on a feature table (columns id, y, split, foldid, features…); prints the fit document.',
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, [
      'id',
      'outcome',
      'split',
      'foldid',
      'lambda',
      'folds',
      'fold-seed',
      'split-seed',
      'train-fraction',
      'bootstrap',
      'bootstrap-seed',
      'workers',
    ]);
    if (a.positional.length !== 1) throw new UsageError('give exactly one feature-table CSV file');
    const lambda = a.options.get('lambda') ?? 'min';
    if (lambda !== 'min' && lambda !== '1se')
      throw new UsageError(`--lambda must be min or 1se, got "${lambda}"`);
    const options = {
      lambda: lambda as 'min' | '1se',
      folds: numberOption(a, 'folds', 10, { integer: true, min: 3 }),
      foldSeed: numberOption(a, 'fold-seed', 1, { integer: true, min: 0 }),
      splitSeed: numberOption(a, 'split-seed', 1, { integer: true, min: 0 }),
      trainFraction: numberOption(a, 'train-fraction', 96 / 142, { min: Number.MIN_VALUE, max: 1 }),
    };
    const bootstrapB = a.options.has('bootstrap')
      ? numberOption(a, 'bootstrap', 0, { integer: true, min: 1, max: 100000 })
      : null;
    if (bootstrapB === null && (a.options.has('bootstrap-seed') || a.options.has('workers')))
      throw new UsageError('--bootstrap-seed and --workers need --bootstrap B');
    const bootstrapSeed = numberOption(a, 'bootstrap-seed', 1, { integer: true, min: 0, max: 0xffffffff });
    const workers = a.options.has('workers')
      ? numberOption(a, 'workers', 1, { integer: true, min: 1, max: 256 })
      : undefined;
    let csv: string;
    try {
      csv = await readFile(a.positional[0], 'utf8');
    } catch (err) {
      throw new Error(
        `cannot read ${a.positional[0]}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      );
    }
    const table = parseFeatureTable(csv, {
      id: a.options.get('id'),
      outcome: a.options.get('outcome'),
      split: a.options.get('split'),
      foldid: a.options.get('foldid'),
    });
    const doc = await fitFeatureTable(table, options, {
      worker: false,
      onProgress: (p) => ctx.progress(p.done, p.total, p.label),
    });
    if (bootstrapB !== null) {
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      try {
        doc.internal_validation = await runBootstrap(table, doc, {
          B: bootstrapB,
          seed: bootstrapSeed,
          workers,
          signal: abort.signal,
          onProgress: (p) => ctx.progress(p.done, p.total, p.label),
        });
      } finally {
        process.off('SIGINT', onSigint);
      }
    }
    return { json: doc, text: summary(doc) };
  },
};
