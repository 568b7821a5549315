/**
 * ROI surface mesh (IBSI "mesh-based representation", WRJH): marching cubes on the zero-padded morphological
 * mask at iso-level 0.5, so every vertex is the midpoint of a lattice edge between an ROI and a non-ROI voxel.
 *
 * The 256 cube cases are derived here rather than typed in as a table: on each cube face the iso-line
 * segments join the edge crossings (on faces with two diagonal ROI corners, the ROI corners are cut off —
 * ROI voxels touching only at an edge stay separate, as for 6-connectivity); the segments, oriented
 * consistently, chain into closed loops, and each loop is fanned into triangles. Faces shared by neighbouring
 * cubes get the same segments, so the mesh is closed and consistently oriented.
 */
import type { Vec3 } from '../../image/volume';

/** Cube corner c has offset (c & 1, c >> 1 & 1, c >> 2 & 1). */
const CORNER = (c: number): Vec3 => [c & 1, (c >> 1) & 1, (c >> 2) & 1];

/** The 12 cube edges as corner pairs. */
const EDGES: [number, number][] = [];
for (let c = 0; c < 8; c++) for (const bit of [1, 2, 4]) if (!(c & bit)) EDGES.push([c, c | bit]);
const edgeIndex = (a: number, b: number): number =>
  EDGES.findIndex(([p, q]) => (p === a && q === b) || (p === b && q === a));

/** Each face as 4 corners, counter-clockwise seen from outside the cube. */
const FACES: number[][] = [];
for (let axis = 0; axis < 3; axis++) {
  const u = (axis + 1) % 3;
  const v = (axis + 2) % 3;
  for (const side of [0, 1]) {
    const corners = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ].map(([a, b]) => (side << axis) | (a << u) | (b << v));
    FACES.push(side === 1 ? corners : corners.reverse());
  }
}

/** Edge midpoints in half-voxel units relative to the cube's corner 0. */
const EDGE_HALF: Vec3[] = EDGES.map(([a, b]) => {
  const p = CORNER(a);
  const q = CORNER(b);
  return [p[0] + q[0], p[1] + q[1], p[2] + q[2]];
});

/** Area of the triangle spanned by three edge midpoints of the unit cube. */
function unitTriangleArea(a: number, b: number, c: number): number {
  const [A, B, C] = [EDGE_HALF[a], EDGE_HALF[b], EDGE_HALF[c]];
  const u = [B[0] - A[0], B[1] - A[1], B[2] - A[2]];
  const v = [C[0] - A[0], C[1] - A[1], C[2] - A[2]];
  return Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]) / 8;
}

/** Triangles of every cube case (bit c set = corner c inside), as edge-index triples. */
export const CASE_TRIANGLES: number[][][] = Array.from({ length: 256 }, (_, cubeCase) => {
  const inside = (c: number): boolean => ((cubeCase >> c) & 1) === 1;
  const next = new Map<number, number>();
  for (const face of FACES) {
    const exits: number[] = []; // crossings going inside → outside along the face's CCW order
    const entries: number[] = [];
    const order: { edge: number; exit: boolean }[] = [];
    for (let t = 0; t < 4; t++) {
      const a = face[t];
      const b = face[(t + 1) % 4];
      if (inside(a) === inside(b)) continue;
      const e = { edge: edgeIndex(a, b), exit: inside(a) };
      order.push(e);
      (e.exit ? exits : entries).push(e.edge);
    }
    // Each exit joins the entry that precedes it along the face: the arc between them holds ROI corners,
    // which the segment cuts off.
    for (let t = 0; t < order.length; t++) {
      if (!order[t].exit) continue;
      const prev = order[(t - 1 + order.length) % order.length];
      next.set(order[t].edge, prev.edge);
    }
  }
  const triangles: number[][] = [];
  const used = new Set<number>();
  for (const start of next.keys()) {
    if (used.has(start)) continue;
    const loop: number[] = [];
    let e = start;
    while (!used.has(e)) {
      used.add(e);
      loop.push(e);
      e = next.get(e)!;
    }
    // Fan from the vertex that gives the largest area in the unit cube: for non-planar loops this is the
    // triangulation of the Lewiner tables (it reproduces the IBSI phantom's 556 mm³ / 388 mm²).
    let bestStart = 0;
    let bestArea = -Infinity;
    for (let s = 0; s < loop.length; s++) {
      let a = 0;
      for (let t = 1; t + 1 < loop.length; t++)
        a += unitTriangleArea(loop[s], loop[(s + t) % loop.length], loop[(s + t + 1) % loop.length]);
      if (a > bestArea + 1e-12) {
        bestArea = a;
        bestStart = s;
      }
    }
    for (let t = 1; t + 1 < loop.length; t++)
      triangles.push([
        loop[bestStart],
        loop[(bestStart + t) % loop.length],
        loop[(bestStart + t + 1) % loop.length],
      ]);
  }
  return triangles;
});

