/**
 * Planar contours → binary mask on an image grid (DESIGN §5): a voxel is inside when its centre is
 * inside the polygon by the even-odd rule; contours on the same slice are XOR-ed; each contour is matched
 * to the slice nearest to it by position (not by referenced SOP UID). Scanline fill per slice.
 */
import { worldToIndex, type ImageGeometry, type MaskVolume } from '../image/volume';

/** One closed planar contour: x,y,z triplets in patient LPS mm (DICOM ContourData layout). */
export type ContourPoints = ArrayLike<number>;

export interface RasterizeReport {
  mask: MaskVolume;
  /** Contours that fell outside the grid's slices or off the slice planes (kept out of the mask). */
  contoursOffGrid: number;
}

/** Spread (in slices) above which a contour is not planar in the slice direction and is not drawn. */
const MAX_CONTOUR_THICKNESS = 0.5;

/**
 * XORs the even-odd interior of polygon (xs[n], ys[n]) (continuous pixel indices) into `slice`
 * (nx × ny, row-major). Voxel (i, j) is inside when an odd number of edges cross the ray from its centre
 * towards +i, with the half-open rule (y0 > j) !== (y1 > j) — the classic PNPOLY test, evaluated per row.
 */
export function xorPolygonIntoSlice(
  xs: Float64Array,
  ys: Float64Array,
  slice: Uint8Array,
  nx: number,
  ny: number,
): void {
  const count = xs.length;
  if (count < 3) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let n = 0; n < count; n++) {
    if (ys[n] < minY) minY = ys[n];
    if (ys[n] > maxY) maxY = ys[n];
  }
  const j0 = Math.max(0, Math.ceil(minY));
  const j1 = Math.min(ny - 1, Math.floor(maxY));
  const crossings = new Float64Array(count);
  for (let j = j0; j <= j1; j++) {
    let m = 0;
    for (let a = 0, b = count - 1; a < count; b = a++) {
      const ya = ys[a];
      const yb = ys[b];
      if (ya > j !== yb > j) crossings[m++] = xs[a] + ((j - ya) * (xs[b] - xs[a])) / (yb - ya);
    }
    if (m < 2) continue;
    const xsRow = crossings.subarray(0, m).sort();
    // i is inside iff an odd number of crossings lie strictly right of it: i in [x(2p), x(2p+1)).
    for (let p = 0; p + 1 < m; p += 2) {
      const from = Math.max(0, Math.ceil(xsRow[p]));
      const to = Math.min(nx - 1, Math.ceil(xsRow[p + 1]) - 1);
      const row = j * nx;
      for (let i = from; i <= to; i++) slice[row + i] ^= 1;
    }
  }
}

/**
 * Maps a continuous k index to the slice a contour / SEG frame at that position belongs to, or −1 when it
 * is off the stack. Without `slicePositions`: the nearest grid index. With them (the real position of each
 * slice k in slice units; NaN for a missing slice): the slice nearest in position, so unevenly spaced series
 * are matched by where their slices really are.
 */
export function sliceFinder(nz: number, slicePositions?: ArrayLike<number>): (k: number) => number {
  if (!slicePositions) {
    return (kf) => {
      const k = Math.round(kf);
      return k >= 0 && k < nz ? k : -1;
    };
  }
  if (slicePositions.length !== nz)
    throw new Error(`${slicePositions.length} slice positions for a grid of ${nz} slices`);
  const at: number[] = [];
  const index: number[] = [];
  for (let k = 0; k < nz; k++) {
    if (Number.isFinite(slicePositions[k])) {
      at.push(slicePositions[k]);
      index.push(k);
    }
  }
  return (kf) => {
    if (at.length === 0) return -1;
    let lo = 0;
    let hi = at.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at[mid] <= kf) lo = mid;
      else hi = mid;
    }
    const nearest = Math.abs(at[hi] - kf) < Math.abs(at[lo] - kf) ? hi : lo;
    // Beyond the first or last slice by more than half a slice: off the stack.
    if ((kf < at[0] || kf > at[at.length - 1]) && Math.abs(at[nearest] - kf) > 0.5) return -1;
    return index[nearest];
  };
}

/**
 * Rasterises closed planar contours (patient coordinates) onto `grid`.
 * @param slicePositions optional true position of each slice k along the k axis, in slice units of the
 *   grid (k index the slice's real position maps to; ascending): for series with uneven steps, contours
 *   then go to the slice nearest in millimetres rather than to the nearest regular grid index. A missing
 *   slice is NaN.
 */
export function rasterizeContours(
  contours: ContourPoints[],
  grid: ImageGeometry,
  slicePositions?: ArrayLike<number>,
): RasterizeReport {
  const [nx, ny, nz] = grid.size;
  const data = new Uint8Array(nx * ny * nz);
  let contoursOffGrid = 0;
  const findSlice = sliceFinder(nz, slicePositions);
  for (const points of contours) {
    const count = Math.floor(points.length / 3);
    if (count < 3) continue;
    const xs = new Float64Array(count);
    const ys = new Float64Array(count);
    let kSum = 0;
    let kMin = Infinity;
    let kMax = -Infinity;
    for (let n = 0; n < count; n++) {
      const [i, j, k] = worldToIndex(grid, [points[3 * n], points[3 * n + 1], points[3 * n + 2]]);
      xs[n] = i;
      ys[n] = j;
      kSum += k;
      if (k < kMin) kMin = k;
      if (k > kMax) kMax = k;
    }
    // The slice nearest to the contour's mean position; contours outside the stack or not lying in a
    // slice plane (oblique to the grid) are not drawn.
    const k = findSlice(kSum / count);
    if (k < 0 || kMax - kMin > MAX_CONTOUR_THICKNESS) {
      contoursOffGrid++;
      continue;
    }
    xorPolygonIntoSlice(xs, ys, data.subarray(k * nx * ny, (k + 1) * nx * ny), nx, ny);
  }
  return {
    mask: {
      size: [...grid.size],
      spacing: [...grid.spacing],
      origin: [...grid.origin],
      direction: [...grid.direction],
      data,
    },
    contoursOffGrid,
  };
}
