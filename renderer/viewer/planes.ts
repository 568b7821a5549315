/**
 * The three orthogonal views of a series as pure functions (tested in Node): which index plane a view shows,
 * how its pixels are laid out on screen so that the patient appears in the radiological convention, and the
 * rendering of one plane (window/level + ROI fill/outline) into RGBA pixels.
 *
 * A view shows the index plane normal to one axis (k: "axial" in the contouring cores' naming, j: coronal,
 * i: sagittal), i.e. the series' own voxels with no resampling. Its screen axes are chosen from the plane's
 * real patient directions: the plane is named by the patient axis its normal is closest to, and its in-plane
 * axes are transposed/flipped so that screen-right and screen-down point as close as possible to the
 * conventional directions (axial: right = patient left, down = posterior; coronal: right = left,
 * down = feet; sagittal: right = posterior, down = feet). Oblique series therefore keep true LPS labels.
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

const column = (direction: readonly number[], axis: Axis): Vec3 => [direction[axis], direction[3 + axis], direction[6 + axis]];
const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Preferred screen-right and screen-down directions (LPS) per patient plane. */
const CONVENTION = {
  Axial: { right: [1, 0, 0], down: [0, 1, 0] },
  Coronal: { right: [1, 0, 0], down: [0, 0, -1] },
  Sagittal: { right: [0, 1, 0], down: [0, 0, -1] },
} as const;

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
  const aIsX = Math.abs(dot(va, right)) + Math.abs(dot(vb, down)) >= Math.abs(dot(vb, right)) + Math.abs(dot(va, down));
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
  const start = s * strides[normal] + (flipX ? (width - 1) * strides[axisX] : 0) + (flipY ? (height - 1) * strides[axisY] : 0);
  const screenRight = flipX ? vx.map((x) => -x) : vx;
  const screenDown = flipY ? vy.map((x) => -x) : vy;
  return {
    normal,
    slice: s,
    name,
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

export interface PlaneOverlay {
  data: Uint8Array;
  /** 0–255 RGB. */
  rgb: [number, number, number];
  mode: 'fill' | 'outline';
  /** Fill opacity 0–1 (outlines are drawn opaque). */
  opacity: number;
}

/**
 * Renders the plane into `out` (width × height RGBA pixels as little-endian uint32, i.e. ImageData's
 * layout on every platform we ship): grey = (value − (level − window/2)) / window, then each overlay in turn,
 * filled (blended at its opacity) or as its in-plane outline (ROI pixels with a 4-neighbour outside).
 */
export function renderPlane(out: Uint32Array, image: Float32Array, plane: DisplayPlane, window: number, level: number, overlays: readonly PlaneOverlay[]): void {
  const { width, height, start, stepX, stepY } = plane;
  if (out.length < width * height) throw new Error(`render target holds ${out.length} pixels, the plane needs ${width * height}`);
  const low = level - window / 2;
  const scale = 255 / Math.max(window, 1e-9);
  for (let y = 0; y < height; y++) {
    let n = start + y * stepY;
    let p = y * width;
    for (let x = 0; x < width; x++, n += stepX, p++) {
      let g = (image[n] - low) * scale;
      g = g < 0 ? 0 : g > 255 ? 255 : g | 0;
      out[p] = 0xff000000 | (g << 16) | (g << 8) | g;
    }
  }
  for (const o of overlays) {
    const [r, gr, b] = o.rgb;
    const mask = o.data;
    const a = Math.min(Math.max(o.opacity, 0), 1);
    const solid = 0xff000000 | (b << 16) | (gr << 8) | r;
    for (let y = 0; y < height; y++) {
      let n = start + y * stepY;
      let p = y * width;
      for (let x = 0; x < width; x++, n += stepX, p++) {
        if (!mask[n]) continue;
        if (o.mode === 'outline') {
          const edge =
            x === 0 || x === width - 1 || y === 0 || y === height - 1 || !mask[n - stepX] || !mask[n + stepX] || !mask[n - stepY] || !mask[n + stepY];
          if (edge) out[p] = solid;
        } else {
          const c = out[p];
          const cr = c & 0xff;
          const cg = (c >> 8) & 0xff;
          const cb = (c >> 16) & 0xff;
          out[p] = 0xff000000 | (((cb + (b - cb) * a) | 0) << 16) | (((cg + (gr - cg) * a) | 0) << 8) | ((cr + (r - cr) * a) | 0);
        }
      }
    }
  }
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
