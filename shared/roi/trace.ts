/**
 * Mask slice → closed polygons along pixel edges, such that rasterising them gives back exactly the same
 * pixels — under the even-odd, XOR-per-slice rule (rasterize.ts, DESIGN §5) AND under the union rule that
 * some receivers apply to the contours of one slice (plastimatch, several TPSs). Pure.
 *
 * Why it is exact: polygon vertices lie on pixel corners (half-integer indices) and pixel centres on
 * integers, so no centre is ever on an edge. Even-odd parity depends only on the set of boundary edges.
 * For union to agree, no two polygons may overlap: each hole is joined to the polygon around it by a
 * zero-width cut along a row boundary (a "keyhole"), so every polygon is one region with its holes, and an
 * island inside a hole is a polygon of its own, disjoint from the others. The cut's two edges are horizontal
 * on a row boundary, so no scanline through pixel centres ever crosses them.
 */

/** One loop: vertices in continuous pixel indices (i, j) of the slice, closing back to the first. */
export interface Loop {
  xs: number[];
  ys: number[];
}

/**
 * Boundary loops of the pixels set in `slice` (nx × ny, row-major). Every edge between a set pixel and
 * an unset one (or the border) is used once; collinear vertices are removed. Edges are walked with the set
 * pixels on the right (clockwise on screen, j down): outer boundaries come out clockwise, hole boundaries
 * counter-clockwise. Where two set pixels touch only at a corner, the walk turns right, so each loop bounds
 * one 4-connected region (and no loop mixes an outer boundary with a hole boundary).
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
  /** Of the edges leaving `current`, the one turning right after arriving from `previous` (else any). */
  const preferred = (previous: number, current: number, candidates: number[]): number => {
    const dx = (current % stride) - (previous % stride);
    const dy = Math.floor(current / stride) - Math.floor(previous / stride);
    const right = current + -dy + dx * stride; // heading (dx, dy) → right turn (−dy, dx) with j down
    return candidates.includes(right) ? right : candidates[0];
  };
  const take = (from: number, to: number): void => {
    const list = outgoing.get(from)!;
    list.splice(list.indexOf(to), 1);
    if (list.length === 0) outgoing.delete(from);
    edges--;
  };
  const loops: Loop[] = [];
  while (edges > 0) {
    const [start, list] = outgoing.entries().next().value as [number, number[]];
    const first = list[0];
    take(start, first);
    const corners: number[] = [start];
    let previous = start;
    let current = first;
    for (;;) {
      const rest = outgoing.get(current) ?? [];
      // Back at the start: closed if the rule would take the first edge again (a corner may be passed twice).
      if (current === start && preferred(previous, current, [first, ...rest]) === first) break;
      if (rest.length === 0) throw new Error('internal: open boundary while tracing a mask');
      const next = preferred(previous, current, rest);
      take(current, next);
      corners.push(current);
      previous = current;
      current = next;
    }
    loops.push(simplify(corners, stride));
  }
  return loops;
}

/** Twice the signed area (shoelace): positive for clockwise loops on screen (j down), i.e. outer boundaries. */
function doubleArea(l: Loop): number {
  let s = 0;
  for (let a = 0, b = l.xs.length - 1; a < l.xs.length; b = a++) s += l.xs[b] * l.ys[a] - l.xs[a] * l.ys[b];
  return s;
}

/**
 * Joins every hole loop to the loop around it by a zero-width cut, so that the result has only outer loops
 * with disjoint interiors (see the module comment). Holes are taken by decreasing rightmost x; from a
 * hole's rightmost vertex (topmost of them) a ray runs in +i along that row boundary to the nearest edge of
 * an outer loop (which by then includes the holes to its right), and the hole is spliced in there:
 * … P, V, hole…, V, P … (Eberly's hole bridging, on a rectilinear grid).
 */
export function bridgeHoles(loops: Loop[]): Loop[] {
  const outers: { xs: number[]; ys: number[] }[] = [];
  const holes: Loop[] = [];
  for (const l of loops) (doubleArea(l) > 0 ? outers : holes).push({ xs: [...l.xs], ys: [...l.ys] });
  const rightmost = (l: Loop): number => {
    let best = 0;
    for (let n = 1; n < l.xs.length; n++)
      if (l.xs[n] > l.xs[best] || (l.xs[n] === l.xs[best] && l.ys[n] < l.ys[best])) best = n;
    return best;
  };
  holes.sort((p, q) => q.xs[rightmost(q)] - p.xs[rightmost(p)]);
  for (const hole of holes) {
    const v = rightmost(hole);
    const x0 = hole.xs[v];
    const y0 = hole.ys[v];
    let hit: { loop: number; edge: number; x: number } | null = null;
    outers.forEach((o, loop) => {
      for (let a = 0; a < o.xs.length; a++) {
        const b = (a + 1) % o.xs.length;
        const [xa, ya, xb, yb] = [o.xs[a], o.ys[a], o.xs[b], o.ys[b]];
        if (Math.min(ya, yb) > y0 || Math.max(ya, yb) < y0) continue;
        // Vertical edges cross the ray at their x; a horizontal edge on the ray is reached at its near end.
        const x = xa === xb ? xa : ya === y0 && yb === y0 ? Math.min(xa, xb) : NaN;
        if (!(x > x0) || (hit && x >= hit.x)) continue;
        hit = { loop, edge: a, x };
      }
    });
    if (!hit) throw new Error('internal: a hole outside every outer boundary');
    const { loop, edge, x } = hit as { loop: number; edge: number; x: number };
    const o = outers[loop];
    const b = (edge + 1) % o.xs.length;
    // The point P where the cut meets the loop: an existing vertex, or a new one inside the edge.
    let p: number;
    if (o.xs[edge] === x && o.ys[edge] === y0) p = edge;
    else if (o.xs[b] === x && o.ys[b] === y0) p = b;
    else {
      o.xs.splice(edge + 1, 0, x);
      o.ys.splice(edge + 1, 0, y0);
      p = edge + 1;
    }
    const n = hole.xs.length;
    const ring = Array.from({ length: n + 1 }, (_, k) => (v + k) % n); // V … back to V
    o.xs.splice(p + 1, 0, ...ring.map((k) => hole.xs[k]), x);
    o.ys.splice(p + 1, 0, ...ring.map((k) => hole.ys[k]), y0);
  }
  return outers;
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
 * The polygons an RTSTRUCT gets: traceSliceBoundaries with holes bridged (bridgeHoles), and no loop with
 * more than `maxPoints` vertices (DS values of one ContourData must fit 64 KiB): when a loop is too long,
 * the rows are cut into two bands traced separately. The bands are disjoint pixel sets, so their XOR — and
 * their union — is the whole mask; a one-row band only yields rectangles.
 */
export function traceSliceLimited(slice: Uint8Array, nx: number, ny: number, maxPoints: number): Loop[] {
  if (maxPoints < 4) throw new Error('maxPoints must be at least 4');
  const loops = bridgeHoles(traceSliceBoundaries(slice, nx, ny));
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
