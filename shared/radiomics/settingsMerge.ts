/**
 * Layering and resolving settings objects (settings.ts validates them). Kept apart from the zod schemas so
 * that the feature engine, in worker threads, loads without them.
 */
import type { z } from 'zod';
import type { AggregationDim, Discretisation, ResamplingSchema, Settings } from './settings';

type Resampling = z.output<typeof ResamplingSchema>;

/** Settings with every choice made: what the pipeline and families read. */
export interface ResolvedSettings {
  resampling: Resampling | null;
  roundIntensities: boolean;
  resegmentation: { range: [number | null, number | null] | null; outlierSigma: number | null };
  discretisation: { texture: Discretisation; histogram: Discretisation; ivh: Discretisation | null };
  aggregation: AggregationDim[];
  texture: { glcmDistance: number; ngtdmDistance: number; ngldmDistance: number; ngldmCoarseness: number };
}

/**
 * Layers settings: later objects override earlier ones field by field (one level deep for the nested
 * objects), so a user file can change only the bin width of a preset.
 */
export function mergeSettings(...layers: (Settings | undefined)[]): Settings {
  const out: Settings = {};
  for (const s of layers) {
    if (!s) continue;
    if (s.description !== undefined) out.description = s.description;
    if (s.resampling !== undefined) out.resampling = s.resampling;
    if (s.roundIntensities !== undefined) out.roundIntensities = s.roundIntensities;
    if (s.resegmentation !== undefined) out.resegmentation = { ...out.resegmentation, ...s.resegmentation };
    if (s.discretisation !== undefined) out.discretisation = { ...out.discretisation, ...s.discretisation };
    if (s.aggregation !== undefined) out.aggregation = s.aggregation;
    if (s.texture !== undefined) out.texture = { ...out.texture, ...s.texture };
    if (s.imageTypes !== undefined) out.imageTypes = s.imageTypes;
    if (s.filtering !== undefined) out.filtering = { ...out.filtering, ...s.filtering };
    if (s.pyradiomics !== undefined) out.pyradiomics = { ...out.pyradiomics, ...s.pyradiomics };
    if (s.ak !== undefined) out.ak = { ...out.ak, ...s.ak };
  }
  return out;
}

/** Fills every default: no resampling, no re-segmentation, FBN 32 unless a profile/preset says otherwise. */
export function resolveSettings(s: Settings): ResolvedSettings {
  const texture = s.discretisation?.texture ?? { method: 'fbn', bins: 32 };
  const resampling =
    s.resampling && s.resampling.interpolator !== 'none' && s.resampling.spacing.some((v) => v !== null)
      ? s.resampling
      : null;
  return {
    resampling,
    roundIntensities: s.roundIntensities ?? false,
    resegmentation: {
      range: s.resegmentation?.range ?? null,
      outlierSigma: s.resegmentation?.outlierSigma ?? null,
    },
    discretisation: {
      texture,
      histogram: s.discretisation?.histogram ?? texture,
      ivh: s.discretisation?.ivh ?? null,
    },
    aggregation: s.aggregation ?? ['3D'],
    texture: {
      glcmDistance: s.texture?.glcmDistance ?? 1,
      ngtdmDistance: s.texture?.ngtdmDistance ?? 1,
      ngldmDistance: s.texture?.ngldmDistance ?? 1,
      ngldmCoarseness: s.texture?.ngldmCoarseness ?? 0,
    },
  };
}
