/**
 * GLCM and run-length values for every direction × distance the settings ask for. The bin images are
 * built once and shared by all offsets; each offset gets its own matrix (ITK averages features, never
 * matrices). The GLCM is counted by texture/glcm.ts#buildGlcm on ITK's bins (glcm.ts).
 */
import { knuthMeanSd } from './aggregate';
import { ANGLES, ITK13_DIRECTIONS, scaleOffset, type Offset } from './directions';
import { buildGlcm } from '../texture/glcm';
import { itkGlcmFeatureValues, itkGlcmGrid } from './glcm';
import type { AkRoi } from './roi';
import { runBinImage, runLengthAxes, runLengthFeatureValues, runLengthMatrix } from './runLength';
import type { AkSettings } from './settings';

export interface DirectionalValues {
  /** Unit direction (one of ITK's 13). */
  direction: Offset;
  distance: number;
  /** GLCM_FEATURES order. */
  glcm: Float64Array;
  /** RUN_LENGTH_FEATURES order. */
  runLength: Float64Array;
}

export function directionsFor(settings: AkSettings): readonly Offset[] {
  return settings.allDirection === 'itk13' ? ITK13_DIRECTIONS : ANGLES.map((a) => a.direction);
}

export function directionalTexture(roi: AkRoi, settings: AkSettings): DirectionalValues[] {
  const ng = settings.bins;
  const glcmGrid = itkGlcmGrid(roi, ng);
  const axes = runLengthAxes(roi, ng, settings.runLengthMax, settings.runLengthBins);
  const runImage = runBinImage(roi, axes.grey);
  const out: DirectionalValues[] = [];
  for (const distance of settings.distances) {
    for (const direction of directionsFor(settings)) {
      const offset = scaleOffset(direction, distance);
      const glcm = itkGlcmFeatureValues(buildGlcm(glcmGrid, offset, { symmetric: true }), ng);
      const runLength = runLengthFeatureValues(
        runLengthMatrix(roi, runImage, axes, offset),
        ng,
        axes.length.n,
      );
      out.push({ direction, distance, glcm, runLength });
    }
  }
  return out;
}

/** Mean and population SD over directions (Knuth, as ITK) of feature `index` for one distance. */
export function allDirection(
  values: readonly DirectionalValues[],
  distance: number,
  pick: (v: DirectionalValues) => Float64Array,
  index: number,
): { mean: number; sd: number } {
  return knuthMeanSd(values.filter((v) => v.distance === distance).map((v) => pick(v)[index]));
}
