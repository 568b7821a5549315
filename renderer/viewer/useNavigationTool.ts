/**
 * Navigation on any view: the crosshair (linked across the views), window/level by dragging, zoom
 * (right-drag, ctrl+wheel) and pan (middle or shift-drag), slice paging with the wheel.
 */
import { useEffect, type Dispatch } from 'react';
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import { CLICK_SLOP_PX, type Drag, type ToolContext } from './interaction';
import { displayPlane, pixelsPerMm } from './planes';
import type { ViewerAction } from './viewerState';
import { clampSlice, dragWindowLevel } from './windowing';

/** Zoom factor of one wheel notch with ctrl, and the drag distance (px) that zooms by e. */
const WHEEL_ZOOM = 1.1;
const ZOOM_DRAG_PX = 200;

/** The wheel pages through slices; with ctrl it zooms. */
export function wheelAction(axis: Axis, e: Pick<WheelEvent, 'ctrlKey' | 'deltaY'>): ViewerAction {
  if (e.ctrlKey) return { type: 'zoom', axis, factor: e.deltaY < 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM };
  return { type: 'step', axis, delta: e.deltaY > 0 ? 1 : -1 };
}

export interface NavigationTool {
  /** Moves the crosshair to a voxel of a view (its own slice unchanged). */
  pointCrosshair(axis: Axis, index: Vec3): void;
  /** A navigation drag moved to page position (x, y). */
  drag(drag: Drag, x: number, y: number, index: Vec3 | null): void;
}

export function useNavigationTool(ctx: ToolContext): NavigationTool {
  const { state, dispatch, viewportOf } = ctx;
  const { volume, cursor } = state;

  const pointCrosshair = (axis: Axis, index: Vec3) => {
    const size = volume?.meta.size ?? [1, 1, 1];
    const next = [0, 1, 2].map((d) => clampSlice(index[d], size[d])) as Vec3;
    next[axis] = cursor[axis];
    dispatch({ type: 'cursor', cursor: next });
  };

  const drag = (d: Drag, x: number, y: number, index: Vec3 | null) => {
    if (!volume) return;
    const dx = x - d.x;
    const dy = y - d.y;
    // The default tool's press: a click until it moves, then a window/level drag.
    if (d.mode === 'navigate') {
      if (Math.hypot(dx, dy) <= CLICK_SLOP_PX) return;
      d.mode = 'window';
    }
    if (d.mode === 'crosshair') {
      if (index) pointCrosshair(d.axis, index);
    } else if (d.mode === 'window') {
      dispatch({
        type: 'window',
        wl: dragWindowLevel(d.start, dx, dy, volume.meta.max - volume.meta.min),
        preset: 'custom',
      });
    } else if (d.mode === 'zoom' || d.mode === 'pan') {
      d.x = x;
      d.y = y;
      if (d.mode === 'zoom') dispatch({ type: 'zoom', axis: d.axis, factor: Math.exp(-dy / ZOOM_DRAG_PX) });
      else {
        const plane = displayPlane(volume.meta, d.axis, cursor[d.axis]);
        const mmPerPx = 1 / pixelsPerMm(plane, viewportOf(d.axis));
        dispatch({ type: 'pan', axis: d.axis, mm: [-dx * mmPerPx, -dy * mmPerPx] });
      }
    }
  };

  return { pointCrosshair, drag };
}

/** Cine: while playing, the active view steps one slice forward at `fps` (1–60), wrapping round. */
export function useCine(
  cine: { playing: boolean; fps: number },
  axis: Axis,
  dispatch: Dispatch<ViewerAction>,
) {
  const { playing, fps } = cine;
  useEffect(() => {
    if (!playing) return;
    const step = () => dispatch({ type: 'step', axis, delta: 1, wrap: true });
    const timer = setInterval(step, 1000 / Math.min(Math.max(fps, 1), 60));
    return () => clearInterval(timer);
  }, [playing, fps, axis, dispatch]);
}
