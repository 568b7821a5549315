/** The viewer's state transitions (viewerState.ts): pure functions of the state and an action. */
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import { defaultReaderPair } from './readerPair';
import { fitViews, type ViewerAction, type ViewerState } from './viewerState';
import { clampSlice, largestMaskSlice, maskSliceCentre } from './windowing';

const BRUSH_MIN_MM = 0.5;
const BRUSH_MAX_MM = 50;
const ZOOM_MIN = 0.25;
const ZOOM_MAX = 40;
const FPS_MAX = 60;

/** Brush radius after `steps` half-millimetre steps (the − / + keys), kept on the 0.5 mm grid within 0.5–50. */
export function steppedBrush(mm: number, steps: number): number {
  return Math.min(BRUSH_MAX_MM, Math.max(BRUSH_MIN_MM, Math.round((mm + steps * 0.5) * 2) / 2));
}

/** The cursor moved `delta` slices along `axis`: clamped to the series, or wrapped round (cine). */
export function steppedCursor(
  cursor: Vec3,
  size: readonly number[],
  axis: Axis,
  delta: number,
  wrap = false,
): Vec3 {
  const next: Vec3 = [...cursor];
  const n = size[axis];
  next[axis] = wrap ? (((cursor[axis] + delta) % n) + n) % n : clampSlice(cursor[axis] + delta, n);
  return next;
}

/** The reader pair follows the ROIs until the user picks one (compare.auto). */
function withReaderPair(state: ViewerState): ViewerState {
  const rois = state.detail?.rois ?? [];
  if (rois.length < 2 || !state.compare.auto) return state;
  const pair = defaultReaderPair(rois);
  if (!pair || (pair.a === state.compare.a && pair.b === state.compare.b)) return state;
  return { ...state, compare: { ...pair, auto: true } };
}

const withMask = (masks: ReadonlyMap<number, Uint8Array>, roiId: number, data: Uint8Array) =>
  new Map(masks).set(roiId, data);

/**
 * Where "Go to" an ROI puts the crosshair: the axial slice with the most ROI voxels (the largest cross-section,
 * where a reader looks first), centred on its voxels there so that the other views cut through it. Computed
 * from the mask only, so the same click lands on the same slice however late the mask arrives; null without
 * the mask or for an empty one.
 */
function roiCursor(state: ViewerState, roiId: number): Vec3 | null {
  const data = state.masks.get(roiId);
  const size = state.volume?.meta.size;
  const k = data && size ? largestMaskSlice(data, size) : null;
  if (!data || !size || k === null) return null;
  const next: Vec3 = [state.cursor[0], state.cursor[1], k];
  const centre = maskSliceCentre(data, size, k);
  if (centre) [next[0], next[1]] = centre;
  return next;
}

/** Answers a "Go to" of the ROI whose mask is in `state.masks`: the crosshair moves there, the axial view active. */
function goneToRoi(state: ViewerState, roiId: number): ViewerState {
  const cursor = roiCursor(state, roiId);
  const answered = { ...state, goToPending: null };
  return cursor ? { ...answered, cursor, active: 2 } : answered;
}

/** The user moved the crosshair: a "Go to" still waiting for its mask no longer applies. */
const navigated = (state: ViewerState): ViewerState =>
  state.goToPending === null ? state : { ...state, goToPending: null };

