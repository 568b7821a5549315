/**
 * The RECIST 1.1 / mRECIST calculator form: target lesions' diameters (longest; lymph nodes short axis;
 * mRECIST the viable, enhancing part) at baseline and each follow-up, new lesions and non-target findings
 * at the last follow-up → category, sums, % and absolute change, nadir and the rule that decided. The rules
 * are the shared core's (shared/response/recist.ts via ./assess); this file only collects the numbers.
 * A diameter can also be taken from one of the patient's viewer rulers ("Ruler…" beside each field): the
 * length goes into the field rounded to 0.1 mm, stays editable, and the ruler is noted in the record.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ResponseCategory } from '../../../shared/api';
import { formatLengthMm, roundToTenthMm } from '../../../shared/measure/ruler';
import { rulerPlace, type Ruler } from '../../viewer/rulers';
import {
  assessLesions,
  timepointLabel,
  type FollowUpFlags,
  type LesionRow,
  type RulerSource,
} from './assess';
import type { CalculatorDraft } from './drafts';

export interface CalculatorRecord {
  category: ResponseCategory;
  /** What is stored with the label (inputs, figures, explanation), for the audit and a later review. */
  record: Record<string, unknown>;
}

const round2 = (p: readonly number[]) => p.map((x) => Math.round(x * 100) / 100) as [number, number, number];
const rulerSource = (r: Ruler): RulerSource => ({
  ruler: r.name,
  seriesUid: r.seriesUid,
  place: rulerPlace(r),
  from: round2(r.a),
  to: round2(r.b),
  lengthMm: r.lengthMm,
});

const mm = (v: number) => `${Math.round(v * 10) / 10} mm`;
const signed = (v: number | null, unit: string) =>
  v === null ? '–' : `${v > 0 ? '+' : ''}${Math.round(v * 10) / 10} ${unit}`;

