/**
 * Extraction settings (IBSI 1 image processing + feature parameters), validated with zod.
 * A settings object is what a preset file (`shared/presets/*.json`) or a user's `--settings` file holds.
 * Every field is optional: what is left out falls back to the profile's defaults, then to "do nothing"
 * (no resampling, no re-segmentation).
 */
import { z } from 'zod';
import { ImageTypesSchema } from './filters/imageTypes';
import { BOUNDARY_MODES } from './filters/separable';
import { PyradiomicsOptionsSchema } from './pyradiomics/options';
import { pyradiomicsParamsToSettings } from './pyradiomics/params';

// Merging and resolving need no schema: they live in settingsMerge.ts, which worker threads load without zod.
export { mergeSettings, resolveSettings, type ResolvedSettings } from './settingsMerge';

export const INTERPOLATORS = ['none', 'nearest', 'linear', 'cubic'] as const;
export type Interpolator = (typeof INTERPOLATORS)[number];

const positive = z.number().positive();

/** How intensities become grey levels (IBSI 4.3.x): none (already 1..Ng integers), fixed bin number, fixed bin size. */
export const DiscretisationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }).strict(),
  z.object({ method: z.literal('fbn'), bins: z.number().int().min(1) }).strict(),
  z
    .object({
      method: z.literal('fbs'),
      width: positive,
      /** Lower edge of the first bin; default: the re-segmentation lower bound, else the ROI minimum. */
      min: z.number().optional(),
    })
    .strict(),
]);
export type Discretisation = z.infer<typeof DiscretisationSchema>;

export const ResamplingSchema = z
  .object({
    /** Target voxel size in mm per axis (i, j, k); null keeps that axis (2D in-plane resampling: [x, y, null]). */
    spacing: z.tuple([positive.nullable(), positive.nullable(), positive.nullable()]),
    interpolator: z.enum(INTERPOLATORS).default('linear'),
    /** ROI interpolation: linear + partial-volume threshold (IBSI), or nearest. */
    maskInterpolator: z.enum(['nearest', 'linear']).default('linear'),
    partialVolumeThreshold: z.number().gt(0).max(1).default(0.5),
  })
  .strict();

export const ResegmentationSchema = z
  .object({
    /** Inclusive intensity range kept in the intensity mask; null = open end. */
    range: z.tuple([z.number().nullable(), z.number().nullable()]).optional(),
    /** Outlier filter: drop voxels outside mean ± sigma·sd of the (range-filtered) ROI. IBSI uses 3. */
    outlierSigma: positive.optional(),
  })
  .strict();

/** Families the `ibsi` profile can compute on a filtered response map. */
export const FILTERED_FAMILIES = ['statistics', 'histogram', 'texture'] as const;
export type FilteredFamily = (typeof FILTERED_FAMILIES)[number];

export const FilteringSchema = z
  .object({
    /** '2D': filter slice by slice (IBSI 2 configuration A); '3D' (default): in 3D (configuration B). */
    dims: z.enum(['2D', '3D']).optional(),
    /**
     * Families on each response map. Default: statistics only — IBSI 2's reference values are the 18
     * intensity statistics; a histogram or texture on a response map needs its own (FBN) discretisation.
     */
    families: z.array(z.enum(FILTERED_FAMILIES)).min(1).optional(),
    /** Voxels beyond the image edge (IBSI 2: mirror, the default). */
    boundary: z.enum(BOUNDARY_MODES).optional(),
  })
  .strict();

/**
 * The `ak` block (A.K. profile, ak-features.md §2): overrides the paper settings field by field;
 * shared/radiomics/ak/settings.ts akSettingsFrom() reads it. E.g. `ak: { allDirection: itk13 }` for ITK's
 * 13-direction AllDirection.
 */
export const AkSettingsSchema = z
  .object({
    bins: z.number().int().min(1).optional(),
    distances: z.array(z.number().int().min(1)).min(1).optional(),
    allDirection: z.enum(['inplane4', 'itk13']).optional(),
    runLengthMax: z.number().positive().optional(),
    runLengthBins: z.number().int().min(1).optional(),
  })
  .strict();

export const AGGREGATION_DIMS = ['2D', '2.5D', '3D'] as const;
export type AggregationDim = (typeof AGGREGATION_DIMS)[number];

