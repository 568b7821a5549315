/**
 * The three orthogonal views of a series as pure functions (tested in Node): which index plane a view shows,
 * how its pixels are laid out on screen so that the patient appears in the radiological convention, and the
 * screen ↔ voxel mapping the input tools use.
 *
 * A view shows the index plane normal to one axis (k: "axial" in the contouring cores' naming, j: coronal,
 * i: sagittal), i.e. the series' own voxels with no resampling. Its screen axes are chosen from the plane's
 * real patient directions: the plane is named by the patient axis its normal is closest to, and its in-plane
 * axes are transposed/flipped so that screen-right and screen-down point as close as possible to the
 * conventional directions (axial: right = patient left, down = posterior; coronal: right = left,
 * down = feet; sagittal: right = posterior, down = feet). Oblique series therefore keep true LPS labels.
 * viewCamera turns that layout into the parallel camera of the vtk.js view (planeCamera.ts).
 */
import type { ImageGeometry, Vec3 } from '../../shared/image/volume';
import type { Axis, Orientation } from '../../shared/contour/plane';
import { orientationLabel } from './orientation';

/** The contouring cores' orientation of the index plane normal to `axis`. */
export const ORIENTATION_OF_NORMAL: Record<Axis, Orientation> = { 0: 'sagittal', 1: 'coronal', 2: 'axial' };

export interface DisplayPlane {
  /** The index axis normal to the plane, and the slice along it. */
  normal: Axis;
  slice: number;
  /** Patient-space name of the plane (from its real normal). */
  name: 'Axial' | 'Coronal' | 'Sagittal';
  /**
   * Degrees between the plane's normal and the patient axis it is named after (0 for a true axial, coronal
   * or sagittal plane): an oblique series is shown in its acquisition planes, and the view says by how much
   * they are tilted.
   */
  tiltDeg: number;
  /** Display pixels across (x) and down (y). */
  width: number;
  height: number;
  /** Millimetres per display pixel along x and y. */
  mmX: number;
  mmY: number;
  /** Index axes shown along screen x and y, and whether they run backwards (index n−1 at the left/top). */
  axisX: Axis;
  axisY: Axis;
  flipX: boolean;
  flipY: boolean;
  /** Linear volume index of display pixel (0, 0) and the index steps of one pixel right / down. */
  start: number;
  stepX: number;
  stepY: number;
  /** Orientation markers of the four screen edges. */
  labels: { left: string; right: string; top: string; bottom: string };
}

const column = (direction: readonly number[], axis: Axis): Vec3 => [
  direction[axis],
  direction[3 + axis],
  direction[6 + axis],
];
const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Preferred screen-right and screen-down directions (LPS) per patient plane. */
const CONVENTION = {
  Axial: { right: [1, 0, 0], down: [0, 1, 0] },
  Coronal: { right: [1, 0, 0], down: [0, 0, -1] },
  Sagittal: { right: [0, 1, 0], down: [0, 0, -1] },
} as const;

const PATIENT_AXIS_OF: Record<DisplayPlane['name'], 0 | 1 | 2> = { Sagittal: 0, Coronal: 1, Axial: 2 };

/** Angle (degrees) between the index plane's normal and the patient axis of the plane it is named after. */
export function planeTiltDeg(direction: readonly number[], normal: Axis): number {
  const n = column(direction, normal);
  const cos =
    Math.abs(n[PATIENT_AXIS_OF[patientPlaneName(direction, normal)]]) / Math.hypot(n[0], n[1], n[2]);
  return (Math.acos(Math.min(cos, 1)) * 180) / Math.PI;
}

/** The patient plane an index plane is closest to (by the dominant component of its normal). */
export function patientPlaneName(direction: readonly number[], normal: Axis): DisplayPlane['name'] {
  const n = column(direction, normal).map(Math.abs);
  if (n[2] >= n[0] && n[2] >= n[1]) return 'Axial';
  return n[1] >= n[0] ? 'Coronal' : 'Sagittal';
}

export function displayPlane(grid: ImageGeometry, normal: Axis, slice: number): DisplayPlane {
  const [a, b] = ([0, 1, 2] as Axis[]).filter((d) => d !== normal) as [Axis, Axis];
  const name = patientPlaneName(grid.direction, normal);
  const { right, down } = CONVENTION[name];
  const va = column(grid.direction, a);
  const vb = column(grid.direction, b);
  // Screen x gets the in-plane axis that points most nearly left-right (in the plane's convention).
  const aIsX =
    Math.abs(dot(va, right)) + Math.abs(dot(vb, down)) >= Math.abs(dot(vb, right)) + Math.abs(dot(va, down));
  const axisX = aIsX ? a : b;
  const axisY = aIsX ? b : a;
  const vx = column(grid.direction, axisX);
  const vy = column(grid.direction, axisY);
  const flipX = dot(vx, right) < 0;
  const flipY = dot(vy, down) < 0;
  const strides: Vec3 = [1, grid.size[0], grid.size[0] * grid.size[1]];
  const width = grid.size[axisX];
  const height = grid.size[axisY];
  const s = Math.min(Math.max(Math.round(slice), 0), grid.size[normal] - 1);
  const start =
    s * strides[normal] +
    (flipX ? (width - 1) * strides[axisX] : 0) +
    (flipY ? (height - 1) * strides[axisY] : 0);
  const screenRight = flipX ? vx.map((x) => -x) : vx;
  const screenDown = flipY ? vy.map((x) => -x) : vy;
  return {
    normal,
    slice: s,
    name,
    tiltDeg: planeTiltDeg(grid.direction, normal),
    width,
    height,
    mmX: grid.spacing[axisX],
    mmY: grid.spacing[axisY],
    axisX,
    axisY,
    flipX,
    flipY,
    start,
    stepX: flipX ? -strides[axisX] : strides[axisX],
    stepY: flipY ? -strides[axisY] : strides[axisY],
    labels: {
      right: orientationLabel(screenRight),
      left: orientationLabel(screenRight.map((x) => -x)),
      bottom: orientationLabel(screenDown),
      top: orientationLabel(screenDown.map((x) => -x)),
    },
  };
}

