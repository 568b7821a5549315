/** `radscore export-roi --roi-id N[,M…] --format seg|rtstruct --out FILE`: stored ROIs as one DICOM SEG or RTSTRUCT. */
import { checkKnownOptions, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { CLI_REPLACE_HINT } from '../../io/outputPath';
import { exportRois, type RoiExportFormat } from '../../services/roiExport';
import { createDeidentifier, roiExportDeidentification } from '../../services/deidentify';

const FORMATS: Record<string, RoiExportFormat> = { seg: 'SEG', rtstruct: 'RTSTRUCT' };

/** `3` or `3,4,7`: positive integers, each once. */
function roiIdsOption(raw: string): number[] {
  const ids = raw.split(',').map((part) => {
    const v = Number(part.trim());
    if (!part.trim() || !Number.isInteger(v))
      throw new UsageError(`--roi-id must be an integer or a comma-separated list of integers, got "${raw}"`);
    if (v < 1) throw new UsageError('--roi-id must be ≥ 1');
    return v;
  });
  if (new Set(ids).size !== ids.length) throw new UsageError(`--roi-id lists an ROI twice: "${raw}"`);
  return ids;
}

export const exportRoiCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['roi-id', 'format', 'out', 'deidentify']);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    const roiIds = roiIdsOption(requireOption(ctx.args, 'roi-id'));
    const formatName = requireOption(ctx.args, 'format').toLowerCase();
    const format = FORMATS[formatName];
    if (!format) throw new UsageError(`--format must be seg or rtstruct, not "${formatName}"`);
    const out = ctx.outputPath(); // refused before anything is read or created
    const store = ctx.openStore();
    try {
      const deidentify = ctx.args.flags.has('deidentify')
        ? roiExportDeidentification(createDeidentifier(store))
        : undefined;
      const result = await exportRois(store, roiIds, {
        format,
        out,
        deidentify,
        force: ctx.args.flags.has('force'),
        replaceHint: CLI_REPLACE_HINT,
      });
      const what =
        result.rois.length === 1
          ? `ROI ${result.roi_id} "${result.roi}"`
          : `${result.rois.length} ROIs (${result.rois.map((r) => `${r.roi_id} "${r.roi}"`).join(', ')})`;
      return {
        json: result,
        text: `${result.out}: ${result.format} of ${what} (${result.voxels} voxels) on series ${result.series_uid}`,
      };
    } finally {
      store.close();
    }
  },
};
