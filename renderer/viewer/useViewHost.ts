/**
 * The view host: mounts a vtk view (VtkPlaneView) into each pane, and decides when they draw. Every render
 * draws at once (a slice step shows in the same frame as its state change); changes that live only in the
 * interaction ref (brush strokes, a ruler being dragged) and pane resizes draw on the next animation frame.
 * Wheel input is attached here because it must be non-passive (the page must not scroll while paging).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Axis } from '../../shared/contour/plane';
import type { Interaction } from './interaction';
import type { Viewport } from './planes';
import { paneScene, type SceneState } from './scene';
import { VtkPlaneView } from './vtkPlaneView';
import { drawTimings, gpuTimings } from './viewTimings';

interface Pane {
  el: HTMLDivElement;
  view: VtkPlaneView;
}

export interface ViewHost {
  /** Mounts a view into a pane element (stable); returns its unmount. */
  attachPane: (axis: Axis, el: HTMLDivElement) => () => void;
  /** Gives a view the keyboard focus (stable). */
  focusPane: (axis: Axis) => void;
  requestDraw: () => void;
  viewportOf: (axis: Axis) => Viewport;
}

export function useViewHost(
  scene: SceneState,
  live: RefObject<Interaction>,
  onWheel: (axis: Axis, e: WheelEvent) => void,
): ViewHost {
  const panes = useRef(new Map<Axis, Pane>());
  const latest = useRef({ scene, onWheel });
  const scheduler = useRef({ frame: 0 });

  const drawNow = useCallback(() => {
    const s = scheduler.current;
    if (s.frame) cancelAnimationFrame(s.frame);
    s.frame = 0;
    for (const [axis, pane] of panes.current) {
      const size = { width: pane.el.clientWidth, height: pane.el.clientHeight };
      const view = paneScene(latest.current.scene, live.current, axis, size);
      if (view) pane.view.draw(view);
    }
  }, [live]);

  const requestDraw = useCallback(() => {
    const s = scheduler.current;
    if (!s.frame) s.frame = requestAnimationFrame(drawNow);
  }, [drawNow]);

  useLayoutEffect(() => {
    latest.current = { scene, onWheel };
    drawNow();
  });

  useEffect(() => {
    const probe = window as unknown as { __radscoreDrawTimings?: number[]; __radscoreGpuTimings?: number[] };
    probe.__radscoreDrawTimings = drawTimings;
    probe.__radscoreGpuTimings = gpuTimings;
    const s = scheduler.current;
    return () => {
      if (s.frame) cancelAnimationFrame(s.frame);
    };
  }, []);

  /** Mounts a view into a pane element; returns its unmount (a React 19 callback-ref cleanup). */
  const attachPane = useCallback(
    (axis: Axis, el: HTMLDivElement) => {
      const pane: Pane = { el, view: new VtkPlaneView(el) };
      panes.current.set(axis, pane);
      const resize = new ResizeObserver(() => requestDraw());
      resize.observe(el);
      const wheel = (e: WheelEvent) => latest.current.onWheel(axis, e);
      el.addEventListener('wheel', wheel, { passive: false });
      return () => {
        el.removeEventListener('wheel', wheel);
        resize.disconnect();
        pane.view.dispose();
        if (panes.current.get(axis) === pane) panes.current.delete(axis);
      };
    },
    [requestDraw],
  );

  const focusPane = useCallback(
    (axis: Axis) => panes.current.get(axis)?.el.focus({ preventScroll: true }),
    [],
  );

  const viewportOf = (axis: Axis): Viewport => {
    const pane = panes.current.get(axis);
    return { width: pane?.el.clientWidth ?? 1, height: pane?.el.clientHeight ?? 1, ...scene.views[axis] };
  };

  return { attachPane, focusPane, requestDraw, viewportOf };
}
