/**
 * Morphological features (IBSI 3.1, family HCUG). Mesh features use the marching-cubes mesh of the
 * morphological mask (V = mesh volume, A = mesh area); point-set features use voxel centres of the
 * morphological mask; intensity-weighted ones use the intensity mask. Lengths in mm.
 * OMBB and MVEE densities are not standardised by IBSI and are not computed.
 */
import type { Vec3, Volume } from '../../image/volume';
import { boundingBox, cropArray } from '../image/roi';
import type { FeatureValue } from '../types';
import { autocorrelationSums, gearysC, moransI } from './autocorrelation';
import { convexHull, maxDiameter } from './convexHull';
import { meshRoi } from './mesh';

export interface MorphologyInput {
  /** Mesh volume V (RNU0) and area A (C0JK). */
  volume: number;
  area: number;
  voxelVolume: number;
  morphVoxels: number;
  /** PCA eigenvalues of the voxel-centre covariance, λ_major ≥ λ_minor ≥ λ_least. */
  eigen: [number, number, number];
  aabbVolume: number;
  aabbArea: number;
  hullVolume: number;
  hullArea: number;
  diameter: number;
  /** ‖geometric centre − intensity-weighted centre‖. */
  centreShift: number;
  meanIntensity: number;
  moran: number;
  geary: number;
}

type Morph = (m: MorphologyInput) => number;

/** Volume (mesh) (RNU0): V = |Σ_faces a·(b×c)/6|. */
export const meshVolume: Morph = (m) => m.volume;
/** Volume (voxel counting) (YEKZ): N_v · voxel volume. */
export const voxelVolume: Morph = (m) => m.morphVoxels * m.voxelVolume;
/** Surface area (mesh) (C0JK): A = Σ_faces |ab × ac| / 2. */
export const surfaceArea: Morph = (m) => m.area;
/** Surface to volume ratio (2PR5): A / V. */
export const surfaceToVolume: Morph = (m) => m.area / m.volume;
/** Compactness 1 (SKGS): V / (π^{1/2} A^{3/2}). */
export const compactness1: Morph = (m) => m.volume / (Math.sqrt(Math.PI) * Math.pow(m.area, 1.5));
/** Compactness 2 (BQWJ): 36π V² / A³. */
export const compactness2: Morph = (m) => (36 * Math.PI * m.volume ** 2) / m.area ** 3;
/** Spherical disproportion (KRCK): A / (36π V²)^{1/3}. */
export const sphericalDisproportion: Morph = (m) => m.area / Math.cbrt(36 * Math.PI * m.volume ** 2);
/** Sphericity (QCFX): (36π V²)^{1/3} / A. */
export const sphericity: Morph = (m) => Math.cbrt(36 * Math.PI * m.volume ** 2) / m.area;
/** Asphericity (25C7): (A³ / (36π V²))^{1/3} − 1. */
export const asphericity: Morph = (m) => Math.cbrt(m.area ** 3 / (36 * Math.PI * m.volume ** 2)) - 1;
/** Centre of mass shift (KLMA): ‖CoM_geom − CoM_gl‖. */
export const centreOfMassShift: Morph = (m) => m.centreShift;
/** Maximum 3D diameter (L0JK): largest distance between mesh vertices. */
export const maximumDiameter: Morph = (m) => m.diameter;
/** Major axis length (TDIC): 4 √λ_major. */
export const majorAxis: Morph = (m) => 4 * Math.sqrt(m.eigen[0]);
/** Minor axis length (P9VJ): 4 √λ_minor. */
export const minorAxis: Morph = (m) => 4 * Math.sqrt(m.eigen[1]);
/** Least axis length (7J51): 4 √λ_least. */
export const leastAxis: Morph = (m) => 4 * Math.sqrt(m.eigen[2]);
/** Elongation (Q3CK): √(λ_minor / λ_major). */
export const elongation: Morph = (m) => Math.sqrt(m.eigen[1] / m.eigen[0]);
/** Flatness (N17B): √(λ_least / λ_major). */
export const flatness: Morph = (m) => Math.sqrt(m.eigen[2] / m.eigen[0]);
/** Volume density, axis-aligned bounding box (PBX1): V / V_aabb (box of the mesh vertices). */
export const volumeDensityAabb: Morph = (m) => m.volume / m.aabbVolume;
/** Area density, axis-aligned bounding box (R59B): A / A_aabb. */
export const areaDensityAabb: Morph = (m) => m.area / m.aabbArea;
/** Volume density, approximate enclosing ellipsoid (6BDE): 3V / (4π a b c), semi-axes a,b,c = 2√λ. */
export const volumeDensityAee: Morph = (m) => {
  const [a, b, c] = m.eigen.map((l) => 2 * Math.sqrt(l));
  return (3 * m.volume) / (4 * Math.PI * a * b * c);
};
/** Area density, approximate enclosing ellipsoid (RDD2): A / A_aee, A_aee by the Legendre series of the manual. */
export const areaDensityAee: Morph = (m) => {
  const [a, b, c] = m.eigen.map((l) => 2 * Math.sqrt(l));
  return m.area / ellipsoidArea(a, b, c);
};
/** Volume density, convex hull (R3ER): V / V_convex. */
export const volumeDensityHull: Morph = (m) => m.volume / m.hullVolume;
/** Area density, convex hull (7T7F): A / A_convex. */
export const areaDensityHull: Morph = (m) => m.area / m.hullArea;
/** Integrated intensity (99N0): V · mean intensity of the intensity mask. */
export const integratedIntensity: Morph = (m) => m.volume * m.meanIntensity;
/** Moran's I (N365). */
export const moranI: Morph = (m) => m.moran;
/** Geary's C (NPT7). */
export const gearyC: Morph = (m) => m.geary;

