/**
 * The axial viewer of one series: slice scrolling (wheel, arrow keys), window/level (left drag, presets),
 * zoom (right drag, ctrl+wheel, +/-) and pan (middle or shift+left drag), ROI overlays with opacity.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { encodeRuns, type RoiSummary, type SeriesDetail, type VolumeMeta } from '../../shared/api';
import { indexToWorld } from '../../shared/image/volume';
import { api } from '../api/client';
import { SliceView } from './sliceView';
import { edgeLabels } from './orientation';
import { strokeSegment, type StrokeRecord } from '../contour/brush';
import { EditHistory, patchFromStroke } from '../contour/history';
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
const cssColor = ([r, g, b]: [number, number, number]) => `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;

interface Volume {
  meta: VolumeMeta;
  data: Float32Array;
}

type Tool = 'navigate' | 'paint' | 'erase';

/** Overlay id of the mask being edited (real ROI ids are ≥ 0). */
const EDIT_OVERLAY = -1;

/** The ROI being drawn or edited: a private copy of its mask plus its undo history. */
interface EditSession {
  roiId: number | null;
  color: [number, number, number];
  data: Uint8Array;
  history: EditHistory;
}

interface Drag {
  mode: 'window' | 'zoom' | 'pan' | 'paint';
  x: number;
  y: number;
  start: WindowLevel;
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

export function SliceViewer({ seriesUid }: { seriesUid: string }) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const viewRef = useRef<SliceView | null>(null);
  const dragRef = useRef<Drag | null>(null);
  /** ROI masks being fetched (so a re-render does not ask twice). */
  const fetchingRef = useRef(new Set<number>());
  const [detail, setDetail] = useState<SeriesDetail | null>(null);
  const [volume, setVolume] = useState<Volume | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [slice, setSlice] = useState(0);
  const [wl, setWl] = useState<WindowLevel>({ window: 1, level: 0 });
  const [preset, setPreset] = useState('auto');
  const [opacity, setOpacity] = useState(0.5);
  const [visible, setVisible] = useState<Set<number>>(new Set());
  const [masks, setMasks] = useState<Map<number, { data: Uint8Array; focus: number | null }>>(new Map());
  const [cursor, setCursor] = useState<{ i: number; j: number } | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const [tool, setTool] = useState<Tool>('navigate');
  const [brushMm, setBrushMm] = useState(3);
  const editRef = useRef<EditSession | null>(null);
  const strokeRef = useRef<{ record: StrokeRecord; last: [number, number] } | null>(null);
  /** What the UI shows of the edit session (the session itself lives in editRef). */
  const [edit, setEdit] = useState<{ roiId: number | null; name: string; dirty: boolean; canUndo: boolean; canRedo: boolean } | null>(null);
  const [saving, setSaving] = useState(false);

