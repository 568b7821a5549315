/**
 * What the pointer is doing right now, kept in one ref (not in React state: it changes on every pointer event
 * and the views draw it from requestAnimationFrame), and the pure rule that picks what a press does.
 */
import type { Dispatch, RefObject } from 'react';
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import type { RulerEnd } from '../../shared/measure/ruler';
import type { ContourSession } from '../contour/session';
import type { Viewport } from './planes';
import type { Tool, ViewerAction, ViewerState } from './viewerState';
import type { WindowLevel } from './windowing';

/**
 * 'navigate' is the default tool's press: a click (released within CLICK_SLOP_PX) moves the crosshair, a drag
 * becomes a window/level drag; 'crosshair' (alt-drag) moves the crosshair with the pointer.
 */
export type DragMode = 'navigate' | 'window' | 'zoom' | 'pan' | 'paint' | 'crosshair' | 'freehand' | 'ruler';

/** How far (CSS px) a press may move and still count as a click. */
export const CLICK_SLOP_PX = 3;

export interface Drag {
  mode: DragMode;
  axis: Axis;
  /** Page position of the press (pan and zoom: of the last move). */
  x: number;
  y: number;
  /** Window/level at the press. */
  start: WindowLevel;
  /** 'navigate': the voxel under the press, where a click puts the crosshair. */
  index?: Vec3 | null;
}

/** A ruler being drawn (editing null) or one of a stored ruler's ends being dragged. */
export interface RulerDraft {
  axis: Axis;
  slice: number;
  a: Vec3;
  b: Vec3;
  moving: RulerEnd;
  editing: number | null;
}

/** An open polygon or freehand loop: display pixel coordinates on one view. */
export interface PolygonDraft {
  axis: Axis;
  points: [number, number][];
}

export interface Interaction {
  /** The ROI being drawn or edited: its mask copy, history and live statistics. */
  session: ContourSession | null;
  drag: Drag | null;
  polygon: PolygonDraft | null;
  rulerDraft: RulerDraft | null;
}

export const noInteraction = (): Interaction => ({
  session: null,
  drag: null,
  polygon: null,
  rulerDraft: null,
});

export interface PressButtons {
  /** MouseEvent.button: 0 left, 1 middle, 2 right. */
  button: number;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
}

/** What a press starts: a drag of some mode, or a polygon vertex (a click, no drag). */
export type PressMode = DragMode | 'polygon';

/**
 * The press rule (as in OHIF and 3D Slicer): with the default tool a left click moves the crosshair and a
 * left drag sets window/level; alt-drag moves the crosshair along; middle or shift-drag pans, right-drag
 * zooms, ctrl-drag or the Window tool sets window/level; with an ROI being edited a plain left press paints,
 * draws freehand or adds a polygon vertex; the ruler tool measures. Shift with the polygon tool is not a pan:
 * it closes the polygon as an eraser.
 */
export function pressMode(press: PressButtons, tool: Tool, editing: boolean): PressMode {
  const plainLeft = press.button === 0 && !press.shiftKey && !press.ctrlKey && !press.altKey;
  if (tool === 'ruler' && plainLeft) return 'ruler';
  if (press.button === 0 && press.altKey && !press.shiftKey && !press.ctrlKey) return 'crosshair';
  if (press.button === 1 || (press.button === 0 && press.shiftKey && tool !== 'polygon')) return 'pan';
  if (press.button === 2) return 'zoom';
  if (press.ctrlKey || tool === 'window') return 'window';
  const drawing = plainLeft && editing;
  if (drawing && (tool === 'paint' || tool === 'erase')) return 'paint';
  if (drawing && tool === 'freehand') return 'freehand';
  if (tool === 'polygon' && editing) return 'polygon';
  if (press.button === 0) return 'navigate';
  return 'crosshair';
}

/** What every tool hook works with: the state and its dispatch, the interaction ref, and the view host. */
export interface ToolContext {
  seriesUid: string;
  state: ViewerState;
  dispatch: Dispatch<ViewerAction>;
  live: RefObject<Interaction>;
  /** Draws on the next animation frame (for changes that live only in the interaction ref). */
  requestDraw: () => void;
  /** The view's viewport: its pane's CSS size with the view's zoom and pan. */
  viewportOf: (axis: Axis) => Viewport;
}
