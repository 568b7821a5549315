/** `radscore export-sr --feature-set N --patient P --out FILE.dcm`: a patient's features as DICOM SR (TID 1500). */
import { checkKnownOptions, numberOption, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { createDeidentifier } from '../../services/deidentify';
import { exportFeatureSr } from '../../services/srExport';

export const exportSrCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['feature-set', 'patient', 'out', 'deidentify']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    requireOption(ctx.args, 'feature-set');
    const featureSetId = numberOption(ctx.args, 'feature-set', 0, { integer: true, min: 1 });
    const patientId = requireOption(ctx.args, 'patient');
    const out = ctx.outputPath(); // refused before anything is read or created (the SEG beside it: exportFeatureSr)
    const store = ctx.openStore();
    try {
      const result = await exportFeatureSr(store, {
        featureSetId,
        patientId,
        out,
        force: ctx.args.flags.has('force'),
        deidentify: ctx.args.flags.has('deidentify') ? createDeidentifier(store) : undefined,
      });
      return {
        json: result,
        text: `${result.out}: SR of ${result.rois} ROI(s) × ${result.features} features (feature set ${result.feature_set_id}), referencing ${result.seg.join(', ')}`,
      };
    } finally {
      store.close();
    }
  },
};
