/**
 * An axial slice view on vtk.js: one ImageSlice for the series and one per visible ROI (a 0/1 labelmap drawn
 * with a colour transfer function and a piecewise opacity), under a parallel camera.
 *
 * The image is placed in index space scaled by spacing (origin 0, identity direction): column i runs to the
 * right and row j downwards, as DICOM displays a slice. Patient-space positions are computed from the series
 * geometry (shared/image/volume.ts), so an oblique series still reports true LPS coordinates.
 * Mouse and keys are handled by the React component; vtk's own interactor is unbound.
 */
import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import { SlicingMode } from '@kitware/vtk.js/Rendering/Core/ImageMapper/Constants';
import type { Geometry } from '../../shared/api';
import type { WindowLevel } from './windowing';

type Rgb = [number, number, number];

interface Overlay {
  image: ReturnType<typeof vtkImageData.newInstance>;
  actor: ReturnType<typeof vtkImageSlice.newInstance>;
  mapper: ReturnType<typeof vtkImageMapper.newInstance>;
  opacity: ReturnType<typeof vtkPiecewiseFunction.newInstance>;
}

function imageData(geometry: Geometry, values: Float32Array | Uint8Array) {
  const image = vtkImageData.newInstance();
  image.setDimensions([...geometry.size]);
  image.setSpacing([...geometry.spacing]);
  image.setOrigin([0, 0, 0]);
  image.getPointData().setScalars(vtkDataArray.newInstance({ name: 'scalars', numberOfComponents: 1, values }));
  return image;
}

export class SliceView {
  private readonly grw = vtkGenericRenderWindow.newInstance({ background: [0.02, 0.03, 0.05], listenWindowResize: false });
  private readonly imageMapper = vtkImageMapper.newInstance();
  private readonly imageActor = vtkImageSlice.newInstance();
  private readonly overlays = new Map<number, Overlay>();
  private geometry: Geometry | null = null;
  private slice = 0;
  private overlayOpacity = 0.5;
  private zoom = 1;
  /** Pan offset of the view centre from the slice centre, mm in the (i, j) plane. */
  private pan: [number, number] = [0, 0];

  constructor(container: HTMLElement) {
    this.grw.setContainer(container);
    // The component handles all input; vtk's trackball style would rotate the slice.
    this.grw.getInteractor().unbindEvents();
    this.imageMapper.setSlicingMode(SlicingMode.K);
    this.imageActor.setMapper(this.imageMapper);
    this.imageActor.getProperty().setInterpolationTypeToNearest();
    const camera = this.grw.getRenderer().getActiveCamera();
    camera.setParallelProjection(true);
    this.grw.resize();
  }

  setVolume(geometry: Geometry, data: Float32Array, wl: WindowLevel): void {
    this.clearOverlays();
    this.geometry = geometry;
    this.imageMapper.setInputData(imageData(geometry, data));
    const renderer = this.grw.getRenderer();
    if (!renderer.getActors().length) renderer.addActor(this.imageActor);
    this.zoom = 1;
    this.pan = [0, 0];
    this.slice = Math.floor(geometry.size[2] / 2);
    this.imageMapper.setSlice(this.slice);
    this.setWindowLevel(wl, false);
    this.updateCamera();
  }

  setSlice(k: number): void {
    this.slice = k;
    this.imageMapper.setSlice(k);
    for (const o of this.overlays.values()) o.mapper.setSlice(k);
    this.render();
  }

  setWindowLevel(wl: WindowLevel, render = true): void {
    const property = this.imageActor.getProperty();
    property.setColorWindow(wl.window);
    property.setColorLevel(wl.level);
    if (render) this.render();
  }

  /** Shows a ROI mask (0/1 on the series grid) in `color` (0–1 RGB). */
  addOverlay(roiId: number, data: Uint8Array, color: Rgb): void {
    if (!this.geometry) throw new Error('no volume loaded');
    this.removeOverlay(roiId, false);
    const mapper = vtkImageMapper.newInstance();
    mapper.setSlicingMode(SlicingMode.K);
    const image = imageData(this.geometry, data);
    mapper.setInputData(image);
    mapper.setSlice(this.slice);
    const actor = vtkImageSlice.newInstance();
    actor.setMapper(mapper);
    const colors = vtkColorTransferFunction.newInstance();
    colors.addRGBPoint(0, 0, 0, 0);
    colors.addRGBPoint(1, ...color);
    const opacity = vtkPiecewiseFunction.newInstance();
    this.fillOpacity(opacity);
    const property = actor.getProperty();
    property.setRGBTransferFunction(0, colors);
    property.setPiecewiseFunction(0, opacity);
    property.setUseLookupTableScalarRange(true);
    property.setInterpolationTypeToNearest();
    this.grw.getRenderer().addActor(actor);
    this.overlays.set(roiId, { image, actor, mapper, opacity });
    this.render();
  }

