/**
 * One ROI being drawn or edited: a private copy of its mask, the undo history, and live statistics.
 * Every tool is a core from shared/contour that returns a MaskEdit diff; the session pushes the diff onto the
 * history and updates the statistics from the diff alone (RunningRoiStats: voxels, sum, sum of squares), so a
 * brush stroke on a 512² × 30 series costs in proportion to the voxels it changed, not to the volume. During a
 * stroke the statistics follow every dab (from the recorder's newly touched voxels), so the panel stays live.
 */
import type { MaskVolume, Vec3, Volume } from '../../shared/image/volume';
import {
  EditHistory,
  EditRecorder,
  fillBetweenSlices,
  fillPolygon,
  keepLargestIsland,
  removeSmallIslands,
  RunningRoiStats,
  sweepBrush,
  type BrushOptions,
  type LiveRoiStatistics,
  type Connectivity,
  type MaskEdit,
  type Orientation,
  type PlanePoint,
} from '../../shared/contour';

/** Voxels, mL, mean and population SD (as roiStatistics); mean and SD are null for an empty ROI. */
export type LiveStatistics = LiveRoiStatistics;

export class ContourSession {
  readonly mask: MaskVolume;
  readonly history = new EditHistory({ maxSteps: 100 });
  private stroke: { recorder: EditRecorder; last: Vec3; opts: BrushOptions } | null = null;
  private readonly stats: RunningRoiStats;
  private changes = 0;

  constructor(image: Volume, data: Uint8Array) {
    if (data.length !== image.data.length)
      throw new Error(`the ROI mask has ${data.length} voxels, the series ${image.data.length}`);
    this.mask = {
      size: image.size,
      spacing: image.spacing,
      origin: image.origin,
      direction: image.direction,
      data,
    };
    this.stats = RunningRoiStats.of(this.mask, image);
  }

  /** Counts changes of the mask data (strokes in progress included): views re-upload the mask when it moves. */
  get revision(): number {
    return this.changes;
  }

  /** Up to date during a stroke too. */
  statistics(): LiveStatistics {
    return this.stats.statistics();
  }

  /** Starts a brush stroke at a continuous voxel index. */
  beginStroke(at: Vec3, opts: BrushOptions): void {
    this.endStroke();
    const recorder = new EditRecorder(this.mask.data);
    this.stroke = { recorder, last: at, opts };
    this.sweep(at, at);
  }

  /** Continues the stroke to `to` (a disc stays on the slice it started on). Returns voxels changed. */
  strokeTo(to: Vec3): number {
    const s = this.stroke;
    if (!s) return 0;
    const changed = this.sweep(s.last, to);
    s.last = to;
    return changed;
  }

  /** One dab/segment of the stroke; accounts the voxels it changed in the running statistics. */
  private sweep(from: Vec3, to: Vec3): number {
    const { recorder, opts } = this.stroke as NonNullable<ContourSession['stroke']>;
    const touchedBefore = recorder.touched;
    const changed = sweepBrush(this.mask, from, to, opts, recorder);
    if (changed === 0) return 0;
    this.changes++;
    // A stroke writes one value, so a voxel changes at most once in it: on its first touch, which is this one.
    const mask = this.mask.data;
    recorder.forEachTouchedSince(touchedBefore, (index, previous) =>
      this.stats.change(index, previous !== 0, mask[index] !== 0),
    );
    return changed;
  }

  get stroking(): boolean {
    return this.stroke !== null;
  }

  /** Ends the stroke: one undo step. */
  endStroke(): MaskEdit | null {
    const s = this.stroke;
    this.stroke = null;
    if (!s) return null;
    // Its voxels were accounted dab by dab.
    const edit = s.recorder.finish();
    if (edit.indices.length === 0) return null;
    this.history.push(edit);
    this.changes++;
    return edit;
  }

  polygon(
    orientation: Orientation,
    slice: number,
    points: readonly PlanePoint[],
    value: 0 | 1,
  ): MaskEdit | null {
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
      this.stats.applyEdit(edit, 'before');
    }
    return edit;
  }

  redo(): MaskEdit | null {
    const edit = this.history.redo(this.mask.data);
    if (edit) {
      this.changes++;
      this.stats.applyEdit(edit, 'after');
    }
    return edit;
  }

  private commit(edit: MaskEdit): MaskEdit | null {
    if (edit.indices.length === 0) return null;
    this.history.push(edit);
    this.changes++;
    this.stats.applyEdit(edit, 'after');
    return edit;
  }
}