export interface RoiMesh {
  /** Mesh volume (mm³) and surface area (mm²). */
  volume: number;
  area: number;
  /** Unique vertex positions (mm, along the voxel axes, relative to voxel (0,0,0)), xyz interleaved. */
  vertices: Float64Array;
}

/**
 * Meshes a 0/1 mask on grid `size` with voxel `spacing`. Volume is |Σ a·(b×c)|/6 over faces (RNU0); area is
 * Σ |ab × ac|/2 (C0JK).
 */
export function meshRoi(mask: Uint8Array, size: Vec3, spacing: Vec3): RoiMesh {
  const [nx, ny, nz] = size;
  const at = (i: number, j: number, k: number): number =>
    i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? 0 : mask[i + nx * (j + ny * k)];
  const vertexKeys = new Set<number>();
  // half-voxel lattice key for a vertex; +2 keeps padded coordinates non-negative
  const key = (x: number, y: number, z: number): number =>
    x + 2 + (2 * nx + 5) * (y + 2 + (2 * ny + 5) * (z + 2));
  let volume6 = 0;
  let area2 = 0;
  const cx = (nx - 1) / 2;
  const cy = (ny - 1) / 2;
  const cz = (nz - 1) / 2;
  const pos = new Float64Array(36);
  for (let k = -1; k < nz; k++)
    for (let j = -1; j < ny; j++)
      for (let i = -1; i < nx; i++) {
        let cubeCase = 0;
        for (let c = 0; c < 8; c++)
          if (at(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))) cubeCase |= 1 << c;
        if (cubeCase === 0 || cubeCase === 255) continue;
        for (let e = 0; e < 12; e++) {
          const h = EDGE_HALF[e];
          // centred coordinates keep the signed tetrahedron sum well conditioned
          pos[3 * e] = (i + h[0] / 2 - cx) * spacing[0];
          pos[3 * e + 1] = (j + h[1] / 2 - cy) * spacing[1];
          pos[3 * e + 2] = (k + h[2] / 2 - cz) * spacing[2];
        }
        for (const [a, b, c] of CASE_TRIANGLES[cubeCase]) {
          const ax = pos[3 * a],
            ay = pos[3 * a + 1],
            az = pos[3 * a + 2];
          const bx = pos[3 * b],
            by = pos[3 * b + 1],
            bz = pos[3 * b + 2];
          const qx = pos[3 * c],
            qy = pos[3 * c + 1],
            qz = pos[3 * c + 2];
          volume6 += ax * (by * qz - bz * qy) - ay * (bx * qz - bz * qx) + az * (bx * qy - by * qx);
          const ux = bx - ax,
            uy = by - ay,
            uz = bz - az;
          const vx = qx - ax,
            vy = qy - ay,
            vz = qz - az;
          const wx = uy * vz - uz * vy,
            wy = uz * vx - ux * vz,
            wz = ux * vy - uy * vx;
          area2 += Math.sqrt(wx * wx + wy * wy + wz * wz);
          for (const e of [a, b, c]) {
            const h = EDGE_HALF[e];
            vertexKeys.add(key(2 * i + h[0], 2 * j + h[1], 2 * k + h[2]));
          }
        }
      }
  const vertices = new Float64Array(vertexKeys.size * 3);
  let m = 0;
  const sx = 2 * nx + 5;
  const sy = 2 * ny + 5;
  for (const kk of vertexKeys) {
    const x = (kk % sx) - 2;
    const y = (Math.floor(kk / sx) % sy) - 2;
    const z = Math.floor(kk / (sx * sy)) - 2;
    vertices[m++] = (x / 2) * spacing[0];
    vertices[m++] = (y / 2) * spacing[1];
    vertices[m++] = (z / 2) * spacing[2];
  }
  return { volume: Math.abs(volume6) / 6, area: area2 / 2, vertices };
}
