/**
 * Feature profiles by name (DESIGN §5): `ibsi` here; `ak` and `pyradiomics` register themselves with
 * registerProfile() from their own modules. computeFeatures() is the one entry point every front uses.
 */
import type { MaskVolume, Vec3, Volume } from '../../image/volume';
import { prepareRoi, type PreparedRoi } from '../image/pipeline';
import { mergeSettings, resolveSettings, type ResolvedSettings, type Settings } from '../settings';
import type { FeatureValue } from '../types';
import { ibsiProfile } from './ibsi';

export interface ProfileContext {
  prepared: PreparedRoi;
  settings: ResolvedSettings;
}

export interface RadiomicsProfile {
  name: string;
  description: string;
  /** The profile's own settings (e.g. its discretisation), applied beneath presets and user settings. */
  defaults: Settings;
  /** Feature rows from a processed ROI. */
  extract(ctx: ProfileContext): FeatureValue[];
}

const PROFILES = new Map<string, RadiomicsProfile>([[ibsiProfile.name, ibsiProfile]]);

export function registerProfile(profile: RadiomicsProfile): void {
  PROFILES.set(profile.name, profile);
}

export function profileNames(): string[] {
  return [...PROFILES.keys()].sort();
}

export function getProfile(name: string): RadiomicsProfile {
  const p = PROFILES.get(name);
  if (!p) throw new Error(`unknown profile "${name}" (available: ${profileNames().join(', ')})`);
  return p;
}

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
export function computeFeatures(volume: Volume, mask: MaskVolume, settings: Settings | undefined, profile: RadiomicsProfile | string = 'ibsi'): FeatureResult {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  const resolved = resolveSettings(mergeSettings(p.defaults, settings));
  const prepared = prepareRoi(volume, mask, resolved);
  let voxels = 0;
  for (let n = 0; n < mask.data.length; n++) if (mask.data[n]) voxels++;
  return {
    image: { size: [...volume.size] as Vec3, spacing: [...volume.spacing] as Vec3 },
    mask: { voxels },
    features: p.extract({ prepared, settings: resolved }),
  };
}
