/** `radscore export-sr --feature-set N --patient P --out FILE.dcm`: a patient's features as DICOM SR (TID 1500). */
import { checkKnownOptions, numberOption, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { openStore } from '../../store/index';
import { createDeidentifier } from '../../services/deidentify';
import { exportFeatureSr } from '../../services/srExport';

export const exportSrCommand: CliCommand = {
  name: 'export-sr',
  usage: 'export-sr --feature-set N --patient P --out FILE.dcm [--deidentify] [--force] [--db PATH] [--json]',
  summary:
    "Write a patient's features of one feature set as a DICOM SR Measurement Report (TID 1500): one measurement group per ROI, IBSI codes, UCUM units, the extraction settings; the ROIs go beside it as a DICOM SEG (FILE.seg.dcm) that the SR references. Refuses to replace files unless --force. --deidentify: study code, shifted dates, remapped UIDs, scrubbed text (PS3.15).",
  async run(ctx) {
    checkKnownOptions(ctx.args, ['feature-set', 'patient', 'out', 'deidentify', 'force']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    requireOption(ctx.args, 'feature-set');
    const featureSetId = numberOption(ctx.args, 'feature-set', 0, { integer: true, min: 1 });
    const patientId = requireOption(ctx.args, 'patient');
    const out = requireOption(ctx.args, 'out');
    const store = openStore(ctx.dbPath);
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
