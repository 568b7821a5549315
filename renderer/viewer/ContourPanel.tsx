/**
 * The contour panel: the reader's name, New ROI, and while an ROI is edited its name, the drawing tools
 * (keys 3–6), brush settings, whole-mask tools, undo/redo and live statistics. Save and Discard are in the
 * side panel's footer (SideFooter.tsx), always in sight.
 */
import type { Dispatch } from 'react';
import { fmt } from './display';
import { BrushControls } from './BrushControls';
import { TOOLS } from './keyboardMap';
import { displayPlane } from './planes';
import type { ContourEditing } from './useContourEditing';
import type { Tool, ViewerAction, ViewerState } from './viewerState';

export function ContourPanel({
  state,
  dispatch,
  editing,
  onChooseTool,
}: {
  state: ViewerState;
  dispatch: Dispatch<ViewerAction>;
  editing: ContourEditing;
  onChooseTool: (tool: Tool) => void;
}) {
  const { edit, volume, tool, author, active, islandMin } = state;
  if (!volume) return null;
  const planeName = displayPlane(volume.meta, active, 0).name.toLowerCase();
  return (
    <>
      <h3>Contour</h3>
      <label className="field small">
        Reader
        <input
          type="text"
          value={author}
          onChange={(e) => dispatch({ type: 'author', author: e.target.value })}
          aria-label="Reader name"
          placeholder="your name"
        />
      </label>
      {!edit ? (
        <button type="button" onClick={() => void editing.beginEdit(null)}>
          New ROI
        </button>
      ) : (
        <div className="contour-panel" data-testid="contour-panel">
          <label className="field">
            Name
            <input
              type="text"
              value={edit.name}
              onChange={(e) => dispatch({ type: 'edit-name', name: e.target.value })}
              aria-label="ROI name"
            />
          </label>
          <div className="tool-group wrap" role="group" aria-label="Contour tool">
            {TOOLS.filter((t) => t.needsEdit).map((t) => (
              <button
                key={t.id}
                type="button"
                className={tool === t.id ? 'on' : ''}
                aria-pressed={tool === t.id}
                onClick={() => onChooseTool(t.id)}
                title={`Key ${t.key}`}
              >
                {t.label}
              </button>
            ))}
          </div>
          <BrushControls state={state} dispatch={dispatch} />
          <div className="row">
            <button
              type="button"
              onClick={() => editing.runTool('fill-between')}
              title={`Interpolate between contoured ${planeName} slices`}
            >
              Fill between slices
            </button>
          </div>
          <div className="row small">
            <button type="button" onClick={() => editing.runTool('islands')}>
              Remove islands &lt;
            </button>
            <input
              type="number"
              min={1}
              value={islandMin}
              onChange={(e) => dispatch({ type: 'island-min', voxels: Number(e.target.value) })}
              aria-label="Smallest island kept (voxels)"
            />
            vox
            <button type="button" onClick={() => editing.runTool('largest')}>
              Keep largest
            </button>
          </div>
          <div className="row">
            <button
              type="button"
              disabled={!edit.canUndo}
              onClick={() => editing.undoRedo('undo')}
              title="Z or Ctrl+Z"
            >
              Undo
            </button>
            <button
              type="button"
              disabled={!edit.canRedo}
              onClick={() => editing.undoRedo('redo')}
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
        </div>
      )}
    </>
  );
}
