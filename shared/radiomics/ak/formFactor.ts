/**
 * Form-factor features of the A.K. profile (ak-features.md §8): computed on the ROI surface mesh —
 * marching cubes on the mask at level 0.5 (vertices at edge midpoints, as IBSI 1 morphology), in mm.
 * A = mesh area, V = mesh volume (divergence theorem over the closed mesh).
 * The triangulation is VTK's marching-cubes case table (vtk.js).
 */
import caseTable from '@kitware/vtk.js/Filters/General/ImageMarchingCubes/caseTable';
import type { AkRoi } from './roi';

export interface RoiMesh {
  area: number;
  volume: number;
  /** Largest distance between two mesh vertices (mm). */
  maxDiameter: number;
}

/** Corner c of a cube (VTK order, x fastest) → its (dx, dy, dz). */
const CORNER = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [c & 1, (c >> 1) & 1, (c >> 2) & 1]);
/** Case bit → VTK corner id (VTK's VERT_MAP: the bits walk the cube face cyclically). */
const BIT_CORNER = [0, 1, 3, 2, 4, 5, 7, 6];

export function roiMesh(roi: AkRoi): RoiMesh {
  const [nx, ny, nz] = roi.size;
  const [sx, sy, sz] = roi.image.spacing;
  const inside = (x: number, y: number, z: number): number =>
    x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : roi.inRoi[x + nx * (y + ny * z)];
  let area = 0;
  let volume6 = 0;
  // Vertices on doubled integer coordinates (2·index), for exact de-duplication.
  const vertexKeys = new Set<number>();
  const keyOf = (a: number, b: number, c: number) => a + 2 + (2 * nx + 5) * (b + 2 + (2 * ny + 5) * (c + 2));
  const tri = new Float64Array(9);
  const doubled = new Int32Array(3);
  for (let z = -1; z < nz; z++) {
    for (let y = -1; y < ny; y++) {
      for (let x = -1; x < nx; x++) {
        let index = 0;
        for (let bit = 0; bit < 8; bit++) {
          const c = CORNER[BIT_CORNER[bit]];
          if (inside(x + c[0], y + c[1], z + c[2])) index |= 1 << bit;
        }
        if (index === 0 || index === 255) continue;
        const tris = caseTable.getCase(index);
        for (let t = 0; t < tris.length && tris[t] >= 0; t += 3) {
          for (let v = 0; v < 3; v++) {
            const [a, b] = caseTable.getEdge(tris[t + v]);
            const ca = CORNER[a];
            const cb = CORNER[b];
            doubled[0] = 2 * x + ca[0] + cb[0];
            doubled[1] = 2 * y + ca[1] + cb[1];
            doubled[2] = 2 * z + ca[2] + cb[2];
            vertexKeys.add(keyOf(doubled[0], doubled[1], doubled[2]));
            tri[3 * v] = 0.5 * doubled[0] * sx;
            tri[3 * v + 1] = 0.5 * doubled[1] * sy;
            tri[3 * v + 2] = 0.5 * doubled[2] * sz;
          }
          const ux = tri[3] - tri[0];
          const uy = tri[4] - tri[1];
          const uz = tri[5] - tri[2];
          const wx = tri[6] - tri[0];
          const wy = tri[7] - tri[1];
          const wz = tri[8] - tri[2];
          const cx = uy * wz - uz * wy;
          const cy = uz * wx - ux * wz;
          const cz = ux * wy - uy * wx;
          area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
          // a · (b × c): six times the signed volume of the tetrahedron (origin, a, b, c).
          volume6 +=
            tri[0] * (tri[4] * tri[8] - tri[5] * tri[7]) -
            tri[1] * (tri[3] * tri[8] - tri[5] * tri[6]) +
            tri[2] * (tri[3] * tri[7] - tri[4] * tri[6]);
        }
      }
    }
  }
  return { area, volume: Math.abs(volume6) / 6, maxDiameter: maxDiameter(vertexKeys, nx, ny, [sx, sy, sz]) };
}

/**
 * Largest vertex-to-vertex distance. Only convex-hull vertices can realise it, and a hull vertex is an
 * end point of its own row along x, y and z (it cannot lie between two other vertices on a line), so
 * the quadratic search runs over those row ends only.
 */
function maxDiameter(keys: Set<number>, nx: number, ny: number, spacing: readonly number[]): number {
  const wx = 2 * nx + 5;
  const wy = 2 * ny + 5;
  const points: [number, number, number][] = [];
  for (const k of keys) points.push([(k % wx) - 2, (Math.floor(k / wx) % wy) - 2, Math.floor(k / (wx * wy)) - 2]);
  const isEnd = new Uint8Array(points.length).fill(1);
  for (let axis = 0; axis < 3; axis++) {
    const lo = new Map<string, number>();
    const hi = new Map<string, number>();
    points.forEach((p, n) => {
      const row = axis === 0 ? `${p[1]},${p[2]}` : axis === 1 ? `${p[0]},${p[2]}` : `${p[0]},${p[1]}`;
      const l = lo.get(row);
      if (l === undefined || p[axis] < points[l][axis]) lo.set(row, n);
      const h = hi.get(row);
      if (h === undefined || p[axis] > points[h][axis]) hi.set(row, n);
    });
    const ends = new Uint8Array(points.length);
    for (const n of lo.values()) ends[n] = 1;
    for (const n of hi.values()) ends[n] = 1;
    for (let n = 0; n < points.length; n++) isEnd[n] &= ends[n];
  }
  const hull = points.filter((_, n) => isEnd[n]).map((p) => p.map((v, a) => 0.5 * v * spacing[a]));
  let best = 0;
  for (let a = 0; a < hull.length; a++) {
    const p = hull[a];
    for (let b = a + 1; b < hull.length; b++) {
      const q = hull[b];
      const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
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
export const sphericalDisproportion = (m: RoiMesh): number => m.area / Math.cbrt(36 * Math.PI * m.volume * m.volume);
/** Compactness1 (IBSI SKGS): V / (√π·A^{3/2}). */
export const compactness1 = (m: RoiMesh): number => m.volume / (Math.sqrt(Math.PI) * Math.pow(m.area, 1.5));
/** Compactness2 (IBSI BQWJ): 36πV² / A³. */
export const compactness2 = (m: RoiMesh): number => (36 * Math.PI * m.volume * m.volume) / Math.pow(m.area, 3);
/** Maximum3DDiameter (IBSI L0JK): largest distance between two mesh vertices. */
export const maximum3DDiameter = (m: RoiMesh): number => m.maxDiameter;

export const FORM_FACTOR_FEATURES: readonly { name: string; ibsi: string; compute: (m: RoiMesh) => number }[] = [
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
