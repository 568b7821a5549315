/**
 * ROI statistics for the contouring panel: voxel count, volume, intensity mean/SD/min/max, bounding box;
 * and agreement between two readers' masks (Dice, volume difference). Non-zero mask voxels are the ROI.
 */
import { sameGrid, type ImageGeometry, type MaskVolume, type Vec3, type Volume } from '../image/volume';
import type { MaskEdit } from './edit';
import { checkMaskFits } from './plane';

/** Inclusive voxel-index box. */
export interface IndexBox {
  min: Vec3;
  max: Vec3;
}

/** The smallest index box holding every non-zero voxel; null for an empty mask. */
export function maskBoundingBox(mask: MaskVolume): IndexBox | null {
  checkMaskFits(mask, mask.data);
  const [nx, ny, nz] = mask.size;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!mask.data[n]) continue;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
        if (j < min[1]) min[1] = j;
        if (j > max[1]) max[1] = j;
        if (k < min[2]) min[2] = k;
        if (k > max[2]) max[2] = k;
      }
    }
  }
  return max[0] < 0 ? null : { min, max };
}

export interface RoiStatistics {
  voxels: number;
  /** voxels × voxel volume, in millilitres (cm³). */
  volumeMl: number;
  /** Intensity statistics over the ROI (null without an image or for an empty ROI). SD is the population SD. */
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  bbox: IndexBox | null;
  /** Size of the bounding box in mm along i, j, k (voxel extents included). */
  bboxSizeMm: Vec3 | null;
}

export function voxelVolumeMl(grid: ImageGeometry): number {
  return (grid.spacing[0] * grid.spacing[1] * grid.spacing[2]) / 1000;
}

function checkSameGrid(a: ImageGeometry, b: ImageGeometry, what: string): void {
  if (!sameGrid(a, b)) {
    throw new Error(
      `${what} are not on the same grid (size ${a.size.join('×')} vs ${b.size.join('×')}, spacing ${a.spacing.join(',')} vs ${b.spacing.join(',')})`,
    );
  }
}