export function viewerReducer(state: ViewerState, action: ViewerAction): ViewerState {
  switch (action.type) {
    case 'load-start':
      return {
        ...state,
        detail: null,
        study: null,
        volume: null,
        error: null,
        masks: new Map(),
        edit: null,
        goToPending: null,
      };
    case 'loaded': {
      const [nx, ny, nz] = action.volume.meta.size;
      return withReaderPair({
        ...state,
        detail: action.detail,
        volume: action.volume,
        visible: new Set(action.detail.rois.map((r) => r.roiId)),
        cursor: [Math.floor(nx / 2), Math.floor(ny / 2), Math.floor(nz / 2)],
        wl: action.wl,
        preset: action.preset,
        range: { on: false, lo: Math.round(action.wl.level), hi: Math.round(action.volume.meta.max) },
      });
    }
    case 'study':
      return { ...state, study: action.study };
    case 'error':
      return { ...state, error: action.message };
    case 'notice':
      return { ...state, notice: action.text };
    case 'export-dir':
      return { ...state, exportDir: action.dir };
    case 'detail':
      return withReaderPair({ ...state, detail: action.detail });
    case 'mask': {
      const next = { ...state, masks: withMask(state.masks, action.roiId, action.data) };
      return state.goToPending === action.roiId ? goneToRoi(next, action.roiId) : next;
    }
    case 'roi-saved':
      return {
        ...state,
        masks: withMask(state.masks, action.roiId, action.data),
        visible: new Set(state.visible).add(action.roiId),
      };
    case 'roi-deleted': {
      const masks = new Map(state.masks);
      masks.delete(action.roiId);
      // Until the refreshed list arrives, the deleted ROI is no longer offered (nor fetched for comparison).
      const detail = state.detail && {
        ...state.detail,
        rois: state.detail.rois.filter((r) => r.roiId !== action.roiId),
      };
      const goToPending = state.goToPending === action.roiId ? null : state.goToPending;
      return withReaderPair({
        ...state,
        masks,
        detail,
        goToPending,
        compare: { a: null, b: null, auto: true },
      });
    }
    case 'show-roi': {
      const visible = new Set(state.visible);
      if (action.visible) visible.add(action.roiId);
      else visible.delete(action.roiId);
      return { ...state, visible };
    }
    case 'go-to-roi': {
      // Shown, so that its mask is fetched if it was not; without the mask the click waits for it.
      const shown = { ...state, visible: new Set(state.visible).add(action.roiId) };
      if (!state.masks.has(action.roiId)) return { ...shown, goToPending: action.roiId };
      return goneToRoi(shown, action.roiId);
    }
    case 'cursor':
      return { ...navigated(state), cursor: action.cursor };
    case 'go-to':
      return { ...navigated(state), cursor: action.cursor, active: action.axis };
    case 'step':
      return {
        ...navigated(state),
        cursor: steppedCursor(
          state.cursor,
          state.volume?.meta.size ?? [1, 1, 1],
          action.axis,
          action.delta,
          action.wrap,
        ),
      };
    case 'layout':
      return { ...state, layout: action.layout };
    case 'activate':
      return state.active === action.axis ? state : { ...state, active: action.axis };
    case 'zoom': {
      const v = state.views[action.axis];
      const zoom = Math.min(Math.max(v.zoom * action.factor, ZOOM_MIN), ZOOM_MAX);
      return { ...state, views: { ...state.views, [action.axis]: { ...v, zoom } } };
    }
    case 'pan': {
      const v = state.views[action.axis];
      const pan: [number, number] = [v.pan[0] + action.mm[0], v.pan[1] + action.mm[1]];
      return { ...state, views: { ...state.views, [action.axis]: { ...v, pan } } };
    }
    case 'reset-views':
      return { ...state, views: fitViews() };
    case 'window':
      return { ...state, wl: action.wl, preset: action.preset };
    case 'opacity':
      return { ...state, opacity: action.opacity };
    case 'overlay-mode': {
      const toggled = state.overlayMode === 'fill' ? 'outline' : 'fill';
      return { ...state, overlayMode: action.mode === 'toggle' ? toggled : action.mode };
    }
    case 'hover':
      return { ...state, hover: action.hover };
    case 'tool':
      return { ...state, tool: action.tool };
    case 'brush-radius':
      return { ...state, brushMm: action.mm };
    case 'brush-step':
      return { ...state, brushMm: steppedBrush(state.brushMm, action.steps) };
    case 'brush-shape':
      return { ...state, brushShape: action.shape };
    case 'range':
      return { ...state, range: { ...state.range, ...action.range } };
    case 'island-min':
      return { ...state, islandMin: Math.max(1, action.voxels || 1) };
    case 'edit-begin':
      return { ...state, edit: action.edit, tool: 'paint' };
    case 'edit-name':
      return state.edit ? { ...state, edit: { ...state.edit, name: action.name } } : state;
    case 'edit-progress': {
      if (!state.edit) return state;
      const { dirty, stats, canUndo = state.edit.canUndo, canRedo = state.edit.canRedo } = action;
      return { ...state, edit: { ...state.edit, dirty: state.edit.dirty || dirty, stats, canUndo, canRedo } };
    }
    case 'edit-end':
      return { ...state, edit: null, confirmDiscard: false, tool: 'crosshair' };
    case 'confirm-discard':
      return { ...state, confirmDiscard: action.open && state.edit !== null };
    case 'author':
      return { ...state, author: action.author };
    case 'saving':
      return { ...state, saving: action.saving };
    case 'cine': {
      const playing =
        action.playing === 'toggle' ? !state.cine.playing : (action.playing ?? state.cine.playing);
      const fps = action.fps === undefined ? state.cine.fps : Math.min(FPS_MAX, Math.max(1, action.fps || 1));
      return { ...state, cine: { playing, fps } };
    }
    case 'compare':
      return { ...state, compare: { ...state.compare, [action.side]: action.roiId, auto: false } };
  }
}
