/**
 * The axial viewer of one series: slice scrolling (wheel, arrow keys), window/level (left drag, presets),
 * zoom (right drag, ctrl+wheel, +/-) and pan (middle or shift+left drag), ROI overlays with opacity.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { RoiSummary, SeriesDetail, VolumeMeta } from '../../shared/api';
import { indexToWorld } from '../../shared/image/volume';
import { api } from '../api/client';
import { SliceView } from './sliceView';
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

interface Drag {
  mode: 'window' | 'zoom' | 'pan';
  x: number;
  y: number;
  start: WindowLevel;
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

export function SliceViewer({ seriesUid }: { seriesUid: string }) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const viewRef = useRef<SliceView | null>(null);
  const dragRef = useRef<Drag | null>(null);
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
      if (!visible.has(roi.roiId)) return view.removeOverlay(roi.roiId);
      const loaded = masks.get(roi.roiId);
      if (loaded) return view.addOverlay(roi.roiId, loaded.data, roiColor(index));
      api()
        .call('roi.mask', { roiId: roi.roiId })
        .then((m) => setMasks((prev) => new Map(prev).set(roi.roiId, { data: m.data, focus: largestMaskSlice(m.data, m.meta.size) })))
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    });
  }, [detail, volume, visible, masks]);

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
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    const mode = e.button === 1 || (e.button === 0 && e.shiftKey) ? 'pan' : e.button === 2 ? 'zoom' : 'window';
    dragRef.current = { mode, x: e.clientX, y: e.clientY, start: wl };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const index = viewRef.current?.indexAt(e.clientX - rect.left, e.clientY - rect.top);
    setCursor(index ? { i: index[0], j: index[1] } : null);
    const drag = dragRef.current;
    if (!drag || !volume) return;
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
    dragRef.current = null;
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
          onPointerLeave={() => setCursor(null)}
          onContextMenu={(e) => e.preventDefault()}
        >
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
                <button type="button" className="link" onClick={() => goToRoi(roi)} aria-label={`Go to ROI ${roi.name}`}>
                  Go to
                </button>
              </li>
            ))}
          </ul>
          <label className="opacity">
            Overlay opacity {Math.round(opacity * 100)}%
            <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
          </label>
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
            Wheel / ↑↓ ←→: slice · drag: window/level · right-drag or ctrl+wheel: zoom · shift-drag: pan · R: fit
          </p>
        </aside>
      </div>
    </div>
  );
}