/** Statistics of the ROI, with intensities from `image` when given (same grid). */
export function roiStatistics(mask: MaskVolume, image?: Volume): RoiStatistics {
  checkMaskFits(mask, mask.data);
  if (image) {
    checkSameGrid(mask, image, 'the mask and the image');
    checkMaskFits(image, image.data, 'image');
  }
  let voxels = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < mask.data.length; n++) {
    if (!mask.data[n]) continue;
    voxels++;
    if (image) {
      const x = image.data[n];
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  let mean: number | null = null;
  let sd: number | null = null;
  if (image && voxels > 0) {
    mean = sum / voxels;
    // Second pass about the mean: no cancellation for large intensities.
    let ss = 0;
    for (let n = 0; n < mask.data.length; n++) {
      if (!mask.data[n]) continue;
      const d = image.data[n] - mean;
      ss += d * d;
    }
    sd = Math.sqrt(ss / voxels);
  }
  const bbox = voxels > 0 ? maskBoundingBox(mask) : null;
  return {
    voxels,
    volumeMl: voxels * voxelVolumeMl(mask),
    mean,
    sd,
    min: mean === null ? null : min,
    max: mean === null ? null : max,
    bbox,
    bboxSizeMm: bbox
      ? ([0, 1, 2].map((d) => (bbox.max[d] - bbox.min[d] + 1) * mask.spacing[d]) as Vec3)
      : null,
  };
}

/** The contouring panel's live figures: voxels, volume, intensity mean and population SD (null when empty). */
export interface LiveRoiStatistics {
  voxels: number;
  volumeMl: number;
  mean: number | null;
  sd: number | null;
}

/**
 * Voxel count and intensity mean/SD of an ROI kept up to date from the voxels each edit changes, so that live
 * statistics during a brush stroke cost in proportion to the voxels a dab changed, not to the volume. The sums
 * are taken about a fixed reference intensity (the image's mid-range) so that the SD keeps its precision for
 * large intensities; they agree with roiStatistics to rounding (exactly for integer-valued images).
 */
export class RunningRoiStats {
  private count = 0;
  private sum = 0;
  private sumSq = 0;

  private constructor(
    private readonly image: ArrayLike<number>,
    private readonly reference: number,
    private readonly voxelMl: number,
  ) {}

  /** The statistics of `mask` over `image` (same grid): one pass over the volume. */
  static of(mask: MaskVolume, image: Volume): RunningRoiStats {
    checkMaskFits(mask, mask.data);
    checkSameGrid(mask, image, 'the mask and the image');
    checkMaskFits(image, image.data, 'image');
    let lo = Infinity;
    let hi = -Infinity;
    for (let n = 0; n < image.data.length; n++) {
      const x = image.data[n];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const reference = Number.isFinite(lo) && Number.isFinite(hi) ? Math.round((lo + hi) / 2) : 0;
    const stats = new RunningRoiStats(image.data, reference, voxelVolumeMl(mask));
    for (let n = 0; n < mask.data.length; n++) if (mask.data[n]) stats.change(n, false, true);
    return stats;
  }

  /** Voxel `index` went from inside the ROI (`was`) to `now`; nothing happens when they are equal. */
  change(index: number, was: boolean, now: boolean): void {
    if (was === now) return;
    const d = this.image[index] - this.reference;
    const sign = now ? 1 : -1;
    this.count += sign;
    this.sum += sign * d;
    this.sumSq += sign * d * d;
  }

  /** Accounts for an edit applied forwards ('after': before → after) or reverted ('before': after → before). */
  applyEdit(edit: MaskEdit, side: 'before' | 'after'): void {
    const from = side === 'after' ? edit.before : edit.after;
    const to = side === 'after' ? edit.after : edit.before;
    for (let n = 0; n < edit.indices.length; n++) this.change(edit.indices[n], from[n] !== 0, to[n] !== 0);
  }

  get voxels(): number {
    return this.count;
  }

  statistics(): LiveRoiStatistics {
    const n = this.count;
    if (n === 0) return { voxels: 0, volumeMl: 0, mean: null, sd: null };
    const meanShift = this.sum / n;
    return {
      voxels: n,
      volumeMl: n * this.voxelMl,
      mean: this.reference + meanShift,
      sd: Math.sqrt(Math.max(this.sumSq / n - meanShift * meanShift, 0)),
    };
  }
}

export interface ReaderAgreement {
  voxelsA: number;
  voxelsB: number;
  intersection: number;
  /** 2|A∩B| / (|A| + |B|); 1 when both are empty. */
  dice: number;
  /** |A∩B| / |A∪B|; 1 when both are empty. */
  jaccard: number;
  volumeAMl: number;
  volumeBMl: number;
  /** Volume of B minus volume of A (mL). */
  volumeDifferenceMl: number;
  /** (B − A) / A; null when A is empty. */
  relativeVolumeDifference: number | null;
}

/** Agreement between reader A's and reader B's masks of the same grid. */
export function compareMasks(a: MaskVolume, b: MaskVolume): ReaderAgreement {
  checkSameGrid(a, b, "the two readers' masks");
  checkMaskFits(a, a.data, 'mask A');
  checkMaskFits(b, b.data, 'mask B');
  let voxelsA = 0;
  let voxelsB = 0;
  let intersection = 0;
  for (let n = 0; n < a.data.length; n++) {
    const inA = a.data[n] !== 0;
    const inB = b.data[n] !== 0;
    if (inA) voxelsA++;
    if (inB) voxelsB++;
    if (inA && inB) intersection++;
  }
  const ml = voxelVolumeMl(a);
  const union = voxelsA + voxelsB - intersection;
  return {
    voxelsA,
    voxelsB,
    intersection,
    dice: voxelsA + voxelsB === 0 ? 1 : (2 * intersection) / (voxelsA + voxelsB),
    jaccard: union === 0 ? 1 : intersection / union,
    volumeAMl: voxelsA * ml,
    volumeBMl: voxelsB * ml,
    volumeDifferenceMl: (voxelsB - voxelsA) * ml,
    relativeVolumeDifference: voxelsA === 0 ? null : (voxelsB - voxelsA) / voxelsA,
  };
}
