/**
 * The IBSI image-processing chain, written once for every profile:
 *   check → (interpolate image + ROI, round) → re-segment (range, outliers) → crop to the ROI box.
 * Also produces the IBSI diagnostic rows (dimensions, voxel counts, intensity mean/min/max after each step)
 * as features of family 'diagnostics', tagged like the reference CSVs (e.g. `int_mask_vox_count_reseg_roi`).
 */
import type { MaskVolume, Vec3, Volume } from '../../image/volume';
import { sameGrid } from '../../image/volume';
import type { ResolvedSettings } from '../settings';
import type { FeatureValue } from '../types';
import { alignedGrid, resampleImage, resampleMask, roundHalfEven } from './resample';
import {
  boundingBox,
  countVoxels,
  firstNonFinite,
  firstNonZero,
  cropArray,
  cropVolume,
  padBox,
  resegmentOutliers,
  toBinaryMask,
  resegmentRange,
  summarise,
} from './roi';

/** Radius (mm) of the 1 cm³ sphere used by the local intensity features. */
export const PEAK_SPHERE_RADIUS_MM = Math.cbrt(3000 / (4 * Math.PI));

export interface PreparedRoi {
  /** Processed image, cropped to the ROI box plus a margin (the local-intensity sphere needs neighbours). */
  image: Volume;
  /** Morphological mask (after interpolation) on the cropped grid. */
  morphMask: Uint8Array;
  /** Intensity mask (after re-segmentation) on the cropped grid. */
  intensityMask: Uint8Array;
  /** Re-segmentation range actually applied (FBS discretisation starts at its lower bound). */
  resegRange: [number | null, number | null] | null;
  /** Grid size and spacing of the processed (uncropped) image; voxel count of the morphological mask. */
  processedSize: Vec3;
  processedSpacing: Vec3;
  diagnostics: FeatureValue[];
}

function diag(tag: string, name: string, value: number): FeatureValue {
  return { name, tag, ibsi_id: '', family: 'diagnostics', aggregation: 'none', value };
}

const AXES = ['x', 'y', 'z'] as const;

function imageDiagnostics(vol: Volume, stage: 'init_img' | 'interp_img', label: string): FeatureValue[] {
  const s = summarise(vol.data);
  const out: FeatureValue[] = [];
  AXES.forEach((a, n) =>
    out.push(diag(`img_dim_${a}_${stage}`, `${label} image dimension ${a}`, vol.size[n])),
  );
  AXES.forEach((a, n) =>
    out.push(diag(`vox_dim_${a}_${stage}`, `${label} voxel dimension ${a}`, vol.spacing[n])),
  );
  out.push(diag(`mean_int_${stage}`, `${label} image mean intensity`, s.mean));
  out.push(diag(`min_int_${stage}`, `${label} image minimum intensity`, s.min));
  out.push(diag(`max_int_${stage}`, `${label} image maximum intensity`, s.max));
  return out;
}

function roiDiagnostics(
  vol: Volume,
  intensityMask: Uint8Array,
  morphMask: Uint8Array,
  stage: 'init_roi' | 'interp_roi' | 'reseg_roi',
  label: string,
): FeatureValue[] {
  const out: FeatureValue[] = [];
  AXES.forEach((a, n) =>
    out.push(diag(`int_mask_dim_${a}_${stage}`, `${label} intensity mask dimension ${a}`, vol.size[n])),
  );
  const intBox = boundingBox(intensityMask, vol.size);
  const morphBox = boundingBox(morphMask, vol.size);
  AXES.forEach((a, n) =>
    out.push(
      diag(
        `int_mask_bb_dim_${a}_${stage}`,
        `${label} intensity mask bounding box ${a}`,
        intBox ? intBox.hi[n] - intBox.lo[n] + 1 : 0,
      ),
    ),
  );
  AXES.forEach((a, n) =>
    out.push(
      diag(
        `morph_mask_bb_dim_${a}_${stage}`,
        `${label} morphological mask bounding box ${a}`,
        morphBox ? morphBox.hi[n] - morphBox.lo[n] + 1 : 0,
      ),
    ),
  );
  const s = summarise(vol.data, intensityMask);
  out.push(diag(`int_mask_vox_count_${stage}`, `${label} intensity mask voxel count`, s.count));
  out.push(
    diag(`morph_mask_vox_count_${stage}`, `${label} morphological mask voxel count`, countVoxels(morphMask)),
  );
  out.push(diag(`int_mask_mean_int_${stage}`, `${label} intensity mask mean intensity`, s.mean));
  out.push(diag(`int_mask_min_int_${stage}`, `${label} intensity mask minimum intensity`, s.min));
  out.push(diag(`int_mask_max_int_${stage}`, `${label} intensity mask maximum intensity`, s.max));
  return out;
}

