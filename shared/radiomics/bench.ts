/**
 * Timing entry point for the benchmark (main/bench): the `ibsi` profile on one image + mask, stage by stage.
 * Typical use: the IBSI CT phantom NIfTI with loadPreset('ibsi-ct-a') and loadPreset('ibsi-ct-e').
 */
import type { MaskVolume, Volume } from '../image/volume';
import { prepareRoi } from './image/pipeline';
import { maskedSorted } from './families/descriptive';
import { morphologyFeatures, morphologyInput } from './families/morphology';
import { localIntensityFeatures } from './families/localIntensity';
import { statisticsFeatures } from './families/statistics';
import { discretiseRoi, ibsiProfile, intensityAndShapeFeatures, textureFeatures } from './profiles/ibsi';
import { mergeSettings, resolveSettings, type Settings } from './settings';

export interface IbsiTimings {
  /** Milliseconds per stage. */
  prepareMs: number;
  morphologyMs: number;
  localIntensityMs: number;
  statisticsMs: number;
  /** All non-texture families together (morphology, local intensity, statistics, IH, IVH). */
  nonTextureMs: number;
  textureMs: number;
  totalMs: number;
  features: number;
}

export function timeIbsiExtraction(
  volume: Volume,
  mask: MaskVolume,
  settings: Settings | undefined,
): IbsiTimings {
  const resolved = resolveSettings(mergeSettings(ibsiProfile.defaults, settings));
  const t0 = performance.now();
  const prepared = prepareRoi(volume, mask, resolved);
  const t1 = performance.now();
  morphologyFeatures(morphologyInput(prepared.image, prepared.morphMask, prepared.intensityMask));
  const t2 = performance.now();
  localIntensityFeatures(prepared.image, prepared.intensityMask);
  const t3 = performance.now();
  statisticsFeatures(maskedSorted(prepared.image.data, prepared.intensityMask));
  const t4 = performance.now();
  const nonTexture = intensityAndShapeFeatures(prepared, resolved);
  const t5 = performance.now();
  const texture = textureFeatures(discretiseRoi(prepared, resolved.discretisation.texture), resolved);
  const t6 = performance.now();
  return {
    prepareMs: t1 - t0,
    morphologyMs: t2 - t1,
    localIntensityMs: t3 - t2,
    statisticsMs: t4 - t3,
    nonTextureMs: t5 - t4,
    textureMs: t6 - t5,
    // the separate family timings above recompute what nonTexture does; the total counts each stage once
    totalMs: t1 - t0 + (t5 - t4) + (t6 - t5),
    features: prepared.diagnostics.length + nonTexture.length + texture.length,
  };
}