export const SettingsSchema = z
  .object({
    /** Free text: where these settings come from. */
    description: z.string().optional(),
    resampling: ResamplingSchema.optional(),
    /** Round intensities to the nearest integer after interpolation (IBSI: CT in HU). */
    roundIntensities: z.boolean().optional(),
    resegmentation: ResegmentationSchema.optional(),
    discretisation: z
      .object({
        /** Texture matrices. */
        texture: DiscretisationSchema.optional(),
        /** Intensity histogram; defaults to the texture discretisation. */
        histogram: DiscretisationSchema.optional(),
        /** Intensity-volume histogram (IBSI configs use a finer one, or none for integer HU). */
        ivh: DiscretisationSchema.optional(),
      })
      .strict()
      .optional(),
    /** Which texture aggregations to compute (IBSI configs A/B: 2D and 2.5D; C–E: 3D). */
    aggregation: z.array(z.enum(AGGREGATION_DIMS)).min(1).optional(),
    texture: z
      .object({
        glcmDistance: z.number().int().min(1).optional(),
        ngtdmDistance: z.number().int().min(1).optional(),
        ngldmDistance: z.number().int().min(1).optional(),
        ngldmCoarseness: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    /** Response maps to compute features on (Original, LoG, Wavelet, Mean); absent: the original image only. */
    imageTypes: ImageTypesSchema.optional(),
    /** How the `ibsi` profile filters and which families it computes on each response map (IBSI 2). */
    filtering: FilteringSchema.optional(),
    /** PyRadiomics-only options (its binning, voxelArrayShift, label, force2D, enabled classes). */
    pyradiomics: PyradiomicsOptionsSchema.optional(),
    /** A.K.-only settings (the `ak` profile). */
    ak: AkSettingsSchema.optional(),
  })
  .strict();

export type SettingsInput = z.input<typeof SettingsSchema>;
export type Settings = z.output<typeof SettingsSchema>;

/** Validates a parsed JSON/YAML object; the error names every offending field. */
export function parseSettings(raw: unknown, source = 'settings'): Settings {
  const pyrad = pyradiomicsParamsToSettings(raw);
  const result = SettingsSchema.safeParse(pyrad ?? raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid ${source}: ${problems.join('; ')}`);
  }
  return result.data;
}

const INTERPOLATOR_FROM_SITK: Record<string, Interpolator> = {
  sitkNearestNeighbor: 'nearest',
  sitkLinear: 'linear',
  sitkBSpline: 'cubic',
  sitkBSpline3: 'cubic',
};

/**
 * Maps a PyRadiomics parameter file (`setting:` / `featureClass:` keys) onto our settings, where it maps.
 * Returns null when `raw` is not such a file. Unknown PyRadiomics keys are ignored (they have no IBSI meaning here).
 */
export function fromPyradiomicsParams(raw: unknown): SettingsInput | null {
  if (!raw || typeof raw !== 'object') return null;
  const obj = raw as Record<string, unknown>;
  if (!('setting' in obj) && !('featureClass' in obj) && !('imageType' in obj)) return null;
  const setting = (obj.setting ?? {}) as Record<string, unknown>;
  const out: SettingsInput = { description: 'from a PyRadiomics parameter file' };
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const binWidth = num(setting.binWidth);
  const binCount = num(setting.binCount);
  if (binCount !== undefined) out.discretisation = { texture: { method: 'fbn', bins: binCount } };
  else out.discretisation = { texture: { method: 'fbs', width: binWidth ?? 25 } };
  const spacing = setting.resampledPixelSpacing;
  if (Array.isArray(spacing) && spacing.length === 3 && spacing.every((v) => typeof v === 'number')) {
    const sp = spacing as number[];
    const interp =
      typeof setting.interpolator === 'string' ? INTERPOLATOR_FROM_SITK[setting.interpolator] : undefined;
    out.resampling = {
      spacing: [sp[0] || null, sp[1] || null, sp[2] || null],
      interpolator: interp ?? 'cubic',
    };
  }
  const range = setting.resegmentRange;
  if (Array.isArray(range) && range.every((v) => typeof v === 'number')) {
    const mode = setting.resegmentMode;
    const r = range as number[];
    if (mode === 'sigma')
      out.resegmentation = { outlierSigma: Math.max(Math.abs(r[0]), Math.abs(r[1] ?? r[0])) };
    else out.resegmentation = { range: [r[0], r.length > 1 ? r[1] : null] };
  }
  const distances = setting.distances;
  if (Array.isArray(distances) && typeof distances[0] === 'number') {
    out.texture = { glcmDistance: distances[0], ngtdmDistance: distances[0], ngldmDistance: distances[0] };
  }
  const alpha = num(setting.gldm_a);
  if (alpha !== undefined) out.texture = { ...out.texture, ngldmCoarseness: alpha };
  if (setting.force2D === true) out.aggregation = ['2D'];
  return out;
}
