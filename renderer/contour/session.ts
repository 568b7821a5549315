/**
 * One ROI being drawn or edited: a private copy of its mask, the undo history, and live statistics.
 * Every tool is a core from shared/contour that returns a MaskEdit diff; the session pushes the diff onto the
 * history and updates the statistics from the diff alone (voxels, sum, sum of squares), so a brush stroke on a
 * 512² × 30 series costs in proportion to the voxels it changed, not to the volume.
 */
import type { MaskVolume, Vec3, Volume } from '../../shared/image/volume';
import {
  EditHistory,
  EditRecorder,
  fillBetweenSlices,
  fillPolygon,
  keepLargestIsland,
  removeSmallIslands,
  roiStatistics,
  sweepBrush,
  voxelVolumeMl,
  type BrushOptions,
  type Connectivity,
  type MaskEdit,
  type Orientation,
  type PlanePoint,
} from '../../shared/contour';

export interface LiveStatistics {
  voxels: number;
  volumeMl: number;
  /** Null for an empty ROI. */
  mean: number | null;
  /** Population SD (as roiStatistics), null for an empty ROI. */
  sd: number | null;
}

export class ContourSession {
  readonly mask: MaskVolume;
  readonly history = new EditHistory({ maxSteps: 100 });
  private stroke: { recorder: EditRecorder; last: Vec3; opts: BrushOptions } | null = null;
  private count = 0;
  private sum = 0;
  private sumSq = 0;
  private changes = 0;

  constructor(
    private readonly image: Volume,
    data: Uint8Array,
  ) {
    if (data.length !== image.data.length) throw new Error(`the ROI mask has ${data.length} voxels, the series ${image.data.length}`);
    this.mask = { size: image.size, spacing: image.spacing, origin: image.origin, direction: image.direction, data };
    const stats = roiStatistics(this.mask, image);
    this.count = stats.voxels;
    if (stats.mean !== null && stats.sd !== null) {
      this.sum = stats.mean * stats.voxels;
      this.sumSq = (stats.sd * stats.sd + stats.mean * stats.mean) * stats.voxels;
    }
  }

  /** Counts changes of the mask data (strokes in progress included): views re-upload the mask when it moves. */
  get revision(): number {
    return this.changes;
  }

  statistics(): LiveStatistics {
    const n = this.count;
    const mean = n > 0 ? this.sum / n : null;
    const sd = mean !== null ? Math.sqrt(Math.max(this.sumSq / n - mean * mean, 0)) : null;
    return { voxels: n, volumeMl: n * voxelVolumeMl(this.mask), mean, sd };
  }

  /** Starts a brush stroke at a continuous voxel index. */
  beginStroke(at: Vec3, opts: BrushOptions): void {
    this.endStroke();
    const recorder = new EditRecorder(this.mask.data);
    this.stroke = { recorder, last: at, opts };
    if (sweepBrush(this.mask, at, at, opts, recorder) > 0) this.changes++;
  }

  /** Continues the stroke to `to` (a disc stays on the slice it started on). Returns voxels changed. */
  strokeTo(to: Vec3): number {
    const s = this.stroke;
    if (!s) return 0;
    const changed = sweepBrush(this.mask, s.last, to, s.opts, s.recorder);
    s.last = to;
    if (changed > 0) this.changes++;
    return changed;
  }

  get stroking(): boolean {
    return this.stroke !== null;
  }

  /** Ends the stroke: one undo step. */
  endStroke(): MaskEdit | null {
    const s = this.stroke;
    this.stroke = null;
    return s ? this.commit(s.recorder.finish()) : null;
  }

  polygon(orientation: Orientation, slice: number, points: readonly PlanePoint[], value: 0 | 1): MaskEdit | null {
    return this.commit(fillPolygon(this.mask, { orientation, slice }, points, value));
  }

  fillBetween(orientation: Orientation): MaskEdit | null {
    return this.commit(fillBetweenSlices(this.mask, { orientation }));
  }

  removeIslands(minVoxels: number, connectivity: Connectivity): MaskEdit | null {
    return this.commit(removeSmallIslands(this.mask, minVoxels, connectivity));
  }

  keepLargest(connectivity: Connectivity): MaskEdit | null {
    return this.commit(keepLargestIsland(this.mask, connectivity));
  }

  undo(): MaskEdit | null {
    const edit = this.history.undo(this.mask.data);
    if (edit) {
      this.changes++;
      this.account(edit, 'undo');
    }
    return edit;
  }

  redo(): MaskEdit | null {
    const edit = this.history.redo(this.mask.data);
    if (edit) {
      this.changes++;
      this.account(edit, 'redo');
    }
    return edit;
  }

  private commit(edit: MaskEdit): MaskEdit | null {
    if (edit.indices.length === 0) return null;
    this.history.push(edit);
    this.changes++;
    this.account(edit, 'redo');
    return edit;
  }

  /** Updates the running sums for an edit applied forwards ('redo') or backwards ('undo'). */
  private account(edit: MaskEdit, direction: 'undo' | 'redo'): void {
    const data = this.image.data;
    for (let n = 0; n < edit.indices.length; n++) {
      const was = direction === 'redo' ? edit.before[n] !== 0 : edit.after[n] !== 0;
      const now = direction === 'redo' ? edit.after[n] !== 0 : edit.before[n] !== 0;
      if (was === now) continue;
      const x = data[edit.indices[n]];
      const sign = now ? 1 : -1;
      this.count += sign;
      this.sum += sign * x;
      this.sumSq += sign * x * x;
    }
  }
}
