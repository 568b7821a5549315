/**
 * The A.K. profile (`--profile ak`, preset `paper`): 396 features under GE A.K.'s names, GLCM and run
 * length exactly as ITK 5.2.1 computes them (ak-features.md). Entry point: akFeatures().
 */
import type { Volume } from '../../image/volume';
import type { FeatureFamily, FeatureValue } from '../types';
import { FORM_FACTOR_FEATURES, roiMesh } from './formFactor';
import { GLCM_FEATURES, type GlcmFeatureName } from './glcm';
import { GLSZM_FEATURES, glszmValues } from './glszm';
import { HARALICK_FEATURES, haralickValues } from './haralick';
import { HISTOGRAM_FEATURES, intensitySample } from './histogram';
import { fixedBinGrid } from './discretise';
import { ANGLES } from './directions';
import { prepareRoi, type AkMask } from './roi';
import { RUN_LENGTH_FEATURES, type RunLengthFeatureName } from './runLength';
import { resolveAkSettings, type AkSettings } from './settings';
import { allDirection, directionalTexture, type DirectionalValues } from './texture';

export { PAPER_SETTINGS, resolveAkSettings, type AkSettings, type AllDirectionMode } from './settings';
export type { AkMask } from './roi';

/**
 * Families of the names file (`histogram`, `formfactor`, `glcm`, `rlm`, `glszm`, `haralick`) as the
 * FeatureFamily ids of shared/radiomics/types.ts.
 */
export const AK_FAMILY: Record<
  'histogram' | 'formfactor' | 'glcm' | 'rlm' | 'glszm' | 'haralick',
  FeatureFamily
> = {
  histogram: 'histogram',
  formfactor: 'form_factor',
  glcm: 'glcm',
  rlm: 'glrlm',
  glszm: 'glszm',
  haralick: 'haralick',
};

/** IBSI ids of the ITK texture features whose formula is IBSI's (Correlation and HaralickCorrelation are ITK's own). */
const TEXTURE_IBSI: Record<GlcmFeatureName | RunLengthFeatureName, string> = {
  GLCMEnergy: '8ZQL',
  GLCMEntropy: 'TU9B',
  Inertia: 'ACUI',
  Correlation: '',
  InverseDifferenceMoment: 'WF0Z',
  ClusterShade: '7NFM',
  ClusterProminence: 'AE86',
  HaralickCorrelation: '',
  ShortRunEmphasis: '22OV',
  LongRunEmphasis: 'W4KF',
  GreyLevelNonuniformity: 'R5YN',
  RunLengthNonuniformity: 'W92Y',
  LowGreyLevelRunEmphasis: 'V3SW',
  HighGreyLevelRunEmphasis: 'G3QZ',
  ShortRunLowGreyLevelEmphasis: 'HTZT',
  ShortRunHighGreyLevelEmphasis: 'GD3A',
  LongRunLowGreyLevelEmphasis: 'IVPO',
  LongRunHighGreyLevelEmphasis: '3KUM',
};

function feature(name: string, ibsi: string, family: FeatureFamily, value: number): FeatureValue {
  return { name, tag: name, ibsi_id: ibsi, family, aggregation: 'none', value };
}

/** The 18 variants of one texture feature, in the names file's order. */
function textureRows(
  values: readonly DirectionalValues[],
  settings: AkSettings,
  base: GlcmFeatureName | RunLengthFeatureName,
  family: FeatureFamily,
  pick: (v: DirectionalValues) => Float64Array,
  index: number,
): FeatureValue[] {
  const rows: FeatureValue[] = [];
  const ibsi = TEXTURE_IBSI[base];
  for (const d of settings.distances) {
    for (const angle of ANGLES) {
      const v = values.find(
        (x) =>
          x.distance === d &&
          x.direction[0] === angle.direction[0] &&
          x.direction[1] === angle.direction[1] &&
          x.direction[2] === angle.direction[2],
      );
      if (!v) throw new Error(`internal: no ${angle.name} value at distance ${d}`);
      rows.push(feature(`${base}_${angle.name}_offset${d}`, ibsi, family, pick(v)[index]));
    }
    const { mean, sd } = allDirection(values, d, pick, index);
    rows.push(feature(`${base}_AllDirection_offset${d}`, ibsi, family, mean));
    rows.push(feature(`${base}_AllDirection_offset${d}_SD`, '', family, sd));
  }
  return rows;
}

/**
 * All 396 A.K. features of one ROI (mask voxels equal to 1), names and order as ak-feature-names.txt.
 * `settings` defaults to the `paper` preset. The image must hold real-world values on the mask's grid.
 */
export function akFeatures(image: Volume, mask: AkMask, settings: Partial<AkSettings> = {}): FeatureValue[] {
  const s = resolveAkSettings(settings);
  const roi = prepareRoi(image, mask);
  const out: FeatureValue[] = [];

  const sample = intensitySample(roi.roiValues, s.bins);
  for (const f of HISTOGRAM_FEATURES)
    out.push(feature(f.name, f.ibsi, AK_FAMILY.histogram, f.compute(sample)));

  const mesh = roiMesh(roi);
  for (const f of FORM_FACTOR_FEATURES)
    out.push(feature(f.name, f.ibsi, AK_FAMILY.formfactor, f.compute(mesh)));

  const texture = directionalTexture(roi, s);
  GLCM_FEATURES.forEach((name, k) =>
    out.push(...textureRows(texture, s, name, AK_FAMILY.glcm, (v) => v.glcm, k)),
  );
  RUN_LENGTH_FEATURES.forEach((name, k) =>
    out.push(...textureRows(texture, s, name, AK_FAMILY.rlm, (v) => v.runLength, k)),
  );

  const levels = fixedBinGrid(roi, s.bins);
  const glszm = glszmValues(levels);
  GLSZM_FEATURES.forEach((f, k) => out.push(feature(f.name, f.ibsi, AK_FAMILY.glszm, glszm[k])));

  const haralick = haralickValues(levels);
  HARALICK_FEATURES.forEach((f, k) => out.push(feature(f.name, f.ibsi, AK_FAMILY.haralick, haralick[k])));
  return out;
}
