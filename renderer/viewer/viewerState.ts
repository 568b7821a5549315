/**
 * The viewer's state in one place: this state, changed only by the pure transitions of viewerReducer.ts
 * (tested in Node, viewerState.test.ts).
 * What changes on every pointer event and must not re-render (the contour session, a drag, a polygon or a
 * ruler being drawn) lives in the interaction ref instead (interaction.ts); everything shown in the panels
 * and everything a draw depends on is here.
 */
import type { SeriesDetail, VolumeMeta } from '../../shared/api';
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';
import type { LiveStatistics } from '../contour/session';
import type { ReaderPair } from './readerPair';
import type { WindowLevel } from './windowing';

export interface Volume {
  meta: VolumeMeta;
  data: Float32Array;
}

export type Tool = 'crosshair' | 'window' | 'paint' | 'erase' | 'polygon' | 'freehand' | 'ruler';
export type Layout = '1x1' | '1x3';
export type OverlayMode = 'fill' | 'outline';
export type BrushShape = 'disc' | 'sphere';

/** Zoom (1 = fit) and pan (mm) of one view. */
export interface PaneView {
  zoom: number;
  pan: [number, number];
}

/** The pointer over a view: CSS position in the pane and the continuous voxel index under it. */
export interface Hover {
  axis: Axis;
  x: number;
  y: number;
  index: Vec3;
}

/** The ROI being drawn or edited (its mask and history are in the ContourSession). */
export interface EditState {
  roiId: number | null;
  name: string;
  color: [number, number, number];
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  stats: LiveStatistics;
}

/** "Paint only intensities" lo…hi. */
export interface IntensityRange {
  on: boolean;
  lo: number;
  hi: number;
}

/** The series' study as the corner annotations show it. */
export interface StudyInfo {
  date: string;
  description: string;
}

export interface ViewerState {
  detail: SeriesDetail | null;
  /** Its study (from patient.get), once known. */
  study: StudyInfo | null;
  volume: Volume | null;
  /** A loading failure: the viewer shows only this. */
  error: string | null;
  /** The last action's outcome (saved, exported, filled …). */
  notice: string | null;
  masks: ReadonlyMap<number, Uint8Array>;
  visible: ReadonlySet<number>;
  exportDir: string;
  cursor: Vec3;
  layout: Layout;
  active: Axis;
  views: Readonly<Record<Axis, PaneView>>;
  wl: WindowLevel;
  preset: string;
  opacity: number;
  overlayMode: OverlayMode;
  hover: Hover | null;
  tool: Tool;
  brushMm: number;
  brushShape: BrushShape;
  range: IntensityRange;
  islandMin: number;
  edit: EditState | null;
  /** The panel's Discard is asking Save / Discard / Cancel. */
  confirmDiscard: boolean;
  author: string;
  saving: boolean;
  cine: { playing: boolean; fps: number };
  compare: ReaderPair;
  /**
   * "Go to" of an ROI whose mask has not arrived yet: its id, until the mask arrives (then the crosshair goes
   * to its largest slice, as when the mask was there at the click) or the user moves the crosshair first.
   */
  goToPending: number | null;
}

export type ViewerAction =
  | { type: 'load-start' }
  | { type: 'loaded'; detail: SeriesDetail; volume: Volume; wl: WindowLevel; preset: string }
  | { type: 'study'; study: StudyInfo | null }
  | { type: 'error'; message: string }
  | { type: 'notice'; text: string | null }
  | { type: 'export-dir'; dir: string }
  | { type: 'detail'; detail: SeriesDetail }
  | { type: 'mask'; roiId: number; data: Uint8Array }
  | { type: 'roi-saved'; roiId: number; data: Uint8Array }
  | { type: 'roi-deleted'; roiId: number }
  | { type: 'show-roi'; roiId: number; visible: boolean }
  | { type: 'go-to-roi'; roiId: number }
  | { type: 'cursor'; cursor: Vec3 }
  | { type: 'go-to'; cursor: Vec3; axis: Axis }
  | { type: 'step'; axis: Axis; delta: number; wrap?: boolean }
  | { type: 'layout'; layout: Layout }
  | { type: 'activate'; axis: Axis }
  | { type: 'zoom'; axis: Axis; factor: number }
  | { type: 'pan'; axis: Axis; mm: [number, number] }
  | { type: 'reset-views' }
  | { type: 'window'; wl: WindowLevel; preset: string }
  | { type: 'opacity'; opacity: number }
  | { type: 'overlay-mode'; mode: OverlayMode | 'toggle' }
  | { type: 'hover'; hover: Hover | null }
  | { type: 'tool'; tool: Tool }
  | { type: 'brush-radius'; mm: number }
  | { type: 'brush-step'; steps: number }
  | { type: 'brush-shape'; shape: BrushShape }
  | { type: 'range'; range: Partial<IntensityRange> }
  | { type: 'island-min'; voxels: number }
  | { type: 'edit-begin'; edit: EditState }
  | { type: 'edit-name'; name: string }
  | { type: 'edit-progress'; dirty: boolean; stats: LiveStatistics; canUndo?: boolean; canRedo?: boolean }
  | { type: 'edit-end' }
  | { type: 'confirm-discard'; open: boolean }
  | { type: 'author'; author: string }
  | { type: 'saving'; saving: boolean }
  | { type: 'cine'; playing?: boolean | 'toggle'; fps?: number }
  | { type: 'compare'; side: 'a' | 'b'; roiId: number };

/** Every view fitted: zoom 1, no pan. */
export const fitViews = (): Record<Axis, PaneView> => ({
  0: { zoom: 1, pan: [0, 0] },
  1: { zoom: 1, pan: [0, 0] },
  2: { zoom: 1, pan: [0, 0] },
});

export function initialViewerState(author: string): ViewerState {
  return {
    detail: null,
    study: null,
    volume: null,
    error: null,
    notice: null,
    masks: new Map(),
    visible: new Set(),
    exportDir: '',
    cursor: [0, 0, 0],
    layout: '1x1',
    active: 2,
    views: fitViews(),
    wl: { window: 1, level: 0 },
    preset: 'auto',
    opacity: 0.5,
    overlayMode: 'fill',
    hover: null,
    tool: 'crosshair',
    brushMm: 3,
    brushShape: 'disc',
    range: { on: false, lo: 0, hi: 0 },
    islandMin: 20,
    edit: null,
    confirmDiscard: false,
    author,
    saving: false,
    cine: { playing: false, fps: 10 },
    compare: { a: null, b: null, auto: true },
    goToPending: null,
  };
}
