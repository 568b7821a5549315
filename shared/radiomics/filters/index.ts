/**
 * Response maps for the enabled image types, named as PyRadiomics names them: `original`,
 * `log-sigma-1-0-mm-3D`, `wavelet-LLH`, and (IBSI 2, not in PyRadiomics) `mean-5-3D`.
 * responseMapsOnRoi() filters only the neighbourhood of a processed ROI: the crop keeps the kernel radius
 * around the ROI grid, so every ROI voxel's response equals the whole-image response (the boundary rule
 * applies only where the crop meets the true image edge).
 */
import type { Vec3, Volume } from '../../image/volume';
import { worldToIndex } from '../../image/volume';
import { alignedGrid, resampleImage, roundHalfEven } from '../image/resample';
import { boundingBox, cropVolume, padBox, type BoundingBox } from '../image/roi';
import type { ProfileContext } from '../profiles/registry';
import type { ResolvedSettings } from '../settings';
import type { ImageTypes } from './imageTypes';
import { logFilter, logRadius } from './log';
import { meanFilter } from './mean';
import type { BoundaryMode, FilterDims } from './separable';
import { waveletDecompositions, waveletFilters } from './wavelet';

export type { ImageTypes } from './imageTypes';
export { logFilter, meanFilter, waveletDecompositions };

export interface ResponseMap {
  imageType: string;
  image: Volume;
}

export interface FilterOptions {
  /** '2D': slice by slice (PyRadiomics force2D, IBSI 2 configuration A); '3D' otherwise. */
  dims: FilterDims;
  /** LoG units: 'ibsi' (IBSI 2 references) or 'pyradiomics' (scale-normalised). */
  logConvention: 'ibsi' | 'pyradiomics';
  boundary?: BoundaryMode;
}

/** PyRadiomics writes σ with '-' for the decimal point: 1 → '1-0', 2.5 → '2-5'. */
export function sigmaLabel(sigma: number): string {
  return Number.isInteger(sigma) ? `${sigma}-0` : String(sigma).replace('.', '-');
}

/** Original image plus one map per enabled filter setting (no Original entry → no `original` map). */
export function responseMaps(image: Volume, types: ImageTypes, options: FilterOptions): ResponseMap[] {
  const out: ResponseMap[] = [];
  if (types.Original) out.push({ imageType: 'original', image });
  for (const sigma of types.LoG?.sigma ?? [])
    out.push({
      imageType: `log-sigma-${sigmaLabel(sigma)}-mm-${options.dims}`,
      image: logFilter(image, {
        sigma,
        dims: options.dims,
        convention: options.logConvention,
        boundary: options.boundary,
      }),
    });
  if (types.Wavelet)
    for (const [key, map] of waveletDecompositions(image, types.Wavelet.wavelet, options.dims))
      out.push({ imageType: `wavelet-${key}`, image: map });
  if (types.Mean)
    out.push({
      imageType: `mean-${types.Mean.support}-${options.dims}`,
      image: meanFilter(image, {
        support: types.Mean.support,
        dims: options.dims,
        boundary: options.boundary,
      }),
    });
  return out;
}

/** Voxels of context each axis needs so that the filters see the same neighbourhood as on the whole image. */
export function filterMargin(types: ImageTypes, spacing: Vec3, dims: FilterDims): Vec3 {
  const m: Vec3 = [0, 0, 0];
  const grow = (r: readonly number[]): void => r.forEach((v, a) => (m[a] = Math.max(m[a], v)));
  for (const sigma of types.LoG?.sigma ?? []) grow(logRadius(sigma, spacing));
  if (types.Wavelet) {
    const f = waveletFilters(types.Wavelet.wavelet).lo.length;
    grow([f, f, f]);
  }
  if (types.Mean) grow([types.Mean.support, types.Mean.support, types.Mean.support].map((s) => (s - 1) / 2));
  if (dims === '2D') m[2] = 0;
  return m;
}

/**
 * Response maps on the grid of `roiImage`, a crop of `processed` (e.g. PreparedRoi.image of the processed
 * image): filters `processed` around that crop plus the filter margin, then cuts the crop out again.
 */