  // Load the series and its volume.
  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    setVolume(null);
    setError(null);
    setMasks(new Map());
    Promise.all([api().call('series.get', { seriesUid }), api().call('series.volume', { seriesUid })])
      .then(([d, v]) => {
        if (cancelled) return;
        setDetail(d);
        setVolume(v);
        setVisible(new Set(d.rois.map((r) => r.roiId)));
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [seriesUid]);

  // Create the vtk view once the container exists, and show the volume.
  useEffect(() => {
    if (!volume || !containerRef.current) return;
    const view = new SliceView(containerRef.current);
    viewRef.current = view;
    const initial = presetWindow(MR_PRESETS[0], volume.data, volume.meta.min, volume.meta.max);
    view.setVolume(volume.meta, volume.data, initial);
    setWl(initial);
    setPreset(MR_PRESETS[0].id);
    setSlice(Math.floor(volume.meta.size[2] / 2));
    const observer = new ResizeObserver(() => view.resize());
    observer.observe(containerRef.current);
    return () => {
      observer.disconnect();
      view.dispose();
      viewRef.current = null;
    };
  }, [volume]);

  useEffect(() => viewRef.current?.setSlice(slice), [slice]);
  useEffect(() => viewRef.current?.setWindowLevel(wl), [wl]);
  useEffect(() => viewRef.current?.setOverlayOpacity(opacity), [opacity]);

  // Fetch the masks of visible ROIs (once each) and keep the overlays in step with `visible`.
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !detail || !volume) return;
    detail.rois.forEach((roi, index) => {
      if (!visible.has(roi.roiId) || edit?.roiId === roi.roiId) return view.removeOverlay(roi.roiId);
      const loaded = masks.get(roi.roiId);
      if (loaded) return view.addOverlay(roi.roiId, loaded.data, roiColor(index));
      if (fetchingRef.current.has(roi.roiId)) return;
      fetchingRef.current.add(roi.roiId);
      api()
        .call('roi.mask', { roiId: roi.roiId })
        .then((m) => setMasks((prev) => new Map(prev).set(roi.roiId, { data: m.data, focus: largestMaskSlice(m.data, m.meta.size) })))
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
        .finally(() => fetchingRef.current.delete(roi.roiId));
    });
  }, [detail, volume, visible, masks, edit?.roiId]);

  const slices = volume?.meta.size[2] ?? 1;
  const step = useCallback((delta: number) => setSlice((k) => clampSlice(k + delta, slices)), [slices]);

  // Wheel: non-passive so the page does not scroll while paging through slices.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (e.ctrlKey) viewRef.current?.zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1);
      else step(e.deltaY > 0 ? 1 : -1);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [step, volume]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey) {
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) undoRedo('undo');
      else if (key === 'y' || (key === 'z' && e.shiftKey)) undoRedo('redo');
      else return;
      e.preventDefault();
      return;
    }
    const actions: Record<string, () => void> = {
      ArrowUp: () => step(1),
      ArrowRight: () => step(1),
      ArrowDown: () => step(-1),
      ArrowLeft: () => step(-1),
      PageUp: () => step(10),
      PageDown: () => step(-10),
      Home: () => setSlice(0),
      End: () => setSlice(slices - 1),
      '+': () => viewRef.current?.zoomBy(1.25),
      '=': () => viewRef.current?.zoomBy(1.25),
      '-': () => viewRef.current?.zoomBy(0.8),
      r: () => viewRef.current?.resetView(),
      b: () => editRef.current && setTool('paint'),
      e: () => editRef.current && setTool('erase'),
      Escape: () => setTool('navigate'),
      '[': () => setBrushMm((r) => Math.max(0.5, r - 0.5)),
      ']': () => setBrushMm((r) => Math.min(30, r + 0.5)),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  /** Continues (or starts) the brush stroke at a view point. */
  const paintTo = (x: number, y: number) => {
    const session = editRef.current;
    const view = viewRef.current;
    const index = view?.indexAt(x, y);
    if (!session || !view || !index || !volume || tool === 'navigate') return;
    const stroke = (strokeRef.current ??= { record: new Map(), last: index });
    strokeSegment(session.data, volume.meta, slice, stroke.last, index, brushMm, tool === 'paint' ? 1 : 0, stroke.record);
    stroke.last = index;
    view.refreshOverlay(EDIT_OVERLAY);
  };

  const endStroke = () => {
    const stroke = strokeRef.current;
    const session = editRef.current;
    strokeRef.current = null;
    if (!stroke || !session) return;
    const patch = patchFromStroke(stroke.record, tool === 'paint' ? 1 : 0);
    if (!patch) return;
    session.history.push(patch);
    setEdit((prev) => prev && { ...prev, dirty: true, canUndo: true, canRedo: false });
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    const painting = e.button === 0 && !e.shiftKey && tool !== 'navigate' && editRef.current !== null;
    const mode = painting ? 'paint' : e.button === 1 || (e.button === 0 && e.shiftKey) ? 'pan' : e.button === 2 ? 'zoom' : 'window';
    dragRef.current = { mode, x: e.clientX, y: e.clientY, start: wl };
    if (painting) {
      const rect = e.currentTarget.getBoundingClientRect();
      paintTo(e.clientX - rect.left, e.clientY - rect.top);
    }
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const index = viewRef.current?.indexAt(e.clientX - rect.left, e.clientY - rect.top);
    setCursor(index ? { i: index[0], j: index[1] } : null);
    setPointer({ x: e.clientX - rect.left, y: e.clientY - rect.top });
    const drag = dragRef.current;
    if (!drag || !volume) return;
    if (drag.mode === 'paint') return paintTo(e.clientX - rect.left, e.clientY - rect.top);
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.mode === 'window') {
      setPreset('custom');
      setWl(dragWindowLevel(drag.start, dx, dy, volume.meta.max - volume.meta.min));
    } else {
      drag.x = e.clientX;
      drag.y = e.clientY;
      if (drag.mode === 'zoom') viewRef.current?.zoomBy(Math.exp(-dy / 200));
      else viewRef.current?.panBy(dx, dy);
    }
  };
  const onPointerUp = () => {
    if (dragRef.current?.mode === 'paint') endStroke();
    dragRef.current = null;
  };

  // ----- contouring session -----
  const beginEdit = async (roi: RoiSummary | null) => {
    const view = viewRef.current;
    if (!view || !volume || !detail) return;
    let data: Uint8Array;
    if (roi) {
      const loaded = masks.get(roi.roiId)?.data ?? (await api().call('roi.mask', { roiId: roi.roiId })).data;
      data = loaded.slice();
    } else data = new Uint8Array(volume.data.length);
    const index = roi ? detail.rois.findIndex((r) => r.roiId === roi.roiId) : detail.rois.length;
    const session: EditSession = { roiId: roi?.roiId ?? null, color: roiColor(index), data, history: new EditHistory() };
    editRef.current = session;
    view.addOverlay(EDIT_OVERLAY, data, session.color);
    setEdit({ roiId: session.roiId, name: roi?.name ?? `ROI ${detail.rois.length + 1}`, dirty: false, canUndo: false, canRedo: false });
    setTool('paint');
    containerRef.current?.focus();
  };

  const endEdit = () => {
    editRef.current = null;
    strokeRef.current = null;
    viewRef.current?.removeOverlay(EDIT_OVERLAY);
    setEdit(null);
    setTool('navigate');
  };

  function undoRedo(which: 'undo' | 'redo') {
    const session = editRef.current;
    if (!session) return;
    const changed = which === 'undo' ? session.history.undo(session.data) : session.history.redo(session.data);
    if (!changed) return;
    viewRef.current?.refreshOverlay(EDIT_OVERLAY);
    setEdit((prev) => prev && { ...prev, dirty: true, canUndo: session.history.canUndo, canRedo: session.history.canRedo });
  }

  const saveEdit = async () => {
    const session = editRef.current;
    if (!session || !edit) return;
    setSaving(true);
    try {
      const saved = await api().call('roi.save', { seriesUid, roiId: session.roiId, name: edit.name, mask: encodeRuns(session.data) });
      const data = session.data.slice();
      setMasks((prev) => new Map(prev).set(saved.roiId, { data, focus: largestMaskSlice(data, volume!.meta.size) }));
      setVisible((prev) => new Set(prev).add(saved.roiId));
      setDetail(await api().call('series.get', { seriesUid }));
      endEdit();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
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
    const focus = masks.get(roi.roiId)?.focus;
    if (focus !== undefined && focus !== null) setSlice(focus);
    else if (roi.sliceRange) setSlice(Math.round((roi.sliceRange[0] + roi.sliceRange[1]) / 2));
    containerRef.current?.focus();
  };

  const status = useMemo(() => {
    if (!volume) return null;
    const g = volume.meta;
    const centre = indexToWorld(g, (g.size[0] - 1) / 2, (g.size[1] - 1) / 2, slice);
    let cursorText = '';
    if (cursor) {
      const i = Math.round(cursor.i);
      const j = Math.round(cursor.j);
      if (i >= 0 && j >= 0 && i < g.size[0] && j < g.size[1]) {
        const p = indexToWorld(g, i, j, slice);
        const value = volume.data[i + g.size[0] * (j + g.size[1] * slice)];
        cursorText = `(${i}, ${j}) · LPS ${fmt(p[0])}, ${fmt(p[1])}, ${fmt(p[2])} mm · ${fmt(value, 1)}`;
      }
    }
    return { centre, cursorText };
  }, [volume, slice, cursor]);

  if (error) return <div className="viewer-message error" role="alert">{error}</div>;
  if (!detail || !volume) return <div className="viewer-message" role="status">Loading series…</div>;

  return (
    <div className="viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
        <span className="viewer-title">
          {detail.patientId} · {detail.series.description || 'Series'} #{detail.series.seriesNumber} · {detail.series.modality}
        </span>
        <div className="tool-group" role="group" aria-label="Window presets">
          {MR_PRESETS.map((p) => (
            <button key={p.id} type="button" className={preset === p.id ? 'on' : ''} aria-pressed={preset === p.id} onClick={() => choosePreset(p.id)}>
              {p.label}
            </button>
          ))}
        </div>
        <span className="wl" aria-label="Window and level">
          W {fmt(wl.window, 0)} / L {fmt(wl.level, 0)}
        </span>
        <button type="button" onClick={() => viewRef.current?.resetView()} title="Reset zoom and pan (R)">
          Fit
        </button>
      </div>
      <div className="viewer-body">
        <div
          ref={containerRef}
          className="viewport"
          tabIndex={0}
          role="img"
          aria-label={`Axial slice ${slice + 1} of ${slices}. Arrow keys change slice, plus and minus zoom, R resets.`}
          data-testid="viewport"
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => {
            setCursor(null);
            setPointer(null);
          }}
          data-tool={tool}
          onContextMenu={(e) => e.preventDefault()}
        >
          {edit && tool !== 'navigate' && pointer && viewRef.current && (
            <div
              className={`brush-cursor ${tool}`}
              aria-hidden="true"
              style={{
                left: pointer.x,
                top: pointer.y,
                width: 2 * brushMm * viewRef.current.pixelsPerMm(),
                height: 2 * brushMm * viewRef.current.pixelsPerMm(),
              }}
            />
          )}
          {(() => {
            const edges = edgeLabels(volume.meta.direction);
            return (
              <>
                <div className="orientation top" aria-hidden="true">{edges.top}</div>
                <div className="orientation bottom" aria-hidden="true">{edges.bottom}</div>
                <div className="orientation left" aria-hidden="true">{edges.left}</div>
                <div className="orientation right" data-testid="orientation-right">{edges.right}</div>
              </>
            );
          })()}
          <div className="viewport-overlay top-left" aria-hidden="true">
            {detail.patientName || detail.patientId}
            <br />
            {detail.series.description}
          </div>
          <div className="viewport-overlay bottom-left" data-testid="slice-info">
            Slice {slice + 1} / {slices}
            {status && (
              <>
                {' '}· z {fmt(status.centre[2], 2)} mm
                <br />
                {status.cursorText}
              </>
            )}
          </div>
        </div>
        <aside className="viewer-side" aria-label="Regions of interest">
          <h3>ROIs</h3>
          {detail.rois.length === 0 && <p className="muted">No ROIs on this series.</p>}
          <ul className="roi-list">
            {detail.rois.map((roi, index) => (
              <li key={roi.roiId}>
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
                  {roi.source} · {roi.voxels} vox
                </span>
                <span className="roi-actions">
                  <button type="button" className="link" onClick={() => goToRoi(roi)} aria-label={`Go to ROI ${roi.name}`}>
                    Go to
                  </button>
                  <button type="button" className="link" disabled={edit !== null} onClick={() => void beginEdit(roi)} aria-label={`Edit ROI ${roi.name}`}>
                    Edit
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <label className="opacity">
            Overlay opacity {Math.round(opacity * 100)}%
            <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
          </label>
          <h3>Contour</h3>
          {!edit ? (
            <button type="button" onClick={() => void beginEdit(null)}>
              New ROI
            </button>
          ) : (
            <div className="contour-panel" data-testid="contour-panel">
              <label className="field">
                Name
                <input type="text" value={edit.name} onChange={(e) => setEdit({ ...edit, name: e.target.value })} aria-label="ROI name" />
              </label>
              <div className="tool-group" role="group" aria-label="Contour tool">
                {(['navigate', 'paint', 'erase'] as const).map((t) => (
                  <button key={t} type="button" className={tool === t ? 'on' : ''} aria-pressed={tool === t} onClick={() => setTool(t)}>
                    {t === 'navigate' ? 'Window' : t === 'paint' ? 'Paint' : 'Erase'}
                  </button>
                ))}
              </div>
              <label className="opacity">
                Brush radius {brushMm.toFixed(1)} mm
                <input type="range" min={0.5} max={30} step={0.5} value={brushMm} onChange={(e) => setBrushMm(Number(e.target.value))} aria-label="Brush radius" />
              </label>
              <div className="row">
                <button type="button" disabled={!edit.canUndo} onClick={() => undoRedo('undo')} title="Ctrl+Z">
                  Undo
                </button>
                <button type="button" disabled={!edit.canRedo} onClick={() => undoRedo('redo')} title="Ctrl+Y">
                  Redo
                </button>
              </div>
              <div className="row">
                <button type="button" className="primary" disabled={saving || !edit.name.trim()} onClick={() => void saveEdit()}>
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
            Wheel / ↑↓ ←→: slice · drag: window/level (or paint) · right-drag or ctrl+wheel: zoom · shift-drag: pan · R: fit · B/E/Esc:
            paint/erase/window · [ ]: brush size · Ctrl+Z / Ctrl+Y: undo/redo
          </p>
        </aside>
      </div>
    </div>
  );
}
