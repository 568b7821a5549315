/**
 * Extraction settings in the user's words: which shipped preset a stored settings object is (by content, so
 * a feature set extracted with `--preset paper` and one with an identical settings file are both "paper"),
 * and the settings as a readable table (one row per choice that changes the numbers) for the feature-set
 * list, the model page and the report.
 */
import { PAPER_SETTINGS } from '../radiomics/ak/settings';
import type { Discretisation, Settings } from '../radiomics/settings';
import { loadPreset, presetNames } from './index';

export interface PresetInfo {
  name: string;
  description: string;
}

export interface SettingRow {
  setting: string;
  value: string;
}

/** Deep equality of parsed JSON values (object key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function withoutDescription(s: unknown): unknown {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  const { description: _ignored, ...rest } = s as Record<string, unknown>;
  return rest;
}

/**
 * The shipped preset whose settings equal `settings` (its free-text description aside, which is not a
 * setting), or null (custom settings, or none: the profile's defaults).
 */
export function matchPreset(settings: unknown): PresetInfo | null {
  if (!settings || typeof settings !== 'object') return null;
  const own = withoutDescription(settings);
  for (const name of presetNames()) {
    const preset = loadPreset(name);
    if (sameJson(own, withoutDescription(preset))) return { name, description: preset.description ?? '' };
  }
  return null;
}

const join = (v: readonly (number | string)[]) => v.join(', ');

function binning(d: Discretisation | undefined, fallback: string): string {
  if (!d) return fallback;
  if (d.method === 'none') return 'none (intensities are already grey levels)';
  if (d.method === 'fbn') return `${d.bins} grey levels over the ROI's own range (fixed bin number)`;
  return `bins ${d.width} units wide${d.min !== undefined ? ` from ${d.min}` : ''} (fixed bin size)`;
}

/**
 * The settings of an extraction as rows a reader can check, for `profile` (ak, ibsi, pyradiomics). Null or
 * absent settings are the profile's defaults; the A.K. profile's own choices are spelt out.
 */
export function settingsRows(settings: Settings | null | undefined, profile: string): SettingRow[] {
  const s: Settings = settings ?? {};
  const rows: SettingRow[] = [];
  const r = s.resampling;
  rows.push({
    setting: 'Resampling',
    value: r
      ? `to ${r.spacing.map((v) => (v === null ? 'unchanged' : `${v} mm`)).join(' × ')} (${r.interpolator} interpolation; ROI ${r.maskInterpolator}, kept where ≥ ${r.partialVolumeThreshold})`
      : 'none (the images’ own voxel size)',
  });
  rows.push({ setting: 'Intensity rounding', value: s.roundIntensities ? 'to whole numbers' : 'none' });
  const rs = s.resegmentation;
  const resegParts: string[] = [];
  if (rs?.range)
    resegParts.push(`only intensities from ${rs.range[0] ?? '−∞'} to ${rs.range[1] ?? '+∞'} kept`);
  if (rs?.outlierSigma !== undefined)
    resegParts.push(`values beyond ${rs.outlierSigma} SD of the ROI mean left out`);
  rows.push({ setting: 'Re-segmentation', value: resegParts.length ? resegParts.join('; ') : 'none' });
  const d = s.discretisation;
  rows.push({
    setting: 'Grey levels (texture)',
    value: binning(
      d?.texture,
      profile === 'ak'
        ? `${PAPER_SETTINGS.bins} grey levels over the ROI's own range`
        : 'the profile’s default',
    ),
  });
  if (d?.histogram) rows.push({ setting: 'Grey levels (histogram)', value: binning(d.histogram, '') });
  if (d?.ivh) rows.push({ setting: 'Grey levels (intensity-volume histogram)', value: binning(d.ivh, '') });
  if (s.aggregation) rows.push({ setting: 'Texture computed', value: join(s.aggregation) });
  const t = s.texture;
  if (t)
    rows.push({
      setting: 'Texture neighbour distance',
      value: [
        t.glcmDistance !== undefined ? `co-occurrence ${t.glcmDistance}` : null,
        t.ngtdmDistance !== undefined ? `NGTDM ${t.ngtdmDistance}` : null,
        t.ngldmDistance !== undefined ? `NGLDM ${t.ngldmDistance}` : null,
        t.ngldmCoarseness !== undefined ? `NGLDM coarseness ${t.ngldmCoarseness}` : null,
      ]
        .filter(Boolean)
        .join(', '),
    });
  if (s.imageTypes) rows.push({ setting: 'Images', value: Object.keys(s.imageTypes).join(', ') });
  if (s.filtering)
    rows.push({
      setting: 'Filtering',
      value: [s.filtering.dims, s.filtering.families?.join('/'), s.filtering.boundary]
        .filter(Boolean)
        .join(', '),
    });
  if (profile === 'ak') {
    const ak = { ...PAPER_SETTINGS, ...(s.ak ?? {}) };
    rows.push({
      setting: 'A.K. texture',
      value:
        `${ak.bins} grey levels; distances ${join(ak.distances)} voxels; ` +
        (ak.allDirection === 'inplane4'
          ? 'averaged over the 4 in-plane directions'
          : 'averaged over 13 directions in 3D') +
        `; run lengths 0–${ak.runLengthMax} mm in ${ak.runLengthBins} steps`,
    });
  }
  if (s.pyradiomics)
    rows.push({
      setting: 'PyRadiomics options',
      value: Object.entries(s.pyradiomics)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
        .join(', '),
    });
  return rows;
}

/** "paper", "custom settings" or "profile defaults": what to call the settings of a feature set. */
export function presetLabel(settings: unknown): string {
  if (settings === null || settings === undefined) return 'none (profile defaults)';
  return matchPreset(settings)?.name ?? 'none (custom settings)';
}
