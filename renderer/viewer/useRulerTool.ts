/**
 * The ruler tool (key 7): a drag on any view measures (length in patient mm, shared/measure/ruler.ts); a press
 * near an end of a ruler on that slice drags that end; a click (shorter than RULER_MIN_DRAG_PX) adds nothing.
 * Rulers are kept in the app's RulerStore, where the RECIST calculator finds them.
 */
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import { clampToImage, nearestEndpoint, rulerLengthMm } from '../../shared/measure/ruler';
import { seriesText } from './display';
import type { ToolContext } from './interaction';
import { displayPlane, displayToScreen, indexToDisplay, type DisplayPlane, type Viewport } from './planes';
import type { Ruler, RulerStore } from './rulers';
import { clampSlice } from './windowing';

/** Grab distance of a ruler's end handle, and the shortest drag that makes a ruler (shorter is a click), CSS px. */
const RULER_HANDLE_PX = 8;
const RULER_MIN_DRAG_PX = 3;

/** Screen (CSS px) position of a voxel index on a view. */
const indexToScreen = (plane: DisplayPlane, vp: Viewport, index: readonly number[]) =>
  displayToScreen(plane, vp, ...indexToDisplay(plane, index));

export interface RulerTool {
  begin(axis: Axis, x: number, y: number, index: Vec3): void;
  move(index: Vec3): void;
  finish(): void;
  /** Esc: drops a ruler being drawn or adjusted (a stored ruler keeps its ends); false when there was none. */
  cancel(): boolean;
  goTo(ruler: Ruler): void;
}

export function useRulerTool(ctx: ToolContext, store: RulerStore, rulers: readonly Ruler[]): RulerTool {
  const { state, dispatch, live, requestDraw, viewportOf, seriesUid } = ctx;
  const { volume, detail, cursor } = state;

  const begin = (axis: Axis, x: number, y: number, index: Vec3) => {
    if (!volume) return;
    const plane = displayPlane(volume.meta, axis, cursor[axis]);
    const vp = viewportOf(axis);
    const here = rulers.filter((r) => r.axis === axis && r.slice === plane.slice);
    const segments = here.map((r) => ({
      a: indexToScreen(plane, vp, r.a),
      b: indexToScreen(plane, vp, r.b),
    }));
    const hit = nearestEndpoint(segments, [x, y], RULER_HANDLE_PX);
    if (hit) {
      const r = here[hit.index];
      live.current.rulerDraft = {
        axis,
        slice: plane.slice,
        a: [...r.a],
        b: [...r.b],
        moving: hit.end,
        editing: r.id,
      };
    } else {
      const p = clampToImage(volume.meta.size, index);
      p[axis] = plane.slice;
      live.current.rulerDraft = { axis, slice: plane.slice, a: p, b: [...p], moving: 'b', editing: null };
    }
    requestDraw();
  };

  const move = (index: Vec3) => {
    const draft = live.current.rulerDraft;
    if (!draft || !volume) return;
    const p = clampToImage(volume.meta.size, index);
    p[draft.axis] = draft.slice;
    draft[draft.moving] = p;
    requestDraw();
  };

  const finish = () => {
    const draft = live.current.rulerDraft;
    live.current.rulerDraft = null;
    if (!draft || !volume || !detail) return requestDraw();
    const lengthMm = rulerLengthMm(volume.meta, draft.a, draft.b);
    if (draft.editing !== null) store.move(draft.editing, draft.a, draft.b, lengthMm);
    else {
      const plane = displayPlane(volume.meta, draft.axis, draft.slice);
      const vp = viewportOf(draft.axis);
      const [ax, ay] = indexToScreen(plane, vp, draft.a);
      const [bx, by] = indexToScreen(plane, vp, draft.b);
      if (Math.hypot(bx - ax, by - ay) >= RULER_MIN_DRAG_PX) {
        store.add({
          seriesUid,
          patientId: detail.patientId,
          seriesText: seriesText(detail),
          axis: draft.axis,
          planeName: plane.name,
          slice: draft.slice,
          a: draft.a,
          b: draft.b,
          lengthMm,
        });
      }
    }
    requestDraw();
  };

  const cancel = () => {
    if (!live.current.rulerDraft) return false;
    live.current.rulerDraft = null;
    live.current.drag = null;
    requestDraw();
    return true;
  };

  const goTo = (r: Ruler) => {
    const size = volume?.meta.size ?? [1, 1, 1];
    const middle = [0, 1, 2].map((d) => clampSlice((r.a[d] + r.b[d]) / 2, size[d])) as Vec3;
    middle[r.axis] = r.slice;
    dispatch({ type: 'go-to', cursor: middle, axis: r.axis });
  };

  return { begin, move, finish, cancel, goTo };
}
