/**
 * One view of the contouring workstation rendered by vtk.js: the series as a vtkImageSlice (vtkImageMapper
 * slicing along the view's index axis, window/level through the image property) and each ROI as a labelmap
 * vtkImageSlice (colour transfer function + piecewise opacity; outline mode through the property's label
 * outline), under a parallel camera placed so that the screen layout of planes.ts holds (radiological display,
 * patient left on the right of an axial view). A transparent 2D canvas on top draws the crosshair, the brush
 * cursor, a polygon being drawn and the rulers (line, end ticks, length label). The ROI being edited is drawn on
 * a 2D layer between the two (labelLayer.ts), so that a brush stroke does not change the vtk canvas: on
 * software-composited WebGL each changed vtk frame costs a read-back of the canvas. That read-back is made
 * asynchronous there (readbackPresenter.ts: vtk's canvas stays off the page and a 2D canvas shows its frames),
 * so that it does not block the main thread's commit; with a GPU vtk's canvas is composited directly.
 *
 * The vtk images live in index space scaled by spacing (origin 0, identity direction), i.e. world = index ×
 * spacing; the camera's right/up vectors are the index axes planes.ts puts on screen-right/screen-up. The
 * vtkImageData wrap the app's arrays without copying: a brush stroke marks the mask's scalars modified and
 * vtk re-uploads only the displayed slice's 2D texture.
 */
import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import type { ImageGeometry, Vec3 } from '../../shared/image/volume';
import {
  displayToScreen,
  indexToDisplay,
  pixelsPerMm,
  softwareRenderScale,
  viewCamera,
  type DisplayPlane,
  type ScreenRect,
  type Viewport,
} from './planes';
import { paintLabelRows } from './labelLayer';
import { ReadbackPresenter } from './readbackPresenter';

type VtkImage = ReturnType<typeof vtkImageData.newInstance>;
type VtkMapper = ReturnType<typeof vtkImageMapper.newInstance>;
type VtkSlice = ReturnType<typeof vtkImageSlice.newInstance>;
type VtkPiecewise = ReturnType<typeof vtkPiecewiseFunction.newInstance>;
type VtkColors = ReturnType<typeof vtkColorTransferFunction.newInstance>;

export interface ViewOverlay {
  /** The ROI's 0/1 mask on the series grid (wrapped, not copied). */
  data: Uint8Array;
  /** Bumped by the owner whenever `data` changed in place (brush strokes, undo): the slice texture is re-uploaded. */
  revision: number;
  /** 0–1 RGB. */
  rgb: [number, number, number];
  mode: 'fill' | 'outline';
  /** Fill opacity 0–1 (outlines are drawn opaque). */
  opacity: number;
}

export interface ViewScene {
  geometry: ImageGeometry;
  image: Float32Array;
  plane: DisplayPlane;
  window: number;
  level: number;
  overlays: readonly ViewOverlay[];
  /** The ROI being edited: drawn on the 2D label layer above the vtk canvas (changes often, see labelLayer.ts). */
  live: ViewOverlay | null;
  viewport: Viewport;
  /** Crosshair position (voxel index); its two in-plane components are drawn. */
  crosshair: Vec3 | null;
  /** Colours of the lines of the two other planes (normal axis → CSS colour). */
  crosshairColors: Record<number, string>;
  /** Brush outline: CSS position and radius in mm. */
  brush: { x: number; y: number; radiusMm: number; erase: boolean } | null;
  /** Open polygon (display pixel coordinates). */
  polygon: readonly [number, number][] | null;
  /** Rulers on this slice: endpoints in display pixel coordinates, the length label, and whether to show handles. */
  rulers?: readonly ViewRuler[];
}

export interface ViewRuler {
  a: readonly [number, number];
  b: readonly [number, number];
  label: string;
  /** Draw the endpoint handles (the ruler tool is active) / highlight it (being drawn or dragged). */
  handles: boolean;
  active: boolean;
}

const RULER_COLOR = '#fffbe6';
const RULER_ACTIVE_COLOR = '#ffb454';
const RULER_TICK_PX = 6;

/** Durations of recent draws (ms: vtk render call + 2D layers, main thread), read by the perf e2e test. */
export const drawTimings: number[] = [];
/**
 * With `window.__radscoreGpuSync` set, each vtk render is followed by gl.finish() and the render + finish time
 * is recorded here: what the GPU process (SwiftShader on the test machines) spends on a view. Off by default,
 * because finishing stalls the pipeline.
 */
export const gpuTimings: number[] = [];

const record = (list: number[], ms: number) => {
  list.push(ms);
  if (list.length > 2000) list.splice(0, list.length - 1000);
};

