/**
 * The `ibsi` profile: every IBSI 1 feature family with IBSI definitions, in the aggregations the settings ask
 * for, tagged like the IBSI reference tables. Families run on the shared processed ROI (image/pipeline.ts).
 * With filters in settings.imageTypes (LoG, Mean, Wavelet), IBSI 2: the intensity statistics (and, opt-in,
 * histogram and texture) of each response map as well, prefixed `log_s1.5_…` (see filtered.ts); the
 * unfiltered features are always computed.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import type { PreparedRoi } from '../image/pipeline';
import { discretise } from '../image/discretise';
import type { AggregationDim, Discretisation, ResolvedSettings } from '../settings';
import { maskedSorted } from '../families/descriptive';
import { statisticsFeatures } from '../families/statistics';
import { intensityHistogramFeatures } from '../families/intensityHistogram';
import { ivhFeatures, ivhGrid } from '../families/ivh';
import { localIntensityFeatures } from '../families/localIntensity';
import { morphologyFeatures, morphologyInput } from '../families/morphology';
import { glcmFeatures } from '../texture/glcm';
import { glrlmFeatures } from '../texture/glrlm';
import { glszmFeatures } from '../texture/glszm';
import { gldzmFeatures } from '../texture/gldzm';
import { ngtdmFeatures } from '../texture/ngtdm';
import { ngldmFeatures } from '../texture/ngldm';
import { filteredImageFeatures } from './filtered';
import type { ProfileContext, RadiomicsProfile } from './registry';

/** Discretises the intensity mask of a processed ROI for texture/histogram use. */
export function discretiseRoi(prepared: PreparedRoi, method: Discretisation): DiscretisedRoi {
  const lower = prepared.resegRange?.[0] ?? null;
  const d = discretise(prepared.image.data, prepared.intensityMask, method, lower);
  return {
    size: prepared.image.size,
    spacing: prepared.image.spacing,
    levels: d.levels,
    nLevels: d.nLevels,
    morphMask: prepared.morphMask,
  };
}

const DIRECTIONAL: Record<AggregationDim, Aggregation[]> = {
  '2D': ['2D_avg', '2D_comb'],
  '2.5D': ['2_5D_avg', '2_5D_comb'],
  '3D': ['3D_avg', '3D_comb'],
};
const SLICE_VOLUME: Record<AggregationDim, Aggregation> = { '2D': '2D', '2.5D': '2_5D', '3D': '3D' };

/** Non-texture families: morphology, local intensity, statistics, intensity histogram, IVH. */
export function intensityAndShapeFeatures(prepared: PreparedRoi, settings: ResolvedSettings): FeatureValue[] {
  const { image, morphMask, intensityMask } = prepared;
  const sorted = maskedSorted(image.data, intensityMask);
  const hist = discretise(
    image.data,
    intensityMask,
    settings.discretisation.histogram,
    prepared.resegRange?.[0] ?? null,
  );
  const histLevels = maskedSorted(hist.levels, intensityMask);
  return [
    ...morphologyFeatures(morphologyInput(image, morphMask, intensityMask)),
    ...localIntensityFeatures(image, intensityMask),
    ...statisticsFeatures(sorted),
    ...intensityHistogramFeatures(histLevels, hist.nLevels),
    ...ivhFeatures(ivhGrid(sorted, settings.discretisation.ivh, prepared.resegRange)),
  ];
}

/** The six IBSI texture families on the discretised ROI. */
export function textureFeatures(roi: DiscretisedRoi, settings: ResolvedSettings): FeatureValue[] {
  const dims = settings.aggregation;
  const directional = dims.flatMap((d) => DIRECTIONAL[d]);
  const sliceVolume = dims.map((d) => SLICE_VOLUME[d]);
  const t = settings.texture;
  return [
    ...glcmFeatures(roi, { distance: t.glcmDistance, aggregations: directional }),
    ...glrlmFeatures(roi, { aggregations: directional }),
    ...glszmFeatures(roi, { aggregations: sliceVolume }),
    ...gldzmFeatures(roi, { aggregations: sliceVolume }),
    ...ngtdmFeatures(roi, { distance: t.ngtdmDistance, aggregations: sliceVolume }),
    ...ngldmFeatures(roi, { distance: t.ngldmDistance, alpha: t.ngldmCoarseness, aggregations: sliceVolume }),
  ];
}

export const ibsiProfile: RadiomicsProfile = {
  name: 'ibsi',
  description:
    'IBSI 1 features (morphology, local intensity, statistics, histograms, IVH, six texture matrices) with IBSI definitions',
  defaults: { discretisation: { texture: { method: 'fbn', bins: 32 } }, aggregation: ['3D'] },
  extract(ctx: ProfileContext): FeatureValue[] {
    const { prepared, settings } = ctx;
    const rows = [
      ...prepared.diagnostics,
      ...intensityAndShapeFeatures(prepared, settings),
      ...textureFeatures(discretiseRoi(prepared, settings.discretisation.texture), settings),
      // IBSI 2: the families settings.filtering asks for on each filtered response map (filtered.ts).
      ...filteredImageFeatures(ctx, textureFeatures),
    ];
    // In this profile a feature's name is its tag (unique, stable, a valid column name for export and models).
    return rows.map((f) => ({ ...f, name: f.tag }));
  },
};
