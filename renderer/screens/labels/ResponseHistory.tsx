/** A patient's response at every follow-up, with the figures and the rule that decided each. */
import type { AssessedResponse } from '../../../shared/api';
import { ResponseBadge } from '../patients/common';

export interface HistoryRow {
  label: string;
  date: string | null;
  response: AssessedResponse;
  explanation: string;
}

export function ResponseHistory({ rows, caption }: { rows: readonly HistoryRow[]; caption?: string }) {
  return (
    <table className="grid history" aria-label="Response history">
      {caption && <caption className="muted small">{caption}</caption>}
      <thead>
        <tr>
          <th>Follow-up</th>
          <th>Date</th>
          <th>Response</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <td className="nowrap">{r.label}</td>
            <td className="nowrap small">{r.date ?? <span className="muted">–</span>}</td>
            <td>
              <ResponseBadge response={r.response} />
            </td>
            <td className="small">{r.explanation}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
