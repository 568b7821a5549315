/** `radscore features`: features of one image + mask, no database (DESIGN §4). */
import { checkKnownOptions, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import type { Vec3 } from '../../../shared/image/volume';
import { featuresForFiles } from '../../services/features';

function parseSpacing(raw: string | undefined): Vec3 | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v) || v <= 0))
    throw new UsageError(`--spacing must be three positive numbers X,Y,Z (mm), got "${raw}"`);
  return parts as Vec3;
}

export const featuresCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, [
      'image',
      'mask',
      'roi',
      'profile',
      'preset',
      'settings',
      'spacing',
      'series',
    ]);
    if (ctx.args.positional.length) throw new UsageError(`unexpected argument "${ctx.args.positional[0]}"`);
    const o = ctx.args.options;
    const result = await featuresForFiles({
      image: requireOption(ctx.args, 'image'),
      mask: requireOption(ctx.args, 'mask'),
      roi: o.get('roi'),
      profile: o.get('profile'),
      preset: o.get('preset'),
      settingsFile: o.get('settings'),
      spacing: parseSpacing(o.get('spacing')),
      series: o.get('series'),
    });
    ctx.log(
      `${result.features.length} features (${result.profile}) for ROI ${result.roi}, ${result.mask.voxels} voxels, ${result.seconds} s`,
    );
    const json = { image: result.image, mask: result.mask, features: result.features };
    const text = result.features
      .map((f) => `${f.name}\t${Number.isFinite(f.value) ? f.value : 'NaN'}`)
      .join('\n');
    return { json, text };
  },
};
