/**
 * The PyRadiomics feature classes on one processed ROI, named as PyRadiomics names them
 * (`<imageType>_<class>_<Feature>`, e.g. `original_glcm_ClusterProminence`, `wavelet-LLH_glrlm_RunEntropy`).
 * Discretisation is PyRadiomics' own (binning.ts); the matrices come from the shared texture builders.
 */
import type { Vec3, Volume } from '../../image/volume';
import { maskedSorted } from '../families/descriptive';
import { DIRECTIONS_2D, DIRECTIONS_3D, prepareTextureGrid, type TextureGrid } from '../texture/neighbourhood';
import type { Aggregation, FeatureFamily, FeatureValue } from '../types';
import { pyradiomicsAngles } from './angles';
import { binImage, type PyradiomicsBinning } from './binning';
import { FIRSTORDER_FEATURES, firstOrderValues } from './firstorder';
import { GLCM_FEATURES, glcmValues } from './glcm';
import { GLDM_FEATURES, gldmValues } from './gldm';
import { GLRLM_FEATURES, glrlmValues } from './glrlm';
import { GLSZM_FEATURES, glszmValues } from './glszm';
import { NGTDM_FEATURES, ngtdmValues } from './ngtdm';
import { FEATURE_CLASSES, type FeatureClass } from './featureClasses';
import type { PyradiomicsOptions } from './options';
import { SHAPE_FEATURES, shapeInput, shapeValues } from './shape';
import { SHAPE2D_FEATURES, shape2DInput, shape2DValues } from './shape2D';

/** Feature names and IBSI ids per class, in PyRadiomics' order. */
export const CLASS_FEATURES: Record<FeatureClass, readonly (readonly [string, string, unknown])[]> = {
  firstorder: FIRSTORDER_FEATURES,
  shape: SHAPE_FEATURES,
  shape2D: SHAPE2D_FEATURES,
  glcm: GLCM_FEATURES,
  glrlm: GLRLM_FEATURES,
  glszm: GLSZM_FEATURES,
  gldm: GLDM_FEATURES,
  ngtdm: NGTDM_FEATURES,
};

/** The binning a set of options selects: binCount if given, else binWidth (default 25). */
export function binningOf(o: PyradiomicsOptions): PyradiomicsBinning {
  return o.binCount !== undefined ? { binCount: o.binCount } : { binWidth: o.binWidth ?? 25 };
}

/** Checks class and feature names of `classes`, naming the first unknown one. */
export function checkEnabledFeatures(classes: PyradiomicsOptions['classes']): void {
  for (const [cls, names] of Object.entries(classes ?? {})) {
    const known = CLASS_FEATURES[cls as FeatureClass];
    if (!known)
      throw new Error(
        `unknown PyRadiomics feature class "${cls}" (available: ${FEATURE_CLASSES.join(', ')})`,
      );
    for (const n of names ?? [])
      if (!known.some(([name]) => name === n))
        throw new Error(
          `unknown ${cls} feature "${n}" (available: ${known.map(([name]) => name).join(', ')})`,
        );
  }
}

/**
 * Moves axis `dim` (PyRadiomics numbering over z, y, x: 0 = k, 1 = j, 2 = i) to the slice axis of a grid, so
 * in-plane (2D) texture runs in the planes force2Ddimension selects.
 */
function sliceAxisFirst(levels: Int32Array, size: Vec3, dim: 0 | 1 | 2): { levels: Int32Array; size: Vec3 } {
  if (dim === 0) return { levels, size };
  const [nx, ny, nz] = size;
  // new axes (a, b, c) with c the chosen one: dim 1 → (i, k, j), dim 2 → (j, k, i)
  const order: [number, number, number] = dim === 1 ? [0, 2, 1] : [1, 2, 0];
  const newSize = order.map((a) => size[a]) as Vec3;
  const out = new Int32Array(levels.length);
  const idx = [0, 0, 0];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        idx[0] = i;
        idx[1] = j;
        idx[2] = k;
        out[idx[order[0]] + newSize[0] * (idx[order[1]] + newSize[1] * idx[order[2]])] =
          levels[i + nx * (j + ny * k)];
      }
  return { levels: out, size: newSize };
}

/** Spacing in the axis order sliceAxisFirst() produces. */
function orientSpacing(spacing: Vec3, dim: 0 | 1 | 2): Vec3 {
  if (dim === 0) return spacing;
  const order = dim === 1 ? [0, 2, 1] : [1, 2, 0];
  return order.map((a) => spacing[a]) as Vec3;
}

/**
 * shape2D, as PyRadiomics: only with force2D, on a ROI of a single slice along force2Ddimension. Enabled
 * explicitly, anything else is an error; enabled by default (no class list), it is just skipped.
 */