interface LabelActor {
  image: VtkImage;
  mapper: VtkMapper;
  actor: VtkSlice;
  colors: VtkColors;
  opacity: VtkPiecewise;
  revision: number;
  /** Last appearance applied (colour, mode, opacity), to touch the property only on change. */
  look: string;
}

function wrapImage(geometry: ImageGeometry, values: Float32Array | Uint8Array): VtkImage {
  const image = vtkImageData.newInstance();
  image.setDimensions([...geometry.size]);
  image.setSpacing([...geometry.spacing]);
  image.setOrigin([0, 0, 0]);
  image
    .getPointData()
    .setScalars(vtkDataArray.newInstance({ name: 'scalars', numberOfComponents: 1, values }));
  return image;
}

const BACKGROUND: [number, number, number] = [0.02, 0.03, 0.05];
const BACKGROUND_CSS = `rgb(${BACKGROUND.map((c) => Math.round(c * 255)).join(',')})`;

/** The part of the viewport the plane covers (whole CSS pixels, at least 1 × 1). */
function imageRect(plane: DisplayPlane, vp: Viewport): ScreenRect {
  const [ax, ay] = displayToScreen(plane, vp, -0.5, -0.5);
  const [bx, by] = displayToScreen(plane, vp, plane.width - 0.5, plane.height - 0.5);
  const x = Math.min(Math.max(Math.floor(Math.min(ax, bx)), 0), Math.max(vp.width - 1, 0));
  const y = Math.min(Math.max(Math.floor(Math.min(ay, by)), 0), Math.max(vp.height - 1, 0));
  const right = Math.max(Math.min(Math.ceil(Math.max(ax, bx)), vp.width), x + 1);
  const bottom = Math.max(Math.min(Math.ceil(Math.max(ay, by)), vp.height), y + 1);
  return { x, y, width: right - x, height: bottom - y };
}

export class VtkPlaneView {
  /** Covers the pane: the vtk host and the annotation canvas. */
  private readonly root: HTMLDivElement;
  /** vtk's container: the part of the pane the image covers (the rest is background). */
  private readonly host: HTMLDivElement;
  private readonly grw = vtkGenericRenderWindow.newInstance({
    background: BACKGROUND,
    listenWindowResize: false,
  });
  private readonly imageMapper = vtkImageMapper.newInstance();
  private readonly imageActor = vtkImageSlice.newInstance();
  private readonly labels = new Map<Uint8Array, LabelActor>();
  private readonly overlayCanvas = document.createElement('canvas');
  /** The edited ROI's slice: its pixels at voxel resolution (liveSource) drawn scaled onto liveCanvas. */
  private readonly liveCanvas = document.createElement('canvas');
  private readonly liveSource = document.createElement('canvas');
  private livePixels: ImageData | null = null;
  /** What liveCanvas shows, to repaint it only when the mask, slice, look or viewport changed. */
  private liveKey = '';
  private liveData: Uint8Array | null = null;
  /** What the annotation canvas shows, to redraw it only when that changes. */
  private annotationKey = '';
  private imageSource: Float32Array | null = null;
  /** Image rectangle (CSS px in the pane) and render scale the render window was last sized for. */
  private sizedFor = '';
  private rect: ScreenRect = { x: 0, y: 0, width: 1, height: 1 };
  /** True on software WebGL (SwiftShader, llvmpipe), where the page compositor reads every WebGL frame back. */
  private readonly softwareGl: boolean;
  private gl: WebGL2RenderingContext | WebGLRenderingContext | null = null;
  /** Software WebGL only: shows vtk's frames on a 2D canvas through an asynchronous read-back. */
  private readonly presenter: ReadbackPresenter | null = null;
  /** What the last vtk render showed; a scene that differs only in annotations (hover, crosshair) skips vtk. */
  private renderedKey = '';
  /** Label outline width in render pixels (2 screen pixels at either scale). */
  private outlineThickness = 2;
  /** vtk renders so far: the sequence number of the newest frame (see markRendered). */
  private renderSeq = 0;

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'vtk-view';
    this.root.style.cssText = `position:absolute;inset:0;overflow:hidden;background:${BACKGROUND_CSS}`;
    container.prepend(this.root);
    this.host = document.createElement('div');
    this.host.style.cssText = 'position:absolute;left:0;top:0;width:1px;height:1px';
    this.root.appendChild(this.host);
    this.grw.setContainer(this.host);
    // The React component handles all input; vtk's interactor style would rotate the slice.
    this.grw.getInteractor().unbindEvents();
    const glCanvas = this.host.querySelector('canvas');
    if (glCanvas) glCanvas.dataset.testid = 'vtk-canvas';
    this.gl = glCanvas?.getContext('webgl2') ?? null;
    if (glCanvas) {
      glCanvas.style.height = '100%';
      // A reduced-resolution render (software WebGL, see draw) is stretched without smoothing.
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
    this.imageActor.setMapper(this.imageMapper);
    this.imageActor.getProperty().setInterpolationTypeToNearest();
    this.grw.getRenderer().getActiveCamera().setParallelProjection(true);
    this.liveCanvas.style.cssText = 'position:absolute;inset:0;pointer-events:none';
    this.liveCanvas.dataset.testid = 'view-live-roi';
    this.root.appendChild(this.liveCanvas);
    this.overlayCanvas.style.cssText = 'position:absolute;inset:0;pointer-events:none';
    this.overlayCanvas.dataset.testid = 'view-annotations';
    this.root.appendChild(this.overlayCanvas);
  }

