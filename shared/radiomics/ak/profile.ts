/**
 * The `ak` profile, registered with the profile registry (its `paper` preset is in shared/presets/).
 * Importing this module once (e.g. from the CLI's feature service) makes `--profile ak` available.
 *
 * A.K. is defined on the original image (no resampling or re-segmentation; ROI = mask value 1), and
 * its run lengths continue outside the ROI through the whole image (ak-features.md §5). So the profile
 * computes from the raw inputs when the registry hands them over (`ctx.source`); otherwise it uses the
 * processed ROI, which is the original image cropped to the ROI box plus a margin — identical except for
 * runs that would leave that margin.
 */
import type { MaskVolume, Volume } from '../../image/volume';
import { registerProfile, type ProfileContext, type RadiomicsProfile } from '../profiles/registry';
import type { Settings } from '../settings';
import type { FeatureValue } from '../types';
import { akFeatures } from './index';
import { akSettingsFrom } from './settings';

/** What the registry may pass besides the processed ROI: the untouched inputs and the merged settings. */
export interface AkProfileContext extends ProfileContext {
  source?: { volume: Volume; mask: MaskVolume; settings?: Settings };
}

/** One image + mask → the 396 A.K. features; `settings` is a settings object (preset/user file) or undefined. */
export function computeAkProfile(volume: Volume, mask: MaskVolume, settings?: unknown): FeatureValue[] {
  return akFeatures(volume, mask, akSettingsFrom(settings));
}

export const akProfile: RadiomicsProfile = {
  name: 'ak',
  description:
    "GE A.K.'s 396 features (histogram, form factor, GLCM, run length, GLSZM, Haralick); GLCM and run length exactly as ITK 5.2.1",
  defaults: { discretisation: { texture: { method: 'fbn', bins: 64 } } },
  extract(ctx: AkProfileContext): FeatureValue[] {
    if (ctx.source) return computeAkProfile(ctx.source.volume, ctx.source.mask, ctx.source.settings);
    const texture = ctx.settings.discretisation.texture;
    const bins = texture.method === 'fbn' ? texture.bins : undefined;
    const { image, intensityMask } = ctx.prepared;
    return akFeatures(
      image,
      { ...image, data: intensityMask },
      akSettingsFrom(bins ? { ak: { bins } } : undefined),
    );
  },
};

registerProfile(akProfile);
