/**
 * Picks a label or clinical CSV, sends its text, and shows the outcome: updated counts; every bad line (then
 * nothing was applied: the services apply all rows or none); or the stored values the file would replace,
 * asking before anything is applied (CsvConflicts) — "Replace" sends the file again with the list it showed.
 */
import { useState } from 'react';
import type { CsvImportResult } from '../../../shared/api';
import { CsvConflicts } from './CsvConflicts';
import { errorText } from './common';

/** The user's answer to the conflicts shown: overwrite exactly those (`confirm` is their token). */
export interface OverwriteAnswer {
  overwrite: true;
  confirm: string;
}

export function CsvUpload({
  label,
  hint,
  upload,
  onApplied,
  testId,
}: {
  label: string;
  hint: string;
  upload: (csv: string, answer?: OverwriteAnswer) => Promise<CsvImportResult>;
  onApplied: () => void;
  testId: string;
}) {
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [file, setFile] = useState('');
  const [csv, setCsv] = useState('');
  /** Asked once already (the list shown now is a second one: the stored values changed meanwhile). */
  const [askedAgain, setAskedAgain] = useState(false);
  const [kept, setKept] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (text: string, answer?: OverwriteAnswer) => {
    setBusy(true);
    setError(null);
    try {
      const r = await upload(text, answer);
      setResult(r);
      setAskedAgain(Boolean(answer) && r.updated === 0 && r.conflicts.length > 0);
      if (r.errors.length === 0 && !asking(r)) onApplied();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const question = result && asking(result) ? result : null;
  return (
    <div className="csv-upload" data-testid={testId}>
      <label className="file-pick">
        <span>{label}</span>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label={label}
          disabled={busy}
          onChange={async (e) => {
            const picked = e.target.files?.[0];
            e.target.value = '';
            if (!picked) return;
            const text = await picked.text();
            setResult(null);
            setKept(false);
            setFile(picked.name);
            setCsv(text);
            await send(text);
          }}
        />
      </label>
      <span className="muted small hint">{hint}</span>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {question && !kept && (
        <CsvConflicts
          file={file}
          conflicts={question.conflicts}
          changedMeanwhile={askedAgain}
          busy={busy}
          onReplace={() => void send(csv, { overwrite: true, confirm: question.confirm_token ?? '' })}
          onKeep={() => setKept(true)}
        />
      )}
      {question && kept && (
        <p className="ok small" role="status">
          {file}: nothing applied; the stored values were kept.
        </p>
      )}
      {result && result.errors.length === 0 && !question && (
        <p className="ok small" role="status">
          {file}: {result.updated} updated, {result.unchanged} unchanged
          {result.conflicts.length > 0 &&
            ` (${result.conflicts.length} stored ${result.conflicts.length === 1 ? 'value' : 'values'} replaced)`}
          .
        </p>
      )}
      {result && result.errors.length > 0 && (
        <div className="csv-errors" role="alert">
          <p className="error small">
            {file}: nothing applied — {result.errors.length}{' '}
            {result.errors.length === 1 ? 'problem' : 'problems'}:
          </p>
          <ul className="plain small">
            {result.errors.map((e, n) => (
              <li key={n}>
                <strong>line {e.line}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The import was refused for its conflicts: the user must answer. */
const asking = (r: CsvImportResult) => r.errors.length === 0 && r.conflicts.length > 0 && r.updated === 0;
