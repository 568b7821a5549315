/** The viewer's toolbar: series title, layout, view plane (1×1), window presets, W/L read-out, cine and Fit. */
import type { Dispatch } from 'react';
import { VIEW_ORDER, fmt } from './display';
import { displayPlane } from './planes';
import type { ViewerAction, ViewerState } from './viewerState';
import { MR_PRESETS } from './windowing';

export function ViewerToolbar({
  state,
  dispatch,
  onPreset,
}: {
  state: ViewerState;
  dispatch: Dispatch<ViewerAction>;
  onPreset: (presetId: string) => void;
}) {
  const { detail, volume, layout, active, preset, wl, cine } = state;
  if (!detail || !volume) return null;
  return (
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
      <div className="tool-group" role="group" aria-label="Window presets">
        {MR_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={preset === p.id ? 'on' : ''}
            aria-pressed={preset === p.id}
            onClick={() => onPreset(p.id)}
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
