/**
 * Form-factor features of the A.K. profile (ak-features.md §8): computed on the same ROI surface mesh as
 * the `ibsi` profile's morphology family — marching cubes on the mask at level 0.5 with the triangles of
 * families/mesh.ts (CASE_TRIANGLES), vertices at edge midpoints, in mm. A = mesh area, V = mesh volume.
 * The accumulation here is per cube case (area and volume terms precomputed), which is what makes the
 * profile fast on large ROIs; formFactor.test.ts checks it against families/mesh.ts meshRoi.
 */
import { CASE_TRIANGLES } from '../families/mesh';
import type { AkRoi } from './roi';

export interface RoiMesh {
  area: number;
  volume: number;
  /** Largest distance between two mesh vertices (mm). */
  maxDiameter: number;
}

/** Corner c of a cube has offset (c & 1, c >> 1 & 1, c >> 2 & 1); case bit c = corner c in the ROI. */
const CORNER = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [c & 1, (c >> 1) & 1, (c >> 2) & 1]);
/** The 12 cube edges as corner pairs, in families/mesh.ts's order (the edge ids of CASE_TRIANGLES). */
const EDGES: [number, number][] = [];
for (let c = 0; c < 8; c++) for (const bit of [1, 2, 4]) if (!(c & bit)) EDGES.push([c, c | bit]);

/**
 * Per case, in mm relative to the cube's corner 0: the triangles' total area, Σ det(a, b, c) and
 * Σ (b − a) × (c − a) — the signed volume term of a triangle translated by P is
 * det(a, b, c) + P·((b − a) × (c − a)) — and its vertices (doubled index offsets 0 … 2) for the diameter.
 */
interface CaseGeometry {
  area: number;
  det: number;
  normal: [number, number, number];
  vertices: Int8Array;
}

/**
 * The 256 cases' geometry for one voxel spacing, computed once per spacing: a cohort shares a handful of
 * spacings, and rebuilding the table per ROI cost more in JIT recompilation than in arithmetic.
 */
const geometriesBySpacing = new Map<string, CaseGeometry[]>();
function caseGeometries(spacing: readonly number[]): CaseGeometry[] {
  const key = spacing.join(',');
  let cases = geometriesBySpacing.get(key);
  if (!cases) {
    if (geometriesBySpacing.size >= 64) geometriesBySpacing.clear();
    cases = buildCaseGeometries(spacing);
    geometriesBySpacing.set(key, cases);
  }
  return cases;
}

function buildCaseGeometries(spacing: readonly number[]): CaseGeometry[] {
  const midpoint = (e: number): number[] =>
    [0, 1, 2].map((axis) => CORNER[EDGES[e][0]][axis] + CORNER[EDGES[e][1]][axis]);
  return CASE_TRIANGLES.map((triangles) => {
    const g: CaseGeometry = { area: 0, det: 0, normal: [0, 0, 0], vertices: new Int8Array(0) };
    const used = new Set<number>();
    for (const triangle of triangles) {
      const p = triangle.map((e) => {
        used.add(e);
        return midpoint(e).map((h, axis) => 0.5 * h * spacing[axis]);
      });
      const u = [0, 1, 2].map((k) => p[1][k] - p[0][k]);
      const w = [0, 1, 2].map((k) => p[2][k] - p[0][k]);
      const n: [number, number, number] = [
        u[1] * w[2] - u[2] * w[1],
        u[2] * w[0] - u[0] * w[2],
        u[0] * w[1] - u[1] * w[0],
      ];
      g.area += 0.5 * Math.hypot(n[0], n[1], n[2]);
      g.det +=
        p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1]) -
        p[0][1] * (p[1][0] * p[2][2] - p[1][2] * p[2][0]) +
        p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0]);
      for (let k = 0; k < 3; k++) g.normal[k] += n[k];
    }
    g.vertices = Int8Array.from([...used].flatMap(midpoint));
    return g;
  });
}

export function roiMesh(roi: AkRoi): RoiMesh {
  const [nx, ny, nz] = roi.size;
  const spacing = roi.image.spacing;
  const cases = caseGeometries(spacing);
  // The ROI with a one-voxel empty border, so that every cube of the closed surface reads inside the array.
  const px = nx + 2;
  const py = ny + 2;
  const pxy = px * py;
  const padded = new Uint8Array(pxy * (nz + 2));
  for (let z = 0, c = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = 1 + px * (y + 1 + py * (z + 1));
      for (let x = 0; x < nx; x++, c++) padded[row + x] = roi.inRoi[c];
    }
  }
  const cornerOffset = CORNER.map((c) => c[0] + px * c[1] + pxy * c[2]);
  const rows = new RowEnds(2 * nx + 3, 2 * ny + 3, 2 * nz + 3);
  // Cube positions relative to the ROI centre keep the signed volume sum well conditioned.
  const centre = [0.5 * (nx - 1) * spacing[0], 0.5 * (ny - 1) * spacing[1], 0.5 * (nz - 1) * spacing[2]];
  let area = 0;
  let volume6 = 0;
  for (let z = -1; z < nz; z++) {
    const pz = z * spacing[2] - centre[2];
    for (let y = -1; y < ny; y++) {
      const py0 = y * spacing[1] - centre[1];
      let base = px * (y + 1 + py * (z + 1));
      for (let x = -1; x < nx; x++, base++) {
        let index = 0;
        for (let bit = 0; bit < 8; bit++) if (padded[base + cornerOffset[bit]]) index |= 1 << bit;
        if (index === 0 || index === 255) continue;
        const g = cases[index];
        area += g.area;
        volume6 += g.det + (x * spacing[0] - centre[0]) * g.normal[0] + py0 * g.normal[1] + pz * g.normal[2];
        const v = g.vertices;
        // Doubled coordinates shifted by 2 so that they start at 0.
        for (let k = 0; k < v.length; k += 3)
          rows.add(2 * x + 2 + v[k], 2 * y + 2 + v[k + 1], 2 * z + 2 + v[k + 2]);
      }
    }
  }
  return { area, volume: Math.abs(volume6) / 6, maxDiameter: rows.diameter(spacing) };
}

