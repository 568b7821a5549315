/**
 * Where a view's vtk frames are rendered and how they reach the screen. A vtkGenericRenderWindow in a host
 * element sized to the part of the pane the image covers (fewer pixels to render and read back), under a
 * parallel camera, with vtk's own interactor unbound (the viewer's hooks handle all input).
 *
 * On software-composited WebGL (SwiftShader, llvmpipe) each changed vtk frame costs a read-back of the canvas
 * while the page commits. That read-back is made asynchronous there: vtk's canvas leaves the page and a 2D
 * canvas shows its frames (readbackPresenter.ts); with a GPU vtk's canvas is composited directly.
 *
 * Every render is numbered; the shown canvas carries what the e2e tests wait for (e2e/viewerSettled.ts).
 */
import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import type { vtkCamera } from '@kitware/vtk.js/Rendering/Core/Camera';
import type { vtkRenderer } from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { ScreenRect } from './planes';
import { ReadbackPresenter } from './readbackPresenter';
import type { ViewScene } from './viewScene';
import { gpuTimings, recordTiming } from './viewTimings';

export const BACKGROUND: [number, number, number] = [0.02, 0.03, 0.05];

export class VtkSurface {
  /** vtk's container: the part of the pane the image covers (the rest is background). */
  private readonly host: HTMLDivElement;
  private readonly grw = vtkGenericRenderWindow.newInstance({
    background: BACKGROUND,
    listenWindowResize: false,
  });
  /** True on software WebGL (SwiftShader, llvmpipe), where the page compositor reads every WebGL frame back. */
  readonly softwareGl: boolean;
  private gl: WebGL2RenderingContext | WebGLRenderingContext | null = null;
  /** Software WebGL only: shows vtk's frames on a 2D canvas through an asynchronous read-back. */
  private readonly presenter: ReadbackPresenter | null = null;
  /** Image rectangle (CSS px in the pane) and render scale the render window was last sized for. */
  private sizedFor = '';
  private placed: ScreenRect = { x: 0, y: 0, width: 1, height: 1 };
  /** vtk renders so far: the sequence number of the newest frame (see markRendered). */
  private renderSeq = 0;

