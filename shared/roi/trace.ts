/**
 * Mask slice → closed polygons along pixel edges, such that rasterising them with the even-odd,
 * XOR-per-slice rule (rasterize.ts) gives back exactly the same pixels. Pure.
 *
 * Why it is exact: polygon vertices lie on pixel corners (half-integer indices) and pixel centres on
 * integers, so no centre is ever on an edge; and even-odd parity depends only on the set of boundary
 * edges, not on how they are grouped into loops — holes and islands need no special handling.
 */

/** One loop: vertices in continuous pixel indices (i, j) of the slice, closing back to the first. */
export interface Loop {
  xs: number[];
  ys: number[];
}

/**
 * Boundary loops of the pixels set in `slice` (nx × ny, row-major). Every edge between a set pixel and
 * an unset one (or the border) is used once; collinear vertices are removed.
 */
export function traceSliceBoundaries(slice: Uint8Array, nx: number, ny: number): Loop[] {
  // Corner (cx, cy) is the point (cx − 0.5, cy − 0.5); id = cx + (nx + 1) * cy.
  const stride = nx + 1;
  const at = (i: number, j: number): boolean =>
    i >= 0 && j >= 0 && i < nx && j < ny && slice[i + nx * j] !== 0;
  // Directed edges, pixel boundary walked top → right → bottom → left (clockwise with j down).
  const outgoing = new Map<number, number[]>();
  let edges = 0;
  const add = (from: number, to: number): void => {
    const list = outgoing.get(from);
    if (list) list.push(to);
    else outgoing.set(from, [to]);
    edges++;
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!slice[i + nx * j]) continue;
      const a = i + stride * j;
      const b = a + 1;
      const c = b + stride;
      const d = a + stride;
      if (!at(i, j - 1)) add(a, b);
      if (!at(i + 1, j)) add(b, c);
      if (!at(i, j + 1)) add(c, d);
      if (!at(i - 1, j)) add(d, a);
    }
  }
  const loops: Loop[] = [];
  while (edges > 0) {
    const [start] = outgoing.keys();
    const corners: number[] = [start];
    let current = start;
    for (;;) {
      const list = outgoing.get(current);
      if (!list || list.length === 0) throw new Error('internal: open boundary while tracing a mask');
      const next = list.pop() as number;
      if (list.length === 0) outgoing.delete(current);
      edges--;
      if (next === start) break;
      corners.push(next);
      current = next;
    }
    loops.push(simplify(corners, stride));
  }
  return loops;
}

/** Drops corners where the path goes straight on; converts corner ids to pixel coordinates. */
function simplify(corners: number[], stride: number): Loop {
  const n = corners.length;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < n; k++) {
    const prev = corners[(k + n - 1) % n];
    const cur = corners[k];
    const next = corners[(k + 1) % n];
    const d1 = cur - prev;
    const d2 = next - cur;
    if (d1 === d2) continue;
    xs.push((cur % stride) - 0.5);
    ys.push(Math.floor(cur / stride) - 0.5);
  }
  return { xs, ys };
}

/**
 * As traceSliceBoundaries, but no loop has more than `maxPoints` vertices (DS values of one ContourData
 * must fit 64 KiB): when a loop is too long, the rows are cut into two bands traced separately. The bands
 * are disjoint pixel sets, so their XOR is the whole mask; a one-row band only yields rectangles.
 */
export function traceSliceLimited(slice: Uint8Array, nx: number, ny: number, maxPoints: number): Loop[] {
  if (maxPoints < 4) throw new Error('maxPoints must be at least 4');
  const loops = traceSliceBoundaries(slice, nx, ny);
  if (loops.every((l) => l.xs.length <= maxPoints)) return loops;
  let first = -1;
  let last = -1;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (slice[i + nx * j]) {
        if (first < 0) first = j;
        last = j;
        break;
      }
    }
  }
  const cut = (first + last + 1) >> 1;
  const top = new Uint8Array(slice.length);
  top.set(slice.subarray(0, cut * nx));
  const bottom = new Uint8Array(slice.length);
  bottom.set(slice.subarray(cut * nx), cut * nx);
  return [...traceSliceLimited(top, nx, ny, maxPoints), ...traceSliceLimited(bottom, nx, ny, maxPoints)];
}
