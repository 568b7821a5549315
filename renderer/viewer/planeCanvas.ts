/**
 * Draws one view on a 2D canvas: the plane rendered at its own resolution (planes.ts) into an offscreen
 * canvas, scaled onto the viewport with nearest-neighbour sampling, then the crosshair, the brush cursor and
 * a polygon being drawn. Plain canvas 2D is fast enough for 512² planes and needs no WebGL (the machines we
 * test on render WebGL in software).
 */
import type { Vec3 } from '../../shared/image/volume';
import {
  displayToScreen,
  indexToDisplay,
  pixelsPerMm,
  renderPlane,
  type DisplayPlane,
  type PlaneOverlay,
  type Viewport,
} from './planes';

export interface ViewScene {
  image: Float32Array;
  plane: DisplayPlane;
  window: number;
  level: number;
  overlays: readonly PlaneOverlay[];
  viewport: Viewport;
  /** Crosshair position (voxel index); its two in-plane components are drawn. */
  crosshair: Vec3 | null;
  /** Colours of the lines of the two other planes (normal axis → CSS colour). */
  crosshairColors: Record<number, string>;
  /** Brush outline: CSS position and radius in mm. */
  brush: { x: number; y: number; radiusMm: number; erase: boolean } | null;
  /** Open polygon (display pixel coordinates). */
  polygon: readonly [number, number][] | null;
}

/** Durations of recent draws (ms), read by the perf e2e test. */
export const drawTimings: number[] = [];

export class PlaneCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly offscreen = document.createElement('canvas');
  private pixels: ImageData | null = null;

  constructor(container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    container.prepend(this.canvas);
  }

  draw(scene: ViewScene): void {
    const t0 = performance.now();
    const { plane, viewport: vp } = scene;
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.max(1, Math.round(vp.width * dpr));
    const ch = Math.max(1, Math.round(vp.height * dpr));
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
      this.canvas.style.width = `${vp.width}px`;
      this.canvas.style.height = `${vp.height}px`;
    }
    if (!this.pixels || this.pixels.width !== plane.width || this.pixels.height !== plane.height) {
      this.pixels = new ImageData(plane.width, plane.height);
      this.offscreen.width = plane.width;
      this.offscreen.height = plane.height;
    }
    renderPlane(new Uint32Array(this.pixels.data.buffer), scene.image, plane, scene.window, scene.level, scene.overlays);
    const off = this.offscreen.getContext('2d');
    const ctx = this.canvas.getContext('2d');
    if (!off || !ctx) throw new Error('this browser gives no 2D canvas context');
    off.putImageData(this.pixels, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#05070b';
    ctx.fillRect(0, 0, vp.width, vp.height);
    ctx.imageSmoothingEnabled = false;
    // Pixel (x, y) covers [x − ½, x + ½] around its centre.
    const [x0, y0] = displayToScreen(plane, vp, -0.5, -0.5);
    const [x1, y1] = displayToScreen(plane, vp, plane.width - 0.5, plane.height - 0.5);
    ctx.drawImage(this.offscreen, x0, y0, x1 - x0, y1 - y0);

    if (scene.crosshair) {
      const [cx, cy] = indexToDisplay(plane, scene.crosshair);
      const [sx, sy] = displayToScreen(plane, vp, cx, cy);
      ctx.lineWidth = 1;
      ctx.globalAlpha = 0.75;
      ctx.strokeStyle = scene.crosshairColors[plane.axisY] ?? '#ff0';
      ctx.beginPath();
      ctx.moveTo(x0, Math.round(sy) + 0.5);
      ctx.lineTo(x1, Math.round(sy) + 0.5);
      ctx.stroke();
      ctx.strokeStyle = scene.crosshairColors[plane.axisX] ?? '#ff0';
      ctx.beginPath();
      ctx.moveTo(Math.round(sx) + 0.5, y0);
      ctx.lineTo(Math.round(sx) + 0.5, y1);
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    if (scene.polygon && scene.polygon.length) {
      ctx.strokeStyle = '#ffd166';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      scene.polygon.forEach(([x, y], n) => {
        const [px, py] = displayToScreen(plane, vp, x, y);
        if (n === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.stroke();
      const [fx, fy] = displayToScreen(plane, vp, scene.polygon[0][0], scene.polygon[0][1]);
      ctx.strokeRect(fx - 4, fy - 4, 8, 8);
    }
    if (scene.brush) {
      const r = scene.brush.radiusMm * pixelsPerMm(plane, vp);
      ctx.strokeStyle = scene.brush.erase ? '#9fe3ff' : '#ffd166';
      ctx.setLineDash(scene.brush.erase ? [4, 3] : []);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(scene.brush.x, scene.brush.y, Math.max(r, 1), 0, 2 * Math.PI);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    drawTimings.push(performance.now() - t0);
    if (drawTimings.length > 2000) drawTimings.splice(0, drawTimings.length - 1000);
  }

  dispose(): void {
    this.canvas.remove();
  }
}
