/**
 * The question a label or clinical CSV asks before replacing stored values (#14.3): each value the file would
 * replace — patient, field (and timepoint), what is stored, who stored it, when and how, and what the file
 * holds — with "Replace" and "Keep the stored values". Nothing of the file is applied until the user answers.
 */
import type { ImportConflict } from '../../../shared/api';
import { when } from './common';

const SOURCE_TEXT: Record<string, string> = {
  direct: 'set directly',
  csv: 'from a CSV',
  calculator: 'RECIST calculator',
};

const shown = (v: ImportConflict['stored']) =>
  v === null ? <span className="muted">(empty)</span> : String(v);

function storedBy(c: ImportConflict): string {
  return [c.stored_by, c.stored_at && when(c.stored_at), c.stored_source && SOURCE_TEXT[c.stored_source]]
    .filter(Boolean)
    .join(' · ');
}

export function CsvConflicts({
  file,
  conflicts,
  changedMeanwhile,
  busy,
  onReplace,
  onKeep,
}: {
  file: string;
  conflicts: ImportConflict[];
  /** The stored values changed after the user was first asked: this is the new list. */
  changedMeanwhile: boolean;
  busy: boolean;
  onReplace: () => void;
  onKeep: () => void;
}) {
  const patients = new Set(conflicts.map((c) => c.patient_id)).size;
  return (
    <div
      className="csv-conflicts"
      role="alertdialog"
      aria-labelledby="csv-conflicts-title"
      data-testid="csv-conflicts"
    >
      <p id="csv-conflicts-title" className="warn small">
        {file} would replace {conflicts.length} stored {conflicts.length === 1 ? 'value' : 'values'} of{' '}
        {patients} {patients === 1 ? 'patient' : 'patients'}. Nothing has been applied yet.
      </p>
      {changedMeanwhile && (
        <p className="small" role="status">
          The stored values changed since you were asked: this is the list as it is now.
        </p>
      )}
      <table className="grid conflicts" aria-label="Values the file would replace">
        <thead>
          <tr>
            <th>Patient</th>
            <th>Field</th>
            <th>Stored (by, when, how)</th>
            <th>In the file</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c, n) => (
            <tr key={n}>
              <td>{c.patient_id}</td>
              <td>
                {c.field}
                {c.timepoint && <span className="muted"> @ {c.timepoint}</span>}
              </td>
              <td>
                <span className="old">{shown(c.stored)}</span>
                <div className="muted small">{storedBy(c) || 'no record of who stored it'}</div>
              </td>
              <td className="new">{shown(c.incoming)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        <button type="button" className="danger" disabled={busy} onClick={onReplace}>
          Replace {conflicts.length} stored {conflicts.length === 1 ? 'value' : 'values'}
        </button>
        <button type="button" disabled={busy} onClick={onKeep}>
          Keep the stored values (apply nothing)
        </button>
      </div>
    </div>
  );
}
