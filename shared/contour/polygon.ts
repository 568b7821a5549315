/**
 * Polygon and freehand fill on one slice of any orientation. A voxel is inside when its centre is inside the
 * closed polygon by the even-odd rule — the same rule (and the same scanline code) as the RTSTRUCT
 * rasteriser in shared/roi, so a drawn outline and an imported contour give identical masks.
 * A freehand outline is simply the polygon of its mouse points.
 */
import { worldToIndex, type ImageGeometry, type MaskVolume, type Vec3 } from '../image/volume';
import { xorPolygonIntoSlice } from '../roi/rasterize';
import { EditRecorder, type MaskEdit } from './edit';
import { checkMaskFits, planeAxes, planeLayout, type Orientation, type SlicePlane } from './plane';

/** Polygon vertices as in-plane continuous voxel coordinates [u, v] (axial: [i, j]; coronal: [i, k]; sagittal: [j, k]). */
export type PlanePoint = [number, number];

/** The pixels (nu × nv, u fastest) whose centres lie inside the polygon (even-odd). */
export function polygonPlaneMask(points: readonly PlanePoint[], nu: number, nv: number): Uint8Array {
  const plane = new Uint8Array(nu * nv);
  if (points.length < 3) return plane;
  const us = new Float64Array(points.length);
  const vs = new Float64Array(points.length);
  points.forEach(([u, v], n) => {
    if (!Number.isFinite(u) || !Number.isFinite(v)) throw new Error(`polygon vertex ${n} is not a finite point: [${u}, ${v}]`);
    us[n] = u;
    vs[n] = v;
  });
  xorPolygonIntoSlice(us, vs, plane, nu, nv);
  return plane;
}

/**
 * Sets (value 1) or clears (value 0) the voxels of `plane` inside the polygon. Fewer than 3 vertices change
 * nothing. `recorder` lets the fill join a larger edit; otherwise the fill is its own edit.
 */
export function fillPolygon(mask: MaskVolume, plane: SlicePlane, points: readonly PlanePoint[], value: 0 | 1, recorder = new EditRecorder(mask.data)): MaskEdit {
  checkMaskFits(mask, mask.data);
  if (value !== 0 && value !== 1) throw new Error(`polygon fill value must be 0 or 1, got ${String(value)}`);
  const layout = planeLayout(mask, plane);
  const inside = polygonPlaneMask(points, layout.nu, layout.nv);
  // Only the polygon's box can hold inside pixels.
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const [u, v] of points) {
    u0 = Math.min(u0, u);
    u1 = Math.max(u1, u);
    v0 = Math.min(v0, v);
    v1 = Math.max(v1, v);
  }
  const ua = Math.max(0, Math.floor(u0)), ub = Math.min(layout.nu - 1, Math.ceil(u1));
  const va = Math.max(0, Math.floor(v0)), vb = Math.min(layout.nv - 1, Math.ceil(v1));
  for (let v = va; v <= vb; v++) {
    for (let u = ua; u <= ub; u++) if (inside[u + layout.nu * v]) recorder.set(layout.index(u, v), value);
  }
  return recorder.finish();
}

/**
 * A polygon given in patient coordinates (LPS mm) → its slice in `orientation` (the one nearest to the
 * vertices' mean position) and in-plane vertices. Throws when the polygon is off the volume or not lying in
 * one slice of that orientation (spread over more than half a slice).
 */
export function polygonFromWorld(grid: ImageGeometry, points: readonly Vec3[], orientation: Orientation): { plane: SlicePlane; points: PlanePoint[] } {
  if (points.length < 3) throw new Error(`a polygon needs at least 3 vertices, got ${points.length}`);
  const axes = planeAxes(orientation);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const out: PlanePoint[] = points.map((p) => {
    const idx = worldToIndex(grid, p);
    const s = idx[axes.normal];
    sum += s;
    min = Math.min(min, s);
    max = Math.max(max, s);
    return [idx[axes.u], idx[axes.v]];
  });
  if (max - min > 0.5) throw new Error(`the polygon is not in one ${orientation} slice (it spans ${(max - min).toFixed(2)} slices)`);
  const slice = Math.round(sum / points.length);
  if (slice < 0 || slice >= grid.size[axes.normal]) throw new Error(`the polygon lies outside the volume (${orientation} slice ${slice})`);
  return { plane: { orientation, slice }, points: out };
}
