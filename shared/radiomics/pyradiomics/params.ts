/**
 * PyRadiomics parameter files (`setting:` / `featureClass:` / `imageType:`, YAML or JSON, already parsed by
 * the caller) → our settings, where they map:
 *   binWidth, binCount, voxelArrayShift, label, force2D, force2Ddimension, distances, gldm_a → `pyradiomics`
 *   (and the shared discretisation / texture distances, for the `ibsi` profile);
 *   resampledPixelSpacing + interpolator → resampling; resegmentRange (+ resegmentMode absolute | sigma) →
 *   re-segmentation; normalize (+ normalizeScale, removeOutliers), weightingNorm, padDistance → `pyradiomics`;
 *   featureClass → enabled classes/features; imageType Original / LoG (sigma) / Wavelet (wavelet, level 1) →
 *   image types.
 * Keys without an effect on feature values here (additionalInfo, preCrop, padDistance …) are accepted;
 * anything else that would change values is refused with an error naming the key, never silently ignored.
 */
import type { SettingsInput } from '../settings';
import type { ImageTypes } from '../filters/imageTypes';
import { checkEnabledFeatures } from './extract';
import { FEATURE_CLASSES, type FeatureClass, type PyradiomicsOptions } from './options';

/** Keys PyRadiomics reads that change nothing in the values we compute (or only its logging/diagnostics). */
const HARMLESS_SETTINGS = new Set([
  'additionalInfo',
  'enableCExtensions',
  'geometryTolerance',
  'correctMask',
  'minimumROIDimensions',
  'minimumROISize',
  'preCrop',
  'label_channel',
]);

const INTERPOLATORS: Record<string, 'nearest' | 'linear' | 'cubic'> = {
  sitkNearestNeighbor: 'nearest',
  sitkLinear: 'linear',
  sitkBSpline: 'cubic',
  sitkBSpline3: 'cubic',
  // SimpleITK's enum values, which PyRadiomics also accepts
  '1': 'nearest',
  '2': 'linear',
  '3': 'cubic',
};

export class PyradiomicsParamsError extends Error {}

