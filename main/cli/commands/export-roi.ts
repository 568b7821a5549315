/** `radscore export-roi --roi-id N --format seg|rtstruct --out FILE`: one stored ROI as a DICOM SEG or RTSTRUCT. */
import { checkKnownOptions, numberOption, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { CLI_REPLACE_HINT } from '../../io/outputPath';
import { exportRoi, type RoiExportDeidentification, type RoiExportFormat } from '../../services/roiExport';
import { createDeidentifier, deidentifySeriesRef } from '../../services/deidentify';

const FORMATS: Record<string, RoiExportFormat> = { seg: 'SEG', rtstruct: 'RTSTRUCT' };

export const exportRoiCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['roi-id', 'format', 'out', 'deidentify']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    requireOption(ctx.args, 'roi-id');
    const roiId = numberOption(ctx.args, 'roi-id', 0, { integer: true, min: 1 });
    const formatName = requireOption(ctx.args, 'format').toLowerCase();
    const format = FORMATS[formatName];
    if (!format) throw new UsageError(`--format must be seg or rtstruct, not "${formatName}"`);
    const out = ctx.outputPath(); // refused before anything is read or created
    const store = ctx.openStore();
    try {
      let deidentify: RoiExportDeidentification | undefined;
      if (ctx.args.flags.has('deidentify')) {
        const deid = createDeidentifier(store);
        deidentify = { seriesRef: (ref) => deidentifySeriesRef(ref, deid), text: (t) => deid.scrub(t) };
      }
      const result = await exportRoi(store, roiId, {
        format,
        out,
        deidentify,
        force: ctx.args.flags.has('force'),
        replaceHint: CLI_REPLACE_HINT,
      });
      return {
        json: result,
        text: `${result.out}: ${result.format} of ROI ${result.roi_id} "${result.roi}" (${result.voxels} voxels) on series ${result.series_uid}`,
      };
    } finally {
      store.close();
    }
  },
};
