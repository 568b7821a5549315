/**
 * 3D convex hull (quickhull) of a point set, for the convex-hull densities and the maximum 3D diameter.
 * Points are xyz-interleaved. Coplanar points are not hull vertices (distance ≤ eps counts as inside).
 */

export interface ConvexHull {
  /** Triangles as point-index triples, counter-clockwise seen from outside. */
  faces: [number, number, number][];
  /** Indices of the points on the hull. */
  vertices: number[];
  volume: number;
  area: number;
}

interface Face {
  v: [number, number, number];
  n: [number, number, number];
  d: number;
  outside: number[];
  alive: boolean;
}

export function convexHull(p: Float64Array): ConvexHull {
  const count = p.length / 3;
  const x = (i: number): number => p[3 * i];
  const y = (i: number): number => p[3 * i + 1];
  const z = (i: number): number => p[3 * i + 2];
  let scale = 0;
  for (let i = 0; i < p.length; i++) scale = Math.max(scale, Math.abs(p[i]));
  const eps = 1e-9 * Math.max(scale, 1);
  if (count < 4) return { faces: [], vertices: [...Array(count).keys()], volume: 0, area: 0 };

  // initial tetrahedron: extreme x pair, farthest point from that line, farthest from that plane
  let i0 = 0;
  let i1 = 0;
  for (let i = 1; i < count; i++) {
    if (x(i) < x(i0)) i0 = i;
    if (x(i) > x(i1)) i1 = i;
  }
  const sub = (a: number, b: number): [number, number, number] => [x(a) - x(b), y(a) - y(b), z(a) - z(b)];
  const cross = (u: number[], v: number[]): [number, number, number] => [
    u[1] * v[2] - u[2] * v[1],
    u[2] * v[0] - u[0] * v[2],
    u[0] * v[1] - u[1] * v[0],
  ];
  const dot = (u: number[], v: number[]): number => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const norm = (u: number[]): number => Math.sqrt(dot(u, u));
  let i2 = -1;
  let best = eps;
  const dir = sub(i1, i0);
  for (let i = 0; i < count; i++) {
    const dd = norm(cross(dir, sub(i, i0)));
    if (dd > best) {
      best = dd;
      i2 = i;
    }
  }
  if (i2 < 0) return { faces: [], vertices: [i0, i1], volume: 0, area: 0 };
  const n012 = cross(sub(i1, i0), sub(i2, i0));
  let i3 = -1;
  best = eps;
  for (let i = 0; i < count; i++) {
    const dd = Math.abs(dot(n012, sub(i, i0))) / norm(n012);
    if (dd > best) {
      best = dd;
      i3 = i;
    }
  }
  if (i3 < 0) return { faces: [], vertices: [i0, i1, i2], volume: 0, area: 0 };

  const faces: Face[] = [];
  const edgeOwner = new Map<number, number>(); // directed edge a→b → face index
  const ek = (a: number, b: number): number => a * count + b;
  const makeFace = (a: number, b: number, c: number): number => {
    const nn = cross(sub(b, a), sub(c, a));
    const l = norm(nn);
    const n: [number, number, number] = [nn[0] / l, nn[1] / l, nn[2] / l];
    faces.push({ v: [a, b, c], n, d: n[0] * x(a) + n[1] * y(a) + n[2] * z(a), outside: [], alive: true });
    const f = faces.length - 1;
    edgeOwner.set(ek(a, b), f);
    edgeOwner.set(ek(b, c), f);
    edgeOwner.set(ek(c, a), f);
    return f;
  };
  const dist = (f: Face, i: number): number => f.n[0] * x(i) + f.n[1] * y(i) + f.n[2] * z(i) - f.d;
  // orient the tetrahedron outward
  if (dot(n012, sub(i3, i0)) > 0) [i1, i2] = [i2, i1];
  const initial = [makeFace(i0, i1, i2), makeFace(i0, i3, i1), makeFace(i1, i3, i2), makeFace(i2, i3, i0)];
  for (let i = 0; i < count; i++) {
    if (i === i0 || i === i1 || i === i2 || i === i3) continue;
    for (const f of initial)
      if (dist(faces[f], i) > eps) {
        faces[f].outside.push(i);
        break;
      }
  }

  const stack = [...initial];
  while (stack.length) {
    const fi = stack.pop()!;
    const face = faces[fi];
    if (!face.alive || face.outside.length === 0) continue;
    let eye = face.outside[0];
    let far = -Infinity;
    for (const i of face.outside) {
      const dd = dist(face, i);
      if (dd > far) {
        far = dd;
        eye = i;
      }
    }
    // visible faces by flood fill; horizon = edges from a visible to a non-visible face
    const visible = new Set<number>([fi]);
    const queue = [fi];
    const horizon: [number, number][] = [];
    while (queue.length) {
      const f = queue.pop()!;
      const [a, b, c] = faces[f].v;
      for (const [u, w] of [
        [a, b],
        [b, c],
        [c, a],
      ]) {
        const nb = edgeOwner.get(ek(w, u))!;
        if (visible.has(nb)) continue;
        if (dist(faces[nb], eye) > eps) {
          visible.add(nb);
          queue.push(nb);
        } else horizon.push([u, w]);
      }
    }
    const orphans: number[] = [];
    for (const f of visible) {
      faces[f].alive = false;
      for (const i of faces[f].outside) if (i !== eye) orphans.push(i);
      const [a, b, c] = faces[f].v;
      for (const [u, w] of [
        [a, b],
        [b, c],
        [c, a],
      ])
        if (edgeOwner.get(ek(u, w)) === f) edgeOwner.delete(ek(u, w));
    }
    const created = horizon.map(([u, w]) => makeFace(u, w, eye));
    for (const i of orphans)
      for (const f of created)
        if (dist(faces[f], i) > eps) {
          faces[f].outside.push(i);
          break;
        }
    stack.push(...created);
  }

  const alive = faces.filter((f) => f.alive);
  const vertexSet = new Set<number>();
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (const f of alive) for (const v of f.v) vertexSet.add(v);
  for (const v of vertexSet) {
    cx += x(v);
    cy += y(v);
    cz += z(v);
  }
  cx /= vertexSet.size;
  cy /= vertexSet.size;
  cz /= vertexSet.size;
  let volume = 0;
  let area = 0;
  for (const f of alive) {
    const [a, b, c] = f.v;
    const A = [x(a) - cx, y(a) - cy, z(a) - cz];
    const B = [x(b) - cx, y(b) - cy, z(b) - cz];
    const C = [x(c) - cx, y(c) - cy, z(c) - cz];
    volume += dot(A, cross(B, C)) / 6;
    area += norm(cross([B[0] - A[0], B[1] - A[1], B[2] - A[2]], [C[0] - A[0], C[1] - A[1], C[2] - A[2]])) / 2;
  }
  return { faces: alive.map((f) => f.v), vertices: [...vertexSet], volume: Math.abs(volume), area };
}

/** Largest distance between any two points (only hull vertices need checking). */
export function maxDiameter(p: Float64Array, hullVertices: number[]): number {
  let best = 0;
  for (let s = 0; s < hullVertices.length; s++) {
    const a = hullVertices[s];
    for (let t = s + 1; t < hullVertices.length; t++) {
      const b = hullVertices[t];
      const d =
        (p[3 * a] - p[3 * b]) ** 2 + (p[3 * a + 1] - p[3 * b + 1]) ** 2 + (p[3 * a + 2] - p[3 * b + 2]) ** 2;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}
