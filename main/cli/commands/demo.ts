/** `radscore demo`: the built-in synthetic cohort end to end (DICOM → import → labels → extract → fit → report). */
import { checkKnownOptions, numberOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { runDemo, type DemoResult } from '../../demo/run';
import { DEFAULT_DEMO_OPTIONS } from '../../demo/synthetic';
import type { FitDocument } from '../../services/fitTable';

function aucText(m: FitDocument['train'] | null): string {
  if (!m) return 'not computable';
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
  return `${f(m.auc)} (95% CI ${f(m.auc_ci[0])}–${f(m.auc_ci[1])}), n = ${m.n}, ${m.events} effective`;
}

function summary(r: DemoResult): string {
  const fit = r.fit;
  return [
    `cohort: ${r.cohort.patients} patients, ${r.cohort.instances} images + ${r.cohort.rois} RTSTRUCTs in ${r.cohort.folder}`,
    `database: ${r.db}`,
    `features: ${r.extract.features_per_case} per ROI (A.K. paper profile), feature set ${r.extract.feature_set_id}`,
    `model ${r.model_id}: selected (${fit.selected.length}) ${fit.selected.join(', ') || '(none)'}`,
    `AUC training   ${aucText(fit.train)}`,
    `AUC validation ${fit.validation ? aucText(fit.validation) : `not computable${fit.validation_error ? `: ${fit.validation_error}` : ''}`}`,
    `report: ${r.report}`,
    `time: ${r.seconds.total} s (${Object.entries(r.seconds)
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  ].join('\n');
}

export const demoCommand: CliCommand = {
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, ['out', 'patients', 'workers', 'matrix', 'slices', 'seed']);
    if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await runDemo({
        out: a.options.get('out'),
        force: a.flags.has('force'),
        db: a.options.get('db'),
        patients: numberOption(a, 'patients', 40, { integer: true, min: 8, max: 2000 }),
        workers: a.options.has('workers')
          ? numberOption(a, 'workers', 1, { integer: true, min: 1, max: 256 })
          : undefined,
        matrix: numberOption(a, 'matrix', 256, { integer: true, min: 32, max: 1024 }),
        slices: numberOption(a, 'slices', 24, { integer: true, min: 8, max: 512 }),
        seed: numberOption(a, 'seed', DEFAULT_DEMO_OPTIONS.seed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
        signal: abort.signal,
        onStage: (n, total, name) => ctx.log(`demo [${n}/${total}] ${name}`),
        onProgress: (done, total, label) => ctx.progress(done, total, label),
      });
      ctx.log(`report written: ${result.report}`);
      const { fit, ...demo } = result;
      const json = { ...fit, model_id: result.model_id, report: result.report, demo };
      return { json, text: summary(result) };
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
