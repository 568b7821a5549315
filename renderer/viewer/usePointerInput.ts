/**
 * Pointer input on the panes: a press picks what it starts (pressMode in interaction.ts) and hands the drag
 * to its tool family (navigation, contour tools, ruler); moves update the hover read-out and the drag.
 */
import type { MouseEvent, PointerEvent } from 'react';
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import { pressMode, type ToolContext } from './interaction';
import { displayPlane, displayToIndex, screenToDisplay } from './planes';
import type { ContourTools } from './useContourTools';
import type { NavigationTool } from './useNavigationTool';
import type { RulerTool } from './useRulerTool';

export interface PaneHandlers {
  onPointerDown(e: PointerEvent<HTMLDivElement>): void;
  onPointerMove(e: PointerEvent<HTMLDivElement>): void;
  onPointerUp(e: PointerEvent<HTMLDivElement>): void;
  onPointerLeave(): void;
  onFocus(): void;
  onDoubleClick(e: MouseEvent<HTMLDivElement>): void;
}

/** Relative to the pane's padding box (inside its coloured top border), where the views and overlays are drawn. */
function local(e: PointerEvent<HTMLDivElement>) {
  const el = e.currentTarget;
  const rect = el.getBoundingClientRect();
  return { x: e.clientX - rect.left - el.clientLeft, y: e.clientY - rect.top - el.clientTop };
}

export function usePointerInput(
  ctx: ToolContext,
  tools: { navigation: NavigationTool; contour: ContourTools; ruler: RulerTool },
): (axis: Axis) => PaneHandlers {
  const { state, dispatch, live, viewportOf } = ctx;
  const { navigation, contour, ruler } = tools;

  /** Continuous voxel index under a CSS point of a pane. */
  const indexAt = (axis: Axis, x: number, y: number): Vec3 | null => {
    if (!state.volume) return null;
    const plane = displayPlane(state.volume.meta, axis, state.cursor[axis]);
    const [dx, dy] = screenToDisplay(plane, viewportOf(axis), x, y);
    return displayToIndex(plane, dx, dy);
  };

  const onPointerDown = (axis: Axis, e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.focus();
    dispatch({ type: 'activate', axis });
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic events (tests) have no capturable pointer.
    }
    const { x, y } = local(e);
    const index = indexAt(axis, x, y);
    const mode = pressMode(e, state.tool, live.current.session !== null);
    if (mode === 'polygon') return contour.polygonClick(axis, x, y, e.shiftKey);
    if (mode === 'ruler' && !index) return;
    live.current.drag = { mode, axis, x: e.clientX, y: e.clientY, start: state.wl, index };
    if (mode === 'ruler' && index) ruler.begin(axis, x, y, index);
    else if (mode === 'paint' && index) contour.beginStroke(axis, index);
    else if (mode === 'freehand') contour.beginFreehand(axis, x, y);
    else if (mode === 'crosshair' && index) navigation.pointCrosshair(axis, index);
  };

  const onPointerMove = (axis: Axis, e: PointerEvent<HTMLDivElement>) => {
    const { x, y } = local(e);
    const index = indexAt(axis, x, y);
    dispatch({ type: 'hover', hover: index ? { axis, x, y, index } : null });
    const drag = live.current.drag;
    if (!drag || drag.axis !== axis || !state.volume) return;
    if (drag.mode === 'paint') contour.strokeTo(index);
    else if (drag.mode === 'ruler') {
      if (index) ruler.move(index);
    } else if (drag.mode === 'freehand') contour.freehandTo(axis, x, y);
    else navigation.drag(drag, e.clientX, e.clientY, index);
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const drag = live.current.drag;
    live.current.drag = null;
    if (drag?.mode === 'navigate' && drag.index) navigation.pointCrosshair(drag.axis, drag.index);
    else if (drag?.mode === 'paint') contour.endStroke();
    else if (drag?.mode === 'freehand') contour.closePolygon(e.shiftKey ? 0 : 1);
    else if (drag?.mode === 'ruler') ruler.finish();
  };

  return (axis) => ({
    onPointerDown: (e) => onPointerDown(axis, e),
    onPointerMove: (e) => onPointerMove(axis, e),
    onPointerUp,
    onPointerLeave: () => dispatch({ type: 'hover', hover: null }),
    onFocus: () => dispatch({ type: 'activate', axis }),
    onDoubleClick: (e) => {
      // The double-click's own clicks added (duplicate) vertices, which do not change an even-odd fill.
      if (state.tool === 'polygon' && (live.current.polygon?.points.length ?? 0) >= 3)
        contour.closePolygon(e.shiftKey ? 0 : 1);
    },
  });
}
