/**
 * The RECIST 1.1 / mRECIST calculator form: target lesions' longest diameters (lymph nodes: short axis;
 * mRECIST: the viable, enhancing part) at baseline and follow-up, the nadir sum if it was lower than
 * baseline, and new lesions → category, figures and the rule that decided it. The arithmetic and the rules
 * are the shared core's (shared/response/recist.ts, via ./assess); this file only collects the numbers.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ResponseCategory } from '../../../shared/api';
import { assessLesions, type LesionRow } from './assess';

export interface CalculatorRecord {
  category: ResponseCategory;
  /** What is stored with the label (inputs, figures, explanation), for the audit and a later review. */
  record: Record<string, unknown>;
}

const emptyRow = (n: number): LesionRow => ({ name: `Lesion ${n}`, node: false, baseline: '', followUp: '' });
const mm = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(v * 10) / 10} mm`);
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v > 0 ? '+' : ''}${Math.round(v * 10) / 10} %`);

export function RecistCalculator({ mode, onResult }: { mode: 'recist' | 'mrecist'; onResult: (r: CalculatorRecord | null) => void }) {
  const [rows, setRows] = useState<LesionRow[]>([emptyRow(1)]);
  const [nadir, setNadir] = useState('');
  const [newLesions, setNewLesions] = useState(false);
  const outcome = useMemo(() => assessLesions(mode, rows, nadir, newLesions), [mode, rows, nadir, newLesions]);
  useEffect(() => onResult(outcome.ok ? { category: outcome.category, record: outcome.record } : null), [outcome, onResult]);

  const update = (n: number, patch: Partial<LesionRow>) => setRows(rows.map((r, i) => (i === n ? { ...r, ...patch } : r)));
  const what = mode === 'mrecist' ? 'viable (enhancing) diameter' : 'longest diameter';
  return (
    <div className="calc" data-testid="recist-calculator">
      <p className="muted small">
        {mode === 'mrecist' ? 'mRECIST' : 'RECIST 1.1'}: up to 5 target lesions (2 per organ), {what} in mm; lymph nodes by short axis.
      </p>
      <table className="grid" aria-label="Target lesions">
        <thead>
          <tr>
            <th>Lesion</th>
            <th>Node</th>
            <th>Baseline (mm)</th>
            <th>Follow-up (mm)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, n) => (
            <tr key={n}>
              <td>
                <input type="text" aria-label={`Lesion ${n + 1} name`} value={r.name} onChange={(e) => update(n, { name: e.target.value })} />
              </td>
              <td>
                <input type="checkbox" aria-label={`Lesion ${n + 1} is a lymph node`} checked={r.node} onChange={(e) => update(n, { node: e.target.checked })} />
              </td>
              <td>
                <input type="number" min={0} step="0.1" aria-label={`Lesion ${n + 1} baseline`} value={r.baseline} onChange={(e) => update(n, { baseline: e.target.value })} />
              </td>
              <td>
                <input type="number" min={0} step="0.1" aria-label={`Lesion ${n + 1} follow-up`} value={r.followUp} onChange={(e) => update(n, { followUp: e.target.value })} />
              </td>
              <td>
                <button type="button" className="link" aria-label={`Remove lesion ${n + 1}`} disabled={rows.length === 1} onClick={() => setRows(rows.filter((_r, i) => i !== n))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        <button type="button" className="small" disabled={rows.length >= 5} onClick={() => setRows([...rows, emptyRow(rows.length + 1)])}>
          + Add target lesion
        </button>
        <label>
          Nadir sum (mm, if lower than baseline){' '}
          <input type="number" min={0} step="0.1" aria-label="Nadir sum" value={nadir} onChange={(e) => setNadir(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" aria-label="New lesions" checked={newLesions} onChange={(e) => setNewLesions(e.target.checked)} /> New lesion(s)
        </label>
      </div>
      <div className="calc-result" data-testid="recist-result" aria-live="polite">
        {outcome.ok ? (
          <>
            <div>
              <span className={`big badge r-${outcome.category}`}>{outcome.category}</span>
              <span>{outcome.explanation}</span>
            </div>
            <dl className="facts inline small">
              <dt>Baseline sum</dt>
              <dd>{mm(outcome.figures.baselineSum)}</dd>
              <dt>Follow-up sum</dt>
              <dd>{mm(outcome.figures.followUpSum)}</dd>
              <dt>Nadir</dt>
              <dd>{mm(outcome.figures.nadirSum)}</dd>
              <dt>Change vs baseline</dt>
              <dd>{pct(outcome.figures.percentFromBaseline)}</dd>
              <dt>Change vs nadir</dt>
              <dd>{pct(outcome.figures.percentFromNadir)}</dd>
              <dt>Absolute vs nadir</dt>
              <dd>{mm(outcome.figures.absoluteFromNadir)}</dd>
            </dl>
          </>
        ) : (
          <span className="muted">{outcome.problem}</span>
        )}
      </div>
    </div>
  );
}
