/**
 * The registry of feature profiles by name. Profiles register themselves (registerProfile); the app imports
 * profiles/index.ts, which loads every built-in profile.
 */
import type { MaskVolume, Volume } from '../../image/volume';
import type { PreparedRoi } from '../image/pipeline';
import type { ResolvedSettings, Settings } from '../settings';
import type { FeatureValue } from '../types';

export interface ProfileContext {
  /** The ROI after the shared IBSI image processing (resampling, re-segmentation, cropping). */
  prepared: PreparedRoi;
  settings: ResolvedSettings;
  /** The untouched inputs and merged (unresolved) settings, for profiles defined on the original image. */
  source?: { volume: Volume; mask: MaskVolume; settings?: Settings };
}

export interface RadiomicsProfile {
  name: string;
  description: string;
  /** The profile's own settings (e.g. its discretisation), applied beneath presets and user settings. */
  defaults: Settings;
  /** Feature rows from a processed ROI. */
  extract(ctx: ProfileContext): FeatureValue[];
}

const PROFILES = new Map<string, RadiomicsProfile>();

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
