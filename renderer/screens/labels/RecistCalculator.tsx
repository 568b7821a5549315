/**
 * The RECIST 1.1 / mRECIST calculator form: target lesions (name, organ, node; mRECIST: arterial
 * enhancement or porta hepatis) with their diameters at baseline and each follow-up (longest; nodes short
 * axis; mRECIST the viable, enhancing part; 0 when gone, NM when not measured), and per follow-up its date,
 * new lesions and the state of the non-target lesions → every follow-up's response with the rule that
 * decided it, and the label under the chosen definition. The rules are the shared core's
 * (shared/response/recist.ts via ./assess); the server runs the same core again on what is saved.
 * A diameter can also be taken from one of the patient's viewer rulers ("Ruler…" beside each field).
 */
import { useEffect, useMemo, useState } from 'react';
import type { AssessedResponse } from '../../../shared/api';
import { formatLengthMm, roundToTenthMm } from '../../../shared/measure/ruler';
import {
  DEFINITION_TEXT,
  MAX_TARGETS,
  NON_TARGET_STATUSES,
  RESPONSE_DEFINITIONS,
  type NonTargetStatus,
  type ResponseInput,
} from '../../../shared/response/recist';
import { rulerPlace, type Ruler } from '../../viewer/rulers';
import { ResponseBadge } from '../patients/common';
import {
  assessLesions,
  emptyMeta,
  timepointLabel,
  type CalculatorOptions,
  type LesionRow,
  type RulerSource,
  type TimepointMeta,
} from './assess';
import type { CalculatorDraft } from './drafts';
import { ResponseHistory } from './ResponseHistory';

export interface CalculatorRecord {
  category: AssessedResponse;
  /** The calculator input: sent as `measurements`, from which the server computes the response again. */
  measurements: ResponseInput;
  /** Stored with the label besides the measurements (ruler sources); null when there is nothing. */
  record: Record<string, unknown> | null;
}

/** Table 1's non-target categories: CR (absent), non-CR/non-PD (present), not evaluated, PD. */
const NON_TARGET_TEXT: Record<NonTargetStatus, string> = {
  absent: 'absent',
  present: 'present',
  'not-evaluated': 'not evaluated',
  progression: 'unequivocal PD',
};

const round2 = (p: readonly number[]) => p.map((x) => Math.round(x * 100) / 100) as [number, number, number];
const rulerSource = (r: Ruler): RulerSource => ({
  ruler: r.name,
  seriesUid: r.seriesUid,
  place: rulerPlace(r),
  from: round2(r.a),
  to: round2(r.b),
  lengthMm: r.lengthMm,
});

