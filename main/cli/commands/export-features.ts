/** `radscore export-features --out FILE.csv`: a feature set as a wide CSV (one row per ROI). */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkKnownOptions, numberOption, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { openStore } from '../../store/index';
import { featureSetCsv } from '../../services/exportFeatures';
import { deidentifiedFeatureCsv } from '../../services/deidentify';

export const exportFeaturesCommand: CliCommand = {
  name: 'export-features',
  usage: 'export-features [--feature-set N] --out FILE.csv [--deidentify] [--db PATH] [--json]',
  summary:
    'Write a feature set (default: the newest) as CSV: patient_id,series_uid,roi, then one column per feature. --deidentify: study codes (SUBJ-001 …, mapping kept in the database), remapped UIDs.',
  async run(ctx) {
    checkKnownOptions(ctx.args, ['feature-set', 'out', 'deidentify']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    const out = resolve(requireOption(ctx.args, 'out'));
    const featureSetId = ctx.args.options.has('feature-set')
      ? numberOption(ctx.args, 'feature-set', 0, { integer: true, min: 1 })
      : undefined;
    const store = openStore(ctx.dbPath);
    try {
      const deidentify = ctx.args.flags.has('deidentify');
      const table = deidentify
        ? deidentifiedFeatureCsv(store, { featureSetId })
        : featureSetCsv(store, { featureSetId });
      await writeFile(out, table.csv);
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
