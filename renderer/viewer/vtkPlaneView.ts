/**
 * One view of the contouring workstation: the layers of a pane, bottom to top, and when each is drawn.
 * - the vtk.js image (vtkSurface.ts: render window, frame numbering, software-WebGL read-back) showing the
 *   series slice and the stored ROIs as labelmaps (sliceActors.ts), under a parallel camera placed so that
 *   the screen layout of planes.ts holds (planeCamera.ts);
 * - the ROI being edited on a 2D layer (liveRoiLayer.ts), so that a brush stroke does not change the vtk
 *   canvas: on software-composited WebGL each changed vtk frame costs a read-back of the canvas;
 * - the annotations on a transparent 2D canvas (annotationLayer.ts): crosshair, brush cursor, polygon, rulers.
 * draw() renders vtk only when the image, slice, window, viewport or overlays changed, and redraws the 2D
 * layers only when what they show changed.
 */
import { pixelsPerMm, softwareRenderScale } from './planes';
import { imageRect, placeCamera } from './planeCamera';
import { SliceActors } from './sliceActors';
import { AnnotationLayer } from './annotationLayer';
import { LiveRoiLayer } from './liveRoiLayer';
import { BACKGROUND, VtkSurface } from './vtkSurface';
import type { ViewScene } from './viewScene';
import { drawTimings, recordTiming } from './viewTimings';

const BACKGROUND_CSS = `rgb(${BACKGROUND.map((c) => Math.round(c * 255)).join(',')})`;

/** What a vtk frame depends on besides the overlays' masks themselves: a scene with the same key skips vtk. */
function renderKey(scene: ViewScene): string {
  const { plane, viewport: vp } = scene;
  return [
    plane.normal,
    plane.slice,
    scene.window,
    scene.level,
    vp.width,
    vp.height,
    vp.zoom,
    vp.pan.join(','),
    ...scene.overlays.map((o) => `${o.revision}|${o.rgb.join(',')}|${o.mode}|${o.opacity}`),
  ].join(';');
}

export class VtkPlaneView {
  /** Covers the pane: the vtk host and the 2D layers. */
  private readonly root: HTMLDivElement;
  private readonly surface: VtkSurface;
  private readonly actors: SliceActors;
  private readonly live = new LiveRoiLayer();
  private readonly annotations = new AnnotationLayer();
  /** What the last vtk render showed; a scene that differs only in annotations (hover, crosshair) skips vtk. */
  private renderedKey = '';

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'vtk-view';
    this.root.style.cssText = `position:absolute;inset:0;overflow:hidden;background:${BACKGROUND_CSS}`;
    container.prepend(this.root);
    this.surface = new VtkSurface(this.root);
    this.actors = new SliceActors(this.surface.renderer);
    this.root.appendChild(this.live.canvas);
    this.root.appendChild(this.annotations.canvas);
  }

  /** The canvas that shows the image on screen (vtk's WebGL canvas, or on software WebGL the read-back's 2D canvas). */
  get canvas(): HTMLCanvasElement | null {
    return this.surface.canvas;
  }

  draw(scene: ViewScene): void {
    const t0 = performance.now();
    const { plane, viewport: vp } = scene;
    // Software compositing copies each WebGL frame back from the GPU process, at a cost proportional to the
    // canvas' pixels (~50 ms for a 1100 × 800 pane on the 2-core test machine): on software WebGL the view is
    // rendered at a reduced resolution (one render pixel per voxel, at least ½ of the screen's) and stretched
    // without smoothing; GPU-composited windows (Electron with a GPU) render at full resolution.
    const pxPerVoxel = pixelsPerMm(plane, vp) * Math.min(plane.mmX, plane.mmY);
    const scale = this.surface.softwareGl ? softwareRenderScale(pxPerVoxel) : 1;
    // The render window covers only the image's part of the pane: fewer pixels to render and read back.
    if (this.surface.fit(imageRect(plane, vp), scale)) {
      this.renderedKey = '';
      // Label outlines 2 screen pixels wide at either scale.
      this.actors.setOutlineThickness(scale < 1 ? 1 : 2);
    }
    if (this.actors.setImage(scene.geometry, scene.image)) this.renderedKey = '';
    const key = renderKey(scene);
    if (key !== this.renderedKey || !this.actors.showsOverlays(scene.overlays)) {
      this.renderedKey = key;
      this.actors.showSlice(scene);
      placeCamera(this.surface.camera, scene, this.surface.rect);
      this.surface.render(scene);
    }
    this.live.draw(scene);
    this.annotations.draw(scene);
    recordTiming(drawTimings, performance.now() - t0);
  }

  dispose(): void {
    this.actors.dispose();
    this.surface.dispose();
    this.root.remove();
  }
}
