/**
 * How a radiomics feature is coded in a DICOM SR (docs/dicom-sr.md): its concept (IBSI code, else a code of
 * the private scheme 99RADSCORE derived from its name), the modifiers that pin the exact variant, and its
 * unit (UCUM).
 */
import { createHash } from 'node:crypto';
import { IBSI_AGGREGATION_NAMES, IBSI_FEATURE_NAMES } from '../../shared/radiomics/ibsiNames';
import type { Aggregation } from '../../shared/radiomics/types';
import type { FeatureMeta } from '../store/features';
import type { CodingScheme, SrMeasurement } from './sr';
import type { Code } from './write';

export const PRIVATE_SCHEME = '99RADSCORE';

export const CODING_SCHEMES: CodingScheme[] = [
  {
    designator: 'IBSI',
    name: 'Image Biomarker Standardisation Initiative feature identifiers',
    responsibleOrganization: 'IBSI (https://theibsi.github.io)',
    version: '1',
  },
  {
    designator: PRIVATE_SCHEME,
    name: 'Radscore Studio radiomics feature names (docs/dicom-sr.md)',
    responsibleOrganization: 'Radscore Studio',
  },
];

/**
 * HAS CONCEPT MOD TEXT (TID 1210): the exact feature behind an IBSI code (one IBSI code covers e.g. every
 * angle and offset of an A.K. GLCM feature).
 */
export const EQUIVALENT_MEANING: Code = {
  value: '121050',
  scheme: 'DCM',
  meaning: 'Equivalent Meaning of Concept Name',
};
/** HAS CONCEPT MOD CODE (TID 300 "Derivation"): a texture feature's IBSI aggregation method. */
export const DERIVATION: Code = { value: '121401', scheme: 'DCM', meaning: 'Derivation' };

/** Aggregation → IBSI aggregation code. */
const AGGREGATION_IDS: Record<Exclude<Aggregation, 'none'>, string> = {
  '2D_avg': 'BTW3',
  '2D_comb': 'SUJT',
  '2_5D_avg': 'JJUI',
  '2_5D_comb': 'ZW7Z',
  '3D_avg': 'ITBB',
  '3D_comb': 'IAZD',
  '2D': '8QNN',
  '2_5D': '62GR',
  '3D': 'KOBO',
};

/**
 * The private code of a feature name: "F" + the first 12 hexadecimal digits (upper case) of SHA-256 of the
 * name's UTF-8 bytes — stable, fits CodeValue (SH, 16), and anyone can recompute it from the name.
 * Code Meaning = the name (at most 64 characters; longer names are refused).
 */
export function privateFeatureCode(name: string): Code {
  if (name.length > 64) throw new Error(`feature name "${name}" is longer than a Code Meaning may be (64)`);
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 12).toUpperCase();
  return { value: `F${hash}`, scheme: PRIVATE_SCHEME, meaning: name };
}

/** UCUM units (PS3.16 CID 82: scheme UCUM, meaning as DICOM writes them). */
const UNIT = {
  none: { value: '1', scheme: 'UCUM', meaning: 'no units' },
  mm: { value: 'mm', scheme: 'UCUM', meaning: 'millimeter' },
  mm2: { value: 'mm2', scheme: 'UCUM', meaning: 'square millimeter' },
  mm3: { value: 'mm3', scheme: 'UCUM', meaning: 'cubic millimeter' },
  cm3: { value: 'cm3', scheme: 'UCUM', meaning: 'cubic centimeter' },
  perMm: { value: '/mm', scheme: 'UCUM', meaning: 'per millimeter' },
  voxels: { value: '{voxels}', scheme: 'UCUM', meaning: 'voxels' },
  hu: { value: "[hnsf'U]", scheme: 'UCUM', meaning: 'Hounsfield unit' },
  hu2: { value: "[hnsf'U]2", scheme: 'UCUM', meaning: 'Hounsfield unit squared' },
} satisfies Record<string, Code>;

const by = (patterns: RegExp[]) => (key: string) => patterns.some((p) => p.test(key));
const isVolume = by([/^morph_vol(ume|_approx)$/, /^VolumeMM$/, /_shape_(Mesh|Voxel)Volume$/]);
const isArea = by([/^morph_area_mesh$/, /^SurfaceArea$/, /_shape_SurfaceArea$/]);
const isPerLength = by([/^morph_av$/, /^SurfaceVolumeRatio$/, /_shape_SurfaceVolumeRatio$/]);
const isLength = by([
  /^morph_(com|diam|pca_(maj|min|least)_axis)$/,
  /^Maximum3DDiameter$/,
  /_shape_(Maximum[23]DDiameter\w*|(Major|Minor|Least)AxisLength)$/,
  /^vox_dim_[xyz]_/,
]);
const isVoxelCount = by([/_dim_[xyz]_/, /_vox_count_/, /^VolumeCC$/]);
/** Intensity-valued features: in the image's unit (HU for CT; MR signal has none) — first and second powers. */
const isIntensity = by([
  /^(stat_(mean|median|min|max|p10|p90|range|iqr|mad|rmad|medad|rms)|loc_peak_(loc|glob)|ivh_i\d+|ivh_diff_i\d+_i\d+)$/,
  /(mean|min|max)_int_/,
  /_firstorder_(Mean|Median|Minimum|Maximum|10Percentile|90Percentile|Range|InterquartileRange|MeanAbsoluteDeviation|RobustMeanAbsoluteDeviation|RootMeanSquared)$/,
]);
const isIntensitySquared = by([/^stat_(var|energy)$/, /_firstorder_Variance$/]);

/** The UCUM unit of a feature (by its tag, then its name), given the image modality. */
export function featureUnit(meta: Pick<FeatureMeta, 'name' | 'tag'>, modality: string): Code {
  const keys = [meta.tag, meta.name];
  if (keys.some(isVolume)) return meta.name === 'VolumeCC' ? UNIT.cm3 : UNIT.mm3;
  if (meta.name === 'VolumeCC') return UNIT.cm3;
  if (keys.some(isArea)) return UNIT.mm2;
  if (keys.some(isPerLength)) return UNIT.perMm;
  if (keys.some(isLength)) return UNIT.mm;
  if (keys.some(isVoxelCount)) return UNIT.voxels;
  if (modality === 'CT' && keys.some(isIntensity)) return UNIT.hu;
  if (modality === 'CT' && keys.some(isIntensitySquared)) return UNIT.hu2;
  return UNIT.none;
}

/**
 * A feature as an SR measurement: concept (IBSI code, else the private code of its name), modifiers (the
 * exact name as equivalent meaning of an IBSI code; the IBSI aggregation method as derivation) and unit.
 */
export function featureMeasurement(meta: FeatureMeta, value: number, modality: string): SrMeasurement {
  const ibsiName = meta.ibsi_id ? IBSI_FEATURE_NAMES[meta.ibsi_id] : undefined;
  const concept: Code = ibsiName
    ? { value: meta.ibsi_id, scheme: 'IBSI', meaning: ibsiName }
    : privateFeatureCode(meta.name);
  const modifiers: SrMeasurement['modifiers'] = [];
  if (ibsiName) modifiers.push({ concept: EQUIVALENT_MEANING, value: meta.name });
  if (meta.aggregation !== 'none') {
    const id = AGGREGATION_IDS[meta.aggregation];
    modifiers.push({
      concept: DERIVATION,
      value: { value: id, scheme: 'IBSI', meaning: IBSI_AGGREGATION_NAMES[id] },
    });
  }
  return { concept, value, unit: featureUnit(meta, modality), modifiers };
}