  /** The canvas that shows the image on screen (vtk's WebGL canvas, or on software WebGL the read-back's 2D canvas). */
  get canvas(): HTMLCanvasElement | null {
    return this.presenter?.display ?? this.host.querySelector('canvas');
  }

  draw(scene: ViewScene): void {
    const t0 = performance.now();
    const { plane, viewport: vp, geometry } = scene;
    const renderer = this.grw.getRenderer();
    // Software compositing copies each WebGL frame back from the GPU process, at a cost proportional to the
    // canvas' pixels (~50 ms for a 1100 × 800 pane on the 2-core test machine): on software WebGL the view is
    // rendered at a reduced resolution (one render pixel per voxel, at least ½ of the screen's) and stretched
    // without smoothing; GPU-composited windows (Electron with a GPU) render at full resolution.
    const pxPerVoxel = pixelsPerMm(plane, vp) * Math.min(plane.mmX, plane.mmY);
    const scale = this.softwareGl ? softwareRenderScale(pxPerVoxel) : 1;
    // The render window covers only the image's part of the pane: fewer pixels to render and read back.
    const rect = imageRect(plane, vp);
    const sizedFor = `${rect.x},${rect.y},${rect.width},${rect.height},${scale}`;
    if (sizedFor !== this.sizedFor) {
      this.sizedFor = sizedFor;
      this.rect = rect;
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
      this.renderedKey = '';
      this.outlineThickness = scale < 1 ? 1 : 2;
      for (const label of this.labels.values()) label.look = '';
    }
    if (this.imageSource !== scene.image) {
      this.imageSource = scene.image;
      this.renderedKey = '';
      this.clearLabels();
      this.imageMapper.setInputData(wrapImage(geometry, scene.image));
      if (!renderer.getActors().includes(this.imageActor)) renderer.addActor(this.imageActor);
    }
    const key = [
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
    const overlaysSame =
      scene.overlays.length === this.labels.size && scene.overlays.every((o) => this.labels.has(o.data));
    if (key !== this.renderedKey || !overlaysSame) {
      this.renderedKey = key;
      this.imageMapper.setSlicingMode(plane.normal);
      this.imageMapper.setSlice(plane.slice);
      const property = this.imageActor.getProperty();
      property.setColorWindow(scene.window);
      property.setColorLevel(scene.level);
      this.syncLabels(scene);
      this.placeCamera(scene);
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
        record(gpuTimings, performance.now() - r0);
      }
    }
    this.drawLive(scene);
    this.drawAnnotations(scene);
    record(drawTimings, performance.now() - t0);
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

  dispose(): void {
    this.clearLabels();
    this.presenter?.dispose();
    this.grw.delete();
    // Free the WebGL context now: panes come and go with the layout, and Chromium caps live contexts.
    this.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    this.root.remove();
  }

  /** Adds, updates and removes labelmap slices so that they match the scene's overlays (in order). */
  private syncLabels(scene: ViewScene): void {
    const renderer = this.grw.getRenderer();
    const wanted = new Set(scene.overlays.map((o) => o.data));
    for (const [data, label] of this.labels) {
      if (wanted.has(data)) continue;
      renderer.removeActor(label.actor);
      this.labels.delete(data);
    }
    // The labelmaps lie in the image's plane; vtk draws coincident slices in the order the actors were added.
    scene.overlays.forEach((o) => {
      let label = this.labels.get(o.data);
      if (!label) {
        label = this.createLabel(scene.geometry, o.data, o.revision);
        this.labels.set(o.data, label);
      }
      if (label.revision !== o.revision) {
        label.revision = o.revision;
        label.image.getPointData().getScalars().modified();
      }
      const look = `${o.rgb.join(',')}|${o.mode}|${o.opacity}`;
      if (label.look !== look) {
        label.look = look;
        label.colors.removeAllPoints();
        label.colors.addRGBPoint(0, 0, 0, 0);
        label.colors.addRGBPoint(1, ...o.rgb);
        label.opacity.removeAllPoints();
        label.opacity.addPoint(0, 0);
        label.opacity.addPoint(1, o.mode === 'outline' ? 0 : Math.min(Math.max(o.opacity, 0), 1));
        const p = label.actor.getProperty();
        p.setUseLabelOutline(o.mode === 'outline');
        p.setLabelOutlineThickness(this.outlineThickness);
        p.setLabelOutlineOpacity(1);
        p.modified();
      }
      label.mapper.setSlicingMode(scene.plane.normal);
      label.mapper.setSlice(scene.plane.slice);
    });
  }

  private createLabel(geometry: ImageGeometry, data: Uint8Array, revision: number): LabelActor {
    const image = wrapImage(geometry, data);
    // A mask is 0/1 by contract. A fixed range also keeps vtk from rescanning the whole volume for its range
    // (texture set-up asks for it) after a stroke: strokes call modified(), which keeps the cached range.
    image.getPointData().getScalars().setRange({ min: 0, max: 1 }, 0);
    const mapper = vtkImageMapper.newInstance();
    mapper.setInputData(image);
    const actor = vtkImageSlice.newInstance();
    actor.setMapper(mapper);
    const colors = vtkColorTransferFunction.newInstance();
    const opacity = vtkPiecewiseFunction.newInstance();
    const property = actor.getProperty();
    property.setRGBTransferFunction(0, colors);
    property.setPiecewiseFunction(0, opacity);
    property.setUseLookupTableScalarRange(true);
    property.setInterpolationTypeToNearest();
    this.grw.getRenderer().addActor(actor);
    return { image, mapper, actor, colors, opacity, revision, look: '' };
  }

  private clearLabels(): void {
    for (const label of this.labels.values()) this.grw.getRenderer().removeActor(label.actor);
    this.labels.clear();
  }

  /** Parallel camera laid out as planes.ts says (viewCamera). */
  private placeCamera(scene: ViewScene): void {
    const { plane, viewport: vp, geometry } = scene;
    const view = viewCamera(plane, vp, geometry.spacing, this.rect);
    const camera = this.grw.getRenderer().getActiveCamera();
    const f = view.focalPoint;
    const dop = view.directionOfProjection;
    const distance = 10 * geometry.size.reduce((m, n, d) => Math.max(m, n * geometry.spacing[d]), 1);
    camera.setFocalPoint(...f);
    camera.setPosition(f[0] - dop[0] * distance, f[1] - dop[1] * distance, f[2] - dop[2] * distance);
    camera.setViewUp(...view.viewUp);
    camera.setParallelScale(view.parallelScale);
    camera.setClippingRange(distance / 2, distance * 2);
  }

  /** Sizes a pane-covering 2D canvas to the viewport (device pixels); true when it was resized (and cleared). */
  private static fitCanvas(canvas: HTMLCanvasElement, vp: Viewport): boolean {
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

  /**
   * The edited ROI on its 2D layer: the slice's mask painted at voxel resolution (labelLayer.ts) and scaled
   * without smoothing onto the plane's screen rectangle, the same placement as the vtk image. Repainted only
   * when the mask (revision), slice, look or viewport changed; a brush stroke repaints the slice's pixels,
   * which costs far less than a vtk frame's read-back.
   */
  private drawLive(scene: ViewScene): void {
    const { plane, viewport: vp, live } = scene;
    const canvas = this.liveCanvas;
    const resized = VtkPlaneView.fitCanvas(canvas, vp);
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
    if (!resized && key === this.liveKey && (!live || this.liveData === live.data)) return;
    this.liveKey = key;
    this.liveData = live?.data ?? null;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas context');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!live) return;
    const source = this.liveSource;
    if (source.width !== plane.width || source.height !== plane.height || !this.livePixels) {
      source.width = plane.width;
      source.height = plane.height;
      this.livePixels = new ImageData(plane.width, plane.height);
    }
    const pixels = this.livePixels;
    paintLabelRows(plane, live.data, new Uint32Array(pixels.data.buffer), {
      rgb: live.rgb,
      mode: live.mode,
      opacity: live.opacity,
    });
    const sourceCtx = source.getContext('2d');
    if (!sourceCtx) throw new Error('this browser gives no 2D canvas context');
    sourceCtx.putImageData(pixels, 0, 0);
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const [x0, y0] = displayToScreen(plane, vp, -0.5, -0.5);
    const [x1, y1] = displayToScreen(plane, vp, plane.width - 0.5, plane.height - 0.5);
    ctx.drawImage(source, x0, y0, x1 - x0, y1 - y0);
  }

  private drawAnnotations(scene: ViewScene): void {
    const { plane, viewport: vp } = scene;
    const canvas = this.overlayCanvas;
    const dpr = window.devicePixelRatio || 1;
    VtkPlaneView.fitCanvas(canvas, vp);
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
    if (key === this.annotationKey) return;
    this.annotationKey = key;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas context');
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
    this.overlayCanvas.dataset.labels = rulers.map((r) => r.label).join('\n');
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
