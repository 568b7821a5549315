/**
 * What the corners of a view say (as OHIF shows them): who and what is on screen, and where — pure, tested in
 * Node (annotations.test.ts); CornerAnnotations.tsx lays them out.
 */
import { indexToWorld, type ImageGeometry, type Vec3 } from '../../shared/image/volume';
import { fmt } from './display';
import type { DisplayPlane } from './planes';
import { clampSlice } from './windowing';

/** The LPS coordinate a plane's name refers to: axial planes lie at a height z, coronal at y, sagittal at x. */
const PATIENT_AXIS: Record<DisplayPlane['name'], 0 | 1 | 2> = { Sagittal: 0, Coronal: 1, Axial: 2 };

/**
 * Where the displayed slice lies, in patient mm along the axis its plane is named after: that LPS coordinate
 * of the slice's centre ("z -786.49 mm" for an axial slice). For an oblique series the slice is tilted, and
 * the centre's coordinate is the one shown.
 */
export function slicePosition(geometry: ImageGeometry, plane: DisplayPlane, slice: number): string {
  const centre = geometry.size.map((n) => (n - 1) / 2) as Vec3;
  centre[plane.normal] = slice;
  const c = PATIENT_AXIS[plane.name];
  return `${'xyz'[c]} ${fmt(indexToWorld(geometry, ...centre)[c], 2)} mm`;
}

/** The voxel under the pointer: "(i, j, k) · value" and "LPS x, y, z mm"; null outside the image. */
export function voxelReadout(
  geometry: ImageGeometry,
  data: Float32Array,
  index: Vec3,
): { voxel: string; position: string } | null {
  const size = geometry.size;
  if (index.some((v, d) => v < -0.5 || v > size[d] - 0.5)) return null;
  const [i, j, k] = index.map((v, d) => clampSlice(v, size[d]));
  const p = indexToWorld(geometry, i, j, k);
  return {
    voxel: `(${i}, ${j}, ${k}) · ${fmt(data[i + size[0] * (j + size[1] * k)], 1)}`,
    position: `LPS ${fmt(p[0])}, ${fmt(p[1])}, ${fmt(p[2])} mm`,
  };
}

/** "W 1063 L 532". */
export const windowText = (wl: { window: number; level: number }) =>
  `W ${fmt(wl.window, 0)} L ${fmt(wl.level, 0)}`;

/** "Zoom 1.25×" (1 = the slice fits the view). */
export const zoomText = (zoom: number) => `Zoom ${zoom.toFixed(2)}×`;