/** Checks the inputs, naming the problem: different grids, NaN/Inf in the image, empty ROI. */
export function checkInputs(volume: Volume, mask: MaskVolume): void {
  if (!sameGrid(volume, mask)) {
    throw new Error(
      `mask and image are on different grids (image ${volume.size.join('×')} at ${volume.spacing.map((v) => v.toFixed(3)).join('×')} mm, ` +
        `mask ${mask.size.join('×')} at ${mask.spacing.map((v) => v.toFixed(3)).join('×')} mm; origins ${volume.origin.map((v) => v.toFixed(2)).join(',')} vs ${mask.origin.map((v) => v.toFixed(2)).join(',')})`,
    );
  }
  const bad = firstNonFinite(volume.data);
  if (bad >= 0) throw new Error(`image contains ${volume.data[bad]} (non-finite value) at voxel ${bad}`);
  if (firstNonZero(mask.data) < 0) throw new Error('the ROI is empty: the mask has no voxel set');
}

export function prepareRoi(volume: Volume, mask: MaskVolume, settings: ResolvedSettings): PreparedRoi {
  checkInputs(volume, mask);
  return prepareCheckedRoi(volume, mask, settings);
}

/** prepareRoi for inputs that already passed checkInputs. */
export function prepareCheckedRoi(volume: Volume, mask: MaskVolume, settings: ResolvedSettings): PreparedRoi {
  const initMask = toBinaryMask(mask.data);
  const diagnostics: FeatureValue[] = [
    ...imageDiagnostics(volume, 'init_img', 'initial'),
    ...roiDiagnostics(volume, initMask, initMask, 'init_roi', 'initial'),
  ];

  let image = volume;
  let morph: Uint8Array = initMask;
  const rs = settings.resampling;
  if (rs) {
    const grid = alignedGrid(volume, rs.spacing);
    image = resampleImage(volume, grid, rs.interpolator, settings.roundIntensities);
    morph = resampleMask(
      { ...volume, data: initMask },
      grid,
      rs.maskInterpolator,
      rs.partialVolumeThreshold,
    ).data;
  } else if (settings.roundIntensities) {
    const rounded = new Float32Array(volume.data.length);
    for (let n = 0; n < rounded.length; n++) rounded[n] = roundHalfEven(volume.data[n]);
    image = { ...volume, data: rounded };
  }
  diagnostics.push(
    ...imageDiagnostics(image, 'interp_img', 'interpolated'),
    ...roiDiagnostics(image, morph, morph, 'interp_roi', 'interpolated'),
  );
  if (!countVoxels(morph))
    throw new Error(
      'the ROI is empty after interpolation (it is smaller than the partial-volume threshold allows)',
    );

  let intensity: Uint8Array = morph;
  const { range, outlierSigma } = settings.resegmentation;
  if (range) intensity = resegmentRange(image.data, intensity, range);
  if (outlierSigma !== null && countVoxels(intensity))
    intensity = resegmentOutliers(image.data, intensity, outlierSigma);
  diagnostics.push(...roiDiagnostics(image, intensity, morph, 'reseg_roi', 'resegmented'));
  if (!countVoxels(intensity))
    throw new Error('the ROI is empty after re-segmentation: no voxel lies in the intensity range');

  const box = boundingBox(morph, image.size);
  if (!box) throw new Error('the ROI is empty');
  const margin = image.spacing.map((s) => Math.ceil(PEAK_SPHERE_RADIUS_MM / s)) as Vec3;
  const padded = padBox(box, margin, image.size);
  return {
    image: cropVolume(image, padded),
    morphMask: cropArray(morph, image.size, padded),
    intensityMask: cropArray(intensity, image.size, padded),
    resegRange: range,
    processedSize: [...image.size] as Vec3,
    processedSpacing: [...image.spacing] as Vec3,
    diagnostics,
  };
}
