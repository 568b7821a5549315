/** Brush settings of the contour panel: radius (− / +), 2D disc or 3D sphere, and "paint only intensities". */
import type { Dispatch } from 'react';
import type { ViewerAction, ViewerState } from './viewerState';

export function BrushControls({
  state,
  dispatch,
}: {
  state: Pick<ViewerState, 'brushMm' | 'brushShape' | 'range'>;
  dispatch: Dispatch<ViewerAction>;
}) {
  const { brushMm, brushShape, range } = state;
  return (
    <>
      <label className="opacity">
        Brush radius {brushMm.toFixed(1)} mm (− / +)
        <input
          type="range"
          min={0.5}
          max={50}
          step={0.5}
          value={brushMm}
          onChange={(e) => dispatch({ type: 'brush-radius', mm: Number(e.target.value) })}
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
            onClick={() => dispatch({ type: 'brush-shape', shape: s })}
          >
            {s === 'disc' ? '2D disc' : '3D sphere'}
          </button>
        ))}
      </div>
      <label className="small check">
        <input
          type="checkbox"
          checked={range.on}
          onChange={(e) => dispatch({ type: 'range', range: { on: e.target.checked } })}
        />{' '}
        Paint only intensities
      </label>
      {range.on && (
        <div className="row small">
          <input
            type="number"
            value={range.lo}
            onChange={(e) => dispatch({ type: 'range', range: { lo: Number(e.target.value) } })}
            aria-label="Lowest intensity"
          />
          …
          <input
            type="number"
            value={range.hi}
            onChange={(e) => dispatch({ type: 'range', range: { hi: Number(e.target.value) } })}
            aria-label="Highest intensity"
          />
        </div>
      )}
    </>
  );
}
