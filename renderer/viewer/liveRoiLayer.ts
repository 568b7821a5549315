/**
 * The ROI being edited, on a 2D canvas above the vtk view (between the image and the annotations): a brush
 * stroke repaints the slice's pixels here instead of changing the vtk scene, whose frames cost a read-back of
 * the canvas on software-composited WebGL.
 */
import { context2d, fitCanvas, paneCanvas } from './canvas2d';
import { paintLabelRows } from './labelLayer';
import { displayToScreen } from './planes';
import type { ViewScene } from './viewScene';

export class LiveRoiLayer {
  /** The layer on screen, covering the pane. */
  readonly canvas = paneCanvas('view-live-roi');
  /** The slice's pixels at voxel resolution, drawn scaled onto `canvas`. */
  private readonly source = document.createElement('canvas');
  private pixels: ImageData | null = null;
  /** What the canvas shows, to repaint it only when the mask, slice, look or viewport changed. */
  private key = '';
  private data: Uint8Array | null = null;

  /**
   * The slice's mask painted at voxel resolution (labelLayer.ts) and scaled without smoothing onto the plane's
   * screen rectangle, the same placement as the vtk image. Repainted only when the mask (revision), slice,
   * look or viewport changed; a brush stroke repaints the slice's pixels, which costs far less than a vtk
   * frame's read-back.
   */
  draw(scene: ViewScene): void {
    const { plane, viewport: vp, live } = scene;
    const canvas = this.canvas;
    const resized = fitCanvas(canvas, vp);
    const key = live
      ? [
          plane.normal,
          plane.slice,
          live.revision,
          live.rgb.join(','),
          live.mode,
          live.opacity,
          vp.width,
          vp.height,
          vp.zoom,
          vp.pan.join(','),
        ].join(';')
      : '';
    if (!resized && key === this.key && (!live || this.data === live.data)) return;
    this.key = key;
    this.data = live?.data ?? null;
    const ctx = context2d(canvas);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!live) return;
    const source = this.source;
    if (source.width !== plane.width || source.height !== plane.height || !this.pixels) {
      source.width = plane.width;
      source.height = plane.height;
      this.pixels = new ImageData(plane.width, plane.height);
    }
    const pixels = this.pixels;
    paintLabelRows(plane, live.data, new Uint32Array(pixels.data.buffer), {
      rgb: live.rgb,
      mode: live.mode,
      opacity: live.opacity,
    });
    context2d(source).putImageData(pixels, 0, 0);
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const [x0, y0] = displayToScreen(plane, vp, -0.5, -0.5);
    const [x1, y1] = displayToScreen(plane, vp, plane.width - 0.5, plane.height - 0.5);
    ctx.drawImage(source, x0, y0, x1 - x0, y1 - y0);
  }
}
