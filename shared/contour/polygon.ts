/**
 * Polygon and freehand fill on one slice of any orientation. A voxel is inside when its centre is inside the
 * closed polygon by the even-odd rule — the same rule (and the same crossing arithmetic) as the RTSTRUCT
 * rasteriser in shared/roi, so a drawn outline and an imported contour give identical masks.
 * A freehand outline is simply the polygon of its mouse points.
 */
import { worldToIndex, type ImageGeometry, type MaskVolume, type Vec3 } from '../image/volume';
import type { EditRecorder, MaskEdit } from './edit';
import { checkMaskFits, planeAxes, planeLayout, type Orientation, type SlicePlane } from './plane';

/** Polygon vertices as in-plane continuous voxel coordinates [u, v] (axial: [i, j]; coronal: [i, k]; sagittal: [j, k]). */
export type PlanePoint = [number, number];

/**
 * The inside of a polygon on an nu × nv pixel plane as horizontal spans: triples [v, uFrom, uTo] (inclusive,
 * clipped to the plane), rows ascending, spans of a row left to right and disjoint. Pixel (u, v) is inside
 * when an odd number of edges cross the ray from its centre towards +u, with PNPOLY's half-open rule
 * (va > v) !== (vb > v): exactly xorPolygonIntoSlice (shared/roi/rasterize) — same crossing formula with the
 * same operand order, so the same bits — but with an edge table and active edge list, so each row costs its
 * active edges rather than every edge, and nothing plane-sized is allocated.
 */
export function polygonSpans(points: readonly PlanePoint[], nu: number, nv: number): Int32Array {
  const count = points.length;
  if (count < 3) return new Int32Array(0);
  const us = new Float64Array(count);
  const vs = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const [u, v] = points[n];
    if (!Number.isFinite(u) || !Number.isFinite(v))
      throw new Error(`polygon vertex ${n} is not a finite point: [${u}, ${v}]`);
    us[n] = u;
    vs[n] = v;
  }
  // Edge table: edge (a, b = a − 1) is crossed by rows ceil(min v) … ceil(max v) − 1.
  const edgeU = new Float64Array(count);
  const edgeV = new Float64Array(count);
  const edgeDu = new Float64Array(count);
  const edgeDv = new Float64Array(count);
  const edgeFirst = new Int32Array(count);
  const edgeLast = new Int32Array(count);
  const order: number[] = [];
  for (let a = 0, b = count - 1; a < count; b = a++) {
    const first = Math.max(0, Math.ceil(Math.min(vs[a], vs[b])));
    const last = Math.min(nv - 1, Math.ceil(Math.max(vs[a], vs[b])) - 1);
    if (first > last) continue; // horizontal, or off the plane
    edgeU[a] = us[a];
    edgeV[a] = vs[a];
    edgeDu[a] = us[b] - us[a];
    edgeDv[a] = vs[b] - vs[a];
    edgeFirst[a] = first;
    edgeLast[a] = last;
    order.push(a);
  }
  order.sort((x, y) => edgeFirst[x] - edgeFirst[y]);
  const active = new Int32Array(count);
  const crossings = new Float64Array(count);
  let spans = new Int32Array(3 * 64);
  let spanCount = 0;
  let activeCount = 0;
  let next = 0;
  const firstRow = order.length > 0 ? edgeFirst[order[0]] : nv;
  for (let v = firstRow; v < nv && (next < order.length || activeCount > 0); v++) {
    let kept = 0;
    for (let n = 0; n < activeCount; n++) if (edgeLast[active[n]] >= v) active[kept++] = active[n];
    activeCount = kept;
    while (next < order.length && edgeFirst[order[next]] === v) active[activeCount++] = order[next++];
    if (activeCount < 2) continue;
    // Crossings, insertion-sorted (a row has few).
    for (let n = 0; n < activeCount; n++) {
      const e = active[n];
      const x = edgeU[e] + ((v - edgeV[e]) * edgeDu[e]) / edgeDv[e];
      let m = n;
      while (m > 0 && crossings[m - 1] > x) {
        crossings[m] = crossings[m - 1];
        m--;
      }
      crossings[m] = x;
    }
    // u is inside iff an odd number of crossings lie strictly right of it: u in [x(2p), x(2p+1)).
    for (let p = 0; p + 1 < activeCount; p += 2) {
      const from = Math.max(0, Math.ceil(crossings[p]));
      const to = Math.min(nu - 1, Math.ceil(crossings[p + 1]) - 1);
      if (from > to) continue;
      if (3 * spanCount + 3 > spans.length) {
        const grown = new Int32Array(spans.length * 2);
        grown.set(spans);
        spans = grown;
      }
      spans[3 * spanCount] = v;
      spans[3 * spanCount + 1] = from;
      spans[3 * spanCount + 2] = to;
      spanCount++;
    }
  }
  return spans.slice(0, 3 * spanCount);
}

