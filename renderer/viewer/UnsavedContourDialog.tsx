/**
 * The question asked before anything drops an unsaved contour: Save (then go on), Discard (drop it and go
 * on) or Cancel (stay with the draft). A failed save keeps the question open with the reason.
 */
import { useEffect, useRef, useState } from 'react';
import { describeDraft, type ContourDraft } from './contourDrafts';
import './UnsavedContourDialog.css';
import { errorMessage } from '../../shared/errorMessage';

export function UnsavedContourDialog({
  draft,
  reason,
  onSave,
  onDiscard,
  onCancel,
}: {
  draft: Pick<ContourDraft, 'patientId' | 'seriesText' | 'edit'>;
  /** What is about to happen, e.g. "before opening Features". */
  reason: string;
  onSave: () => Promise<void>;
  onDiscard: () => void;
  onCancel: () => void;
}) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const named = draft.edit.name.trim() !== '';
  useEffect(() => saveButton.current?.focus(), []);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await onSave();
    } catch (err) {
      setError(`Not saved: ${errorMessage(err)}`);
      setSaving(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="unsaved-contour-title"
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') onCancel();
        }}
      >
        <h2 id="unsaved-contour-title">Unsaved contour</h2>
        <p>
          {describeDraft(draft)} has changes that are not saved. Save them {reason}?
        </p>
        {!named && <p className="error small">Give the ROI a name in the contour panel to save it.</p>}
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button
            ref={saveButton}
            type="button"
            className="primary"
            disabled={saving || !named}
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" disabled={saving} onClick={onDiscard}>
            Discard
          </button>
          <button type="button" disabled={saving} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
