/**
 * The paint/erase brush on a 0/1 mask (pure, over typed arrays). A stroke stamps discs of a radius in mm on
 * one axial slice (k), remembering each voxel's value before its first change, so that the whole stroke is
 * one undo step (see history.ts).
 */

export type Vec2 = [number, number];

/** Voxel index → value before the stroke touched it. */
export type StrokeRecord = Map<number, number>;

export interface SliceGrid {
  size: [number, number, number];
  spacing: [number, number, number];
}

/**
 * Sets every voxel of slice k whose centre lies within `radiusMm` of the continuous in-plane index
 * (ci, cj) to `value`. A radius below half a voxel still paints the voxel under the cursor.
 */
export function stampDisk(mask: Uint8Array, grid: SliceGrid, k: number, centre: Vec2, radiusMm: number, value: 0 | 1, record: StrokeRecord): void {
  const [nx, ny, nz] = grid.size;
  if (k < 0 || k >= nz) return;
  const [sx, sy] = grid.spacing;
  const [ci, cj] = centre;
  const ri = radiusMm / sx;
  const rj = radiusMm / sy;
  const i0 = Math.max(0, Math.ceil(ci - ri));
  const i1 = Math.min(nx - 1, Math.floor(ci + ri));
  const j0 = Math.max(0, Math.ceil(cj - rj));
  const j1 = Math.min(ny - 1, Math.floor(cj + rj));
  const r2 = radiusMm * radiusMm;
  const set = (n: number) => {
    if (mask[n] === value) return;
    if (!record.has(n)) record.set(n, mask[n]);
    mask[n] = value;
  };
  for (let j = j0; j <= j1; j++) {
    const dy = (j - cj) * sy;
    for (let i = i0; i <= i1; i++) {
      const dx = (i - ci) * sx;
      if (dx * dx + dy * dy <= r2) set(i + nx * (j + ny * k));
    }
  }
  const ni = Math.round(ci);
  const nj = Math.round(cj);
  if (ni >= 0 && nj >= 0 && ni < nx && nj < ny) set(ni + nx * (nj + ny * k));
}

/** Stamps discs along the segment from → to, close enough together that the stroke has no gaps. */
export function strokeSegment(mask: Uint8Array, grid: SliceGrid, k: number, from: Vec2, to: Vec2, radiusMm: number, value: 0 | 1, record: StrokeRecord): void {
  const dxMm = (to[0] - from[0]) * grid.spacing[0];
  const dyMm = (to[1] - from[1]) * grid.spacing[1];
  const lengthMm = Math.hypot(dxMm, dyMm);
  const stepMm = Math.max(Math.min(radiusMm / 2, Math.min(grid.spacing[0], grid.spacing[1]) / 2), 1e-3);
  const steps = Math.max(1, Math.ceil(lengthMm / stepMm));
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    stampDisk(mask, grid, k, [from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])], radiusMm, value, record);
  }
}
