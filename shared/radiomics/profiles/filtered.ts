/**
 * IBSI 2 in the `ibsi` profile: intensity-based families on each filtered response map
 * (settings.imageTypes: LoG, Mean, Wavelet; `Original` is the profile's ordinary output).
 *
 * Rules (IBSI 2 reference manual, phase 2; its reference table lists only the 18 intensity statistics):
 * - filters run on the processed image (after interpolation and rounding), in 3D or slice by slice
 *   (settings.filtering.dims), mirror boundary unless settings.filtering.boundary says otherwise;
 * - the ROI on a response map is the intensity mask of the unfiltered image (re-segmented on the original
 *   intensities: a range in HU means nothing on a LoG response);
 * - statistics need no discretisation and are the default; `histogram` and `texture` (opt-in through
 *   settings.filtering.families) discretise the response inside that mask with a fixed bin number — the
 *   profile's histogram / texture discretisation, which must then be FBN (a bin width in image units has no
 *   meaning on a response map).
 *
 * Naming: `<map>_<tag>`, where <map> is
 *   `log_s<σ mm>` (LoG, σ as written in the settings: `log_s1.5`, `log_s2`), `mean_<support>` (`mean_5`),
 *   `wavelet_<wavelet>_<LLH…>` (`wavelet_coif1_LLH`), each followed by `_2D` when filtered slice by slice;
 * e.g. `log_s1.5_stat_mean`, `mean_5_2D_stat_var`, `wavelet_coif1_HHH_cm_joint_max_3D_avg`. `name` = `tag`
 * as everywhere in this profile; `ibsi_id`, `family` and `aggregation` are those of the unfiltered feature.
 */
import { discretise } from '../image/discretise';
import { maskedSorted } from '../families/descriptive';
import { intensityHistogramFeatures } from '../families/intensityHistogram';
import { statisticsFeatures } from '../families/statistics';
import { responseMapsOfContext, type ResponseMap } from '../filters/index';
import type { Discretisation, FilteredFamily, ResolvedSettings } from '../settings';
import type { DiscretisedRoi, FeatureValue } from '../types';
import type { ProfileContext } from './registry';

/** `log-sigma-1-5-mm-3D` → `log_s1.5`, `mean-5-2D` → `mean_5_2D`, `wavelet-LLH` → `wavelet_coif1_LLH`. */
export function filteredMapPrefix(imageType: string, wavelet = 'coif1'): string {
  const log = /^log-sigma-(\d+)-(\d+)-mm-(2D|3D)$/.exec(imageType);
  if (log) return `log_s${Number(`${log[1]}.${log[2]}`)}${log[3] === '2D' ? '_2D' : ''}`;
  const mean = /^mean-(\d+)-(2D|3D)$/.exec(imageType);
  if (mean) return `mean_${mean[1]}${mean[2] === '2D' ? '_2D' : ''}`;
  const wav = /^wavelet-([LH]{2,3})$/.exec(imageType);
  if (wav) return `wavelet_${wavelet}_${wav[1]}${wav[1].length === 2 ? '_2D' : ''}`;
  throw new Error(`unknown response map "${imageType}"`);
}

function fixedBinNumber(d: Discretisation, what: string): Discretisation {
  if (d.method !== 'fbn') {
    throw new Error(
      `the ${what} of filtered images needs a fixed bin number (discretisation.${what}.method "fbn"), not "${d.method}": ` +
        'response-map intensities are not in the image units a bin width is given in',
    );
  }
  return d;
}

/** The families asked for on one response map, unprefixed. */
function mapFeatures(
  map: ResponseMap,
  ctx: ProfileContext,
  families: readonly FilteredFamily[],
  texture: (roi: DiscretisedRoi, settings: ResolvedSettings) => FeatureValue[],
): FeatureValue[] {
  const { prepared, settings } = ctx;
  const data = map.image.data;
  const mask = prepared.intensityMask;
  const out: FeatureValue[] = [];
  if (families.includes('statistics')) out.push(...statisticsFeatures(maskedSorted(data, mask)));
  if (families.includes('histogram')) {
    const hist = discretise(data, mask, fixedBinNumber(settings.discretisation.histogram, 'histogram'), null);
    out.push(...intensityHistogramFeatures(maskedSorted(hist.levels, mask), hist.nLevels));
  }
  if (families.includes('texture')) {
    const d = discretise(data, mask, fixedBinNumber(settings.discretisation.texture, 'texture'), null);
    out.push(
      ...texture(
        {
          size: map.image.size,
          spacing: map.image.spacing,
          levels: d.levels,
          nLevels: d.nLevels,
          morphMask: prepared.morphMask,
        },
        settings,
      ),
    );
  }
  return out;
}

/**
 * Features of every filtered response map the settings enable, prefixed (see the module comment); empty
 * when no filter is enabled. `texture` computes the texture families (the profile's own function).
 */
export function filteredImageFeatures(
  ctx: ProfileContext,
  texture: (roi: DiscretisedRoi, settings: ResolvedSettings) => FeatureValue[],
): FeatureValue[] {
  const filtering = ctx.source?.settings?.filtering;
  const families = filtering?.families ?? ['statistics'];
  const maps = responseMapsOfContext(ctx, {
    dims: filtering?.dims ?? '3D',
    logConvention: 'ibsi',
    boundary: filtering?.boundary,
  });
  const wavelet = ctx.source?.settings?.imageTypes?.Wavelet?.wavelet ?? 'coif1';
  return maps.flatMap((map) => {
    const prefix = filteredMapPrefix(map.imageType, wavelet);
    return mapFeatures(map, ctx, families, texture).map((f) => ({
      ...f,
      name: `${prefix}_${f.tag}`,
      tag: `${prefix}_${f.tag}`,
    }));
  });
}