/**
 * End points of the vertex rows along x, y and z, on the doubled index grid. Only convex-hull vertices
 * can realise the largest distance, and a hull vertex is an end of its row along every axis (it cannot
 * lie between two other vertices on a line), so the quadratic search runs over those points only.
 */
class RowEnds {
  private readonly lo: Int32Array[];
  private readonly hi: Int32Array[];
  constructor(
    private readonly wx: number,
    private readonly wy: number,
    private readonly wz: number,
  ) {
    // Rows along x are keyed by (y, z), along y by (x, z), along z by (x, y).
    const sizes = [wy * wz, wx * wz, wx * wy];
    this.lo = sizes.map((n) => new Int32Array(n).fill(0x7fffffff));
    this.hi = sizes.map((n) => new Int32Array(n).fill(-1));
  }

  add(x: number, y: number, z: number): void {
    this.extend(0, y + this.wy * z, x);
    this.extend(1, x + this.wx * z, y);
    this.extend(2, x + this.wx * y, z);
  }

  private extend(axis: number, key: number, value: number): void {
    if (value < this.lo[axis][key]) this.lo[axis][key] = value;
    if (value > this.hi[axis][key]) this.hi[axis][key] = value;
  }

  private isEnd(axis: number, key: number, value: number): boolean {
    return this.lo[axis][key] === value || this.hi[axis][key] === value;
  }

  diameter(spacing: readonly number[]): number {
    const points: number[] = [];
    for (let z = 0; z < this.wz; z++) {
      for (let y = 0; y < this.wy; y++) {
        const key = y + this.wy * z;
        if (this.hi[0][key] < 0) continue;
        const ends =
          this.lo[0][key] === this.hi[0][key] ? [this.lo[0][key]] : [this.lo[0][key], this.hi[0][key]];
        for (const x of ends) {
          if (!this.isEnd(1, x + this.wx * z, y) || !this.isEnd(2, x + this.wx * y, z)) continue;
          points.push(0.5 * (x - 2) * spacing[0], 0.5 * (y - 2) * spacing[1], 0.5 * (z - 2) * spacing[2]);
        }
      }
    }
    let best = 0;
    for (let a = 0; a < points.length; a += 3) {
      for (let b = a + 3; b < points.length; b += 3) {
        const d =
          (points[a] - points[b]) ** 2 +
          (points[a + 1] - points[b + 1]) ** 2 +
          (points[a + 2] - points[b + 2]) ** 2;
        if (d > best) best = d;
      }
    }
    return Math.sqrt(best);
  }
}

/** VolumeMM (IBSI RNU0): V in mm³. */
export const volumeMM = (m: RoiMesh): number => m.volume;
/** VolumeCC: V / 1000 (cm³). */
export const volumeCC = (m: RoiMesh): number => m.volume / 1000;
/** SurfaceArea (IBSI C0JK): A in mm². */
export const surfaceArea = (m: RoiMesh): number => m.area;
/** SurfaceVolumeRatio (IBSI 2PR5): A / V. */
export const surfaceVolumeRatio = (m: RoiMesh): number => m.area / m.volume;
/** Sphericity (IBSI QCFX): (36πV²)^{1/3} / A. */
export const sphericity = (m: RoiMesh): number => Math.cbrt(36 * Math.PI * m.volume * m.volume) / m.area;
/** SphericalDisproportion (IBSI KRCK): A / (36πV²)^{1/3}. */
export const sphericalDisproportion = (m: RoiMesh): number =>
  m.area / Math.cbrt(36 * Math.PI * m.volume * m.volume);
/** Compactness1 (IBSI SKGS): V / (√π·A^{3/2}). */
export const compactness1 = (m: RoiMesh): number => m.volume / (Math.sqrt(Math.PI) * Math.pow(m.area, 1.5));
/** Compactness2 (IBSI BQWJ): 36πV² / A³. */
export const compactness2 = (m: RoiMesh): number =>
  (36 * Math.PI * m.volume * m.volume) / Math.pow(m.area, 3);
/** Maximum3DDiameter (IBSI L0JK): largest distance between two mesh vertices. */
export const maximum3DDiameter = (m: RoiMesh): number => m.maxDiameter;

export const FORM_FACTOR_FEATURES: readonly {
  name: string;
  ibsi: string;
  compute: (m: RoiMesh) => number;
}[] = [
  { name: 'Compactness1', ibsi: 'SKGS', compute: compactness1 },
  { name: 'Compactness2', ibsi: 'BQWJ', compute: compactness2 },
  { name: 'Maximum3DDiameter', ibsi: 'L0JK', compute: maximum3DDiameter },
  { name: 'SphericalDisproportion', ibsi: 'KRCK', compute: sphericalDisproportion },
  { name: 'Sphericity', ibsi: 'QCFX', compute: sphericity },
  { name: 'SurfaceArea', ibsi: 'C0JK', compute: surfaceArea },
  { name: 'SurfaceVolumeRatio', ibsi: '2PR5', compute: surfaceVolumeRatio },
  { name: 'VolumeCC', ibsi: '', compute: volumeCC },
  { name: 'VolumeMM', ibsi: 'RNU0', compute: volumeMM },
];
