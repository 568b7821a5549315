/**
 * The viewer's toolbar: series title, layout, view plane (1×1), the pointer tools usable without an ROI
 * (crosshair, window), window presets with what each shows, W/L read-out, cine and Fit.
 */
import type { Dispatch } from 'react';
import { VIEW_ORDER, fmt } from './display';
import { displayPlane } from './planes';
import type { Tool, ViewerAction, ViewerState } from './viewerState';
import { MR_PRESETS } from './windowPresets';

/** The tools for looking (the drawing tools are in the contour panel, the ruler under Measurements). */
const POINTER_TOOLS: { id: Tool; label: string; title: string }[] = [
  {
    id: 'crosshair',
    label: 'Crosshair',
    title: 'Key 1. Click: move the crosshair · drag: window/level · alt-drag: the crosshair follows',
  },
  {
    id: 'window',
    label: 'Window',
    title: 'Key 2. Drag: window/level (right widens the window, down raises the level)',
  },
];

export function ViewerToolbar({
  state,
  dispatch,
  onPreset,
  onChooseTool,
}: {
  state: ViewerState;
  dispatch: Dispatch<ViewerAction>;
  onPreset: (presetId: string) => void;
  onChooseTool: (tool: Tool) => void;
}) {
  const { detail, volume, layout, active, preset, wl, cine, tool } = state;
  if (!detail || !volume) return null;
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      <span
        className="viewer-title"
        title={`${detail.patientId} · ${detail.series.description || 'Series'} #${detail.series.seriesNumber} · ${detail.series.modality}`}
      >
        {detail.patientId} · {detail.series.description || 'Series'} #{detail.series.seriesNumber} ·{' '}
        {detail.series.modality}
      </span>
      <div className="tool-group" role="group" aria-label="Layout">
        <button
          type="button"
          className={layout === '1x1' ? 'on' : ''}
          aria-pressed={layout === '1x1'}
          onClick={() => dispatch({ type: 'layout', layout: '1x1' })}
          title="One view"
        >
          1×1
        </button>
        <button
          type="button"
          className={layout === '1x3' ? 'on' : ''}
          aria-pressed={layout === '1x3'}
          onClick={() => dispatch({ type: 'layout', layout: '1x3' })}
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
              onClick={() => dispatch({ type: 'activate', axis })}
            >
              {displayPlane(volume.meta, axis, 0).name}
            </button>
          ))}
        </div>
      )}
      <div className="tool-group" role="group" aria-label="Pointer tool">
        {POINTER_TOOLS.map((t) => (
          <button
            key={t.id}
            type="button"
            className={tool === t.id ? 'on' : ''}
            aria-pressed={tool === t.id}
            onClick={() => onChooseTool(t.id)}
            title={t.title}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label="Window presets">
        {MR_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={preset === p.id ? 'on' : ''}
            aria-pressed={preset === p.id}
            onClick={() => onPreset(p.id)}
            title={p.title}
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
          onClick={() => dispatch({ type: 'cine', playing: 'toggle' })}
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
          onChange={(e) => dispatch({ type: 'cine', fps: Number(e.target.value) })}
          aria-label="Cine frames per second"
        />{' '}
        fps
      </span>
      <button type="button" onClick={() => dispatch({ type: 'reset-views' })} title="Reset zoom and pan (R)">
        Fit
      </button>
    </div>
  );
}
