/**
 * Worker: one ROI's features. Decodes the series, inflates the stored mask and runs the feature engine,
 * so only the small compressed mask and the feature rows cross the thread boundary.
 */
import { loadSeriesVolume } from '../dicom/index';
import { decodeMask, type BoundingBox } from '../store/mask-codec';
import { computeFeatures } from '../../shared/radiomics/profiles/index';
import type { Settings } from '../../shared/radiomics/settings';
import type { FeatureValue } from '../../shared/radiomics/types';
import type { DecodeInput } from './decode.worker';
import { serveTasks } from './serve';

export interface FeaturesInput {
  series: DecodeInput;
  mask: { bytes: Uint8Array; encoding: string; bbox: BoundingBox | null };
  settings: Settings | undefined;
  profile: string;
}

export interface FeaturesOutput {
  voxels: number;
  features: FeatureValue[];
}

serveTasks<FeaturesInput, FeaturesOutput, string>(async (input, ctx) => {
  ctx.progress('decoding');
  const volume = await loadSeriesVolume(input.series);
  const mask = decodeMask(input.mask.bytes, input.mask.encoding, input.mask.bbox, input.series.geometry);
  ctx.progress('computing');
  const result = computeFeatures(volume, mask, input.settings, input.profile);
  return { voxels: result.mask.voxels, features: result.features };
});