export function RecistCalculator({
  mode,
  onResult,
  rulers = [],
  draft,
  onDraft,
}: {
  mode: 'recist' | 'mrecist';
  onResult: (r: CalculatorRecord | null) => void;
  /** The patient's viewer rulers, offered as diameters. */
  rulers?: readonly Ruler[];
  /** The form as the reader left it (restored on mount), and where each change of it is kept. */
  draft?: CalculatorDraft;
  onDraft?: (draft: CalculatorDraft) => void;
}) {
  const [timepoints, setTimepoints] = useState(draft?.timepoints ?? 2);
  const [rows, setRows] = useState<LesionRow[]>(
    draft?.rows ?? [{ name: 'Lesion 1', node: false, values: [] }],
  );
  const [flags, setFlags] = useState<FollowUpFlags>(
    draft?.flags ?? { newLesions: false, nonTargetProgression: false, nonTargetsPresent: false },
  );
  useEffect(() => onDraft?.({ timepoints, rows, flags }), [timepoints, rows, flags, onDraft]);
  const outcome = useMemo(
    () => assessLesions(mode, rows, timepoints, flags),
    [mode, rows, timepoints, flags],
  );
  useEffect(
    () => onResult(outcome.ok ? { category: outcome.category, record: outcome.record } : null),
    [outcome, onResult],
  );

  const update = (n: number, patch: Partial<LesionRow>) =>
    setRows(rows.map((r, i) => (i === n ? { ...r, ...patch } : r)));
  /** Sets a diameter, typed (no source) or from a ruler. */
  const setValue = (n: number, t: number, v: string, source?: RulerSource) => {
    const values = [...rows[n].values];
    values[t] = v;
    const sources = [...(rows[n].rulers ?? [])];
    sources[t] = source;
    update(n, { values, rulers: sources });
  };
  const takeRuler = (n: number, t: number, id: number) => {
    const r = rulers.find((x) => x.id === id);
    if (r) setValue(n, t, roundToTenthMm(r.lengthMm).toFixed(1), rulerSource(r));
  };
  const last = timepointLabel(timepoints - 1);
  return (
    <div className="calc" data-testid="recist-calculator">
      <p className="muted small">
        {mode === 'mrecist'
          ? 'mRECIST: longest diameter of the viable (arterially enhancing) part'
          : 'RECIST 1.1: longest diameter'}{' '}
        of up to 5 target lesions (2 per organ) in mm; lymph nodes by short axis; 0 when gone. The label is
        the response at the last follow-up; earlier follow-ups set the nadir.
      </p>
      <table className="grid" aria-label="Target lesions">
        <thead>
          <tr>
            <th>Lesion</th>
            <th>Node</th>
            {Array.from({ length: timepoints }, (_, t) => (
              <th key={t}>{timepointLabel(t)} (mm)</th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, n) => (
            <tr key={n}>
              <td>
                <input
                  type="text"
                  aria-label={`Lesion ${n + 1} name`}
                  value={r.name}
                  onChange={(e) => update(n, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Lesion ${n + 1} is a lymph node`}
                  checked={r.node}
                  onChange={(e) => update(n, { node: e.target.checked })}
                />
              </td>
              {Array.from({ length: timepoints }, (_, t) => {
                const source = r.rulers?.[t];
                return (
                  <td key={t}>
                    <span className="diameter">
                      <input
                        type="number"
                        min={0}
                        step="0.1"
                        aria-label={`Lesion ${n + 1} ${timepointLabel(t)}`}
                        value={r.values[t] ?? ''}
                        onChange={(e) => setValue(n, t, e.target.value)}
                      />
                      {rulers.length > 0 && (
                        <select
                          aria-label={`Lesion ${n + 1} ${timepointLabel(t)} from ruler`}
                          title="Take the length of a viewer ruler"
                          value=""
                          onChange={(e) => takeRuler(n, t, Number(e.target.value))}
                        >
                          <option value="">Ruler…</option>
                          {rulers.map((ruler) => (
                            <option key={ruler.id} value={ruler.id}>
                              {ruler.name} · {formatLengthMm(ruler.lengthMm)} · {rulerPlace(ruler)} ·{' '}
                              {ruler.seriesText}
                            </option>
                          ))}
                        </select>
                      )}
                      {source && (
                        <span
                          className="muted small"
                          data-testid="diameter-source"
                          title={`${source.place}, ${formatLengthMm(source.lengthMm)}`}
                        >
                          {source.ruler}
                        </span>
                      )}
                    </span>
                  </td>
                );
              })}
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove lesion ${n + 1}`}
                  disabled={rows.length === 1}
                  onClick={() => setRows(rows.filter((_r, i) => i !== n))}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        <button
          type="button"
          className="small"
          disabled={rows.length >= 5}
          onClick={() => setRows([...rows, { name: `Lesion ${rows.length + 1}`, node: false, values: [] }])}
        >
          + Add target lesion
        </button>
        <button
          type="button"
          className="small"
          disabled={timepoints >= 8}
          onClick={() => setTimepoints(timepoints + 1)}
        >
          + Add follow-up
        </button>
        <button
          type="button"
          className="small"
          disabled={timepoints <= 2}
          onClick={() => setTimepoints(timepoints - 1)}
        >
          − Remove last follow-up
        </button>
      </div>
      <div className="form-row small">
        <span className="muted">At {last}:</span>
        <label>
          <input
            type="checkbox"
            checked={flags.newLesions}
            onChange={(e) => setFlags({ ...flags, newLesions: e.target.checked })}
          />{' '}
          New lesion(s)
        </label>
        <label>
          <input
            type="checkbox"
            checked={flags.nonTargetProgression}
            onChange={(e) => setFlags({ ...flags, nonTargetProgression: e.target.checked })}
          />{' '}
          Unequivocal non-target progression
        </label>
        <label>
          <input
            type="checkbox"
            checked={flags.nonTargetsPresent}
            onChange={(e) => setFlags({ ...flags, nonTargetsPresent: e.target.checked })}
          />{' '}
          Non-target lesions still present
        </label>
      </div>
      <div className="calc-result" data-testid="recist-result" aria-live="polite">
        {outcome.ok ? (
          <>
            <div>
              <span className={`big badge r-${outcome.category}`}>{outcome.category}</span>
              <span>{outcome.latest.explanation}</span>
            </div>
            <dl className="facts inline small">
              <dt>Sum at {last}</dt>
              <dd>{mm(outcome.latest.sumMm)}</dd>
              <dt>Baseline sum</dt>
              <dd>{mm(outcome.latest.baselineSumMm)}</dd>
              <dt>Nadir</dt>
              <dd>
                {mm(outcome.latest.nadirSumMm)} ({outcome.latest.nadirLabel})
              </dd>
              <dt>Change vs baseline</dt>
              <dd>
                {signed(outcome.latest.changeFromBaselinePct, '%')} (
                {signed(outcome.latest.changeFromBaselineMm, 'mm')})
              </dd>
              <dt>Change vs nadir</dt>
              <dd>
                {signed(outcome.latest.changeFromNadirPct, '%')} (
                {signed(outcome.latest.changeFromNadirMm, 'mm')})
              </dd>
            </dl>
            {outcome.warnings.length > 0 && (
              <ul className="warnings small">
                {outcome.warnings.map((w) => (
                  <li key={w}>⚠ {w}</li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <span className="muted">{outcome.problem}</span>
        )}
      </div>
    </div>
  );
}