/**
 * Ellipsoid surface area (IBSI): A ≈ 4π a b Σ_{ν=0}^{20} (αβ)^ν / (1 − 4ν²) P_ν((α² + β²) / (2αβ)),
 * α = √(1 − b²/a²), β = √(1 − c²/a²), a ≥ b ≥ c. The terms q_ν = (αβ)^ν P_ν(x) follow the Legendre recurrence.
 */
export function ellipsoidArea(a: number, b: number, c: number): number {
  const alpha = Math.sqrt(1 - (b * b) / (a * a));
  const beta = Math.sqrt(1 - (c * c) / (a * a));
  const t = alpha * beta;
  const xt = (alpha * alpha + beta * beta) / 2; // x · t
  let qPrev = 1; // q_0
  let q = xt; // q_1
  let sum = qPrev / 1 + q / (1 - 4);
  for (let nu = 1; nu < 20; nu++) {
    const qNext = ((2 * nu + 1) * xt * q - nu * t * t * qPrev) / (nu + 1);
    qPrev = q;
    q = qNext;
    sum += q / (1 - 4 * (nu + 1) ** 2);
  }
  return 4 * Math.PI * a * b * sum;
}

/** Eigenvalues of a symmetric 3×3 matrix (row-major), descending (Jacobi rotations). */
export function symmetricEigenvalues(m: number[]): [number, number, number] {
  const a = [...m];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] ** 2 + a[2] ** 2 + a[5] ** 2;
    if (off < 1e-30) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const apq = a[3 * p + q];
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
      const tt = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(tt * tt + 1);
      const s = tt * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p];
        const akq = a[3 * k + q];
        a[3 * k + p] = c * akp - s * akq;
        a[3 * k + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k];
        const aqk = a[3 * q + k];
        a[3 * p + k] = c * apk - s * aqk;
        a[3 * q + k] = s * apk + c * aqk;
      }
    }
  }
  return [a[0], a[4], a[8]].sort((u, v) => v - u) as [number, number, number];
}

