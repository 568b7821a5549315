/**
 * The series' ROIs: visibility, go to, edit, SEG/RTSTRUCT export, delete, and the one being drawn marked
 * unsaved; overlay opacity and style; export folder.
 */
import type { Dispatch } from 'react';
import type { RoiSummary } from '../../shared/api';
import { cssColor, roiColor } from './display';
import type { RoiActions } from './useRoiActions';
import type { EditState, ViewerAction, ViewerState } from './viewerState';

function RoiItem({
  roi,
  index,
  visible,
  editing,
  unsaved,
  actions,
  onToggle,
  onEdit,
}: {
  roi: RoiSummary;
  index: number;
  visible: boolean;
  editing: boolean;
  /** It is the ROI being edited, with changes not saved yet. */
  unsaved: boolean;
  actions: RoiActions;
  onToggle: (visible: boolean) => void;
  onEdit: () => void;
}) {
  const link = (label: string, aria: string, run: () => void, disabled = false) => (
    <button type="button" className="link" disabled={disabled} onClick={run} aria-label={aria}>
      {label}
    </button>
  );
  return (
    <li data-testid={`roi-${roi.roiId}`}>
      <label>
        <input type="checkbox" checked={visible} onChange={(e) => onToggle(e.target.checked)} />
        <span className="swatch" style={{ background: cssColor(roiColor(index)) }} />
        {roi.name}
      </label>
      <span className="muted small">
        {roi.source} · {roi.voxels} vox{roi.author ? ` · ${roi.author}` : ''}
        {roi.updatedAt ? ` · ${roi.updatedAt.replace('T', ' ').slice(0, 16)}` : ''}
      </span>
      {unsaved && <span className="unsaved small">being edited · unsaved changes</span>}
      <span className="roi-actions">
        {link('Go to', `Go to ROI ${roi.name}`, () => actions.goToRoi(roi))}
        {link('Edit', `Edit ROI ${roi.name}`, onEdit, editing)}
        {link('SEG', `Export ROI ${roi.name} as SEG`, () => void actions.exportRoi(roi, 'SEG'))}
        {link(
          'RTSTRUCT',
          `Export ROI ${roi.name} as RTSTRUCT`,
          () => void actions.exportRoi(roi, 'RTSTRUCT'),
        )}
        {link('Delete', `Delete ROI ${roi.name}`, () => void actions.deleteRoi(roi), editing)}
      </span>
    </li>
  );
}

/** The ROI being drawn, listed with the stored ones until it is saved. */
function DraftItem({ edit }: { edit: EditState }) {
  return (
    <li data-testid="roi-draft" className="draft">
      <label>
        <span className="swatch" style={{ background: cssColor(edit.color) }} />
        {edit.name.trim() || 'unnamed ROI'}
      </label>
      <span className="unsaved small">unsaved · {edit.stats.voxels} vox · being drawn</span>
    </li>
  );
}

export function RoiPanel({
  state,
  dispatch,
  actions,
  onEdit,
}: {
  state: ViewerState;
  dispatch: Dispatch<ViewerAction>;
  actions: RoiActions;
  onEdit: (roi: RoiSummary) => void;
}) {
  const { detail, visible, edit, opacity, overlayMode, exportDir } = state;
  if (!detail) return null;
  return (
    <>
      <h3>ROIs</h3>
      {detail.rois.length === 0 && !edit && <p className="muted">No ROIs on this series.</p>}
      <ul className="roi-list">
        {detail.rois.map((roi, index) => (
          <RoiItem
            key={roi.roiId}
            roi={roi}
            index={index}
            visible={visible.has(roi.roiId)}
            editing={edit !== null}
            unsaved={edit?.roiId === roi.roiId && edit.dirty}
            actions={actions}
            onToggle={(on) => dispatch({ type: 'show-roi', roiId: roi.roiId, visible: on })}
            onEdit={() => onEdit(roi)}
          />
        ))}
        {edit && edit.roiId === null && <DraftItem edit={edit} />}
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
            onChange={(e) => dispatch({ type: 'opacity', opacity: Number(e.target.value) })}
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
              onClick={() => dispatch({ type: 'overlay-mode', mode: m })}
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
          onChange={(e) => dispatch({ type: 'export-dir', dir: e.target.value })}
          aria-label="Export folder"
        />
      </label>
    </>
  );
}
