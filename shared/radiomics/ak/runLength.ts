/**
 * Run length of the A.K. profile, exactly as ITK 5.2.1 computes it (`ScalarImageToRunLengthMatrixFilter`,
 * `HistogramToRunLengthFeaturesFilter`), ak-features.md §5.
 *
 * Runs start at ROI voxels (raster order, not yet visited) and continue along the offset through the
 * whole image — outside the ROI too — while the voxel stays in the start voxel's grey bin. A run's length
 * is the Euclidean physical distance (mm) between its first and last voxel centres. r(i, j) counts runs
 * of grey bin i and length bin j, both 1-based in the formulas; Nr = Σ r.
 *
 * The matrix is ITK's own, not IBSI's (texture/glrlm.ts#buildGlrlm, runs inside the ROI, lengths in
 * voxels), so it is built here; its features are IBSI's formulas, so they are texture/glrlm.ts's.
 */
import * as T from '../texture/glrlm';
import { levelSizeMatrixFromDense, levelSizeStats, type LevelSizeStats } from '../texture/levelSizeMatrix';
import { binOf, itkBins, runGreyBins, type ItkBins } from './binning';
import type { Offset } from './directions';
import type { AkRoi } from './roi';

export const RUN_LENGTH_FEATURES = [
  'ShortRunEmphasis',
  'LongRunEmphasis',
  'GreyLevelNonuniformity',
  'RunLengthNonuniformity',
  'LowGreyLevelRunEmphasis',
  'HighGreyLevelRunEmphasis',
  'ShortRunLowGreyLevelEmphasis',
  'ShortRunHighGreyLevelEmphasis',
  'LongRunLowGreyLevelEmphasis',
  'LongRunHighGreyLevelEmphasis',
] as const;
export type RunLengthFeatureName = (typeof RUN_LENGTH_FEATURES)[number];

export interface RunLengthAxes {
  grey: ItkBins;
  length: ItkBins;
}

export function runLengthAxes(
  roi: AkRoi,
  greyBins: number,
  lengthMax: number,
  lengthBins: number,
): RunLengthAxes {
  if (!(lengthMax > 0)) throw new Error(`run-length range must end above 0 mm, got ${lengthMax}`);
  return { grey: runGreyBins(roi.min, roi.max, greyBins), length: itkBins(0, lengthMax, lengthBins) };
}

/** Grey bin of every cropped ROI voxel (−1 outside the ROI); the start condition of a run. */
export function runBinImage(roi: AkRoi, grey: ItkBins): Int32Array {
  const out = new Int32Array(roi.values.length).fill(-1);
  for (let n = 0; n < out.length; n++) if (roi.inRoi[n]) out[n] = binOf(grey, roi.values[n], true);
  return out;
}

/** Length bin (ITK `GetIndex` on [0, max]): ⌊length / width⌋ by the float32 edges; exactly max → last bin; beyond → −1. */
function lengthBin(axis: ItkBins, length: number): number {
  const top = axis.edges[axis.n];
  if (length >= top) {
    // ITK keeps a value that is AlmostEqual to the upper bound in the last bin.
    return Math.abs(length - top) <= 4 * Number.EPSILON * top ? axis.n - 1 : -1;
  }
  return binOf(axis, length, true);
}

/** Physical position (mm) of an index, accumulated left to right as ITK's TransformIndexToPhysicalPoint. */
function physicalMatrix(roi: AkRoi): Float64Array {
  const { direction: d, spacing: s } = roi.image;
  const m = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m[3 * r + c] = d[3 * r + c] * s[c];
  return m;
}

/**
 * Run-length matrix for one offset: counts[greyBin * lengthBins + lengthBin].
 * `binImage` is runBinImage(roi, axes.grey), shared between offsets.
 */
export function runLengthMatrix(
  roi: AkRoi,
  binImage: Int32Array,
  axes: RunLengthAxes,
  offset: Offset,
): Float64Array {
  // Flip so that the last non-zero component is positive: runs then go forward in raster order.
  let o: [number, number, number] = [offset[0], offset[1], offset[2]];
  const last = o[2] !== 0 ? o[2] : o[1] !== 0 ? o[1] : o[0];
  if (last === 0) throw new Error('run-length offset must not be zero');
  if (last < 0) o = [-o[0], -o[1], -o[2]];
  const [ox, oy, oz] = o;
  const { grey, length } = axes;
  const ng = grey.n;
  const nl = length.n;
  const counts = new Float64Array(ng * nl);
  const image = roi.image;
  const [nx, ny, nz] = image.size;
  const data = image.data;
  const [cx, cy, cz] = roi.size;
  const [lx, ly, lz] = roi.lo;
  const visited = new Uint8Array(binImage.length);
  const cStep = ox + cx * (oy + cy * oz);
  const iStep = ox + nx * (oy + ny * oz);
  const M = physicalMatrix(roi);
  const org = image.origin;
  const edges = grey.edges;
  const topBin = ng - 1;
  const greyMax = edges[ng];
  // How many steps of o fit from coordinate g before leaving [0, n) (Infinity when o does not move that axis).
  const room = (g: number, step: number, n: number): number =>
    step > 0 ? Math.floor((n - 1 - g) / step) : step < 0 ? Math.floor(g / -step) : Infinity;
  for (let z = 0, c = 0; z < cz; z++) {
    for (let y = 0; y < cy; y++) {
      for (let x = 0; x < cx; x++, c++) {
        const k = binImage[c];
        if (k < 0 || visited[c]) continue;
        const binLo = edges[k];
        const binHi = edges[k + 1];
        const isTop = k === topBin;
        const sx = lx + x;
        const sy = ly + y;
        const sz = lz + z;
        // March through the full image; mark visited while still inside the cropped box (a straight
        // line that leaves a box never re-enters it).
        const limit = Math.min(room(sx, ox, nx), room(sy, oy, ny), room(sz, oz, nz));
        const boxLimit = Math.min(room(x, ox, cx), room(y, oy, cy), room(z, oz, cz));
        let gi = sx + nx * (sy + ny * sz);
        let ci = c;
        let steps = 0;
        while (steps < limit) {
          const v = data[gi + iStep];
          if (!(v >= binLo && (v < binHi || (isTop && v === greyMax)))) break;
          gi += iStep;
          steps++;
          if (steps <= boxLimit) {
            ci += cStep;
            visited[ci] = 1;
          }
        }
        if (steps === 0) {
          counts[k * nl]++; // a one-voxel run has length 0: the first length bin
          continue;
        }
        const gx = sx + steps * ox;
        const gy = sy + steps * oy;
        const gz = sz + steps * oz;
        let d2 = 0;
        for (let r = 0; r < 3; r++) {
          const a = org[r] + M[3 * r] * sx + M[3 * r + 1] * sy + M[3 * r + 2] * sz;
          const b = org[r] + M[3 * r] * gx + M[3 * r + 1] * gy + M[3 * r + 2] * gz;
          d2 += (b - a) * (b - a);
        }
        const j = lengthBin(length, Math.sqrt(d2));
        if (j >= 0) counts[k * nl + j]++;
      }
    }
  }
  return counts;
}