export function responseMapsOnRoi(
  processed: Volume,
  roiImage: Volume,
  types: ImageTypes,
  options: FilterOptions,
): ResponseMap[] {
  const start = worldToIndex(processed, roiImage.origin).map((v) => Math.round(v)) as Vec3;
  const roiBox: BoundingBox = { lo: start, hi: start.map((v, a) => v + roiImage.size[a] - 1) as Vec3 };
  for (let a = 0; a < 3; a++)
    if (roiBox.lo[a] < 0 || roiBox.hi[a] >= processed.size[a])
      throw new Error('responseMapsOnRoi: the ROI grid is not inside the processed image');
  const padded = padBox(roiBox, filterMargin(types, processed.spacing, options.dims), processed.size);
  const context = cropVolume(processed, padded);
  const inner: BoundingBox = {
    lo: [0, 1, 2].map((a) => roiBox.lo[a] - padded.lo[a]) as Vec3,
    hi: [0, 1, 2].map((a) => roiBox.hi[a] - padded.lo[a]) as Vec3,
  };
  return responseMaps(context, types, options).map((r) => ({
    imageType: r.imageType,
    image: cropVolume(r.image, inner),
  }));
}

/** The processed (interpolated, rounded) whole image a PreparedRoi was cut from: what filters run on. */
export function processedImage(volume: Volume, settings: ResolvedSettings): Volume {
  const rs = settings.resampling;
  if (rs)
    return resampleImage(volume, alignedGrid(volume, rs.spacing), rs.interpolator, settings.roundIntensities);
  if (!settings.roundIntensities) return volume;
  return { ...volume, data: Float32Array.from(volume.data, roundHalfEven) };
}

/**
 * The filtered response maps of a profile's ROI (ctx.source.settings.imageTypes, without Original), on the
 * grid of ctx.prepared.image: for a profile to run its intensity-based families on each map, e.g.
 *   for (const m of responseMapsOfContext(ctx, { dims: '3D', logConvention: 'ibsi' }))
 *     rows.push(...statisticsFeatures(maskedSorted(m.image.data, ctx.prepared.intensityMask))
 *       .map((f) => ({ ...f, name: `${m.imageType}_${f.name}`, tag: `${m.imageType}_${f.tag}` })));
 * Filters see the processed whole image around the ROI (IBSI 2: filter after interpolation); the intensity
 * mask (re-segmented on the unfiltered image) stays the ROI. Empty when no filter is enabled.
 */
export function responseMapsOfContext(ctx: ProfileContext, options: FilterOptions): ResponseMap[] {
  const types = ctx.source?.settings?.imageTypes;
  if (!types || (!types.LoG && !types.Wavelet && !types.Mean)) return [];
  const filters: ImageTypes = { LoG: types.LoG, Wavelet: types.Wavelet, Mean: types.Mean };
  // Re-processing the whole image (a second interpolation) only when the prepared crop lacks context.
  const roiImage = ctx.prepared.image;
  const processed =
    ctx.source && !cropHoldsFilterContext(ctx, filters, options.dims)
      ? processedImage(ctx.source.volume, ctx.settings)
      : roiImage;
  return responseMapsOnRoi(processed, roiImage, filters, options);
}

/**
 * Whether ctx.prepared.image (a crop of the processed image) already holds the filter margin around the ROI
 * on every side, or reaches the processed image's own edge there: then filtering the crop gives every ROI
 * voxel its whole-image response (same neighbours; the same boundary rule at a true edge).
 */
export function cropHoldsFilterContext(ctx: ProfileContext, types: ImageTypes, dims: FilterDims): boolean {
  const { prepared, settings, source } = ctx;
  if (!source) return true;
  const grid = settings.resampling
    ? alignedGrid(source.volume, settings.resampling.spacing).geometry
    : source.volume;
  const start = worldToIndex(grid, prepared.image.origin).map((v) => Math.round(v));
  const box = boundingBox(prepared.morphMask, prepared.image.size); // the intensity mask lies inside it
  if (!box) return false;
  const margin = filterMargin(types, prepared.image.spacing, dims);
  const size = prepared.image.size;
  for (let a = 0; a < 3; a++) {
    const lowOk = box.lo[a] >= margin[a] || start[a] === 0;
    const highOk = size[a] - 1 - box.hi[a] >= margin[a] || start[a] + size[a] === prepared.processedSize[a];
    if (!lowOk || !highOk) return false;
  }
  return true;
}
