/**
 * What one view draws, as pure functions of the viewer state and the pointer interaction: the stored ROIs as
 * vtk labelmaps, the edited ROI on the 2D layer, crosshair, brush outline, open polygon and rulers
 * (vtkPlaneView.ts draws the result).
 */
import type { SeriesDetail } from '../../shared/api';
import type { Axis } from '../../shared/contour/plane';
import { formatLengthMm, rulerLengthMm } from '../../shared/measure/ruler';
import { PLANE_COLORS, roiColor } from './display';
import type { Interaction } from './interaction';
import { displayPlane, indexToDisplay, type Viewport } from './planes';
import type { Ruler } from './rulers';
import type { ViewerState } from './viewerState';
import type { ViewOverlay, ViewRuler, ViewScene } from './viewScene';

/** The stored ROIs shown on the views (visible, mask loaded, not the one being edited), in list order. */
export function roiOverlays(
  detail: SeriesDetail | null,
  masks: ViewerState['masks'],
  visible: ViewerState['visible'],
  editedRoiId: number | null | undefined,
  mode: ViewerState['overlayMode'],
  opacity: number,
): ViewOverlay[] {
  if (!detail) return [];
  const list: ViewOverlay[] = [];
  detail.rois.forEach((roi, index) => {
    const data = masks.get(roi.roiId);
    if (!data || !visible.has(roi.roiId) || editedRoiId === roi.roiId) return;
    list.push({ data, revision: 0, rgb: roiColor(index), mode, opacity });
  });
  return list;
}

/** Everything a draw reads from React state (refreshed at every render, read from requestAnimationFrame). */
export interface SceneState extends Pick<
  ViewerState,
  'volume' | 'cursor' | 'wl' | 'edit' | 'tool' | 'brushMm' | 'hover' | 'opacity' | 'overlayMode' | 'views'
> {
  overlays: readonly ViewOverlay[];
  rulers: readonly Ruler[];
}

/** The scene of the view normal to `axis` in a pane of the given CSS size; null before the series is loaded. */
export function paneScene(
  s: SceneState,
  live: Interaction,
  axis: Axis,
  pane: { width: number; height: number },
): ViewScene | null {
  if (!s.volume) return null;
  const plane = displayPlane(s.volume.meta, axis, s.cursor[axis]);
  const viewport: Viewport = { width: pane.width, height: pane.height, ...s.views[axis] };
  const session = live.session;
  // The edited ROI goes on the view's 2D layer, not into vtk: a stroke then leaves the vtk canvas alone.
  const liveOverlay: ViewOverlay | null =
    session && s.edit
      ? {
          data: session.mask.data,
          revision: session.revision,
          rgb: s.edit.color,
          mode: s.overlayMode,
          opacity: Math.max(s.opacity, 0.35),
        }
      : null;
  const brushVisible = s.hover?.axis === axis && s.edit && (s.tool === 'paint' || s.tool === 'erase');
  const draft = live.rulerDraft;
  const rulers: ViewRuler[] = s.rulers
    .filter((r) => r.axis === axis && r.slice === plane.slice && r.id !== draft?.editing)
    .map((r) => ({
      a: indexToDisplay(plane, r.a),
      b: indexToDisplay(plane, r.b),
      label: formatLengthMm(r.lengthMm),
      handles: s.tool === 'ruler',
      active: false,
    }));
  if (draft && draft.axis === axis && draft.slice === plane.slice) {
    rulers.push({
      a: indexToDisplay(plane, draft.a),
      b: indexToDisplay(plane, draft.b),
      label: formatLengthMm(rulerLengthMm(s.volume.meta, draft.a, draft.b)),
      handles: true,
      active: true,
    });
  }
  return {
    geometry: s.volume.meta,
    image: s.volume.data,
    plane,
    window: s.wl.window,
    level: s.wl.level,
    overlays: s.overlays,
    live: liveOverlay,
    viewport,
    crosshair: s.cursor,
    crosshairColors: PLANE_COLORS,
    brush:
      brushVisible && s.hover
        ? { x: s.hover.x, y: s.hover.y, radiusMm: s.brushMm, erase: s.tool === 'erase' }
        : null,
    polygon: live.polygon?.axis === axis ? live.polygon.points : null,
    rulers,
  };
}
