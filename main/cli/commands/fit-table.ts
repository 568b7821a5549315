/** `radscore fit-table <csv>`: the modelling pipeline on a feature table (no database); prints the fit document. */
import { readUserText, USER_FILE_LIMITS } from '../../io/readUserFile';
import { checkKnownOptions, numberOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { fitCsv, type FitDocument } from '../../services/modeling';

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
  ].join('\n');
}

export const fitTableCommand: CliCommand = {
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
    const csv = await readUserText(a.positional[0], {
      what: 'feature table',
      maxBytes: USER_FILE_LIMITS.featureTable,
      timeoutMs: 5 * 60_000,
    });
    const doc = await fitCsv(
      csv,
      {
        id: a.options.get('id'),
        outcome: a.options.get('outcome'),
        split: a.options.get('split'),
        foldid: a.options.get('foldid'),
      },
      options,
      {
        worker: false,
        onProgress: (p) => ctx.progress(p.done, p.total, p.label),
      },
    );
    return { json: doc, text: summary(doc) };
  },
};