/**
 * ITK's run-length counts as a texture/ level × column matrix (grey level i = grey bin + 1, column j = length
 * bin + 1), so that the features are texture/glrlm.ts's: ITK's run-length formulas are IBSI's, on 1-based
 * indices (ak-features.md §5). Null when no run was counted.
 */
export function runLengthStats(counts: Float64Array, ng: number, nl: number): LevelSizeStats | null {
  const width = nl + 1; // levelSizeMatrixFromDense: column j at index j, column 0 empty
  const dense = new Float64Array(ng * width);
  for (let i = 0; i < ng; i++) for (let j = 0; j < nl; j++) dense[i * width + j + 1] = counts[i * nl + j];
  // N_v = NaN: ITK's feature set has no run percentage, and runs may leave the ROI.
  return levelSizeStats(levelSizeMatrixFromDense(dense, ng, nl, NaN));
}

type RunFeature = (s: LevelSizeStats) => number;

/** ShortRunEmphasis (IBSI 22OV): Σ r/j² / Nr. */
export const shortRunEmphasis: RunFeature = T.shortRunsEmphasis;
/** LongRunEmphasis (IBSI W4KF): Σ r·j² / Nr. */
export const longRunEmphasis: RunFeature = T.longRunsEmphasis;
/** GreyLevelNonuniformity (IBSI R5YN): Σ_i (Σ_j r)² / Nr (not Nr²). */
export const greyLevelNonuniformity: RunFeature = T.greyLevelNonUniformity;
/** RunLengthNonuniformity (IBSI W92Y): Σ_j (Σ_i r)² / Nr (not Nr²). */
export const runLengthNonuniformity: RunFeature = T.runLengthNonUniformity;
/** LowGreyLevelRunEmphasis (IBSI V3SW): Σ r/i² / Nr. */
export const lowGreyLevelRunEmphasis: RunFeature = T.lowGreyLevelRunEmphasis;
/** HighGreyLevelRunEmphasis (IBSI G3QZ): Σ r·i² / Nr. */
export const highGreyLevelRunEmphasis: RunFeature = T.highGreyLevelRunEmphasis;
/** ShortRunLowGreyLevelEmphasis (IBSI HTZT): Σ r/(i²j²) / Nr. */
export const shortRunLowGreyLevelEmphasis: RunFeature = T.shortRunLowGreyLevelEmphasis;
/** ShortRunHighGreyLevelEmphasis (IBSI GD3A): Σ r·i²/j² / Nr. */
export const shortRunHighGreyLevelEmphasis: RunFeature = T.shortRunHighGreyLevelEmphasis;
/** LongRunLowGreyLevelEmphasis (IBSI IVPO): Σ r·j²/i² / Nr. */
export const longRunLowGreyLevelEmphasis: RunFeature = T.longRunLowGreyLevelEmphasis;
/** LongRunHighGreyLevelEmphasis (IBSI 3KUM): Σ r·i²·j² / Nr. */
export const longRunHighGreyLevelEmphasis: RunFeature = T.longRunHighGreyLevelEmphasis;

const RUN_FUNCTIONS: Record<RunLengthFeatureName, RunFeature> = {
  ShortRunEmphasis: shortRunEmphasis,
  LongRunEmphasis: longRunEmphasis,
  GreyLevelNonuniformity: greyLevelNonuniformity,
  RunLengthNonuniformity: runLengthNonuniformity,
  LowGreyLevelRunEmphasis: lowGreyLevelRunEmphasis,
  HighGreyLevelRunEmphasis: highGreyLevelRunEmphasis,
  ShortRunLowGreyLevelEmphasis: shortRunLowGreyLevelEmphasis,
  ShortRunHighGreyLevelEmphasis: shortRunHighGreyLevelEmphasis,
  LongRunLowGreyLevelEmphasis: longRunLowGreyLevelEmphasis,
  LongRunHighGreyLevelEmphasis: longRunHighGreyLevelEmphasis,
};

/** The 10 features of one run-length matrix, in RUN_LENGTH_FEATURES order (NaN when no run was counted). */
export function runLengthFeatureValues(counts: Float64Array, ng: number, nl: number): Float64Array {
  const s = runLengthStats(counts, ng, nl);
  return Float64Array.from(RUN_LENGTH_FEATURES, (name) => (s ? RUN_FUNCTIONS[name](s) : NaN));
}