function shape2DOf(
  morphMask: Uint8Array,
  image: Volume,
  options: PyradiomicsOptions,
  explicit: boolean,
): Map<string, number> | null {
  if (!explicit && options.classes) return null;
  const dim = options.force2Ddimension ?? 0;
  if (!options.force2D) {
    if (explicit) throw new Error('shape2D needs force2D: true');
    return null;
  }
  const oriented = sliceAxisFirst(Int32Array.from(morphMask), image.size, dim);
  const [nx, ny, nz] = oriented.size;
  const slices: number[] = [];
  for (let k = 0; k < nz; k++) {
    for (let v = 0; v < nx * ny; v++)
      if (oriented.levels[v + k * nx * ny]) {
        slices.push(k);
        break;
      }
  }
  if (slices.length !== 1) {
    if (explicit)
      throw new Error(
        `shape2D needs a ROI in one slice along force2Ddimension ${dim}; this one spans ${slices.length}`,
      );
    return null;
  }
  const plane = Uint8Array.from(
    oriented.levels.subarray(slices[0] * nx * ny, (slices[0] + 1) * nx * ny),
    (v) => (v ? 1 : 0),
  );
  const spacing = orientSpacing(image.spacing, dim);
  return shape2DValues(shape2DInput(plane, nx, ny, spacing[0], spacing[1]));
}

export interface PyradiomicsRoi {
  /** The (filtered) image on the ROI grid. */
  image: Volume;
  /** ROI after re-segmentation (first order and texture). */
  intensityMask: Uint8Array;
  /** ROI before re-segmentation (shape); shape is computed only when given. */
  morphMask?: Uint8Array;
}

function isEnabled(o: PyradiomicsOptions, cls: FeatureClass, feature: string): boolean {
  if (!o.classes) return true;
  const list = o.classes[cls];
  if (list === undefined) return false;
  return list.length === 0 || list.includes(feature);
}

/** Every enabled feature of one image type (`original`, `log-sigma-1-0-mm-3D`, `wavelet-LLH` …). */
export function pyradiomicsFeatures(
  roi: PyradiomicsRoi,
  options: PyradiomicsOptions,
  imageType = 'original',
): FeatureValue[] {
  checkEnabledFeatures(options.classes);
  const { image, intensityMask } = roi;
  if (intensityMask.length !== image.data.length)
    throw new Error('PyRadiomics features: mask and image sizes differ');
  const wants = (cls: FeatureClass): boolean => !options.classes || options.classes[cls] !== undefined;
  const out: FeatureValue[] = [];
  const emit = (cls: FeatureClass, values: Map<string, number>, aggregation: Aggregation): void => {
    for (const [name, ibsiId] of CLASS_FEATURES[cls]) {
      if (!isEnabled(options, cls, name)) continue;
      const full = `${imageType}_${cls}_${name}`;
      const family: FeatureFamily = cls === 'shape2D' ? 'shape' : cls;
      out.push({
        name: full,
        tag: full,
        ibsi_id: ibsiId,
        family,
        aggregation,
        value: values.get(name) ?? NaN,
      });
    }
  };

  const binned = binImage(image.data, intensityMask, binningOf(options));
  if (wants('firstorder')) {
    const levelCounts = new Float64Array(binned.nLevels);
    for (let n = 0; n < intensityMask.length; n++) if (intensityMask[n]) levelCounts[binned.levels[n] - 1]++;
    const [sx, sy, sz] = image.spacing;
    emit(
      'firstorder',
      firstOrderValues({
        sorted: maskedSorted(image.data, intensityMask),
        levelCounts,
        voxelVolume: sx * sy * sz,
        voxelArrayShift: options.voxelArrayShift ?? 0,
      }),
      'none',
    );
  }
  if (wants('shape') && roi.morphMask)
    emit('shape', shapeValues(shapeInput(roi.morphMask, image.size, image.spacing)), 'none');

  if (roi.morphMask) {
    const shape2D = shape2DOf(roi.morphMask, image, options, options.classes?.shape2D !== undefined);
    if (shape2D) emit('shape2D', shape2D, 'none');
  }

  const textureClasses = (['glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const).filter(wants);
  if (textureClasses.length === 0) return out;
  const twoD = options.force2D === true;
  const oriented = twoD
    ? sliceAxisFirst(binned.levels, image.size, options.force2Ddimension ?? 0)
    : { levels: binned.levels, size: image.size };
  const gridSpacing = orientSpacing(image.spacing, twoD ? (options.force2Ddimension ?? 0) : 0);
  const grid: TextureGrid = prepareTextureGrid({
    size: oriented.size,
    spacing: gridSpacing,
    levels: oriented.levels,
    nLevels: binned.nLevels,
  });
  const dim = twoD ? '2D' : '3D';
  const distances = options.distances ?? [1];
  const weighting = options.weightingNorm ? { norm: options.weightingNorm, spacing: gridSpacing } : undefined;
  const combinedAggregation: Aggregation = twoD ? '2_5D_comb' : '3D_comb';
  for (const cls of textureClasses) {
    switch (cls) {
      case 'glcm':
        emit(
          cls,
          glcmValues(grid, pyradiomicsAngles(distances, twoD), weighting),
          weighting ? combinedAggregation : twoD ? '2_5D_avg' : '3D_avg',
        );
        break;
      case 'glrlm':
        emit(
          cls,
          glrlmValues(grid, twoD ? DIRECTIONS_2D : DIRECTIONS_3D, weighting),
          weighting ? combinedAggregation : twoD ? '2_5D_avg' : '3D_avg',
        );
        break;
      case 'glszm':
        emit(cls, glszmValues(grid, dim), twoD ? '2_5D' : '3D');
        break;
      case 'gldm':
        emit(cls, gldmValues(grid, dim, distances, options.gldmAlpha ?? 0), twoD ? '2_5D' : '3D');
        break;
      case 'ngtdm':
        emit(cls, ngtdmValues(grid, dim, distances), twoD ? '2_5D' : '3D');
        break;
    }
  }
  return out;
}
