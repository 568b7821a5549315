/**
 * The drawing tools on the ROI being edited: brush and eraser strokes (keys 3, 4; 2D disc or 3D sphere,
 * optionally only within an intensity range), polygon (5: click vertices, close on the first vertex, by a
 * double-click or Enter; shift erases) and freehand (6: a dragged loop filled on release). Each is a core of
 * shared/contour run through the ContourSession.
 */
import { planeAxes } from '../../shared/contour';
import { errorMessage } from '../../shared/errorMessage';
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import type { ToolContext } from './interaction';
import { displayPlane, displayToIndex, pixelsPerMm, screenToDisplay, ORIENTATION_OF_NORMAL } from './planes';
import type { ContourEditing } from './useContourEditing';

/** A polygon closes when a click lands within this many CSS px of its first vertex. */
const CLOSE_POLYGON_PX = 8;

export interface ContourTools {
  beginStroke(axis: Axis, index: Vec3): void;
  strokeTo(index: Vec3 | null): void;
  endStroke(): void;
  beginFreehand(axis: Axis, x: number, y: number): void;
  freehandTo(axis: Axis, x: number, y: number): void;
  /** A click of the polygon tool: a vertex, or closing (filling; erasing with shift) near the first one. */
  polygonClick(axis: Axis, x: number, y: number, erase: boolean): void;
  closePolygon(value: 0 | 1): void;
}

export function useContourTools(ctx: ToolContext, editing: ContourEditing): ContourTools {
  const { state, dispatch, live, requestDraw, viewportOf } = ctx;
  const { volume, cursor } = state;

  const brushOptions = (axis: Axis) => ({
    radiusMm: state.brushMm,
    value: (state.tool === 'erase' ? 0 : 1) as 0 | 1,
    shape: state.brushShape,
    orientation: ORIENTATION_OF_NORMAL[axis],
    intensity:
      state.range.on && volume
        ? {
            image: volume.data,
            lo: Math.min(state.range.lo, state.range.hi),
            hi: Math.max(state.range.lo, state.range.hi),
          }
        : undefined,
  });

  const beginStroke = (axis: Axis, index: Vec3) => {
    const session = live.current.session;
    if (!session) return;
    session.beginStroke(index, brushOptions(axis));
    editing.refreshStrokeStats();
    requestDraw();
  };

  const strokeTo = (index: Vec3 | null) => {
    if (index && (live.current.session?.strokeTo(index) ?? 0) > 0) editing.refreshStrokeStats();
    requestDraw();
  };

  const endStroke = () => {
    live.current.session?.endStroke();
    editing.refreshEdit();
  };

  const displayPoint = (axis: Axis, x: number, y: number) => {
    if (!volume) return null;
    const plane = displayPlane(volume.meta, axis, cursor[axis]);
    return { plane, point: screenToDisplay(plane, viewportOf(axis), x, y) };
  };

  const beginFreehand = (axis: Axis, x: number, y: number) => {
    const at = displayPoint(axis, x, y);
    if (at) live.current.polygon = { axis, points: [at.point] };
  };

  const freehandTo = (axis: Axis, x: number, y: number) => {
    const at = displayPoint(axis, x, y);
    if (at) live.current.polygon?.points.push(at.point);
    requestDraw();
  };

  const closePolygon = (value: 0 | 1) => {
    const poly = live.current.polygon;
    const session = live.current.session;
    live.current.polygon = null;
    if (!poly || !session || !volume || poly.points.length < 3) return requestDraw();
    const plane = displayPlane(volume.meta, poly.axis, cursor[poly.axis]);
    const { u, v } = planeAxes(ORIENTATION_OF_NORMAL[poly.axis]);
    const points = poly.points.map(([x, y]) => {
      const p = displayToIndex(plane, x, y);
      return [p[u], p[v]] as [number, number];
    });
    try {
      session.polygon(ORIENTATION_OF_NORMAL[poly.axis], plane.slice, points, value);
    } catch (err) {
      dispatch({ type: 'error', message: errorMessage(err) });
    }
    editing.refreshEdit();
  };

  const polygonClick = (axis: Axis, x: number, y: number, erase: boolean) => {
    const at = displayPoint(axis, x, y);
    if (!at) return;
    const { plane, point } = at;
    const l = live.current;
    const poly = l.polygon?.axis === axis ? l.polygon : (l.polygon = { axis, points: [] });
    const first = poly.points[0];
    const closeEnough =
      first &&
      Math.hypot((first[0] - point[0]) * plane.mmX, (first[1] - point[1]) * plane.mmY) *
        pixelsPerMm(plane, viewportOf(axis)) <
        CLOSE_POLYGON_PX;
    if (poly.points.length >= 3 && closeEnough) closePolygon(erase ? 0 : 1);
    else poly.points.push(point);
    requestDraw();
  };

  return { beginStroke, strokeTo, endStroke, beginFreehand, freehandTo, polygonClick, closePolygon };
}
