/**
 * The contouring workstation for one series: axial, coronal and sagittal views (1×1 or 1×3) with a linked
 * crosshair, window/level with MR presets, zoom/pan, slice scrolling and cine; ROI overlays (fill or outline)
 * with visibility toggles; drawing tools (brush, polygon, freehand, fill between slices, island clean-up,
 * undo/redo) with live statistics; saving with author, reader agreement, and SEG/RTSTRUCT export; rulers
 * (length in patient mm, shared/measure/ruler.ts) kept in the app's RulerStore for the RECIST calculator.
 *
 * Views are index planes of the series rendered by vtk.js (vtkPlaneView.ts: image and labelmap vtkImageSlices
 * under a parallel camera laid out as planes.ts says); the tools are the pure cores of shared/contour driven
 * through a ContourSession.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { encodeRuns, type RoiSummary, type SeriesDetail, type VolumeMeta } from '../../shared/api';
import { compareMasks, planeAxes, type ReaderAgreement } from '../../shared/contour';
import type { Axis } from '../../shared/contour/plane';
import { indexToWorld, type Vec3 } from '../../shared/image/volume';
import {
  clampToImage,
  formatLengthMm,
  nearestEndpoint,
  rulerLengthMm,
  type RulerEnd,
} from '../../shared/measure/ruler';
import { api } from '../api/client';
import { ContourSession, type LiveStatistics } from '../contour/session';
import { VtkPlaneView, drawTimings, gpuTimings, type ViewOverlay, type ViewRuler } from './vtkPlaneView';
import {
  displayPlane,
  displayToIndex,
  displayToScreen,
  indexToDisplay,
  pixelsPerMm,
  screenToDisplay,
  ORIENTATION_OF_NORMAL,
  type DisplayPlane,
  type Viewport,
} from './planes';
import { rulerPlace, useRulers, type Ruler, type RulerStore } from './rulers';
import {
  clampSlice,
  dragWindowLevel,
  largestMaskSlice,
  MR_PRESETS,
  presetWindow,
  type WindowLevel,
} from './windowing';

/** Distinct, saturated overlay colours (none of them grey, so they stand out on MR). */
const ROI_COLORS: [number, number, number][] = [
  [1, 0.2, 0.1],
  [0.1, 0.9, 0.3],
  [0.2, 0.55, 1],
  [1, 0.85, 0.1],
  [0.9, 0.2, 0.9],
  [0.1, 0.9, 0.9],
];

export const roiColor = (index: number) => ROI_COLORS[index % ROI_COLORS.length];
const cssColor = (c: [number, number, number]) => `rgb(${c.map((x) => Math.round(x * 255)).join(', ')})`;

/** Crosshair line colours: the line of a plane has the colour of that plane's view. */
const PLANE_COLORS: Record<Axis, string> = { 2: '#ffcf4d', 1: '#58d68d', 0: '#5dade2' };
const VIEW_ORDER: Axis[] = [2, 1, 0];
/** Tilt of an acquisition plane (degrees) from which the view says it is oblique; below, scanner rounding. */
const OBLIQUE_NOTE_DEG = 1;

interface Volume {
  meta: VolumeMeta;
  data: Float32Array;
}

type Tool = 'crosshair' | 'window' | 'paint' | 'erase' | 'polygon' | 'freehand' | 'ruler';
const TOOLS: { id: Tool; label: string; key: string; needsEdit: boolean }[] = [
  { id: 'crosshair', label: 'Crosshair', key: '1', needsEdit: false },
  { id: 'window', label: 'Window', key: '2', needsEdit: false },
  { id: 'paint', label: 'Paint', key: '3', needsEdit: true },
  { id: 'erase', label: 'Erase', key: '4', needsEdit: true },
  { id: 'polygon', label: 'Polygon', key: '5', needsEdit: true },
  { id: 'freehand', label: 'Freehand', key: '6', needsEdit: true },
  { id: 'ruler', label: 'Ruler', key: '7', needsEdit: false },
];

/** Grab distance of a ruler's end handle, and the shortest drag that makes a ruler (shorter is a click), CSS px. */
const RULER_HANDLE_PX = 8;
const RULER_MIN_DRAG_PX = 3;

/** A ruler being drawn (editing null) or one of a stored ruler's ends being dragged. */
interface RulerDraft {
  axis: Axis;
  slice: number;
  a: Vec3;
  b: Vec3;
  moving: RulerEnd;
  editing: number | null;
}

/** Screen (CSS px) position of a voxel index on a view. */
const indexToScreen = (plane: DisplayPlane, vp: Viewport, index: readonly number[]) =>
  displayToScreen(plane, vp, ...indexToDisplay(plane, index));

interface EditState {
  roiId: number | null;
  name: string;
  color: [number, number, number];
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  stats: LiveStatistics;
}

interface Drag {
  mode: 'window' | 'zoom' | 'pan' | 'paint' | 'crosshair' | 'freehand' | 'ruler';
  axis: Axis;
  x: number;
  y: number;
  start: WindowLevel;
}

const fmt = (v: number | null | undefined, digits = 1) =>
  v !== null && v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '–';
const safeFileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'roi';

