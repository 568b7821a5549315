/**
 * PyRadiomics 3D shape features (radiomics/shape.py) on the morphological mask. The surface is the shared
 * marching-cubes mesh (families/mesh.ts: iso-level 0.5 on the zero-padded mask, the same construction as
 * PyRadiomics' cshape.c). V = mesh volume, A = mesh area, N_v = ROI voxels; λ₁ ≥ λ₂ ≥ λ₃ the eigenvalues of the
 * (population) covariance of the ROI voxel-centre positions in mm.
 */
import type { Vec3 } from '../../image/volume';
import { meshRoi } from '../families/mesh';
import { symmetricEigenvalues } from '../families/morphology';

export interface ShapeInput {
  volume: number;
  area: number;
  voxelVolume: number;
  voxels: number;
  /** Mesh vertices (mm along the voxel axes), xyz interleaved. */
  vertices: Float64Array;
  eigen: [number, number, number];
}

type ShapeFeature = (s: ShapeInput) => number;

/** Largest distance between vertices, optionally only between vertices sharing coordinate `axis`. */
function maxVertexDistance(v: Float64Array, axis?: 0 | 1 | 2): number {
  const count = v.length / 3;
  let groups: number[][];
  if (axis === undefined) groups = [Array.from({ length: count }, (_, i) => i)];
  else {
    const byCoord = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const key = v[3 * i + axis];
      const g = byCoord.get(key);
      if (g) g.push(i);
      else byCoord.set(key, [i]);
    }
    groups = [...byCoord.values()];
  }
  let best = 0;
  for (const g of groups)
    for (let s = 0; s < g.length; s++) {
      const a = 3 * g[s];
      for (let t = s + 1; t < g.length; t++) {
        const b = 3 * g[t];
        const d = (v[a] - v[b]) ** 2 + (v[a + 1] - v[b + 1]) ** 2 + (v[a + 2] - v[b + 2]) ** 2;
        if (d > best) best = d;
      }
    }
  return Math.sqrt(best);
}

/** MeshVolume (RNU0): V, the volume enclosed by the mesh. */
export const meshVolume: ShapeFeature = (s) => s.volume;
/** VoxelVolume (YEKZ): N_v · V_voxel. */
export const voxelVolume: ShapeFeature = (s) => s.voxels * s.voxelVolume;
/** SurfaceArea (C0JK): A = Σ triangle areas. */
export const surfaceArea: ShapeFeature = (s) => s.area;
/** SurfaceVolumeRatio (2PR5): A / V. */
export const surfaceVolumeRatio: ShapeFeature = (s) => s.area / s.volume;
/** Sphericity (QCFX): (36 π V²)^{1/3} / A. */
export const sphericity: ShapeFeature = (s) => Math.cbrt(36 * Math.PI * s.volume ** 2) / s.area;
/** Maximum3DDiameter (L0JK): largest distance between mesh vertices. */
export const maximum3DDiameter: ShapeFeature = (s) => maxVertexDistance(s.vertices);
/** Maximum2DDiameterSlice: largest distance between vertices of one axial plane (same k). */
export const maximum2DDiameterSlice: ShapeFeature = (s) => maxVertexDistance(s.vertices, 2);
/** Maximum2DDiameterColumn: largest distance between vertices of one coronal plane (same j). */
export const maximum2DDiameterColumn: ShapeFeature = (s) => maxVertexDistance(s.vertices, 1);
/** Maximum2DDiameterRow: largest distance between vertices of one sagittal plane (same i). */
export const maximum2DDiameterRow: ShapeFeature = (s) => maxVertexDistance(s.vertices, 0);
/** MajorAxisLength (TDIC): 4 √λ₁. */
export const majorAxisLength: ShapeFeature = (s) => 4 * Math.sqrt(s.eigen[0]);
/** MinorAxisLength (P9VJ): 4 √λ₂. */
export const minorAxisLength: ShapeFeature = (s) => 4 * Math.sqrt(s.eigen[1]);
/** LeastAxisLength (7J51): 4 √λ₃. */
export const leastAxisLength: ShapeFeature = (s) => 4 * Math.sqrt(s.eigen[2]);
/** Elongation (Q3CK): √(λ₂ / λ₁). */
export const elongation: ShapeFeature = (s) => Math.sqrt(s.eigen[1] / s.eigen[0]);
/** Flatness (N17B): √(λ₃ / λ₁). */
export const flatness: ShapeFeature = (s) => Math.sqrt(s.eigen[2] / s.eigen[0]);

export const SHAPE_FEATURES: readonly [string, string, ShapeFeature][] = [
  ['MeshVolume', 'RNU0', meshVolume],
  ['VoxelVolume', 'YEKZ', voxelVolume],
  ['SurfaceArea', 'C0JK', surfaceArea],
  ['SurfaceVolumeRatio', '2PR5', surfaceVolumeRatio],
  ['Sphericity', 'QCFX', sphericity],
  ['Maximum3DDiameter', 'L0JK', maximum3DDiameter],
  ['Maximum2DDiameterSlice', '', maximum2DDiameterSlice],
  ['Maximum2DDiameterColumn', '', maximum2DDiameterColumn],
  ['Maximum2DDiameterRow', '', maximum2DDiameterRow],
  ['MajorAxisLength', 'TDIC', majorAxisLength],
  ['MinorAxisLength', 'P9VJ', minorAxisLength],
  ['LeastAxisLength', '7J51', leastAxisLength],
  ['Elongation', 'Q3CK', elongation],
  ['Flatness', 'N17B', flatness],
];

/** Mesh, voxel count and axis eigenvalues of a 0/1 mask on grid `size`. */
export function shapeInput(mask: Uint8Array, size: Vec3, spacing: Vec3): ShapeInput {
  const mesh = meshRoi(mask, size, spacing);
  const [nx, ny] = size;
  let n = 0;
  const sum = [0, 0, 0];
  const cross = [0, 0, 0, 0, 0, 0]; // xx yy zz xy xz yz
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    const x = (v % nx) * spacing[0];
    const y = (Math.floor(v / nx) % ny) * spacing[1];
    const z = Math.floor(v / (nx * ny)) * spacing[2];
    n++;
    sum[0] += x;
    sum[1] += y;
    sum[2] += z;
    cross[0] += x * x;
    cross[1] += y * y;
    cross[2] += z * z;
    cross[3] += x * y;
    cross[4] += x * z;
    cross[5] += y * z;
  }
  if (n === 0) throw new Error('shape features need a non-empty ROI');
  const [mx, my, mz] = sum.map((s) => s / n);
  const cxx = cross[0] / n - mx * mx,
    cyy = cross[1] / n - my * my,
    czz = cross[2] / n - mz * mz;
  const cxy = cross[3] / n - mx * my,
    cxz = cross[4] / n - mx * mz,
    cyz = cross[5] / n - my * mz;
  const eigen = symmetricEigenvalues([cxx, cxy, cxz, cxy, cyy, cyz, cxz, cyz, czz]).map((e) =>
    Math.max(e, 0),
  ) as [number, number, number];
  return {
    volume: mesh.volume,
    area: mesh.area,
    voxelVolume: spacing[0] * spacing[1] * spacing[2],
    voxels: n,
    vertices: mesh.vertices,
    eigen,
  };
}

export function shapeValues(input: ShapeInput): Map<string, number> {
  return new Map(SHAPE_FEATURES.map(([name, , f]) => [name, f(input)]));
}