/** Gathers everything the morphology features need from the processed image and masks. */
export function morphologyInput(
  image: Volume,
  morphMask: Uint8Array,
  intensityMask: Uint8Array,
): MorphologyInput {
  const { size, spacing } = image;
  const mesh = meshRoi(morphMask, size, spacing);
  const verts = mesh.vertices;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < verts.length; v += 3)
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], verts[v + a]);
      hi[a] = Math.max(hi[a], verts[v + a]);
    }
  const ext = [0, 1, 2].map((a) => hi[a] - lo[a]);
  const hull = convexHull(verts);

  // voxel-centre statistics (morphological mask) and the intensity-weighted centre (intensity mask)
  let n = 0;
  const s1 = [0, 0, 0];
  const s2 = [0, 0, 0, 0, 0, 0]; // xx, xy, xz, yy, yz, zz
  let wSum = 0;
  const wPos = [0, 0, 0];
  let intensityCount = 0;
  const [nx, ny] = size;
  for (let k = 0; k < morphMask.length; k++) {
    if (!morphMask[k] && !intensityMask[k]) continue;
    const p = [
      (k % nx) * spacing[0],
      (Math.floor(k / nx) % ny) * spacing[1],
      Math.floor(k / (nx * ny)) * spacing[2],
    ];
    if (morphMask[k]) {
      n++;
      s1[0] += p[0];
      s1[1] += p[1];
      s1[2] += p[2];
    }
    if (intensityMask[k]) {
      const w = image.data[k];
      wSum += w;
      intensityCount++;
      for (let a = 0; a < 3; a++) wPos[a] += w * p[a];
    }
  }
  const mean = s1.map((v) => v / n);
  for (let k = 0; k < morphMask.length; k++) {
    if (!morphMask[k]) continue;
    const d = [
      (k % nx) * spacing[0] - mean[0],
      (Math.floor(k / nx) % ny) * spacing[1] - mean[1],
      Math.floor(k / (nx * ny)) * spacing[2] - mean[2],
    ];
    s2[0] += d[0] * d[0];
    s2[1] += d[0] * d[1];
    s2[2] += d[0] * d[2];
    s2[3] += d[1] * d[1];
    s2[4] += d[1] * d[2];
    s2[5] += d[2] * d[2];
  }
  // sample covariance (N − 1), as numpy.cov in the IBSI reference implementation
  const cov = s2.map((v) => v / Math.max(1, n - 1));
  const eigen = symmetricEigenvalues([
    cov[0],
    cov[1],
    cov[2],
    cov[1],
    cov[3],
    cov[4],
    cov[2],
    cov[4],
    cov[5],
  ]);
  const comGl = wPos.map((v) => v / wSum);
  // the all-pairs sums only involve intensity-mask voxels: crop to their box first (smaller FFT)
  const box = boundingBox(intensityMask, size)!;
  const boxSize: Vec3 = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1];
  const auto = autocorrelationSums(
    cropArray(image.data, size, box),
    cropArray(intensityMask, size, box),
    boxSize,
    spacing,
  );
  return {
    volume: mesh.volume,
    area: mesh.area,
    voxelVolume: spacing[0] * spacing[1] * spacing[2],
    morphVoxels: n,
    eigen,
    aabbVolume: ext[0] * ext[1] * ext[2],
    aabbArea: 2 * (ext[0] * ext[1] + ext[1] * ext[2] + ext[0] * ext[2]),
    hullVolume: hull.volume,
    hullArea: hull.area,
    diameter: maxDiameter(verts, hull.vertices),
    centreShift: Math.hypot(mean[0] - comGl[0], mean[1] - comGl[1], mean[2] - comGl[2]),
    meanIntensity: wSum / intensityCount,
    moran: moransI(auto),
    geary: gearysC(auto),
  };
}

const FEATURES: [string, string, string, Morph][] = [
  ['morph_volume', 'RNU0', 'Volume (mesh)', meshVolume],
  ['morph_vol_approx', 'YEKZ', 'Volume (voxel counting)', voxelVolume],
  ['morph_area_mesh', 'C0JK', 'Surface area (mesh)', surfaceArea],
  ['morph_av', '2PR5', 'Surface to volume ratio', surfaceToVolume],
  ['morph_comp_1', 'SKGS', 'Compactness 1', compactness1],
  ['morph_comp_2', 'BQWJ', 'Compactness 2', compactness2],
  ['morph_sph_dispr', 'KRCK', 'Spherical disproportion', sphericalDisproportion],
  ['morph_sphericity', 'QCFX', 'Sphericity', sphericity],
  ['morph_asphericity', '25C7', 'Asphericity', asphericity],
  ['morph_com', 'KLMA', 'Centre of mass shift', centreOfMassShift],
  ['morph_diam', 'L0JK', 'Maximum 3D diameter', maximumDiameter],
  ['morph_pca_maj_axis', 'TDIC', 'Major axis length', majorAxis],
  ['morph_pca_min_axis', 'P9VJ', 'Minor axis length', minorAxis],
  ['morph_pca_least_axis', '7J51', 'Least axis length', leastAxis],
  ['morph_pca_elongation', 'Q3CK', 'Elongation', elongation],
  ['morph_pca_flatness', 'N17B', 'Flatness', flatness],
  ['morph_vol_dens_aabb', 'PBX1', 'Volume density (AABB)', volumeDensityAabb],
  ['morph_area_dens_aabb', 'R59B', 'Area density (AABB)', areaDensityAabb],
  ['morph_vol_dens_aee', '6BDE', 'Volume density (AEE)', volumeDensityAee],
  ['morph_area_dens_aee', 'RDD2', 'Area density (AEE)', areaDensityAee],
  ['morph_vol_dens_conv_hull', 'R3ER', 'Volume density (convex hull)', volumeDensityHull],
  ['morph_area_dens_conv_hull', '7T7F', 'Area density (convex hull)', areaDensityHull],
  ['morph_integ_int', '99N0', 'Integrated intensity', integratedIntensity],
  ['morph_moran_i', 'N365', "Moran's I index", moranI],
  ['morph_geary_c', 'NPT7', "Geary's C measure", gearyC],
];

export function morphologyFeatures(input: MorphologyInput): FeatureValue[] {
  return FEATURES.map(([tag, id, name, f]) => ({
    name: `Morphology: ${name}`,
    tag,
    ibsi_id: id,
    family: 'morphology',
    aggregation: 'none',
    value: f(input),
  }));
}