const fail = (message: string): never => {
  throw new PyradiomicsParamsError(`PyRadiomics parameter file: ${message}`);
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberOf(key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(`setting "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v as number;
}

function numberList(key: string, v: unknown): number[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => numberOf(key, x));
}

/** True when `raw` looks like a PyRadiomics parameter file rather than one of our settings files. */
export function isPyradiomicsParams(raw: unknown): raw is Record<string, unknown> {
  return (
    isRecord(raw) &&
    ('setting' in raw || 'featureClass' in raw || 'imageType' in raw || 'voxelSetting' in raw)
  );
}

/** Filter keys allowed in `setting:` or inside an image type, collected onto the image types. */
function filterKey(
  key: string,
  value: unknown,
  where: string,
  filters: { sigma?: number[]; wavelet?: string },
): boolean {
  switch (key) {
    case 'sigma':
      filters.sigma = numberList(`${where}sigma`, value);
      return true;
    case 'wavelet':
      if (value !== 'coif1' && value !== 'haar')
        fail(`${where}wavelet "${String(value)}" is not supported (available: coif1, haar)`);
      filters.wavelet = value as string;
      return true;
    case 'start_level':
      if (value !== 0) fail(`${where}start_level ${String(value)} is not supported (only 0)`);
      return true;
    case 'level':
      if (value !== 1) fail(`${where}level ${String(value)} is not supported (only 1)`);
      return true;
    default:
      return false;
  }
}

/**
 * Maps a PyRadiomics parameter file onto settings; null when `raw` is not one (then it is our own format).
 * Throws PyradiomicsParamsError naming the first unsupported key or value.
 */
export function pyradiomicsParamsToSettings(raw: unknown): SettingsInput | null {
  if (!isPyradiomicsParams(raw)) return null;
  for (const key of Object.keys(raw))
    if (!['setting', 'featureClass', 'imageType'].includes(key))
      fail(`unsupported top-level key "${key}" (supported: setting, featureClass, imageType)`);

  const rawSetting = raw.setting ?? {};
  if (!isRecord(rawSetting)) fail('"setting" must be a mapping');
  const setting = rawSetting as Record<string, unknown>;
  const py: PyradiomicsOptions = {};
  const out: SettingsInput = { description: 'from a PyRadiomics parameter file' };
  const filters: { sigma?: number[]; wavelet?: string } = {};
  let resegMode = 'absolute';
  let resegRange: number[] | null = null;
  let spacing: number[] | null = null;
  let interpolator: 'nearest' | 'linear' | 'cubic' = 'cubic'; // PyRadiomics' default sitkBSpline

  for (const [key, value] of Object.entries(setting)) {
    if (HARMLESS_SETTINGS.has(key) || filterKey(key, value, 'setting ', filters)) continue;
    switch (key) {
      case 'binWidth':
        py.binWidth = numberOf(key, value);
        break;
      case 'binCount':
        if (value !== null) py.binCount = numberOf(key, value);
        break;
      case 'padDistance':
        py.padDistance = numberOf(key, value);
        break;
      case 'voxelArrayShift':
        py.voxelArrayShift = numberOf(key, value);
        break;
      case 'label':
        py.label = numberOf(key, value);
        break;
      case 'force2D':
        if (typeof value !== 'boolean') fail(`setting "force2D" must be true or false`);
        py.force2D = value as boolean;
        break;
      case 'force2Ddimension': {
        const d = numberOf(key, value);
        if (d !== 0 && d !== 1 && d !== 2) fail(`setting "force2Ddimension" must be 0, 1 or 2, got ${d}`);
        py.force2Ddimension = d as 0 | 1 | 2;
        break;
      }
      case 'distances':
        py.distances = numberList(key, value);
        if (!py.distances.every((d) => Number.isInteger(d) && d >= 1))
          fail(`setting "distances" must be positive integers`);
        break;
      case 'gldm_a':
        py.gldmAlpha = numberOf(key, value);
        break;
      case 'resampledPixelSpacing':
        if (value !== null) {
          spacing = numberList(key, value);
          if (spacing.length !== 3)
            fail(`setting "resampledPixelSpacing" needs 3 values, got ${spacing.length}`);
        }
        break;
      case 'interpolator':
        if (value !== null) {
          const mapped = INTERPOLATORS[String(value)];
          if (!mapped)
            fail(
              `setting "interpolator" ${String(value)} is not supported (supported: sitkNearestNeighbor, sitkLinear, sitkBSpline)`,
            );
          interpolator = mapped as typeof interpolator;
        }
        break;
      case 'resegmentRange':
        if (value !== null) resegRange = numberList(key, value);
        break;
      case 'resegmentMode':
        if (value !== 'absolute' && value !== 'sigma')
          fail(`setting "resegmentMode" ${String(value)} is not supported (supported: absolute, sigma)`);
        resegMode = value as string;
        break;
      case 'symmetricalGLCM':
        if (value !== true) fail('setting "symmetricalGLCM" false is not supported (the GLCM is symmetric)');
        break;
      case 'weightingNorm':
        if (value === null) break;
        if (!['manhattan', 'euclidean', 'infinity', 'no_weighting'].includes(String(value)))
          fail(
            `setting "weightingNorm" ${String(value)} is not supported (supported: manhattan, euclidean, infinity, no_weighting)`,
          );
        py.weightingNorm = value as PyradiomicsOptions['weightingNorm'];
        break;
      case 'normalize':
        if (typeof value !== 'boolean') fail('setting "normalize" must be true or false');
        if (value) py.normalize = { scale: 1 };
        break;
      case 'normalizeScale':
      case 'removeOutliers':
        break; // read with normalize below
      default:
        fail(`unsupported setting "${key}"`);
    }
  }
  if (py.normalize) {
    const scale = setting.normalizeScale ?? 1;
    const outliers = setting.removeOutliers ?? null;
    py.normalize = { scale: numberOf('normalizeScale', scale) };
    if (outliers !== null) py.normalize.removeOutliers = numberOf('removeOutliers', outliers);
  } else if (setting.removeOutliers !== undefined && setting.removeOutliers !== null)
    fail('setting "removeOutliers" needs normalize: true');

  // shared (IBSI) settings the `ibsi` profile reads
  if (py.binCount !== undefined) out.discretisation = { texture: { method: 'fbn', bins: py.binCount } };
  else out.discretisation = { texture: { method: 'fbs', width: py.binWidth ?? 25 } };
  if (spacing) {
    const sp = spacing;
    out.resampling = { spacing: [sp[0] || null, sp[1] || null, sp[2] || null], interpolator };
  }
  if (resegRange) {
    const r = resegRange;
    if (r.length < 1 || r.length > 2) fail(`setting "resegmentRange" needs 1 or 2 values, got ${r.length}`);
    if (resegMode === 'sigma') {
      if (r.length !== 2 || r[0] !== -r[1])
        fail('setting "resegmentRange" with resegmentMode sigma must be symmetric, e.g. [-3, 3]');
      out.resegmentation = { outlierSigma: Math.abs(r[1]) };
    } else out.resegmentation = { range: [r[0], r.length > 1 ? r[1] : null] };
  }
  if (py.distances) {
    const d = Math.max(...py.distances);
    out.texture = { glcmDistance: d, ngtdmDistance: d, ngldmDistance: d };
  }
  if (py.gldmAlpha !== undefined) out.texture = { ...out.texture, ngldmCoarseness: py.gldmAlpha };
  if (py.force2D) out.aggregation = ['2.5D'];

  // featureClass: class → null / [] (all) or a list of feature names
  if (raw.featureClass !== undefined && raw.featureClass !== null) {
    if (!isRecord(raw.featureClass)) fail('"featureClass" must be a mapping of class → feature list');
    const classes: Partial<Record<FeatureClass, string[]>> = {};
    for (const [cls, list] of Object.entries(raw.featureClass as Record<string, unknown>)) {
      if (!(FEATURE_CLASSES as readonly string[]).includes(cls))
        fail(`unsupported feature class "${cls}" (supported: ${FEATURE_CLASSES.join(', ')})`);
      if (list !== null && !(Array.isArray(list) && list.every((x) => typeof x === 'string')))
        fail(`featureClass "${cls}" must list feature names`);
      classes[cls as FeatureClass] = (list as string[] | null) ?? [];
    }
    try {
      checkEnabledFeatures(classes);
    } catch (err) {
      fail((err as Error).message);
    }
    py.classes = classes;
  }

  // imageType: Original / LoG / Wavelet, each with optional filter settings
  const imageTypes: ImageTypes = {};
  const types = raw.imageType ?? { Original: {} };
  if (!isRecord(types)) fail('"imageType" must be a mapping');
  for (const [type, custom] of Object.entries(types as Record<string, unknown>)) {
    if (!['Original', 'LoG', 'Wavelet'].includes(type))
      fail(`unsupported image type "${type}" (supported: Original, LoG, Wavelet)`);
    const own: { sigma?: number[]; wavelet?: string } = {};
    if (custom !== null && custom !== undefined) {
      if (!isRecord(custom)) fail(`imageType "${type}" settings must be a mapping`);
      for (const [key, value] of Object.entries(custom as Record<string, unknown>))
        if (!filterKey(key, value, `imageType ${type} `, own))
          fail(
            `unsupported setting "${key}" for image type ${type} (only sigma, wavelet, start_level, level)`,
          );
    }
    if (type === 'Original') imageTypes.Original = {};
    if (type === 'LoG') {
      const sigma = own.sigma ?? filters.sigma;
      if (!sigma || sigma.length === 0) fail('image type LoG needs "sigma" (a list of σ in mm)');
      imageTypes.LoG = { sigma: sigma as number[] };
    }
    if (type === 'Wavelet')
      imageTypes.Wavelet = { wavelet: (own.wavelet ?? filters.wavelet ?? 'coif1') as 'coif1' | 'haar' };
  }
  out.imageTypes = imageTypes;
  out.pyradiomics = py;
  return out;
}
