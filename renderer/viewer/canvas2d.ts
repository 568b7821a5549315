/** The 2D canvases stacked over a vtk view (labelLayer's live ROI, the annotations): sizing and context. */
import type { Viewport } from './planes';

/** A transparent canvas covering the pane, input passing through to the pane below. */
export function paneCanvas(testId: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.style.cssText = 'position:absolute;inset:0;pointer-events:none';
  canvas.dataset.testid = testId;
  return canvas;
}

/** Sizes a pane-covering 2D canvas to the viewport (device pixels); true when it was resized (and cleared). */
export function fitCanvas(canvas: HTMLCanvasElement, vp: Viewport): boolean {
  const dpr = window.devicePixelRatio || 1;
  const cw = Math.max(1, Math.round(vp.width * dpr));
  const ch = Math.max(1, Math.round(vp.height * dpr));
  if (canvas.width === cw && canvas.height === ch) return false;
  canvas.width = cw;
  canvas.height = ch;
  canvas.style.width = `${vp.width}px`;
  canvas.style.height = `${vp.height}px`;
  return true;
}

export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas context');
  return ctx;
}
