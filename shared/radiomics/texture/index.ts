/**
 * IBSI texture families on a DiscretisedRoi. Entry points per family (glcmFeatures … ngldmFeatures), their
 * matrix builders for other profiles (buildGlcm, buildGlrlm, buildGlszm, buildGldzm, buildNgtdm, buildNgldm on a
 * TextureGrid from prepareTextureGrid), and textureFeatures() for all six at once.
 */
import type { Aggregation, DiscretisedRoi, FeatureValue } from '../types';
import { glcmFeaturesOfGrid } from './glcm';
import { gldzmFeaturesOfGrid } from './gldzm';
import { glrlmFeaturesOfGrid } from './glrlm';
import { glszmFeaturesOfGrid } from './glszm';
import { prepareTextureGrid } from './neighbourhood';
import { ngldmFeaturesOfGrid } from './ngldm';
import { ngtdmFeaturesOfGrid } from './ngtdm';

export * from './aggregation';
export * from './featureTable';
export * from './neighbourhood';
export {
  GLCM_FEATURES,
  buildGlcm,
  glcmStats,
  glcmFeatureValues,
  addGlcms,
  glcmFeatures,
  glcmFeaturesOfGrid,
} from './glcm';
export type { GlcmStats, GlcmOptions, GlcmBuildOptions } from './glcm';
export { GLRLM_FEATURES, buildGlrlm, glrlmFeatures, glrlmFeaturesOfGrid } from './glrlm';
export { GLSZM_FEATURES, buildGlszm, glszmFeatures, glszmFeaturesOfGrid } from './glszm';
export {
  GLDZM_FEATURES,
  buildGldzm,
  distanceZones,
  zoneBorderDistances,
  gldzmFeatures,
  gldzmFeaturesOfGrid,
} from './gldzm';
export type { DistanceZones } from './gldzm';
export {
  NGTDM_FEATURES,
  buildNgtdm,
  addNgtdms,
  ngtdmStats,
  ngtdmFeatures,
  ngtdmFeaturesOfGrid,
} from './ngtdm';
export type { Ngtdm, NgtdmStats, NgtdmOptions, NgtdmBuildOptions } from './ngtdm';
export { NGLDM_FEATURES, buildNgldm, ngldmFeatures, ngldmFeaturesOfGrid } from './ngldm';
export type { NgldmOptions, NgldmBuildOptions } from './ngldm';
export {
  levelSizeMatrixFromDense,
  levelSizeMatrixFromEntries,
  mergeLevelSizeMatrices,
  toDenseLevelSizeMatrix,
  levelSizeStats,
} from './levelSizeMatrix';
export type { LevelSizeMatrix, LevelSizeStats } from './levelSizeMatrix';

export type TextureFamily = 'glcm' | 'glrlm' | 'glszm' | 'gldzm' | 'ngtdm' | 'ngldm';
export const TEXTURE_FAMILIES: readonly TextureFamily[] = [
  'glcm',
  'glrlm',
  'glszm',
  'gldzm',
  'ngtdm',
  'ngldm',
];

export interface TextureOptions {
  /** Families to compute; all six when absent. */
  families?: readonly TextureFamily[];
  /** GLCM Chebyshev distance δ (IBSI default 1). */
  glcmDistance?: number;
  /** NGTDM neighbourhood distance δ (default 1). */
  ngtdmDistance?: number;
  /** NGLDM neighbourhood distance δ (default 1) and coarseness α (default 0). */
  ngldmDistance?: number;
  ngldmAlpha?: number;
  /**
   * Aggregations to keep, in IBSI terms; each family computes those it supports (GLCM/GLRLM: the six
   * *_avg/*_comb; the others: 2D, 2_5D, 3D). All when absent. E.g. ['2D_avg', '2D_comb', '2_5D_avg',
   * '2_5D_comb', '2D', '2_5D'] for a slice-wise (2D) configuration.
   */
  aggregations?: readonly Aggregation[];
}

/** All requested texture families on one ROI, the grid prepared once. */
export function textureFeatures(roi: DiscretisedRoi, options: TextureOptions = {}): FeatureValue[] {
  const grid = prepareTextureGrid(roi);
  const families = options.families ?? TEXTURE_FAMILIES;
  const pick = (supported: readonly Aggregation[]): Aggregation[] | undefined =>
    options.aggregations === undefined
      ? undefined
      : supported.filter((a) => options.aggregations?.includes(a));
  const directional = pick(['2D_avg', '2D_comb', '2_5D_avg', '2_5D_comb', '3D_avg', '3D_comb']);
  const sliceVolume = pick(['2D', '2_5D', '3D']);
  const out: FeatureValue[] = [];
  for (const family of families) {
    const agg = family === 'glcm' || family === 'glrlm' ? directional : sliceVolume;
    if (agg !== undefined && agg.length === 0) continue;
    switch (family) {
      case 'glcm':
        out.push(...glcmFeaturesOfGrid(grid, { distance: options.glcmDistance ?? 1, aggregations: agg }));
        break;
      case 'glrlm':
        out.push(...glrlmFeaturesOfGrid(grid, { aggregations: agg }));
        break;
      case 'glszm':
        out.push(...glszmFeaturesOfGrid(grid, { aggregations: agg }));
        break;
      case 'gldzm':
        out.push(...gldzmFeaturesOfGrid(grid, { aggregations: agg }));
        break;
      case 'ngtdm':
        out.push(...ngtdmFeaturesOfGrid(grid, { distance: options.ngtdmDistance ?? 1, aggregations: agg }));
        break;
      case 'ngldm':
        out.push(
          ...ngldmFeaturesOfGrid(grid, {
            distance: options.ngldmDistance ?? 1,
            alpha: options.ngldmAlpha ?? 0,
            aggregations: agg,
          }),
        );
        break;
    }
  }
  return out;
}