/** The pixels (nu × nv, u fastest) whose centres lie inside the polygon (even-odd). */
export function polygonPlaneMask(points: readonly PlanePoint[], nu: number, nv: number): Uint8Array {
  const plane = new Uint8Array(nu * nv);
  const spans = polygonSpans(points, nu, nv);
  for (let s = 0; s < spans.length; s += 3)
    plane.fill(1, spans[s] * nu + spans[s + 1], spans[s] * nu + spans[s + 2] + 1);
  return plane;
}

/**
 * Sets (value 1) or clears (value 0) the voxels of `plane` inside the polygon. Fewer than 3 vertices change
 * nothing. `recorder` lets the fill join a larger edit; otherwise the fill is its own edit, built directly
 * from the spans (rows ascending, u ascending within a row: linear indices come out ascending for every
 * orientation, as MaskEdit wants, with no sort and no per-voxel bookkeeping).
 */
export function fillPolygon(
  mask: MaskVolume,
  plane: SlicePlane,
  points: readonly PlanePoint[],
  value: 0 | 1,
  recorder?: EditRecorder,
): MaskEdit {
  checkMaskFits(mask, mask.data);
  if (value !== 0 && value !== 1) throw new Error(`polygon fill value must be 0 or 1, got ${String(value)}`);
  const layout = planeLayout(mask, plane);
  const spans = polygonSpans(points, layout.nu, layout.nv);
  const base = layout.index(0, 0);
  const du = layout.index(1, 0) - base;
  const dv = layout.index(0, 1) - base;
  const data = mask.data;
  if (recorder) {
    for (let s = 0; s < spans.length; s += 3) {
      const row = base + spans[s] * dv;
      for (let u = spans[s + 1], end = spans[s + 2]; u <= end; u++) recorder.set(row + u * du, value);
    }
    return recorder.finish();
  }
  let total = 0;
  for (let s = 0; s < spans.length; s += 3) total += spans[s + 2] - spans[s + 1] + 1;
  const indices = new Uint32Array(total);
  const before = new Uint8Array(total);
  let changed = 0;
  for (let s = 0; s < spans.length; s += 3) {
    const row = base + spans[s] * dv;
    for (let u = spans[s + 1], end = spans[s + 2]; u <= end; u++) {
      const index = row + u * du;
      const old = data[index];
      if (old === value) continue;
      indices[changed] = index;
      before[changed] = old;
      changed++;
      data[index] = value;
    }
  }
  return {
    indices: indices.slice(0, changed),
    before: before.slice(0, changed),
    after: new Uint8Array(changed).fill(value),
  };
}

/**
 * A polygon given in patient coordinates (LPS mm) → its slice in `orientation` (the one nearest to the
 * vertices' mean position) and in-plane vertices. Throws when the polygon is off the volume or not lying in
 * one slice of that orientation (spread over more than half a slice).
 */
export function polygonFromWorld(
  grid: ImageGeometry,
  points: readonly Vec3[],
  orientation: Orientation,
): { plane: SlicePlane; points: PlanePoint[] } {
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
  if (max - min > 0.5)
    throw new Error(
      `the polygon is not in one ${orientation} slice (it spans ${(max - min).toFixed(2)} slices)`,
    );
  const slice = Math.round(sum / points.length);
  if (slice < 0 || slice >= grid.size[axes.normal])
    throw new Error(`the polygon lies outside the volume (${orientation} slice ${slice})`);
  return { plane: { orientation, slice }, points: out };
}
