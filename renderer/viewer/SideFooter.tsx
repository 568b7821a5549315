/**
 * The foot of the side panel, always in sight however far the panel is scrolled: while an ROI is edited,
 * Save and Discard; below them the status line (the last action's outcome), a fixed-height slot so that a
 * message never moves anything.
 */
import type { ContourEditing } from './useContourEditing';
import type { ViewerState } from './viewerState';

export function SideFooter({
  state,
  editing,
}: {
  state: Pick<ViewerState, 'edit' | 'saving' | 'notice'>;
  editing: ContourEditing;
}) {
  const { edit, saving, notice } = state;
  return (
    <footer className="side-footer">
      {edit && (
        <div className="row" data-testid="contour-actions">
          <button
            type="button"
            className="primary"
            disabled={saving || !edit.name.trim()}
            onClick={() => void editing.save()}
          >
            {saving ? 'Saving…' : 'Save ROI'}
          </button>
          <button type="button" onClick={editing.discard}>
            Discard
          </button>
          <span className="muted small">{edit.dirty ? 'Unsaved changes' : 'No changes yet'}</span>
        </div>
      )}
      <p className="small notice" role="status" data-testid="viewer-notice" title={notice ?? undefined}>
        {notice}
      </p>
    </footer>
  );
}