  /** Adds the host element to `root` (the pane-covering view element). */
  constructor(root: HTMLElement) {
    this.host = document.createElement('div');
    this.host.style.cssText = 'position:absolute;left:0;top:0;width:1px;height:1px';
    root.appendChild(this.host);
    this.grw.setContainer(this.host);
    // The React component handles all input; vtk's interactor style would rotate the slice.
    this.grw.getInteractor().unbindEvents();
    const glCanvas = this.host.querySelector('canvas');
    if (glCanvas) glCanvas.dataset.testid = 'vtk-canvas';
    this.gl = glCanvas?.getContext('webgl2') ?? null;
    if (glCanvas) {
      glCanvas.style.height = '100%';
      // A reduced-resolution render (software WebGL, see VtkPlaneView.draw) is stretched without smoothing.
      glCanvas.style.imageRendering = 'pixelated';
    }
    const info = this.gl?.getExtension('WEBGL_debug_renderer_info');
    const rendererName = info && this.gl ? String(this.gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    this.softwareGl = /swiftshader|llvmpipe|software/i.test(rendererName);
    // window.__radscoreDirectWebGl = true keeps vtk's canvas on the page on software WebGL too (the e2e test that
    // compares the read-back with it).
    const direct = (window as { __radscoreDirectWebGl?: boolean }).__radscoreDirectWebGl === true;
    if (
      this.softwareGl &&
      !direct &&
      glCanvas &&
      typeof WebGL2RenderingContext !== 'undefined' &&
      this.gl instanceof WebGL2RenderingContext
    ) {
      // vtk's canvas leaves the page (the compositor would read each of its frames back synchronously) and a 2D
      // canvas in its place shows the frames (readbackPresenter.ts).
      const display = document.createElement('canvas');
      display.style.cssText = 'display:block;width:100%;height:100%;image-rendering:pixelated';
      display.dataset.testid = 'vtk-canvas';
      this.presenter = new ReadbackPresenter(this.gl, display);
      glCanvas.dataset.testid = 'vtk-gl-canvas';
      // (vtk sets the canvas' display from this flag on every change of the render window)
      (
        this.grw.getApiSpecificRenderWindow() as unknown as { setUseOffScreen(offScreen: boolean): void }
      ).setUseOffScreen(true);
      this.host.appendChild(display);
    }
    this.renderer.getActiveCamera().setParallelProjection(true);
  }

  get renderer(): vtkRenderer {
    return this.grw.getRenderer();
  }

  get camera(): vtkCamera {
    return this.grw.getRenderer().getActiveCamera();
  }

  /** The rectangle of the pane the render window covers (CSS px). */
  get rect(): ScreenRect {
    return this.placed;
  }

  /** The canvas that shows the image on screen (vtk's WebGL canvas, or on software WebGL the read-back's 2D canvas). */
  get canvas(): HTMLCanvasElement | null {
    return this.presenter?.display ?? this.host.querySelector('canvas');
  }

  /**
   * Places the host over `rect` of the pane and sizes the render window to it at `scale` render pixels per
   * device pixel; true when anything changed (the next frame must be rendered).
   */
  fit(rect: ScreenRect, scale: number): boolean {
    const sizedFor = `${rect.x},${rect.y},${rect.width},${rect.height},${scale}`;
    if (sizedFor === this.sizedFor) return false;
    this.sizedFor = sizedFor;
    this.placed = rect;
    Object.assign(this.host.style, {
      left: `${rect.x}px`,
      top: `${rect.y}px`,
      width: `${rect.width}px`,
      height: `${rect.height}px`,
    });
    const dpr = window.devicePixelRatio || 1;
    this.grw
      .getApiSpecificRenderWindow()
      .setSize(
        Math.max(1, Math.ceil(rect.width * dpr * scale)),
        Math.max(1, Math.ceil(rect.height * dpr * scale)),
      );
    return true;
  }

  /**
   * Renders the vtk scene as set up, numbers the frame and sends it to the screen (on software WebGL: shows
   * the newest finished read-back first, then captures this frame).
   */
  render(scene: ViewScene): void {
    this.presenter?.showReady();
    const sync = (window as { __radscoreGpuSync?: boolean }).__radscoreGpuSync === true;
    const r0 = performance.now();
    this.grw.getRenderWindow().render();
    this.markRendered(scene);
    if (this.presenter) {
      const [width, height] = this.grw.getApiSpecificRenderWindow().getSize();
      this.presenter.capture(width, height, this.renderSeq);
    }
    if (sync && this.gl) {
      this.gl.finish();
      recordTiming(gpuTimings, performance.now() - r0);
    }
  }

  dispose(): void {
    this.presenter?.dispose();
    this.grw.delete();
    // Free the WebGL context now: panes come and go with the layout, and Chromium caps live contexts.
    this.gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }

  /**
   * Numbers the frame just rendered and leaves on the shown canvas what the e2e tests wait for
   * (e2e/viewerSettled.ts): data-rendered-seq, the frame's slice index (data-rendered-slice, 0-based) and
   * labelmap count (data-rendered-overlays), and data-presented-seq, the frame on screen: the same frame when
   * vtk's canvas is composited directly, set by the read-back when its copy is shown (readbackPresenter.ts).
   */
  private markRendered(scene: ViewScene): void {
    this.renderSeq++;
    const shown = this.canvas;
    if (!shown) return;
    shown.dataset.renderedSeq = String(this.renderSeq);
    shown.dataset.renderedSlice = String(scene.plane.slice);
    shown.dataset.renderedOverlays = String(scene.overlays.length);
    if (!this.presenter) shown.dataset.presentedSeq = String(this.renderSeq);
  }
}