export function SliceViewer({
  seriesUid,
  rulerStore,
  onLabel,
}: {
  seriesUid: string;
  rulerStore: RulerStore;
  onLabel?: (patientId: string) => void;
}) {
  const [detail, setDetail] = useState<SeriesDetail | null>(null);
  const [volume, setVolume] = useState<Volume | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cursor, setCursor] = useState<Vec3>([0, 0, 0]);
  const [layout, setLayout] = useState<'1x1' | '1x3'>('1x1');
  const [active, setActive] = useState<Axis>(2);
  const [wl, setWl] = useState<WindowLevel>({ window: 1, level: 0 });
  const [preset, setPreset] = useState('auto');
  const [opacity, setOpacity] = useState(0.5);
  const [overlayMode, setOverlayMode] = useState<'fill' | 'outline'>('fill');
  const [visible, setVisible] = useState<Set<number>>(new Set());
  const [masks, setMasks] = useState<Map<number, Uint8Array>>(new Map());
  const [hover, setHover] = useState<{ axis: Axis; x: number; y: number; index: Vec3 } | null>(null);
  const [tool, setTool] = useState<Tool>('crosshair');
  const [brushMm, setBrushMm] = useState(3);
  const [brushShape, setBrushShape] = useState<'disc' | 'sphere'>('disc');
  const [range, setRange] = useState<{ on: boolean; lo: number; hi: number }>({ on: false, lo: 0, hi: 0 });
  const [islandMin, setIslandMin] = useState(20);
  const [edit, setEdit] = useState<EditState | null>(null);
  const [author, setAuthor] = useState(() => localStorage.getItem('radscore-author') ?? '');
  const [saving, setSaving] = useState(false);
  const [cine, setCine] = useState({ playing: false, fps: 10 });
  const [compare, setCompare] = useState<{ a: number | null; b: number | null; auto: boolean }>({
    a: null,
    b: null,
    auto: true,
  });
  const [exportDir, setExportDir] = useState('');
  const [, setViewTick] = useState(0);

  const sessionRef = useRef<ContourSession | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const polygonRef = useRef<{ axis: Axis; points: [number, number][] } | null>(null);
  const rulerDraftRef = useRef<RulerDraft | null>(null);
  const allRulers = useRulers(rulerStore);
  const rulers = useMemo(() => allRulers.filter((r) => r.seriesUid === seriesUid), [allRulers, seriesUid]);
  const panesRef = useRef(new Map<Axis, { el: HTMLDivElement; canvas: VtkPlaneView }>());
  const viewportsRef = useRef<Record<Axis, { zoom: number; pan: [number, number] }>>({
    0: { zoom: 1, pan: [0, 0] },
    1: { zoom: 1, pan: [0, 0] },
    2: { zoom: 1, pan: [0, 0] },
  });
  const fetchingRef = useRef(new Set<number>());
  const frameRef = useRef(0);

  // ----- loading -----
  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    setVolume(null);
    setError(null);
    setMasks(new Map());
    sessionRef.current = null;
    rulerDraftRef.current = null;
    setEdit(null);
    Promise.all([api().call('series.get', { seriesUid }), api().call('series.volume', { seriesUid })])
      .then(([d, v]) => {
        if (cancelled) return;
        setDetail(d);
        setVolume(v);
        setVisible(new Set(d.rois.map((r) => r.roiId)));
        const [nx, ny, nz] = v.meta.size;
        setCursor([Math.floor(nx / 2), Math.floor(ny / 2), Math.floor(nz / 2)]);
        const initial = presetWindow(MR_PRESETS[0], v.data, v.meta.min, v.meta.max);
        setWl(initial);
        setPreset(MR_PRESETS[0].id);
        setRange({ on: false, lo: Math.round(initial.level), hi: Math.round(v.meta.max) });
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    api()
      .call('app.info', {})
      .then((info) => !cancelled && setExportDir(`${info.db.replace(/[\\/][^\\/]*$/, '')}/exports`))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [seriesUid]);

  // Fetch the masks of visible ROIs and of the compared ones (once each).
  const needMask = useCallback(
    (roiId: number) => {
      if (masks.has(roiId) || fetchingRef.current.has(roiId)) return;
      fetchingRef.current.add(roiId);
      api()
        .call('roi.mask', { roiId })
        .then((m) => setMasks((prev) => new Map(prev).set(roiId, m.data)))
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
        .finally(() => fetchingRef.current.delete(roiId));
    },
    [masks],
  );
  useEffect(() => {
    if (!detail || !volume) return;
    for (const roi of detail.rois) if (visible.has(roi.roiId)) needMask(roi.roiId);
    if (compare.a !== null) needMask(compare.a);
    if (compare.b !== null) needMask(compare.b);
  }, [detail, volume, visible, compare, needMask]);

  // Default reader pair (until the user picks one): the latest two ROIs of one name by different authors,
  // else the first two.
  useEffect(() => {
    if (!detail || detail.rois.length < 2 || !compare.auto) return;
    const rois = detail.rois;
    let pair: { a: number; b: number } | null = null;
    for (const a of rois) {
      const b = rois.find(
        (r) => r.roiId > a.roiId && r.name.toLowerCase() === a.name.toLowerCase() && r.author !== a.author,
      );
      if (b) pair = { a: a.roiId, b: b.roiId };
    }
    pair ??= { a: rois[0].roiId, b: rois[1].roiId };
    if (pair.a !== compare.a || pair.b !== compare.b) setCompare({ ...pair, auto: true });
  }, [detail, compare]);

  // ----- drawing -----
  const overlays = useMemo((): ViewOverlay[] => {
    if (!detail) return [];
    const list: ViewOverlay[] = [];
    detail.rois.forEach((roi, index) => {
      const data = masks.get(roi.roiId);
      if (!data || !visible.has(roi.roiId) || edit?.roiId === roi.roiId) return;
      list.push({ data, revision: 0, rgb: roiColor(index), mode: overlayMode, opacity });
    });
    return list;
  }, [detail, masks, visible, edit?.roiId, overlayMode, opacity]);

  /** Everything a draw needs, refreshed every render (draws run from requestAnimationFrame). */
  const sceneRef = useRef({
    volume,
    cursor,
    wl,
    overlays,
    edit,
    tool,
    brushMm,
    hover,
    opacity,
    overlayMode,
    rulers,
  });
  sceneRef.current = {
    volume,
    cursor,
    wl,
    overlays,
    edit,
    tool,
    brushMm,
    hover,
    opacity,
    overlayMode,
    rulers,
  };

  const drawNow = useCallback(() => {
    if (frameRef.current) cancelAnimationFrame(frameRef.current);
    frameRef.current = 0;
    const s = sceneRef.current;
    if (!s.volume) return;
    const session = sessionRef.current;
    for (const [axis, pane] of panesRef.current) {
      const plane = displayPlane(s.volume.meta, axis, s.cursor[axis]);
      const vp: Viewport = {
        width: pane.el.clientWidth,
        height: pane.el.clientHeight,
        ...viewportsRef.current[axis],
      };
      // The edited ROI goes on the view's 2D layer, not into vtk: a stroke then leaves the vtk canvas alone.
      const live: ViewOverlay | null =
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
      const poly = polygonRef.current?.axis === axis ? polygonRef.current.points : null;
      const draft = rulerDraftRef.current;
      const viewRulers: ViewRuler[] = s.rulers
        .filter((r) => r.axis === axis && r.slice === plane.slice && r.id !== draft?.editing)
        .map((r) => ({
          a: indexToDisplay(plane, r.a),
          b: indexToDisplay(plane, r.b),
          label: formatLengthMm(r.lengthMm),
          handles: s.tool === 'ruler',
          active: false,
        }));
      if (draft && draft.axis === axis && draft.slice === plane.slice) {
        const label = formatLengthMm(rulerLengthMm(s.volume.meta, draft.a, draft.b));
        viewRulers.push({
          a: indexToDisplay(plane, draft.a),
          b: indexToDisplay(plane, draft.b),
          label,
          handles: true,
          active: true,
        });
      }
      pane.canvas.draw({
        geometry: s.volume.meta,
        image: s.volume.data,
        plane,
        window: s.wl.window,
        level: s.wl.level,
        overlays: s.overlays,
        live,
        viewport: vp,
        crosshair: s.cursor,
        crosshairColors: PLANE_COLORS,
        brush:
          brushVisible && s.hover
            ? { x: s.hover.x, y: s.hover.y, radiusMm: s.brushMm, erase: s.tool === 'erase' }
            : null,
        polygon: poly,
        rulers: viewRulers,
      });
    }
  }, []);
  const requestDraw = useCallback(() => {
    if (!frameRef.current) frameRef.current = requestAnimationFrame(drawNow);
  }, [drawNow]);
  // Every render draws at once (state changes such as a slice step show in the same frame); changes that
  // live only in refs (brush strokes, resizes) go through requestDraw.
  useLayoutEffect(() => {
    drawNow();
  });
  useEffect(() => {
    const probe = window as unknown as { __radscoreDrawTimings?: number[]; __radscoreGpuTimings?: number[] };
    probe.__radscoreDrawTimings = drawTimings;
    probe.__radscoreGpuTimings = gpuTimings;
    return () => {
      if (frameRef.current) cancelAnimationFrame(frameRef.current);
    };
  }, []);

  /** Mounts a view's canvas into its pane (stable callback refs, one per plane). */
  const paneRefs = useMemo(() => {
    const mount = (axis: Axis) => (el: HTMLDivElement | null) => {
      const panes = panesRef.current;
      const existing = panes.get(axis);
      if (existing && existing.el === el) return;
      existing?.canvas.dispose();
      panes.delete(axis);
      if (el) panes.set(axis, { el, canvas: new VtkPlaneView(el) });
    };
    return { 0: mount(0), 1: mount(1), 2: mount(2) } as Record<Axis, (el: HTMLDivElement | null) => void>;
  }, []);
  useEffect(() => {
    const observer = new ResizeObserver(() => requestDraw());
    for (const pane of panesRef.current.values()) observer.observe(pane.el);
    return () => observer.disconnect();
  }, [layout, active, volume, requestDraw]);

  // ----- navigation -----
  const size = volume?.meta.size ?? [1, 1, 1];
  const stepSlice = useCallback(
    (axis: Axis, delta: number, wrap = false) =>
      setCursor((c) => {
        const next: Vec3 = [...c];
        const n = size[axis];
        next[axis] = wrap ? (((c[axis] + delta) % n) + n) % n : clampSlice(c[axis] + delta, n);
        return next;
      }),
    [size],
  );

  useEffect(() => {
    if (!cine.playing) return;
    const timer = setInterval(() => stepSlice(active, 1, true), 1000 / Math.min(Math.max(cine.fps, 1), 60));
    return () => clearInterval(timer);
  }, [cine, active, stepSlice]);

  const viewportOf = (axis: Axis): Viewport => {
    const pane = panesRef.current.get(axis);
    return {
      width: pane?.el.clientWidth ?? 1,
      height: pane?.el.clientHeight ?? 1,
      ...viewportsRef.current[axis],
    };
  };
  const zoomBy = (axis: Axis, factor: number) => {
    const v = viewportsRef.current[axis];
    v.zoom = Math.min(Math.max(v.zoom * factor, 0.25), 40);
    setViewTick((t) => t + 1);
  };
  const resetView = () => {
    for (const axis of VIEW_ORDER) viewportsRef.current[axis] = { zoom: 1, pan: [0, 0] };
    setViewTick((t) => t + 1);
  };

  /** Continuous voxel index under a CSS point of a pane. */
  const indexAt = (axis: Axis, x: number, y: number): Vec3 | null => {
    if (!volume) return null;
    const plane = displayPlane(volume.meta, axis, cursor[axis]);
    const [dx, dy] = screenToDisplay(plane, viewportOf(axis), x, y);
    return displayToIndex(plane, dx, dy);
  };
  const roundedInside = (p: Vec3): Vec3 => [0, 1, 2].map((d) => clampSlice(p[d], size[d])) as Vec3;

  // Wheel: non-passive so the page does not scroll while paging through slices.
  useEffect(() => {
    const entries = [...panesRef.current.entries()];
    const handlers = entries.map(([axis, pane]) => {
      const onWheel = (e: WheelEvent) => {
        e.preventDefault();
        if (e.ctrlKey) zoomBy(axis, e.deltaY < 0 ? 1.1 : 1 / 1.1);
        else stepSlice(axis, e.deltaY > 0 ? 1 : -1);
      };
      pane.el.addEventListener('wheel', onWheel, { passive: false });
      return () => pane.el.removeEventListener('wheel', onWheel);
    });
    return () => handlers.forEach((h) => h());
    // zoomBy only touches refs; `active` changes the pane shown in the 1×1 layout.
  }, [layout, active, volume, stepSlice]);

  // ----- editing -----
  const refreshEdit = (dirty = true) => {
    const session = sessionRef.current;
    if (!session) return;
    setEdit(
      (prev) =>
        prev && {
          ...prev,
          dirty: prev.dirty || dirty,
          canUndo: session.history.canUndo,
          canRedo: session.history.canRedo,
          stats: session.statistics(),
        },
    );
    requestDraw();
  };

  /** Live statistics during a stroke: batched with the move's hover update into one render per event. */
  const refreshStrokeStats = () => {
    const session = sessionRef.current;
    if (!session) return;
    setEdit((prev) => prev && { ...prev, dirty: true, stats: session.statistics() });
  };

  const brushOptions = (axis: Axis) => ({
    radiusMm: brushMm,
    value: (tool === 'erase' ? 0 : 1) as 0 | 1,
    shape: brushShape,
    orientation: ORIENTATION_OF_NORMAL[axis],
    intensity:
      range.on && volume
        ? { image: volume.data, lo: Math.min(range.lo, range.hi), hi: Math.max(range.lo, range.hi) }
        : undefined,
  });

  const closePolygon = (value: 0 | 1) => {
    const poly = polygonRef.current;
    const session = sessionRef.current;
    polygonRef.current = null;
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
      setError(err instanceof Error ? err.message : String(err));
    }
    refreshEdit();
  };

  const runTool = (what: 'fill-between' | 'islands' | 'largest') => {
    const session = sessionRef.current;
    if (!session) return;
    try {
      const edit =
        what === 'fill-between'
          ? session.fillBetween(ORIENTATION_OF_NORMAL[active])
          : what === 'islands'
            ? session.removeIslands(islandMin, 26)
            : session.keepLargest(26);
      setNotice(
        edit
          ? `${what === 'fill-between' ? 'Filled' : 'Removed'} ${edit.indices.length} voxels`
          : 'Nothing to change',
      );
    } catch (err) {
      setNotice(err instanceof Error ? err.message : String(err));
    }
    refreshEdit();
  };

  function undoRedo(which: 'undo' | 'redo') {
    const session = sessionRef.current;
    if (!session || session.stroking) return;
    const changed = which === 'undo' ? session.undo() : session.redo();
    if (changed) refreshEdit();
  }

  const beginEdit = async (roi: RoiSummary | null) => {
    if (!volume || !detail) return;
    let data: Uint8Array;
    if (roi)
      data = (masks.get(roi.roiId) ?? (await api().call('roi.mask', { roiId: roi.roiId })).data).slice();
    else data = new Uint8Array(volume.data.length);
    const session = new ContourSession({ ...volume.meta, data: volume.data }, data);
    sessionRef.current = session;
    const index = roi ? detail.rois.findIndex((r) => r.roiId === roi.roiId) : detail.rois.length;
    setEdit({
      roiId: roi?.roiId ?? null,
      name: roi?.name ?? `ROI ${detail.rois.length + 1}`,
      color: roiColor(index),
      dirty: false,
      canUndo: false,
      canRedo: false,
      stats: session.statistics(),
    });
    setTool('paint');
  };

  const endEdit = () => {
    sessionRef.current = null;
    polygonRef.current = null;
    dragRef.current = null;
    setEdit(null);
    setTool('crosshair');
  };

  const saveEdit = async () => {
    const session = sessionRef.current;
    if (!session || !edit || !volume) return;
    setSaving(true);
    try {
      localStorage.setItem('radscore-author', author);
      const saved = await api().call('roi.save', {
        seriesUid,
        roiId: edit.roiId,
        name: edit.name,
        author,
        mask: encodeRuns(session.mask.data),
      });
      const data = session.mask.data.slice();
      setMasks((prev) => new Map(prev).set(saved.roiId, data));
      setVisible((prev) => new Set(prev).add(saved.roiId));
      setDetail(await api().call('series.get', { seriesUid }));
      setNotice(`Saved ${saved.name} (${saved.voxels} voxels) by ${saved.author || 'unknown reader'}`);
      endEdit();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  const deleteRoi = async (roi: RoiSummary) => {
    if (
      !window.confirm(
        `Delete ROI "${roi.name}"${roi.author ? ` by ${roi.author}` : ''}? The deletion is kept in the audit log.`,
      )
    )
      return;
    try {
      await api().call('roi.delete', { roiId: roi.roiId, author });
      setMasks((prev) => {
        const next = new Map(prev);
        next.delete(roi.roiId);
        return next;
      });
      setCompare({ a: null, b: null, auto: true });
      setDetail(await api().call('series.get', { seriesUid }));
      setNotice(`Deleted ${roi.name}`);
    } catch (err) {
      setNotice(`Delete failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const exportRoi = async (roi: RoiSummary, format: 'SEG' | 'RTSTRUCT') => {
    if (!exportDir) return setNotice('Set an export folder first');
    const out = `${exportDir.replace(/[\\/]+$/, '')}/${safeFileName(roi.name)}-${roi.roiId}-${format}.dcm`;
    const write = (overwrite: boolean) =>
      api().call('roi.export', { roiId: roi.roiId, format, out, deidentify: false, overwrite });
    try {
      let r;
      try {
        r = await write(false);
      } catch (err) {
        // An existing file is replaced only when the user says so (the host refuses it otherwise).
        if (!(err instanceof Error && / already exists/.test(err.message))) throw err;
        if (!window.confirm(`${out} already exists. Replace it?`)) return setNotice('Export cancelled');
        r = await write(true);
      }
      setNotice(`${r.format} of ${r.roi} written to ${r.out}`);
    } catch (err) {
      setNotice(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  // ----- pointer input -----
  // Relative to the pane's padding box (inside its coloured top border), where the views and overlays are drawn.
  const local = (e: PointerEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    const rect = el.getBoundingClientRect();
    return { x: e.clientX - rect.left - el.clientLeft, y: e.clientY - rect.top - el.clientTop };
  };

  /** Starts a ruler at a pointer press: grabs the nearest end of a ruler on this slice, else begins a new one. */
  const beginRuler = (axis: Axis, x: number, y: number, index: Vec3) => {
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
      rulerDraftRef.current = {
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
      rulerDraftRef.current = { axis, slice: plane.slice, a: p, b: [...p], moving: 'b', editing: null };
    }
    requestDraw();
  };

  const moveRuler = (index: Vec3) => {
    const draft = rulerDraftRef.current;
    if (!draft || !volume) return;
    const p = clampToImage(volume.meta.size, index);
    p[draft.axis] = draft.slice;
    draft[draft.moving] = p;
    requestDraw();
  };

  /** Ends a ruler drag: stores the moved ruler, or a new one unless the press was a click. */
  const finishRuler = () => {
    const draft = rulerDraftRef.current;
    rulerDraftRef.current = null;
    if (!draft || !volume || !detail) return requestDraw();
    const lengthMm = rulerLengthMm(volume.meta, draft.a, draft.b);
    if (draft.editing !== null) rulerStore.move(draft.editing, draft.a, draft.b, lengthMm);
    else {
      const plane = displayPlane(volume.meta, draft.axis, draft.slice);
      const vp = viewportOf(draft.axis);
      const [ax, ay] = indexToScreen(plane, vp, draft.a);
      const [bx, by] = indexToScreen(plane, vp, draft.b);
      if (Math.hypot(bx - ax, by - ay) >= RULER_MIN_DRAG_PX) {
        rulerStore.add({
          seriesUid,
          patientId: detail.patientId,
          seriesText: `${detail.series.description || 'Series'} #${detail.series.seriesNumber}`,
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

  const goToRuler = (r: Ruler) => {
    const middle = roundedInside([(r.a[0] + r.b[0]) / 2, (r.a[1] + r.b[1]) / 2, (r.a[2] + r.b[2]) / 2]);
    middle[r.axis] = r.slice;
    setCursor(middle);
    setActive(r.axis);
  };

  const chooseTool = (next: Tool) => {
    polygonRef.current = null;
    rulerDraftRef.current = null;
    if (dragRef.current?.mode === 'ruler') dragRef.current = null;
    setTool(next);
    requestDraw();
  };

  const onPointerDown = (axis: Axis) => (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.focus();
    setActive(axis);
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic events (tests) have no capturable pointer.
    }
    const { x, y } = local(e);
    const index = indexAt(axis, x, y);
    const session = sessionRef.current;
    const drawing = e.button === 0 && !e.shiftKey && !e.ctrlKey && session !== null;
    if (tool === 'ruler' && e.button === 0 && !e.shiftKey && !e.ctrlKey) {
      if (!index) return;
      dragRef.current = { mode: 'ruler', axis, x: e.clientX, y: e.clientY, start: wl };
      beginRuler(axis, x, y, index);
      return;
    }
    let mode: Drag['mode'];
    if (e.button === 1 || (e.button === 0 && e.shiftKey && tool !== 'polygon')) mode = 'pan';
    else if (e.button === 2) mode = 'zoom';
    else if (e.ctrlKey || tool === 'window') mode = 'window';
    else if (drawing && (tool === 'paint' || tool === 'erase')) mode = 'paint';
    else if (drawing && tool === 'freehand') mode = 'freehand';
    else if (tool === 'polygon' && session) {
      if (!index || !volume) return;
      const plane = displayPlane(volume.meta, axis, cursor[axis]);
      const [dx, dy] = screenToDisplay(plane, viewportOf(axis), x, y);
      const poly =
        polygonRef.current?.axis === axis ? polygonRef.current : (polygonRef.current = { axis, points: [] });
      const first = poly.points[0];
      const closeEnough =
        first &&
        Math.hypot((first[0] - dx) * plane.mmX, (first[1] - dy) * plane.mmY) *
          pixelsPerMm(plane, viewportOf(axis)) <
          8;
      if (poly.points.length >= 3 && closeEnough) closePolygon(e.shiftKey ? 0 : 1);
      else poly.points.push([dx, dy]);
      requestDraw();
      return;
    } else mode = 'crosshair';
    dragRef.current = { mode, axis, x: e.clientX, y: e.clientY, start: wl };
    if (mode === 'paint' && index && session) {
      session.beginStroke(index, brushOptions(axis));
      refreshStrokeStats();
      requestDraw();
    } else if (mode === 'freehand' && volume) {
      const plane = displayPlane(volume.meta, axis, cursor[axis]);
      polygonRef.current = { axis, points: [screenToDisplay(plane, viewportOf(axis), x, y)] };
    } else if (mode === 'crosshair' && index) {
      const next = roundedInside(index);
      next[axis] = cursor[axis];
      setCursor(next);
    }
  };

  const onPointerMove = (axis: Axis) => (e: PointerEvent<HTMLDivElement>) => {
    const { x, y } = local(e);
    const index = indexAt(axis, x, y);
    setHover(index ? { axis, x, y, index } : null);
    const drag = dragRef.current;
    if (!drag || drag.axis !== axis || !volume) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.mode === 'paint') {
      if (index && (sessionRef.current?.strokeTo(index) ?? 0) > 0) refreshStrokeStats();
      requestDraw();
    } else if (drag.mode === 'ruler') {
      if (index) moveRuler(index);
    } else if (drag.mode === 'freehand') {
      const plane = displayPlane(volume.meta, axis, cursor[axis]);
      polygonRef.current?.points.push(screenToDisplay(plane, viewportOf(axis), x, y));
      requestDraw();
    } else if (drag.mode === 'crosshair') {
      if (!index) return;
      const next = roundedInside(index);
      next[axis] = cursor[axis];
      setCursor(next);
    } else if (drag.mode === 'window') {
      setPreset('custom');
      setWl(dragWindowLevel(drag.start, dx, dy, volume.meta.max - volume.meta.min));
    } else {
      drag.x = e.clientX;
      drag.y = e.clientY;
      if (drag.mode === 'zoom') zoomBy(axis, Math.exp(-dy / 200));
      else {
        const v = viewportsRef.current[axis];
        const mmPerPx = 1 / pixelsPerMm(displayPlane(volume.meta, axis, cursor[axis]), viewportOf(axis));
        v.pan = [v.pan[0] - dx * mmPerPx, v.pan[1] - dy * mmPerPx];
        setViewTick((t) => t + 1);
      }
    }
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const drag = dragRef.current;
    dragRef.current = null;
    if (drag?.mode === 'paint') {
      sessionRef.current?.endStroke();
      refreshEdit();
    } else if (drag?.mode === 'freehand') closePolygon(e.shiftKey ? 0 : 1);
    else if (drag?.mode === 'ruler') finishRuler();
  };

  // ----- keyboard (3D Slicer-like) -----
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') return;
    const key = e.key;
    // Space and Enter on a focused button press the button, nothing else.
    if (target.tagName === 'BUTTON' && (key === ' ' || key === 'Enter')) return;
    if (e.ctrlKey || e.metaKey) {
      const k = key.toLowerCase();
      if (k === 'z' && !e.shiftKey) undoRedo('undo');
      else if (k === 'y' || (k === 'z' && e.shiftKey)) undoRedo('redo');
      else return;
      e.preventDefault();
      return;
    }
    const tools = Object.fromEntries(TOOLS.map((t) => [t.key, t]));
    const actions: Record<string, () => void> = {
      ArrowRight: () => stepSlice(active, 1),
      ArrowUp: () => stepSlice(active, 1),
      ArrowLeft: () => stepSlice(active, -1),
      ArrowDown: () => stepSlice(active, -1),
      PageUp: () => stepSlice(active, 10),
      PageDown: () => stepSlice(active, -10),
      Home: () => stepSlice(active, -size[active]),
      End: () => stepSlice(active, size[active]),
      z: () => undoRedo('undo'),
      y: () => undoRedo('redo'),
      '-': () => setBrushMm((r) => Math.max(0.5, Math.round((r - 0.5) * 2) / 2)),
      '+': () => setBrushMm((r) => Math.min(50, Math.round((r + 0.5) * 2) / 2)),
      '=': () => setBrushMm((r) => Math.min(50, Math.round((r + 0.5) * 2) / 2)),
      r: () => resetView(),
      o: () => setOverlayMode((m) => (m === 'fill' ? 'outline' : 'fill')),
      ' ': () => setCine((c) => ({ ...c, playing: !c.playing })),
      Escape: () => {
        // A ruler being drawn or adjusted is cancelled (the stored one keeps its ends), with the ruler tool kept.
        if (rulerDraftRef.current) {
          rulerDraftRef.current = null;
          dragRef.current = null;
        } else {
          polygonRef.current = null;
          setTool('crosshair');
        }
        requestDraw();
      },
      Enter: () => closePolygon(1),
    };
    const t = tools[key];
    if (t && (!t.needsEdit || sessionRef.current)) {
      e.preventDefault();
      chooseTool(t.id);
      return;
    }
    const action = actions[key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const choosePreset = (id: string) => {
    const p = MR_PRESETS.find((x) => x.id === id);
    if (!p || !volume) return;
    setPreset(id);
    setWl(presetWindow(p, volume.data, volume.meta.min, volume.meta.max));
  };

  const goToRoi = (roi: RoiSummary) => {
    setVisible((prev) => new Set(prev).add(roi.roiId));
    const data = masks.get(roi.roiId);
    const focus = data && volume ? largestMaskSlice(data, volume.meta.size) : null;
    const k = focus ?? (roi.sliceRange ? Math.round((roi.sliceRange[0] + roi.sliceRange[1]) / 2) : null);
    if (k === null) return;
    setCursor((c) => {
      const next: Vec3 = [c[0], c[1], k];
      // Centre the crosshair on the ROI's voxels of that slice, so the other views cut through it.
      if (data && volume) {
        const [nx, ny] = volume.meta.size;
        let si = 0;
        let sj = 0;
        let n = 0;
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            if (!data[i + nx * (j + ny * k)]) continue;
            si += i;
            sj += j;
            n++;
          }
        }
        if (n) {
          next[0] = Math.round(si / n);
          next[1] = Math.round(sj / n);
        }
      }
      return next;
    });
    setActive(2);
  };

  const agreement = useMemo((): ReaderAgreement | null => {
    if (!volume || compare.a === null || compare.b === null || compare.a === compare.b) return null;
    const a = masks.get(compare.a);
    const b = masks.get(compare.b);
    if (!a || !b) return null;
    return compareMasks({ ...volume.meta, data: a }, { ...volume.meta, data: b });
  }, [volume, masks, compare]);

  const cursorText = useMemo(() => {
    if (!volume || !hover) return '';
    const g = volume.meta;
    const [i, j, k] = roundedInside(hover.index);
    if ([hover.index[0], hover.index[1], hover.index[2]].some((v, d) => v < -0.5 || v > g.size[d] - 0.5))
      return '';
    const p = indexToWorld(g, i, j, k);
    return `(${i}, ${j}, ${k}) · LPS ${fmt(p[0])}, ${fmt(p[1])}, ${fmt(p[2])} mm · ${fmt(volume.data[i + g.size[0] * (j + g.size[1] * k)], 1)}`;
  }, [volume, hover]);

  if (error)
    return (
      <div className="viewer-message error" role="alert">
        {error}
      </div>
    );
  if (!detail || !volume)
    return (
      <div className="viewer-message" role="status">
        Loading series…
      </div>
    );

  const views = layout === '1x1' ? [active] : VIEW_ORDER;
  const crosshairWorld = indexToWorld(volume.meta, ...cursor);

  return (
    <div className="viewer" onKeyDown={onKeyDown}>
      <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
        <span className="viewer-title">
          {detail.patientId} · {detail.series.description || 'Series'} #{detail.series.seriesNumber} ·{' '}
          {detail.series.modality}
        </span>
        <div className="tool-group" role="group" aria-label="Layout">
          <button
            type="button"
            className={layout === '1x1' ? 'on' : ''}
            aria-pressed={layout === '1x1'}
            onClick={() => setLayout('1x1')}
            title="One view"
          >
            1×1
          </button>
          <button
            type="button"
            className={layout === '1x3' ? 'on' : ''}
            aria-pressed={layout === '1x3'}
            onClick={() => setLayout('1x3')}
            title="Axial, coronal and sagittal"
          >
            1×3
          </button>
        </div>
        {layout === '1x1' && (
          <div className="tool-group" role="group" aria-label="View plane">
            {VIEW_ORDER.map((axis) => (
              <button
                key={axis}
                type="button"
                className={active === axis ? 'on' : ''}
                aria-pressed={active === axis}
                onClick={() => setActive(axis)}
              >
                {displayPlane(volume.meta, axis, 0).name}
              </button>
            ))}
          </div>
        )}
        <div className="tool-group" role="group" aria-label="Window presets">
          {MR_PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={preset === p.id ? 'on' : ''}
              aria-pressed={preset === p.id}
              onClick={() => choosePreset(p.id)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <span className="wl" aria-label="Window and level">
          W {fmt(wl.window, 0)} / L {fmt(wl.level, 0)}
        </span>
        <span className="cine" role="group" aria-label="Cine">
          <button
            type="button"
            onClick={() => setCine((c) => ({ ...c, playing: !c.playing }))}
            aria-pressed={cine.playing}
            title="Space"
          >
            {cine.playing ? 'Pause' : 'Play'}
          </button>
          <input
            type="number"
            min={1}
            max={60}
            value={cine.fps}
            onChange={(e) =>
              setCine((c) => ({ ...c, fps: Math.min(60, Math.max(1, Number(e.target.value) || 1)) }))
            }
            aria-label="Cine frames per second"
          />{' '}
          fps
        </span>
        <button type="button" onClick={resetView} title="Reset zoom and pan (R)">
          Fit
        </button>
      </div>
      <div className="viewer-body">
        <div className={`viewports layout-${layout}`}>
          {views.map((axis) => {
            const plane = displayPlane(volume.meta, axis, cursor[axis]);
            const orientation = ORIENTATION_OF_NORMAL[axis];
            return (
              <div
                key={axis}
                ref={paneRefs[axis]}
                className={`viewport${active === axis && layout !== '1x1' ? ' active' : ''}`}
                style={{ borderColor: PLANE_COLORS[axis] }}
                tabIndex={0}
                role="img"
                aria-label={`${plane.name}${plane.tiltDeg >= OBLIQUE_NOTE_DEG ? ` (oblique ${fmt(plane.tiltDeg, 1)}°)` : ''} slice ${plane.slice + 1} of ${size[axis]}. Arrow keys change slice, 1–7 choose a tool (7 ruler), Z/Y undo/redo.`}
                data-testid={`viewport-${orientation}`}
                data-tool={edit || tool === 'ruler' ? tool : 'crosshair'}
                onPointerDown={onPointerDown(axis)}
                onPointerMove={onPointerMove(axis)}
                onPointerUp={onPointerUp}
                onPointerLeave={() => setHover(null)}
                onDoubleClick={(e) => {
                  // The double-click's own clicks added (duplicate) vertices, which do not change an even-odd fill.
                  if (tool === 'polygon' && (polygonRef.current?.points.length ?? 0) >= 3)
                    closePolygon(e.shiftKey ? 0 : 1);
                }}
                onFocus={() => setActive(axis)}
                onContextMenu={(e) => e.preventDefault()}
              >
                <div className="orientation top" aria-hidden="true">
                  {plane.labels.top}
                </div>
                <div className="orientation bottom" aria-hidden="true">
                  {plane.labels.bottom}
                </div>
                <div className="orientation left" aria-hidden="true">
                  {plane.labels.left}
                </div>
                <div className="orientation right" data-testid={`orientation-right-${orientation}`}>
                  {plane.labels.right}
                </div>
                <div className="viewport-overlay top-left" aria-hidden="true">
                  <span style={{ color: PLANE_COLORS[axis] }}>{plane.name}</span>
                  {plane.tiltDeg >= OBLIQUE_NOTE_DEG && (
                    <span
                      data-testid={`plane-tilt-${orientation}`}
                      title="An oblique series is shown in its acquisition planes (no resampling); the labels at the edges give the true directions."
                    >
                      {' '}
                      · oblique {fmt(plane.tiltDeg, 1)}°
                    </span>
                  )}
                  <br />
                  {detail.patientName || detail.patientId}
                </div>
                <div className="viewport-overlay bottom-left" data-testid={`slice-info-${orientation}`}>
                  Slice {plane.slice + 1} / {size[axis]}
                  {axis === 2 && (
                    <>
                      {' '}
                      · z{' '}
                      {fmt(
                        indexToWorld(volume.meta, (size[0] - 1) / 2, (size[1] - 1) / 2, cursor[2])[2],
                        2,
                      )}{' '}
                      mm
                    </>
                  )}
                  {hover?.axis === axis && cursorText && (
                    <>
                      <br />
                      {cursorText}
                    </>
                  )}
                </div>
              </div>
            );
          })}
        </div>
        <aside className="viewer-side" aria-label="Regions of interest">
          <p className="muted small" data-testid="crosshair">
            Crosshair ({cursor.join(', ')}) · LPS {crosshairWorld.map((v) => fmt(v)).join(', ')} mm
          </p>
          <h3>ROIs</h3>
          {detail.rois.length === 0 && <p className="muted">No ROIs on this series.</p>}
          <ul className="roi-list">
            {detail.rois.map((roi, index) => (
              <li key={roi.roiId} data-testid={`roi-${roi.roiId}`}>
                <label>
                  <input
                    type="checkbox"
                    checked={visible.has(roi.roiId)}
                    onChange={(e) =>
                      setVisible((prev) => {
                        const next = new Set(prev);
                        if (e.target.checked) next.add(roi.roiId);
                        else next.delete(roi.roiId);
                        return next;
                      })
                    }
                  />
                  <span className="swatch" style={{ background: cssColor(roiColor(index)) }} />
                  {roi.name}
                </label>
                <span className="muted small">
                  {roi.source} · {roi.voxels} vox{roi.author ? ` · ${roi.author}` : ''}
                  {roi.updatedAt ? ` · ${roi.updatedAt.replace('T', ' ').slice(0, 16)}` : ''}
                </span>
                <span className="roi-actions">
                  <button
                    type="button"
                    className="link"
                    onClick={() => goToRoi(roi)}
                    aria-label={`Go to ROI ${roi.name}`}
                  >
                    Go to
                  </button>
                  <button
                    type="button"
                    className="link"
                    disabled={edit !== null}
                    onClick={() => void beginEdit(roi)}
                    aria-label={`Edit ROI ${roi.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void exportRoi(roi, 'SEG')}
                    aria-label={`Export ROI ${roi.name} as SEG`}
                  >
                    SEG
                  </button>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void exportRoi(roi, 'RTSTRUCT')}
                    aria-label={`Export ROI ${roi.name} as RTSTRUCT`}
                  >
                    RTSTRUCT
                  </button>
                  <button
                    type="button"
                    className="link"
                    disabled={edit !== null}
                    onClick={() => void deleteRoi(roi)}
                    aria-label={`Delete ROI ${roi.name}`}
                  >
                    Delete
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <div className="row">
            <label className="opacity">
              Opacity {Math.round(opacity * 100)}%
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={opacity}
                onChange={(e) => setOpacity(Number(e.target.value))}
                aria-label="Overlay opacity"
              />
            </label>
            <div className="tool-group" role="group" aria-label="Overlay style">
              {(['fill', 'outline'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  className={overlayMode === m ? 'on' : ''}
                  aria-pressed={overlayMode === m}
                  onClick={() => setOverlayMode(m)}
                >
                  {m === 'fill' ? 'Fill' : 'Outline'}
                </button>
              ))}
            </div>
          </div>
          <label className="field small">
            Export folder
            <input
              type="text"
              value={exportDir}
              onChange={(e) => setExportDir(e.target.value)}
              aria-label="Export folder"
            />
          </label>
          {notice && (
            <p className="small notice" role="status" data-testid="viewer-notice">
              {notice}
            </p>
          )}
          {detail.rois.length >= 2 && (
            <>
              <h3>Reader agreement</h3>
              <div className="compare" data-testid="reader-agreement">
                {(['a', 'b'] as const).map((side) => (
                  <label key={side} className="field small">
                    {side === 'a' ? 'Reader A' : 'Reader B'}
                    <select
                      value={compare[side] ?? ''}
                      onChange={(e) =>
                        setCompare((c) => ({ ...c, [side]: Number(e.target.value), auto: false }))
                      }
                      aria-label={side === 'a' ? 'Reader A ROI' : 'Reader B ROI'}
                    >
                      {detail.rois.map((r) => (
                        <option key={r.roiId} value={r.roiId}>
                          {r.name} ({r.author || r.source})
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
                {agreement ? (
                  <dl className="facts">
                    <dt>Dice</dt>
                    <dd data-testid="dice">{agreement.dice.toFixed(3)}</dd>
                    <dt>Volumes</dt>
                    <dd>
                      {fmt(agreement.volumeAMl, 2)} / {fmt(agreement.volumeBMl, 2)} mL
                    </dd>
                    <dt>B − A</dt>
                    <dd data-testid="volume-difference">
                      {fmt(agreement.volumeDifferenceMl, 2)} mL
                      {agreement.relativeVolumeDifference !== null &&
                        ` (${fmt(agreement.relativeVolumeDifference * 100, 1)}%)`}
                    </dd>
                  </dl>
                ) : (
                  <p className="muted small">Choose two different ROIs.</p>
                )}
              </div>
            </>
          )}
          <h3>Measurements</h3>
          <div className="row">
            <button
              type="button"
              className={tool === 'ruler' ? 'on' : ''}
              aria-pressed={tool === 'ruler'}
              onClick={() => chooseTool(tool === 'ruler' ? 'crosshair' : 'ruler')}
              title="Key 7"
            >
              Ruler
            </button>
            {onLabel && rulers.length > 0 && (
              <button type="button" className="link" onClick={() => onLabel(detail.patientId)}>
                Use in RECIST…
              </button>
            )}
          </div>
          {rulers.length === 0 ? (
            <p className="muted small">
              Ruler (7): drag on any view to measure; drag an end to adjust, Esc cancels.
            </p>
          ) : (
            <ul className="roi-list" aria-label="Rulers">
              {rulers.map((r) => (
                <li key={r.id} data-testid={`ruler-${r.name}`}>
                  <span>
                    <strong>{r.name}</strong> <span className="muted small">{rulerPlace(r)}</span> ·{' '}
                    <span data-testid="ruler-length">{formatLengthMm(r.lengthMm)}</span>
                  </span>
                  <span className="roi-actions">
                    <button
                      type="button"
                      className="link"
                      onClick={() => goToRuler(r)}
                      aria-label={`Go to ruler ${r.name}`}
                    >
                      Go to
                    </button>
                    <button
                      type="button"
                      className="link"
                      onClick={() => rulerStore.remove(r.id)}
                      aria-label={`Delete ruler ${r.name}`}
                    >
                      Delete
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>Contour</h3>
          <label className="field small">
            Reader
            <input
              type="text"
              value={author}
              onChange={(e) => setAuthor(e.target.value)}
              aria-label="Reader name"
              placeholder="your name"
            />
          </label>
          {!edit ? (
            <button type="button" onClick={() => void beginEdit(null)}>
              New ROI
            </button>
          ) : (
            <div className="contour-panel" data-testid="contour-panel">
              <label className="field">
                Name
                <input
                  type="text"
                  value={edit.name}
                  onChange={(e) => setEdit({ ...edit, name: e.target.value })}
                  aria-label="ROI name"
                />
              </label>
              <div className="tool-group wrap" role="group" aria-label="Contour tool">
                {TOOLS.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    className={tool === t.id ? 'on' : ''}
                    aria-pressed={tool === t.id}
                    onClick={() => chooseTool(t.id)}
                    title={`Key ${t.key}`}
                  >
                    {t.label}
                  </button>
                ))}
              </div>
              <label className="opacity">
                Brush radius {brushMm.toFixed(1)} mm (− / +)
                <input
                  type="range"
                  min={0.5}
                  max={50}
                  step={0.5}
                  value={brushMm}
                  onChange={(e) => setBrushMm(Number(e.target.value))}
                  aria-label="Brush radius"
                />
              </label>
              <div className="tool-group" role="group" aria-label="Brush shape">
                {(['disc', 'sphere'] as const).map((s) => (
                  <button
                    key={s}
                    type="button"
                    className={brushShape === s ? 'on' : ''}
                    aria-pressed={brushShape === s}
                    onClick={() => setBrushShape(s)}
                  >
                    {s === 'disc' ? '2D disc' : '3D sphere'}
                  </button>
                ))}
              </div>
              <label className="small check">
                <input
                  type="checkbox"
                  checked={range.on}
                  onChange={(e) => setRange({ ...range, on: e.target.checked })}
                />{' '}
                Paint only intensities
              </label>
              {range.on && (
                <div className="row small">
                  <input
                    type="number"
                    value={range.lo}
                    onChange={(e) => setRange({ ...range, lo: Number(e.target.value) })}
                    aria-label="Lowest intensity"
                  />
                  …
                  <input
                    type="number"
                    value={range.hi}
                    onChange={(e) => setRange({ ...range, hi: Number(e.target.value) })}
                    aria-label="Highest intensity"
                  />
                </div>
              )}
              <div className="row">
                <button
                  type="button"
                  onClick={() => runTool('fill-between')}
                  title={`Interpolate between contoured ${displayPlane(volume.meta, active, 0).name.toLowerCase()} slices`}
                >
                  Fill between slices
                </button>
              </div>
              <div className="row small">
                <button type="button" onClick={() => runTool('islands')}>
                  Remove islands &lt;
                </button>
                <input
                  type="number"
                  min={1}
                  value={islandMin}
                  onChange={(e) => setIslandMin(Math.max(1, Number(e.target.value) || 1))}
                  aria-label="Smallest island kept (voxels)"
                />
                vox
                <button type="button" onClick={() => runTool('largest')}>
                  Keep largest
                </button>
              </div>
              <div className="row">
                <button
                  type="button"
                  disabled={!edit.canUndo}
                  onClick={() => undoRedo('undo')}
                  title="Z or Ctrl+Z"
                >
                  Undo
                </button>
                <button
                  type="button"
                  disabled={!edit.canRedo}
                  onClick={() => undoRedo('redo')}
                  title="Y or Ctrl+Y"
                >
                  Redo
                </button>
              </div>
              <dl className="facts" data-testid="roi-stats" aria-label="ROI statistics">
                <dt>Voxels</dt>
                <dd data-testid="stat-voxels">{edit.stats.voxels}</dd>
                <dt>Volume</dt>
                <dd>{fmt(edit.stats.volumeMl, 3)} mL</dd>
                <dt>Mean ± SD</dt>
                <dd>
                  {fmt(edit.stats.mean, 1)} ± {fmt(edit.stats.sd, 1)}
                </dd>
              </dl>
              <div className="row">
                <button
                  type="button"
                  className="primary"
                  disabled={saving || !edit.name.trim()}
                  onClick={() => void saveEdit()}
                >
                  {saving ? 'Saving…' : 'Save ROI'}
                </button>
                <button type="button" onClick={endEdit}>
                  Discard
                </button>
              </div>
              {edit.dirty && <p className="muted small">Unsaved changes</p>}
            </div>
          )}
          <h3>Series</h3>
          <dl className="facts">
            <dt>Size</dt>
            <dd>{volume.meta.size.join(' × ')}</dd>
            <dt>Spacing</dt>
            <dd>{volume.meta.spacing.map((s) => fmt(s, 2)).join(' × ')} mm</dd>
            <dt>Range</dt>
            <dd>
              {fmt(volume.meta.min, 0)} … {fmt(volume.meta.max, 0)}
            </dd>
          </dl>
          {detail.series.warnings.length > 0 && (
            <ul className="warnings">
              {detail.series.warnings.map((w) => (
                <li key={w}>⚠ {w}</li>
              ))}
            </ul>
          )}
          <p className="muted small help">
            Click: crosshair · wheel / ← →: slice · ctrl-drag or tool 2: window/level · right-drag or
            ctrl+wheel: zoom · shift-drag: pan · R: fit · 1–7: tools (7 ruler) · − / +: brush · Z / Y:
            undo/redo · polygon: click points, click the first (or double-click, Enter) to fill, shift to
            erase · O: fill/outline · space: cine
          </p>
        </aside>
      </div>
    </div>
  );
}
