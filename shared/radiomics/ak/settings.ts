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
  if (!Number.isInteger(s.bins) || s.bins < 1) throw new Error(`ak setting "bins" must be a positive integer, got ${s.bins}`);
  if (!Array.isArray(s.distances) || s.distances.length === 0 || s.distances.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`ak setting "distances" must be a non-empty list of positive integers, got ${JSON.stringify(s.distances)}`);
  }
  if (s.allDirection !== 'inplane4' && s.allDirection !== 'itk13') {
    throw new Error(`ak setting "allDirection" must be "inplane4" or "itk13", got ${JSON.stringify(s.allDirection)}`);
  }
  if (!(s.runLengthMax > 0) || !Number.isFinite(s.runLengthMax)) {
    throw new Error(`ak setting "runLengthMax" must be a positive number of mm, got ${s.runLengthMax}`);
  }
  if (!Number.isInteger(s.runLengthBins) || s.runLengthBins < 1) {
    throw new Error(`ak setting "runLengthBins" must be a positive integer, got ${s.runLengthBins}`);
  }
  return s;
}