const newRow = (n: number): LesionRow => ({ name: `Lesion ${n}`, node: false, organ: '', values: [] });

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
  const [rows, setRows] = useState<LesionRow[]>(draft?.rows ?? [newRow(1)]);
  const [meta, setMeta] = useState<TimepointMeta[]>(draft?.meta ?? []);
  const [options, setOptions] = useState<CalculatorOptions>(
    draft?.options ?? { definition: 'last-follow-up', nonStandard: false },
  );
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => onDraft?.({ timepoints, rows, meta, options }), [timepoints, rows, meta, options, onDraft]);
  const outcome = useMemo(
    () => assessLesions(mode, rows, timepoints, meta, options),
    [mode, rows, timepoints, meta, options],
  );
  useEffect(
    () =>
      onResult(
        outcome.ok
          ? {
              category: outcome.result.decision.response,
              measurements: outcome.measurements,
              record: Object.keys(outcome.record).length ? outcome.record : null,
            }
          : null,
      ),
    [outcome, onResult],
  );

  const update = (n: number, patch: Partial<LesionRow>) =>
    setRows(rows.map((r, i) => (i === n ? { ...r, ...patch } : r)));
  const metaOf = (t: number) => meta[t] ?? emptyMeta();
  const updateMeta = (t: number, patch: Partial<TimepointMeta>) => {
    const next = Array.from({ length: Math.max(meta.length, t + 1) }, (_, i) => metaOf(i));
    next[t] = { ...next[t], ...patch };
    setMeta(next);
  };
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
  /** §4.2: five targets; a sixth only as a non-standard assessment (the core says so); a seventh never. */
  const addTarget = () => {
    if (rows.length >= MAX_TARGETS + 1) {
      setRefused(
        `Target lesion ${rows.length + 1} refused: RECIST 1.1 §4.2 allows at most ${MAX_TARGETS} target lesions (a non-standard assessment accepts one more, not ${rows.length + 1 - MAX_TARGETS}). Follow further lesions as non-target lesions.`,
      );
      return;
    }
    setRefused(null);
    setRows([...rows, newRow(rows.length + 1)]);
  };
  const last = timepointLabel(timepoints - 1);
  const followUps = Array.from({ length: timepoints - 1 }, (_, k) => k + 1);
  return (
    <div className="calc" data-testid="recist-calculator">
      <p className="muted small">
        {mode === 'mrecist'
          ? 'mRECIST: longest diameter of the viable (arterially enhancing) part'
          : 'RECIST 1.1: longest diameter'}{' '}
        of up to {MAX_TARGETS} target lesions (2 per organ; all lymph nodes are one organ) in mm; lymph nodes
        by short axis{mode === 'mrecist' ? ' (porta hepatis nodes from 20 mm)' : ''}; 0 when gone, NM when not
        measured. Each follow-up gets its response; the label is the {DEFINITION_TEXT[options.definition]}.
      </p>
      <div className="table-scroll">
        <table className="grid" aria-label="Target lesions">
          <thead>
            <tr>
              <th>Lesion</th>
              <th>Organ</th>
              <th>Node</th>
              {mode === 'mrecist' && (
                <th title="non-nodal: enhances in the arterial phase; node: at the porta hepatis">
                  Enh. / PH
                </th>
              )}
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
                    type="text"
                    className="organ"
                    aria-label={`Lesion ${n + 1} organ`}
                    placeholder={r.node ? 'station' : 'organ'}
                    value={r.organ ?? ''}
                    onChange={(e) => update(n, { organ: e.target.value })}
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
                {mode === 'mrecist' && (
                  <td>
                    {r.node ? (
                      <input
                        type="checkbox"
                        aria-label={`Lesion ${n + 1} at the porta hepatis`}
                        title="Porta hepatis node: malignant from 20 mm short axis (mRECIST)"
                        checked={r.portaHepatis !== false}
                        onChange={(e) => update(n, { portaHepatis: e.target.checked })}
                      />
                    ) : (
                      <input
                        type="checkbox"
                        aria-label={`Lesion ${n + 1} enhances in the arterial phase`}
                        title="An mRECIST target must enhance in the arterial phase"
                        checked={r.arterialEnhancement === true}
                        onChange={(e) => update(n, { arterialEnhancement: e.target.checked })}
                      />
                    )}
                  </td>
                )}
                {Array.from({ length: timepoints }, (_, t) => {
                  const source = r.rulers?.[t];
                  return (
                    <td key={t}>
                      <span className="diameter">
                        <input
                          type="text"
                          inputMode="decimal"
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
                    onClick={() => {
                      setRefused(null);
                      setRows(rows.filter((_r, i) => i !== n));
                    }}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
          <tbody className="timepoint-meta">
            <tr>
              <th scope="row" colSpan={mode === 'mrecist' ? 4 : 3}>
                Date
              </th>
              {Array.from({ length: timepoints }, (_, t) => (
                <td key={t}>
                  <input
                    type="date"
                    aria-label={`Date of ${timepointLabel(t)}`}
                    value={metaOf(t).date}
                    onChange={(e) => updateMeta(t, { date: e.target.value })}
                  />
                </td>
              ))}
              <td />
            </tr>
            <tr>
              <th scope="row" colSpan={mode === 'mrecist' ? 4 : 3}>
                New lesion(s)
              </th>
              <td className="muted">–</td>
              {followUps.map((t) => (
                <td key={t}>
                  <input
                    type="checkbox"
                    aria-label={`New lesion at ${timepointLabel(t)}`}
                    checked={metaOf(t).newLesions}
                    onChange={(e) => updateMeta(t, { newLesions: e.target.checked })}
                  />
                </td>
              ))}
              <td />
            </tr>
            <tr>
              <th scope="row" colSpan={mode === 'mrecist' ? 4 : 3}>
                Non-target lesions
              </th>
              <td className="muted">–</td>
              {followUps.map((t) => (
                <td key={t}>
                  <select
                    aria-label={`Non-target lesions at ${timepointLabel(t)}`}
                    title="absent = CR (all gone, nodes < 10 mm); present = non-CR/non-PD; not evaluated; unequivocal progression = PD"
                    value={metaOf(t).nonTargets}
                    onChange={(e) => updateMeta(t, { nonTargets: e.target.value as NonTargetStatus })}
                  >
                    {NON_TARGET_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {NON_TARGET_TEXT[s]}
                      </option>
                    ))}
                  </select>
                </td>
              ))}
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <div className="form-row">
        <button type="button" className="small" onClick={addTarget}>
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
      {refused && (
        <p className="error small" role="alert" data-testid="target-refused">
          {refused}
        </p>
      )}
      <div className="form-row small">
        <label>
          Label{' '}
          <select
            aria-label="Response definition"
            value={options.definition}
            onChange={(e) =>
              setOptions({ ...options, definition: e.target.value as CalculatorOptions['definition'] })
            }
          >
            {RESPONSE_DEFINITIONS.map((d) => (
              <option key={d} value={d}>
                {DEFINITION_TEXT[d]}
              </option>
            ))}
          </select>
        </label>
        <label title="Accept a 6th target, a 3rd in one organ, or a target below measurable size; the label is marked non-standard">
          <input
            type="checkbox"
            checked={options.nonStandard}
            onChange={(e) => setOptions({ ...options, nonStandard: e.target.checked })}
          />{' '}
          Non-standard (targets outside RECIST 1.1 limits)
        </label>
      </div>
      <div className="calc-result" data-testid="recist-result" aria-live="polite">
        {outcome.ok ? (
          <CalculatorResult outcome={outcome} last={last} />
        ) : (
          <span className="muted" data-testid="recist-problem">
            {outcome.problem}
          </span>
        )}
      </div>
    </div>
  );
}

function CalculatorResult({
  outcome,
  last,
}: {
  outcome: Extract<ReturnType<typeof assessLesions>, { ok: true }>;
  last: string;
}) {
  const { result } = outcome;
  const latest = result.latest;
  const d = latest.display;
  return (
    <>
      <div>
        <span className={`big badge r-${result.decision.response}`}>{result.decision.response}</span>
        <span data-testid="recist-explanation">{result.decision.explanation}</span>
      </div>
      <p className="small muted" data-testid="recist-rule">
        Rule: {result.decision.ruleText}
      </p>
      <p className="small">
        At the last follow-up: <ResponseBadge response={result.lastFollowUp.response} /> · Best overall
        response (confirmed): <ResponseBadge response={result.bestOverallConfirmed.response} />
      </p>
      <dl className="facts inline small">
        <dt>Sum at {last}</dt>
        <dd>
          {d.sum}
          {!latest.complete && ` (measured targets only; ${latest.missing.join(', ')} not measured)`}
        </dd>
        <dt>Baseline sum</dt>
        <dd>{d.baselineSum}</dd>
        <dt>Nadir</dt>
        <dd>
          {d.nadirSum} ({latest.nadirLabel})
        </dd>
        <dt>Change vs baseline</dt>
        <dd>
          {d.changeFromBaselinePct} ({d.changeFromBaselineMm})
        </dd>
        <dt>Change vs nadir</dt>
        <dd>
          {d.changeFromNadirPct ?? '–'} ({d.changeFromNadirMm})
        </dd>
      </dl>
      {result.nonStandard.length > 0 && (
        <ul className="warnings small" aria-label="Non-standard">
          {result.nonStandard.map((w) => (
            <li key={w}>Non-standard: {w}</li>
          ))}
        </ul>
      )}
      {result.warnings.length > 0 && (
        <ul className="warnings small">
          {result.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      <ResponseHistory
        rows={result.timepoints.map((t) => ({
          label: t.label,
          date: t.date,
          response: t.category,
          explanation: t.explanation,
        }))}
      />
    </>
  );
}
