/** `radscore fit-table <csv>`: the modelling pipeline on a feature table (no database); prints the fit document. */
import { readUserText, USER_FILE_LIMITS } from '../../io/readUserFile';
import { checkKnownOptions, numberOption, UsageError, type ParsedArgs } from '../args';
import type { CliCommand } from '../command';
import { fitFeatureTable, type FitDocument } from '../../services/fitTable';
import { parseFeatureTable } from '../../../shared/modeling/table';
import { runBootstrap } from '../../workers/bootstrap';
import type { ClinicalTable1Options, VariableKind } from '../../../shared/modeling/clinicalTable1';

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
    ...(doc.clinical_table1 ? [clinicalSummary(doc.clinical_table1)] : []),
    ...(doc.internal_validation ? [bootstrapSummary(doc.internal_validation)] : []),
  ].join('\n');
}

function clinicalSummary(t: NonNullable<FitDocument['clinical_table1']>): string {
  const p = (v: number | null) => (v === null ? '–' : v < 0.001 ? '<0.001' : v.toFixed(3));
  const stat = (r: (typeof t.groups)[number]['rows'][number]) =>
    r.statistic !== null
      ? ` ${r.statistic_name === 'chi2' ? 'χ²' : 't'} = ${r.statistic.toFixed(2)}`
      : r.test.startsWith('Fisher')
        ? ' (Fisher)'
        : '';
  const names = {
    training: 'training by outcome',
    validation: 'validation by outcome',
    all: 'training vs validation',
  };
  return [
    `clinical Table 1 (${t.t_test === 'welch' ? 'Welch' : 'Student'} t-test, Yates ${t.yates ? 'on' : 'off'}):`,
    ...t.groups.map(
      (g) => `  ${names[g.group]}: ` + g.rows.map((r) => `${r.variable}${stat(r)}, P ${p(r.p)}`).join('; '),
    ),
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

/**
 * `--clinical C1,C2,…` (a name may end in `:categorical` or `:continuous` to override the kind rule),
 * `--t-test student|welch` (default welch) and `--yates on|off` (default on).
 */
export function clinicalOptions(a: ParsedArgs): { columns: string[]; table1: ClinicalTable1Options } | null {
  const list = a.options.get('clinical');
  if (list === undefined) {
    if (a.options.has('t-test') || a.options.has('yates'))
      throw new UsageError('--t-test and --yates need --clinical C1,C2,…');
    return null;
  }
  const tTest = a.options.get('t-test') ?? 'welch';
  if (tTest !== 'student' && tTest !== 'welch')
    throw new UsageError(`--t-test must be student or welch, got "${tTest}"`);
  const yates = a.options.get('yates') ?? 'on';
  if (yates !== 'on' && yates !== 'off') throw new UsageError(`--yates must be on or off, got "${yates}"`);
  const columns: string[] = [];
  const kinds: Record<string, VariableKind> = {};
  for (const item of list.split(',').map((c) => c.trim())) {
    if (!item) throw new UsageError(`--clinical has an empty column name in "${list}"`);
    const m = /^(.*):(categorical|continuous)$/.exec(item);
    const name = m ? m[1] : item;
    if (m) kinds[name] = m[2] as VariableKind;
    columns.push(name);
  }
  return { columns, table1: { tTest, yates: yates === 'on', kinds } };
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
      'bootstrap',
      'bootstrap-seed',
      'workers',
      'clinical',
      't-test',
      'yates',
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
    const clinical = clinicalOptions(a);
    const csv = await readUserText(a.positional[0], {
      what: 'feature table',
      maxBytes: USER_FILE_LIMITS.featureTable,
      timeoutMs: 5 * 60_000,
    });
    const table = parseFeatureTable(csv, {
      id: a.options.get('id'),
      outcome: a.options.get('outcome'),
      split: a.options.get('split'),
      foldid: a.options.get('foldid'),
      clinical: clinical?.columns,
    });
    const doc = await fitFeatureTable(
      table,
      { ...options, table1: clinical?.table1 },
      {
        worker: false,
        onProgress: (p) => ctx.progress(p.done, p.total, p.label),
      },
    );
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
