/**
 * The vtk scene objects of one view: the series as a vtkImageSlice (vtkImageMapper slicing along the view's
 * index axis, window/level through the image property) and each stored ROI as a labelmap vtkImageSlice
 * (colour transfer function + piecewise opacity; outline mode through the property's label outline).
 *
 * The vtk images live in index space scaled by spacing (origin 0, identity direction), i.e. world = index ×
 * spacing. The vtkImageData wrap the app's arrays without copying: a brush stroke marks the mask's scalars
 * modified and vtk re-uploads only the displayed slice's 2D texture.
 */
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import type { vtkRenderer } from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { ImageGeometry } from '../../shared/image/volume';
import type { ViewOverlay, ViewScene } from './viewScene';

type VtkImage = ReturnType<typeof vtkImageData.newInstance>;
type VtkMapper = ReturnType<typeof vtkImageMapper.newInstance>;
type VtkSlice = ReturnType<typeof vtkImageSlice.newInstance>;
type VtkPiecewise = ReturnType<typeof vtkPiecewiseFunction.newInstance>;
type VtkColors = ReturnType<typeof vtkColorTransferFunction.newInstance>;

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

export class SliceActors {
  private readonly imageMapper = vtkImageMapper.newInstance();
  private readonly imageActor = vtkImageSlice.newInstance();
  private readonly labels = new Map<Uint8Array, LabelActor>();
  private imageSource: Float32Array | null = null;
  /** Label outline width in render pixels (2 screen pixels at either scale). */
  private outlineThickness = 2;

  constructor(private readonly renderer: vtkRenderer) {
    this.imageActor.setMapper(this.imageMapper);
    this.imageActor.getProperty().setInterpolationTypeToNearest();
  }

  /** Shows `image` (a new series drops the labelmaps of the old one); true when it was not shown already. */
  setImage(geometry: ImageGeometry, image: Float32Array): boolean {
    if (this.imageSource === image) return false;
    this.imageSource = image;
    this.clearLabels();
    this.imageMapper.setInputData(wrapImage(geometry, image));
    if (!this.renderer.getActors().includes(this.imageActor)) this.renderer.addActor(this.imageActor);
    return true;
  }

  /** Outline width in render pixels; every labelmap's look is applied again on the next showSlice. */
  setOutlineThickness(px: number): void {
    this.outlineThickness = px;
    for (const label of this.labels.values()) label.look = '';
  }

  /** True when exactly these overlays' masks have labelmaps (none added, none gone). */
  showsOverlays(overlays: readonly ViewOverlay[]): boolean {
    return overlays.length === this.labels.size && overlays.every((o) => this.labels.has(o.data));
  }

  /** Sets the image's slice and window/level and brings the labelmaps in line with the scene's overlays. */
  showSlice(scene: ViewScene): void {
    const { plane } = scene;
    this.imageMapper.setSlicingMode(plane.normal);
    this.imageMapper.setSlice(plane.slice);
    const property = this.imageActor.getProperty();
    property.setColorWindow(scene.window);
    property.setColorLevel(scene.level);
    this.syncLabels(scene);
  }

  dispose(): void {
    this.clearLabels();
  }

  /** Adds, updates and removes labelmap slices so that they match the scene's overlays (in order). */
  private syncLabels(scene: ViewScene): void {
    const wanted = new Set(scene.overlays.map((o) => o.data));
    for (const [data, label] of this.labels) {
      if (wanted.has(data)) continue;
      this.renderer.removeActor(label.actor);
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
    this.renderer.addActor(actor);
    return { image, mapper, actor, colors, opacity, revision, look: '' };
  }

  private clearLabels(): void {
    for (const label of this.labels.values()) this.renderer.removeActor(label.actor);
    this.labels.clear();
  }
}
