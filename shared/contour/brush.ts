/**
 * The paint/erase brush. A dab is a disc (in the plane of the current view) or a sphere of a radius in mm,
 * measured with the grid's real spacing, so it stays round on anisotropic voxels. A stroke sweeps the brush
 * along the segments between successive mouse points: a voxel is painted when its centre lies within the
 * radius of the segment (a capsule), so fast mouse moves leave no gaps. Optionally only voxels whose image
 * intensity lies in [lo, hi] are changed (threshold painting). Every change goes through an EditRecorder.
 */
import type { MaskVolume, Vec3 } from '../image/volume';
import { EditRecorder, type MaskEdit } from './edit';
import { checkMaskFits, planeAxes, strides, type Orientation } from './plane';

export interface IntensityRange {
  /** The image the range applies to (same grid as the mask). */
  image: ArrayLike<number>;
  lo: number;
  hi: number;
}

export interface BrushOptions {
  radiusMm: number;
  /** 1 paints, 0 erases. */
  value: 0 | 1;
  /** 'disc': in the view's slice plane (the slice of the first point); 'sphere': 3D. */
  shape: 'disc' | 'sphere';
  /** The view the disc lies in (ignored for spheres). */
  orientation: Orientation;
  /** Change only voxels whose intensity is in [lo, hi]. */
  intensity?: IntensityRange;
}

function checkOptions(mask: MaskVolume, opts: BrushOptions): void {
  if (!(opts.radiusMm > 0) || !Number.isFinite(opts.radiusMm))
    throw new Error(`brush radius must be a positive number of mm, got ${opts.radiusMm}`);
  if (opts.value !== 0 && opts.value !== 1)
    throw new Error(`brush value must be 0 (erase) or 1 (paint), got ${String(opts.value)}`);
  checkMaskFits(mask, mask.data);
  if (opts.intensity) {
    checkMaskFits(mask, opts.intensity.image, 'intensity image');
    if (!(opts.intensity.lo <= opts.intensity.hi))
      throw new Error(`intensity range [${opts.intensity.lo}, ${opts.intensity.hi}] is empty`);
  }
}

/**
 * Sweeps the brush from `from` to `to` (continuous voxel indices i, j, k) and writes through `recorder`.
 * For a disc, both points are projected onto the slice of `from` in the view's orientation; nothing happens
 * when that slice is outside the volume. The effective radius is at least half the smallest voxel size of
 * the swept axes, so a thin brush still draws a connected line. Returns the number of voxels changed.
 */
export function sweepBrush(
  mask: MaskVolume,
  from: Vec3,
  to: Vec3,
  opts: BrushOptions,
  recorder: EditRecorder,
): number {
  checkOptions(mask, opts);
  const { size, spacing } = mask;
  const a: Vec3 = [...from];
  const b: Vec3 = [...to];
  const swept: boolean[] = [true, true, true];
  if (opts.shape === 'disc') {
    const normal = planeAxes(opts.orientation).normal;
    const slice = Math.round(from[normal]);
    if (slice < 0 || slice >= size[normal]) return 0;
    a[normal] = slice;
    b[normal] = slice;
    swept[normal] = false;
  } else if (opts.shape !== 'sphere') {
    throw new Error(`unknown brush shape "${String(opts.shape)}" (disc or sphere)`);
  }
  let minSpacing = Infinity;
  for (let d = 0; d < 3; d++) if (swept[d]) minSpacing = Math.min(minSpacing, spacing[d]);
  const r = Math.max(opts.radiusMm, minSpacing / 2);
  const r2 = r * r * (1 + 1e-9);
  // Index box of the capsule, clipped to the grid.
  const lo: number[] = [];
  const hi: number[] = [];
  for (let d = 0; d < 3; d++) {
    const reach = swept[d] ? r / spacing[d] : 0;
    lo[d] = Math.max(0, Math.ceil(Math.min(a[d], b[d]) - reach - 1e-9));
    hi[d] = Math.min(size[d] - 1, Math.floor(Math.max(a[d], b[d]) + reach + 1e-9));
    if (lo[d] > hi[d]) return 0;
  }
  // Segment in mm: p(t) = a + t·(b − a).
  const ax = a[0] * spacing[0],
    ay = a[1] * spacing[1],
    az = a[2] * spacing[2];
  const dx = (b[0] - a[0]) * spacing[0],
    dy = (b[1] - a[1]) * spacing[1],
    dz = (b[2] - a[2]) * spacing[2];
  const len2 = dx * dx + dy * dy + dz * dz;
  const st = strides(size);
  const range = opts.intensity;
  let changed = 0;
  for (let k = lo[2]; k <= hi[2]; k++) {
    const pz = k * spacing[2] - az;
    for (let j = lo[1]; j <= hi[1]; j++) {
      const py = j * spacing[1] - ay;
      const row = j * st[1] + k * st[2];
      for (let i = lo[0]; i <= hi[0]; i++) {
        const px = i * spacing[0] - ax;
        let t = len2 > 0 ? (px * dx + py * dy + pz * dz) / len2 : 0;
        if (t < 0) t = 0;
        else if (t > 1) t = 1;
        const ex = px - t * dx,
          ey = py - t * dy,
          ez = pz - t * dz;
        if (ex * ex + ey * ey + ez * ez > r2) continue;
        const n = row + i;
        if (range) {
          const value = range.image[n];
          if (!(value >= range.lo && value <= range.hi)) continue;
        }
        if (recorder.set(n, opts.value)) changed++;
      }
    }
  }
  return changed;
}

/** One dab at `centre` (continuous voxel index). Returns the number of voxels changed. */
export function dab(mask: MaskVolume, centre: Vec3, opts: BrushOptions, recorder: EditRecorder): number {
  return sweepBrush(mask, centre, centre, opts, recorder);
}

/**
 * A whole stroke through `points` (continuous voxel indices) as one edit: a dab at a single point, else the
 * brush swept along each successive segment. Interactive use: call sweepBrush per mouse move with one
 * recorder and take recorder.finish() on mouse-up.
 */
export function paintStroke(mask: MaskVolume, points: readonly Vec3[], opts: BrushOptions): MaskEdit {
  const recorder = new EditRecorder(mask.data);
  if (points.length === 0) return recorder.finish();
  // A disc stroke stays on the slice where it started.
  const normal = opts.shape === 'disc' ? planeAxes(opts.orientation).normal : null;
  const onSlice = (p: Vec3): Vec3 => {
    if (normal === null) return p;
    const q: Vec3 = [...p];
    q[normal] = points[0][normal];
    return q;
  };
  if (points.length === 1) dab(mask, points[0], opts, recorder);
  for (let n = 1; n < points.length; n++)
    sweepBrush(mask, onSlice(points[n - 1]), onSlice(points[n]), opts, recorder);
  return recorder.finish();
}
