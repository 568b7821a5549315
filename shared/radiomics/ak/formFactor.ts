/**
 * Form-factor features of the A.K. profile (ak-features.md §8): computed on the same ROI surface mesh as
 * the `ibsi` profile's morphology family (families/mesh.ts: marching cubes on the mask at level 0.5,
 * vertices at edge midpoints, in mm). A = mesh area, V = mesh volume. Definitions as PyRadiomics' shape.
 */
import type { Vec3 } from '../../image/volume';
import { convexHull, maxDiameter } from '../families/convexHull';
import { meshRoi } from '../families/mesh';
import type { AkRoi } from './roi';

export interface RoiMesh {
  area: number;
  volume: number;
  /** Largest distance between two mesh vertices (mm). */
  maxDiameter: number;
}

/** The ROI mesh on the cropped grid (cropping moves the mesh, not its shape). */
export function roiMesh(roi: AkRoi): RoiMesh {
  const mesh = meshRoi(roi.inRoi, [...roi.size] as Vec3, [...roi.image.spacing] as Vec3);
  const hull = convexHull(mesh.vertices);
  return { area: mesh.area, volume: mesh.volume, maxDiameter: maxDiameter(mesh.vertices, hull.vertices) };
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