  /** Redraws an overlay after its mask array was changed in place (brush strokes, undo). */
  refreshOverlay(roiId: number): void {
    const o = this.overlays.get(roiId);
    if (!o) return;
    o.image.getPointData().getScalars().modified();
    o.image.modified();
    this.render();
  }

  /** Screen pixels per mm at the current zoom (for the brush cursor). */
  pixelsPerMm(): number {
    return 1 / this.mmPerPixel();
  }

  removeOverlay(roiId: number, render = true): void {
    const o = this.overlays.get(roiId);
    if (!o) return;
    this.grw.getRenderer().removeActor(o.actor);
    this.overlays.delete(roiId);
    if (render) this.render();
  }

  setOverlayOpacity(opacity: number): void {
    this.overlayOpacity = opacity;
    for (const o of this.overlays.values()) this.fillOpacity(o.opacity);
    this.render();
  }

  /** Multiplies the zoom (>1 magnifies). */
  zoomBy(factor: number): void {
    this.zoom = Math.min(Math.max(this.zoom * factor, 0.25), 32);
    this.updateCamera();
  }

  /** Pans by a drag of (dx, dy) CSS pixels. */
  panBy(dx: number, dy: number): void {
    const mmPerPixel = this.mmPerPixel();
    this.pan = [this.pan[0] - dx * mmPerPixel, this.pan[1] - dy * mmPerPixel];
    this.updateCamera();
  }

  resetView(): void {
    this.zoom = 1;
    this.pan = [0, 0];
    this.updateCamera();
  }

  /** Continuous (i, j) voxel index under a point of the view, in CSS pixels from its top-left corner. */
  indexAt(x: number, y: number): [number, number] | null {
    if (!this.geometry) return null;
    const { width, height } = this.containerSize();
    const [cx, cy] = this.viewCentre();
    const mmPerPixel = this.mmPerPixel();
    const xmm = cx + (x - width / 2) * mmPerPixel;
    const ymm = cy + (y - height / 2) * mmPerPixel;
    return [xmm / this.geometry.spacing[0], ymm / this.geometry.spacing[1]];
  }

  resize(): void {
    this.grw.resize();
    this.updateCamera();
  }

  render(): void {
    this.grw.getRenderWindow().render();
  }

  dispose(): void {
    this.clearOverlays();
    this.grw.delete();
  }

  private clearOverlays(): void {
    for (const id of [...this.overlays.keys()]) this.removeOverlay(id, false);
  }

  private fillOpacity(fn: ReturnType<typeof vtkPiecewiseFunction.newInstance>): void {
    fn.removeAllPoints();
    fn.addPoint(0, 0);
    fn.addPoint(1, this.overlayOpacity);
  }

  private containerSize(): { width: number; height: number } {
    const el = this.grw.getContainer();
    return { width: Math.max(el.clientWidth, 1), height: Math.max(el.clientHeight, 1) };
  }

  /** Half the visible height in mm at zoom 1 fits the whole slice with a small margin. */
  private parallelScale(): number {
    if (!this.geometry) return 1;
    const { width, height } = this.containerSize();
    const w = this.geometry.size[0] * this.geometry.spacing[0];
    const h = this.geometry.size[1] * this.geometry.spacing[1];
    return (0.5 * Math.max(h, (w * height) / width) * 1.04) / this.zoom;
  }

  private mmPerPixel(): number {
    return (2 * this.parallelScale()) / this.containerSize().height;
  }

  /** The view centre in the image plane, mm from the centre of voxel (0, 0). */
  private viewCentre(): [number, number] {
    if (!this.geometry) return [0, 0];
    const [nx, ny] = this.geometry.size;
    const [sx, sy] = this.geometry.spacing;
    return [((nx - 1) * sx) / 2 + this.pan[0], ((ny - 1) * sy) / 2 + this.pan[1]];
  }

  private updateCamera(): void {
    if (!this.geometry) return;
    const camera = this.grw.getRenderer().getActiveCamera();
    const [cx, cy] = this.viewCentre();
    const z = this.slice * this.geometry.spacing[2];
    const distance = 10_000;
    // Look along +k with "up" = -j: i runs to the right and j downwards on screen.
    camera.setFocalPoint(cx, cy, z);
    camera.setPosition(cx, cy, z - distance);
    camera.setViewUp(0, -1, 0);
    camera.setParallelScale(this.parallelScale());
    camera.setClippingRange(1, 2 * distance + this.geometry.size[2] * this.geometry.spacing[2]);
    this.render();
  }
}
