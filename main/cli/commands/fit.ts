/** `radscore fit`: the paper's pipeline on a stored feature set and the current labels; stores a model version and prints its fit document. */
import { checkKnownOptions, numberOption, UsageError, type ParsedArgs } from '../args';
import type { CliCommand } from '../command';
import { fitStoredModel, type FitDocument, type FitStoredModelInput } from '../../services/models';

/** A few lines for the terminal: groups, λ, selected features, AUCs. */
export function fitSummary(doc: FitDocument): string {
  const f = (v: number | null | undefined) =>
    typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '–';
  const auc = (m: FitDocument['train'] | null) =>
    m ? `${f(m.auc)} [${f(m.auc_ci[0])}, ${f(m.auc_ci[1])}]` : '–';
  return [
    `model ${doc.model_id ?? '(not stored)'}: training ${doc.n.train} (${doc.n.events_train} effective), validation ${doc.n.validation} (${doc.n.events_validation} effective), ${doc.features_in.length} features in`,
    `λ.${doc.options.lambda} = ${doc.lasso.lambda_used.toPrecision(5)} (${doc.options.folds}-fold CV, fold seed ${doc.options.fold_seed}, split seed ${doc.options.split_seed})`,
    `selected (${doc.selected.length}): ${doc.selected.join(', ') || '(none)'}`,
    `AUC training ${auc(doc.train)}, validation ${auc(doc.validation)}`,
    ...(doc.validation_error ? [`validation: ${doc.validation_error}`] : []),
    ...(doc.glm.warnings.length ? [`glm warnings: ${doc.glm.warnings.join('; ')}`] : []),
  ].join('\n');
}

export function fitInputFromArgs(a: ParsedArgs): FitStoredModelInput {
  const lambda = a.options.get('lambda') ?? 'min';
  if (lambda !== 'min' && lambda !== '1se')
    throw new UsageError(`--lambda must be min or 1se, got "${lambda}"`);
  const input: FitStoredModelInput = {
    lambda,
    folds: numberOption(a, 'folds', 10, { integer: true, min: 3 }),
    foldSeed: numberOption(a, 'fold-seed', 1, { integer: true, min: 0 }),
    splitSeed: numberOption(a, 'split-seed', 1, { integer: true, min: 0 }),
    trainFraction: numberOption(a, 'train-fraction', 96 / 142, { min: Number.MIN_VALUE, max: 1 }),
  };
  if (a.options.has('feature-set'))
    input.featureSetId = numberOption(a, 'feature-set', 0, { integer: true, min: 1 });
  const name = a.options.get('name');
  if (name !== undefined) input.name = name;
  const roi = a.options.get('roi');
  if (roi !== undefined) input.roi = roi;
  const timepoint = a.options.get('timepoint');
  if (timepoint !== undefined) input.timepoint = timepoint;
  return input;
}

export const fitCommand: CliCommand = {
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, [
      'feature-set',
      'split-seed',
      'train-fraction',
      'folds',
      'fold-seed',
      'lambda',
      'name',
      'roi',
      'timepoint',
    ]);
    if (a.positional.length)
      throw new UsageError(`fit takes no positional arguments (got "${a.positional[0]}")`);
    const input = fitInputFromArgs(a);
    const store = ctx.openStore();
    try {
      const { fit } = await fitStoredModel(store, input, {
        worker: false,
        onProgress: (p) => ctx.progress(p.done, p.total, p.label),
      });
      return { json: fit, text: fitSummary(fit) };
    } finally {
      store.close();
    }
  },
};