/** Continuous voxel index (i, j, k) of a continuous display pixel position (x, y) on the plane. */
export function displayToIndex(plane: DisplayPlane, x: number, y: number): Vec3 {
  const out: Vec3 = [0, 0, 0];
  out[plane.normal] = plane.slice;
  out[plane.axisX] = plane.flipX ? plane.width - 1 - x : x;
  out[plane.axisY] = plane.flipY ? plane.height - 1 - y : y;
  return out;
}

/** Display pixel position of a voxel index on the plane (the normal component is ignored). */
export function indexToDisplay(plane: DisplayPlane, index: readonly number[]): [number, number] {
  const u = index[plane.axisX];
  const v = index[plane.axisY];
  return [plane.flipX ? plane.width - 1 - u : u, plane.flipY ? plane.height - 1 - v : v];
}

/**
 * Placement of a plane in a viewport: `zoom` 1 fits the whole plane (aspect kept in mm) with a small margin;
 * `pan` shifts the view centre in mm. Maps display pixels ↔ CSS pixels of the viewport.
 */
export interface Viewport {
  width: number;
  height: number;
  zoom: number;
  pan: [number, number];
}

export function pixelsPerMm(plane: DisplayPlane, vp: Viewport): number {
  const w = plane.width * plane.mmX;
  const h = plane.height * plane.mmY;
  return (Math.min(vp.width / w, vp.height / h) / 1.04) * vp.zoom;
}

/** CSS position of the centre of display pixel (x, y). */
export function displayToScreen(plane: DisplayPlane, vp: Viewport, x: number, y: number): [number, number] {
  const s = pixelsPerMm(plane, vp);
  const cx = ((plane.width - 1) * plane.mmX) / 2 + vp.pan[0];
  const cy = ((plane.height - 1) * plane.mmY) / 2 + vp.pan[1];
  return [vp.width / 2 + (x * plane.mmX - cx) * s, vp.height / 2 + (y * plane.mmY - cy) * s];
}

export function screenToDisplay(plane: DisplayPlane, vp: Viewport, sx: number, sy: number): [number, number] {
  const s = pixelsPerMm(plane, vp);
  const cx = ((plane.width - 1) * plane.mmX) / 2 + vp.pan[0];
  const cy = ((plane.height - 1) * plane.mmY) / 2 + vp.pan[1];
  return [((sx - vp.width / 2) / s + cx) / plane.mmX, ((sy - vp.height / 2) / s + cy) / plane.mmY];
}

/** Smallest render-window scale on software WebGL: a voxel edge then moves by at most 2 screen pixels. */
const MIN_SOFTWARE_SCALE = 0.5;

/**
 * The render-window scale for software WebGL, where each vtk frame is read back at a cost proportional to its
 * pixels (vtkPlaneView.draw): one render pixel per voxel (the fewest pixels that still show every voxel),
 * rounded up to 1/64 so that float noise does not resize the window, between ½ and 1.
 */
export function softwareRenderScale(pxPerVoxel: number): number {
  if (!(pxPerVoxel > 0)) return 1;
  return Math.min(1, Math.max(MIN_SOFTWARE_SCALE, Math.ceil(64 / pxPerVoxel) / 64));
}

/**
 * The parallel camera that shows `plane` in `rect` of `vp` (a render window covering that rectangle; default
 * the whole viewport) exactly as displayToScreen lays it out, for a vtk image placed
 * at world = index × spacing (origin 0, identity direction): the focal point is the voxel position at the
 * rectangle's centre (on the slice), screen-right and view-up are the index axes (with their flips) planes.ts
 * puts on screen-right and screen-up, and the parallel scale is half the rectangle's height in mm. vtk's screen
 * right is directionOfProjection × viewUp, so the direction of projection is viewUp × right.
 */
export interface ViewCamera {
  focalPoint: Vec3;
  right: Vec3;
  viewUp: Vec3;
  directionOfProjection: Vec3;
  parallelScale: number;
}

/** A rectangle of a viewport, CSS pixels from its top-left corner. */
export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function viewCamera(
  plane: DisplayPlane,
  vp: Viewport,
  spacing: readonly number[],
  rect: ScreenRect = { x: 0, y: 0, width: vp.width, height: vp.height },
): ViewCamera {
  const centre = displayToIndex(
    plane,
    ...screenToDisplay(plane, vp, rect.x + rect.width / 2, rect.y + rect.height / 2),
  );
  const focalPoint: Vec3 = [centre[0] * spacing[0], centre[1] * spacing[1], centre[2] * spacing[2]];
  const right: Vec3 = [0, 0, 0];
  right[plane.axisX] = plane.flipX ? -1 : 1;
  const viewUp: Vec3 = [0, 0, 0];
  viewUp[plane.axisY] = plane.flipY ? 1 : -1;
  const directionOfProjection: Vec3 = [
    viewUp[1] * right[2] - viewUp[2] * right[1],
    viewUp[2] * right[0] - viewUp[0] * right[2],
    viewUp[0] * right[1] - viewUp[1] * right[0],
  ];
  return {
    focalPoint,
    right,
    viewUp,
    directionOfProjection,
    parallelScale: rect.height / 2 / pixelsPerMm(plane, vp),
  };
}
