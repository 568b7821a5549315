/**
 * Feature profiles (DESIGN §5) and computeFeatures(), the one entry point every front uses.
 * Registers `ibsi`; importing this module also loads the self-registering profiles (`ak`, `pyradiomics`),
 * which import only ./registry, so there is no import cycle.
 */
import type { MaskVolume, Vec3, Volume } from '../../image/volume';
import { checkInputs, prepareCheckedRoi, type PreparedRoi } from '../image/pipeline';
import { countNonZero } from '../image/roi';
import type { Settings } from '../settings';
import { mergeSettings, resolveSettings } from '../settingsMerge';
import type { FeatureValue } from '../types';
import { ibsiProfile } from './ibsi';
import { getProfile, registerProfile, type RadiomicsProfile } from './registry';
import '../pyradiomics/profile';
import '../ak/profile';

export * from './registry';

registerProfile(ibsiProfile);

export interface FeatureResult {
  image: { size: Vec3; spacing: Vec3 };
  mask: { voxels: number };
  features: FeatureValue[];
}

/**
 * One image + mask → features. `settings` (a preset and/or user file, already merged) overrides the
 * profile's defaults; with none, nothing is resampled or re-segmented.
 * `image` reports the input grid; `mask.voxels` the ROI voxels of the input mask.
 */
export function computeFeatures(
  volume: Volume,
  mask: MaskVolume,
  settings: Settings | undefined,
  profile: RadiomicsProfile | string = 'ibsi',
): FeatureResult {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  const merged = mergeSettings(p.defaults, settings);
  const resolved = resolveSettings(merged);
  checkInputs(volume, mask);
  // The shared IBSI processing runs only if the profile asks for it: `ak` works on the original image, and
  // its whole-volume passes (diagnostics, masks) cost more than A.K.'s own features.
  let prepared: PreparedRoi | undefined;
  const features = p.extract({
    get prepared() {
      return (prepared ??= prepareCheckedRoi(volume, mask, resolved));
    },
    settings: resolved,
    source: { volume, mask, settings: merged },
  });
  return {
    image: { size: [...volume.size] as Vec3, spacing: [...volume.spacing] as Vec3 },
    mask: { voxels: countNonZero(mask.data) },
    features,
  };
}
