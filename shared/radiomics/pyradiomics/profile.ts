/**
 * The `pyradiomics` profile: PyRadiomics' feature classes under its names (`original_glcm_ClusterProminence`,
 * `log-sigma-1-0-mm-3D_firstorder_Mean`, `wavelet-LLH_glszm_ZoneEntropy` …), with PyRadiomics' settings read from
 * `settings.pyradiomics` (binWidth 25 with edges on multiples of the width, voxelArrayShift 0, 3D, distance 1,
 * GLDM α 0 by default) and its image types from `settings.imageTypes` (default: Original only). Resampling and
 * re-segmentation come from the shared image chain. Importing this module registers the profile.
 *
 * Normalisation (normalize) comes first, on the whole image (normalize.ts). Resampling (resampledPixelSpacing) uses PyRadiomics' own grid (resample.ts) and a nearest-neighbour mask.
 * ROI: mask value `label` when given; otherwise value 1 when the mask has it (PyRadiomics' default label),
 * else every non-zero voxel.
 */
import type { MaskVolume, Volume } from '../../image/volume';
import { processedImage, responseMapsOnRoi, type ImageTypes } from '../filters/index';
import { prepareRoi, type PreparedRoi } from '../image/pipeline';
import { resampleImage, resampleMask } from '../image/resample';
import { registerProfile, type ProfileContext, type RadiomicsProfile } from '../profiles/registry';
import type { ResolvedSettings } from '../settings';
import type { FeatureValue } from '../types';
import { pyradiomicsFeatures } from './extract';
import type { PyradiomicsOptions } from './options';
import { normalizeImage } from './normalize';
import { pyradiomicsGrid } from './resample';

/** The ROI mask PyRadiomics would use: `label`, else 1 if present, else non-zero. */
export function selectLabel(mask: MaskVolume, label: number | undefined): MaskVolume {
  let target = label;
  if (target === undefined)
    for (let n = 0; n < mask.data.length && target === undefined; n++) if (mask.data[n] === 1) target = 1;
  const data = new Uint8Array(mask.data.length);
  let count = 0;
  for (let n = 0; n < data.length; n++) {
    const inside = target === undefined ? mask.data[n] !== 0 : mask.data[n] === target;
    if (inside) {
      data[n] = 1;
      count++;
    }
  }
  if (count === 0) throw new Error(`the mask has no voxel with label ${target ?? '≠ 0'}`);
  return { ...mask, data };
}

export interface PyradiomicsInputs {
  prepared: PreparedRoi;
  settings: ResolvedSettings;
  /** The untouched image (for filters with their margin); the prepared crop is used when absent. */
  volume?: Volume;
  options: PyradiomicsOptions;
  imageTypes: ImageTypes;
}

/** Features of every enabled image type on a prepared ROI. */
export function pyradiomicsRoiFeatures({
  prepared,
  settings,
  volume,
  options,
  imageTypes,
}: PyradiomicsInputs): FeatureValue[] {
  const out: FeatureValue[] = [];
  if (imageTypes.Original)
    out.push(
      ...pyradiomicsFeatures(
        { image: prepared.image, intensityMask: prepared.intensityMask, morphMask: prepared.morphMask },
        options,
        'original',
      ),
    );
  const filtered: ImageTypes = { LoG: imageTypes.LoG, Wavelet: imageTypes.Wavelet, Mean: imageTypes.Mean };
  if (!filtered.LoG && !filtered.Wavelet && !filtered.Mean) return out;
  const dims = options.force2D ? '2D' : '3D';
  if (dims === '2D' && (options.force2Ddimension ?? 0) !== 0)
    throw new Error('filtered image types with force2D need force2Ddimension 0 (axial slices)');
  const processed = volume ? processedImage(volume, settings) : prepared.image;
  for (const map of responseMapsOnRoi(processed, prepared.image, filtered, {
    dims,
    logConvention: 'pyradiomics',
  }))
    out.push(
      ...pyradiomicsFeatures(
        { image: map.image, intensityMask: prepared.intensityMask },
        options,
        map.imageType,
      ),
    );
  return out;
}

export const pyradiomicsProfile: RadiomicsProfile = {
  name: 'pyradiomics',
  description:
    "PyRadiomics' default classes (firstorder, shape, glcm, glrlm, glszm, gldm, ngtdm) under its names, with its settings; LoG and wavelet image types",
  defaults: { imageTypes: { Original: {} }, pyradiomics: { binWidth: 25 } },
  extract(ctx: ProfileContext): FeatureValue[] {
    const merged = ctx.source?.settings;
    const options = merged?.pyradiomics ?? {};
    const imageTypes = merged?.imageTypes ?? { Original: {} };
    if (!ctx.source)
      return pyradiomicsRoiFeatures({ prepared: ctx.prepared, settings: ctx.settings, options, imageTypes });
    const { mask } = ctx.source;
    const volume = options.normalize
      ? normalizeImage(ctx.source.volume, options.normalize)
      : ctx.source.volume;
    const roi = selectLabel(mask, options.label);
    const rs = ctx.settings.resampling;
    if (rs) {
      // PyRadiomics' corner-aligned grid and nearest-neighbour mask, not the IBSI grid the registry used
      const grid = pyradiomicsGrid(volume, roi, rs.spacing, options.padDistance ?? 5);
      const image = resampleImage(volume, grid, rs.interpolator, ctx.settings.roundIntensities);
      const resampledMask = resampleMask(roi, grid, 'nearest', 0.5);
      const settings: ResolvedSettings = { ...ctx.settings, resampling: null, roundIntensities: false };
      return pyradiomicsRoiFeatures({
        prepared: prepareRoi(image, resampledMask, settings),
        settings,
        volume: image,
        options,
        imageTypes,
      });
    }
    // the registry prepared every non-zero voxel; redo it when the label picks fewer
    let same = true;
    for (let n = 0; n < roi.data.length && same; n++)
      if ((mask.data[n] !== 0) !== (roi.data[n] === 1)) same = false;
    const prepared = same && !options.normalize ? ctx.prepared : prepareRoi(volume, roi, ctx.settings);
    return pyradiomicsRoiFeatures({ prepared, settings: ctx.settings, volume, options, imageTypes });
  },
};

registerProfile(pyradiomicsProfile);
