/** Settings of the A.K. profile (ak-features.md §2); the `paper` preset is the default. */
export type AllDirectionMode = 'inplane4' | 'itk13';

export interface AkSettings {
  /** Grey-level bins of the GLCM and run-length grey axis (and the histogram/GLSZM/Haralick discretisation). */
  bins: number;
  /** GLCM and run-length distances in voxels: the `offset<d>` names. The names file lists 1, 4, 7. */
  distances: number[];
  /** `inplane4`: AllDirection = mean and population SD of the 4 in-plane angles (paper); `itk13`: ITK's 13 directions. */
  allDirection: AllDirectionMode;
  /** Run-length length axis: [0, runLengthMax] mm in runLengthBins bins. */
  runLengthMax: number;
  runLengthBins: number;
}

export const PAPER_SETTINGS: Readonly<AkSettings> = Object.freeze({
  bins: 64,
  distances: [1, 4, 7],
  allDirection: 'inplane4',
  runLengthMax: 64,
  runLengthBins: 64,
});

/** Fills defaults and checks values; throws an error naming the bad setting. */
export function resolveAkSettings(partial: Partial<AkSettings> = {}): AkSettings {
  const s: AkSettings = { ...PAPER_SETTINGS, distances: [...PAPER_SETTINGS.distances], ...partial };
  if (!Number.isInteger(s.bins) || s.bins < 1)
    throw new Error(`ak setting "bins" must be a positive integer, got ${s.bins}`);
  if (
    !Array.isArray(s.distances) ||
    s.distances.length === 0 ||
    s.distances.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    throw new Error(
      `ak setting "distances" must be a non-empty list of positive integers, got ${JSON.stringify(s.distances)}`,
    );
  }
  if (s.allDirection !== 'inplane4' && s.allDirection !== 'itk13') {
    throw new Error(
      `ak setting "allDirection" must be "inplane4" or "itk13", got ${JSON.stringify(s.allDirection)}`,
    );
  }
  if (!(s.runLengthMax > 0) || !Number.isFinite(s.runLengthMax)) {
    throw new Error(`ak setting "runLengthMax" must be a positive number of mm, got ${s.runLengthMax}`);
  }
  if (!Number.isInteger(s.runLengthBins) || s.runLengthBins < 1) {
    throw new Error(`ak setting "runLengthBins" must be a positive integer, got ${s.runLengthBins}`);
  }
  return s;
}

const AK_KEYS: readonly (keyof AkSettings)[] = [
  'bins',
  'distances',
  'allDirection',
  'runLengthMax',
  'runLengthBins',
];

/**
 * A.K. settings from a settings object (a preset such as shared/presets/paper.json, or a user's file):
 * its `ak` block; where that block leaves `bins` out, a fixed-bin-number texture discretisation gives it.
 * Unknown keys in the `ak` block are an error.
 */
export function akSettingsFrom(raw: unknown, source = 'settings'): AkSettings {
  if (raw === undefined || raw === null) return resolveAkSettings();
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${source} must be an object`);
  const obj = raw as Record<string, unknown>;
  const block = obj.ak ?? {};
  if (typeof block !== 'object' || block === null || Array.isArray(block))
    throw new Error(`${source}: "ak" must be an object`);
  const partial: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(block)) {
    if (!(AK_KEYS as readonly string[]).includes(key)) {
      throw new Error(`${source}: unknown A.K. setting "ak.${key}" (known: ${AK_KEYS.join(', ')})`);
    }
    partial[key] = value;
  }
  const texture = (obj.discretisation as { texture?: { method?: unknown; bins?: unknown } } | undefined)
    ?.texture;
  if (partial.bins === undefined && texture?.method === 'fbn' && typeof texture.bins === 'number')
    partial.bins = texture.bins;
  try {
    return resolveAkSettings(partial as Partial<AkSettings>);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
}
