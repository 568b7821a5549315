/**
 * A 0/1 mask's slice as RGBA pixels in display layout (planes.ts), for the ROI being edited: the view draws
 * it on a 2D canvas above the vtk.js canvas instead of as a vtk labelmap, so that a brush stroke repaints only
 * that 2D layer. On software-composited WebGL (the test machines, SwiftShader) every frame in which the vtk
 * canvas changes costs a read-back of the whole canvas on the main thread's commit (≈ 20–35 ms for a 584² canvas
 * on 2 loaded cores), which is what made strokes drop frames; a 2D canvas is composited without one.
 * Pure (no DOM): fills a Uint32Array laid out as ImageData (little-endian RGBA).
 */
import type { DisplayPlane } from './planes';

export interface LabelLook {
  /** 0–1 RGB. */
  rgb: readonly [number, number, number];
  /** 'fill' paints every voxel of the ROI at `opacity`; 'outline' only its in-plane border, opaque. */
  mode: 'fill' | 'outline';
  opacity: number;
}

/** One ImageData pixel (RGBA bytes) as a little-endian uint32. */
export function rgbaWord(rgb: readonly [number, number, number], alpha: number): number {
  const byte = (x: number) => Math.min(Math.max(Math.round(x * 255), 0), 255);
  return ((byte(alpha) << 24) | (byte(rgb[2]) << 16) | (byte(rgb[1]) << 8) | byte(rgb[0])) >>> 0;
}

/**
 * Writes display rows [rowStart, rowEnd) of `plane` of `mask` into `out` (plane.width × plane.height words,
 * row-major from the top-left display pixel): the look's colour where the ROI is shown, 0 (transparent)
 * elsewhere. In outline mode a voxel is border when one of its four in-plane neighbours is outside the ROI or
 * the grid, so a caller repainting changed rows must include one row more on each side.
 */
export function paintLabelRows(
  plane: DisplayPlane,
  mask: ArrayLike<number>,
  out: Uint32Array,
  look: LabelLook,
  rowStart = 0,
  rowEnd = plane.height,
): void {
  const { width, height, start, stepX, stepY } = plane;
  if (out.length !== width * height)
    throw new Error(`the label layer holds ${out.length} pixels, the plane ${width} × ${height}`);
  const y0 = Math.max(0, Math.floor(rowStart));
  const y1 = Math.min(height, Math.ceil(rowEnd));
  const outline = look.mode === 'outline';
  const color = rgbaWord(look.rgb, outline ? 1 : look.opacity);
  for (let y = y0; y < y1; y++) {
    let n = start + y * stepY;
    let p = y * width;
    for (let x = 0; x < width; x++, n += stepX, p++) {
      if (mask[n] === 0) {
        out[p] = 0;
      } else if (!outline) {
        out[p] = color;
      } else {
        const border =
          x === 0 ||
          x === width - 1 ||
          y === 0 ||
          y === height - 1 ||
          mask[n - stepX] === 0 ||
          mask[n + stepX] === 0 ||
          mask[n - stepY] === 0 ||
          mask[n + stepY] === 0;
        out[p] = border ? color : 0;
      }
    }
  }
}
