/**
 * What one view draws (the contract between scene.ts, which builds it from the viewer's state, and
 * vtkPlaneView.ts, which draws it): the series slice with its window, the stored ROIs as vtk labelmaps, the ROI
 * being edited on its 2D layer, and the annotations (crosshair, brush cursor, open polygon, rulers).
 */
import type { ImageGeometry, Vec3 } from '../../shared/image/volume';
import type { DisplayPlane, Viewport } from './planes';

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
