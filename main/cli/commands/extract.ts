/** `radscore extract`: features for every ROI in the database that has none for these settings. */
import { checkKnownOptions, numberOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { defaultProfile, extractFeatures, loadExtractionSettings } from '../../services/extract';

export const extractCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['profile', 'preset', 'settings', 'roi', 'workers']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    const preset = ctx.args.options.get('preset');
    const settings = await loadExtractionSettings({ preset, settingsFile: ctx.args.options.get('settings') });
    const workers = ctx.args.options.has('workers')
      ? numberOption(ctx.args, 'workers', 1, { integer: true, min: 1, max: 256 })
      : undefined;
    const store = ctx.openStore();
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await extractFeatures(
        store,
        {
          profile: defaultProfile(ctx.args.options.get('profile'), preset),
          settings,
          roi: ctx.args.options.get('roi'),
          workers,
        },
        { signal: abort.signal, onProgress: (p) => ctx.progress(p.done, p.total, `ROIs (${p.patient_id})`) },
      );
      const text = [
        `feature set ${result.feature_set_id}: ${result.computed} ROIs computed, ${result.cases} in the set, ` +
          `${result.features_per_case} features each, ${result.seconds} s`,
        ...result.failed.map((f) => `failed ${f.patient_id} ${f.roi}: ${f.reason}`),
        ...result.discarded.map((d) => `not stored ${d.patient_id} ${d.roi} (ROI ${d.roi_id}): ${d.reason}`),
      ].join('\n');
      return { json: result, text };
    } finally {
      process.off('SIGINT', onSigint);
      store.close();
    }
  },
};
