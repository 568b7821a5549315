/**
 * Small pieces the patients, labelling and extraction screens share: date/error formatting, status chips,
 * the response badge, the table of a patient's labels and the audit trail table (the CSV upload box: CsvUpload.tsx).
 */
import type { AssessedResponse, AuditRow, LabelDetail } from '../../../shared/api';
import './screens.css';
import { errorMessage } from '../../../shared/errorMessage';

export const errorText = (err: unknown) => errorMessage(err);
/** DICOM dates are YYYYMMDD; shown as YYYY-MM-DD. */
export const dicomDate = (d: string) =>
  /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
/** ISO timestamps shown to the minute, in local time. */
export const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

export function ResponseBadge({ response }: { response: AssessedResponse | null }) {
  return response ? (
    <span className={`badge r-${response}`} title={response === 'NE' ? 'not evaluable' : undefined}>
      {response}
    </span>
  ) : (
    <span className="muted">–</span>
  );
}

/** The binary outcome the model learns: effective = CR or PR; NE has none and is left out of modelling. */
export function OutcomeText({ response }: { response: AssessedResponse | null }) {
  if (!response) return <span className="muted">no label</span>;
  if (response === 'NE') return <span className="outcome none">not evaluable: left out of modelling</span>;
  const effective = response === 'CR' || response === 'PR';
  return (
    <span className={effective ? 'outcome yes' : 'outcome no'}>
      {effective ? 'effective (1)' : 'not effective (0)'}
    </span>
  );
}

/** How a label was set: "RECIST 1.1 · last follow-up", "set directly", "CSV (diameters)"; marks non-standard. */
export function labelMethod(l: LabelDetail): string {
  if (l.source === 'calculator') {
    const how = `${l.criteria === 'mrecist' ? 'mRECIST' : 'RECIST 1.1'} · ${l.definition === 'best-overall-confirmed' ? 'best overall (confirmed)' : 'last follow-up'}`;
    return l.nonStandard.length ? `${how} · non-standard` : how;
  }
  if (l.source === 'csv') return l.diameters ? 'CSV (diameters)' : 'CSV';
  return 'set directly';
}

/** A patient's response labels, one row per timepoint; `onSelect` makes rows pick their timepoint. */
export function LabelTable({
  labels,
  ariaLabel,
  onSelect,
}: {
  labels: readonly LabelDetail[];
  ariaLabel: string;
  onSelect?: (timepoint: string) => void;
}) {
  return (
    <table className="grid" aria-label={ariaLabel}>
      <thead>
        <tr>
          <th>Timepoint</th>
          <th>Response</th>
          <th>Outcome</th>
          <th>Method</th>
          <th>Assessor</th>
          <th>When</th>
        </tr>
      </thead>
      <tbody>
        {labels.map((l) => (
          <tr
            key={l.timepoint}
            tabIndex={onSelect ? 0 : undefined}
            onClick={onSelect && (() => onSelect(l.timepoint))}
          >
            <td>{l.timepoint}</td>
            <td>
              <ResponseBadge response={l.response} />
            </td>
            <td className="small">
              <OutcomeText response={l.response} />
            </td>
            <td className="small" title={[l.rule?.text, l.note].filter(Boolean).join(' — ') || undefined}>
              {labelMethod(l)}
            </td>
            <td>{l.assessor || <span className="muted">–</span>}</td>
            <td className="small nowrap">{when(l.time)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const STEP_TEXT = { done: '✓', partial: '◐', missing: '○' } as const;
export function StepChip({ label, status }: { label: string; status: 'done' | 'partial' | 'missing' }) {
  return (
    <span className={`step ${status}`} title={`${label}: ${status}`} aria-label={`${label} ${status}`}>
      {STEP_TEXT[status]}
    </span>
  );
}

export function AuditTrail({ rows }: { rows: AuditRow[] | null }) {
  if (!rows) return <p className="muted small">Loading…</p>;
  if (rows.length === 0) return <p className="muted small">No changes recorded yet.</p>;
  return (
    <table className="grid audit" aria-label="Audit trail">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>What</th>
          <th>Old</th>
          <th />
          <th>New</th>
        </tr>
      </thead>
      <tbody>
        {[...rows].reverse().map((r, n) => (
          <tr key={`${r.id}-${n}`}>
            <td className="nowrap">{when(r.at)}</td>
            <td>{r.actor}</td>
            <td>{r.what}</td>
            <td className="old">{r.from}</td>
            <td className="muted">→</td>
            <td className="new">{r.to}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
