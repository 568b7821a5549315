/**
 * The annotations of a view, on a transparent 2D canvas above the image and the live ROI: the crosshair, the
 * brush cursor, a polygon being drawn and the rulers (line, end ticks, length label). Redrawn only when what
 * it shows changes: scrolling through slices leaves it alone.
 */
import { context2d, fitCanvas, paneCanvas } from './canvas2d';
import { displayToScreen, indexToDisplay, pixelsPerMm } from './planes';
import type { ViewScene } from './viewScene';

const RULER_COLOR = '#fffbe6';
const RULER_ACTIVE_COLOR = '#ffb454';
const RULER_TICK_PX = 6;

export class AnnotationLayer {
  /** The layer on screen, covering the pane. */
  readonly canvas = paneCanvas('view-annotations');
  /** What the canvas shows, to redraw it only when that changes. */
  private key = '';

  draw(scene: ViewScene): void {
    const { plane, viewport: vp } = scene;
    const canvas = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    fitCanvas(canvas, vp);
    const cw = canvas.width;
    const ch = canvas.height;
    const [x0, y0] = displayToScreen(plane, vp, -0.5, -0.5);
    const [x1, y1] = displayToScreen(plane, vp, plane.width - 0.5, plane.height - 0.5);
    const cross = scene.crosshair ? indexToDisplay(plane, scene.crosshair) : null;
    // The plane's screen corners fix display → screen, so this key says whether the drawing would change:
    // scrolling through slices leaves it alone, and the (pane-sized) canvas is not cleared and sent again.
    const key = JSON.stringify([
      cw,
      ch,
      dpr,
      x0,
      y0,
      x1,
      y1,
      cross,
      cross && scene.crosshairColors[plane.axisX],
      cross && scene.crosshairColors[plane.axisY],
      scene.polygon,
      scene.rulers,
      scene.brush,
      scene.brush && pixelsPerMm(plane, vp),
    ]);
    if (key === this.key) return;
    this.key = key;
    const ctx = context2d(canvas);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (cross) {
      const [sx, sy] = displayToScreen(plane, vp, cross[0], cross[1]);
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
    this.drawRulers(ctx, scene);
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
  }

  /**
   * Rulers: a light line over a dark under-stroke (visible on bright and dark tissue), perpendicular ticks at
   * both ends, and the length on a dark tag beside the midpoint. The labels drawn are also left on the canvas'
   * data-labels (one per line) for the e2e tests, which cannot read canvas text.
   */
  private drawRulers(ctx: CanvasRenderingContext2D, scene: ViewScene): void {
    const { plane, viewport: vp } = scene;
    const rulers = scene.rulers ?? [];
    this.canvas.dataset.labels = rulers.map((r) => r.label).join('\n');
    ctx.save();
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineCap = 'round';
    for (const r of rulers) {
      const [ax, ay] = displayToScreen(plane, vp, r.a[0], r.a[1]);
      const [bx, by] = displayToScreen(plane, vp, r.b[0], r.b[1]);
      const length = Math.hypot(bx - ax, by - ay);
      // Unit normal of the line (any direction for a zero-length ruler).
      const [nx, ny] = length > 0 ? [-(by - ay) / length, (bx - ax) / length] : [0, 1];
      const path = () => {
        ctx.beginPath();
        ctx.moveTo(ax, ay);
        ctx.lineTo(bx, by);
        for (const [x, y] of [
          [ax, ay],
          [bx, by],
        ]) {
          ctx.moveTo(x - nx * RULER_TICK_PX, y - ny * RULER_TICK_PX);
          ctx.lineTo(x + nx * RULER_TICK_PX, y + ny * RULER_TICK_PX);
        }
      };
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.7)';
      ctx.lineWidth = 3.5;
      path();
      ctx.stroke();
      ctx.strokeStyle = r.active ? RULER_ACTIVE_COLOR : RULER_COLOR;
      ctx.lineWidth = 1.5;
      path();
      ctx.stroke();
      if (r.handles) {
        ctx.fillStyle = r.active ? RULER_ACTIVE_COLOR : RULER_COLOR;
        for (const [x, y] of [
          [ax, ay],
          [bx, by],
        ]) {
          ctx.beginPath();
          ctx.arc(x, y, 3, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      // The label sits beside the midpoint on the side facing up (or right), its box just clear of the line:
      // a w × h box centred at distance t along the normal misses the line when t > |nx|·w/2 + |ny|·h/2.
      const side = ny < 0 || (ny === 0 && nx > 0) ? 1 : -1;
      const w = ctx.measureText(r.label).width + 8;
      const offset = (Math.abs(nx) * w) / 2 + Math.abs(ny) * 9 + 6;
      const mx = (ax + bx) / 2 + nx * offset * side;
      const my = (ay + by) / 2 + ny * offset * side;
      const left = Math.min(Math.max(mx - w / 2, 2), Math.max(vp.width - w - 2, 2));
      const top = Math.min(Math.max(my - 9, 2), Math.max(vp.height - 20, 2));
      ctx.fillStyle = 'rgba(0, 0, 0, 0.65)';
      ctx.fillRect(left, top, w, 18);
      ctx.fillStyle = r.active ? RULER_ACTIVE_COLOR : RULER_COLOR;
      ctx.fillText(r.label, left + 4, top + 9.5);
    }
    ctx.restore();
  }
}
