/** `radscore export-features --out FILE.csv`: a feature set as a wide CSV (one row per ROI). */
import { checkKnownOptions, numberOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { featureSetCsv } from '../../services/exportFeatures';
import { deidentifiedFeatureCsv } from '../../services/deidentify';

export const exportFeaturesCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['feature-set', 'out', 'deidentify']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    ctx.outputPath(); // refused before anything is read or created
    const featureSetId = ctx.args.options.has('feature-set')
      ? numberOption(ctx.args, 'feature-set', 0, { integer: true, min: 1 })
      : undefined;
    const store = ctx.openStore();
    try {
      const deidentify = ctx.args.flags.has('deidentify');
      const table = deidentify
        ? deidentifiedFeatureCsv(store, { featureSetId })
        : featureSetCsv(store, { featureSetId });
      const out = await ctx.writeOutput(table.csv);
      return {
        json: {
          out,
          feature_set_id: table.feature_set_id,
          rows: table.rows,
          features: table.features,
          deidentified: deidentify,
        },
        text: `${out}: ${table.rows} rows × ${table.features} features (feature set ${table.feature_set_id})`,
      };
    } finally {
      store.close();
    }
  },
};
