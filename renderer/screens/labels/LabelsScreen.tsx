/**
 * Response labelling: pick a patient (worklist filters), see its labels per timepoint, set CR/PR/SD/PD
 * directly or through the RECIST 1.1 / mRECIST calculator, with the binary outcome shown; label CSV import;
 * the patient's audit trail (old → new, who, when) below.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AssessedResponse, AuditRow, ChannelInput, LabelDetail, WorklistRow } from '../../../shared/api';
import { DEFINITION_TEXT } from '../../../shared/response/recist';
import { api } from '../../api/client';
import {
  AuditTrail,
  errorText,
  LabelTable,
  labelMethod,
  OutcomeText,
  ResponseBadge,
  when,
} from '../patients/common';
import { CsvUpload } from '../patients/CsvUpload';
import type { Ruler } from '../../viewer/rulers';
import { RecistCalculator, type CalculatorRecord } from './RecistCalculator';
import type { CalculatorDraft, LabelDrafts, LabelMode } from './drafts';
import { ResponseHistory } from './ResponseHistory';
import { formatPersonName } from '../../../shared/dicom/personName';

const CATEGORIES: AssessedResponse[] = ['CR', 'PR', 'SD', 'PD', 'NE'];
const CATEGORY_TEXT: Record<AssessedResponse, string> = {
  CR: 'Complete response',
  PR: 'Partial response',
  SD: 'Stable disease',
  PD: 'Progressive disease',
  NE: 'Not evaluable',
};
type Mode = LabelMode;

function PatientPicker({
  selected,
  version,
  onSelect,
}: {
  selected: string | null;
  version: number;
  onSelect: (id: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [response, setResponse] = useState<NonNullable<ChannelInput<'worklist.list'>['response']>>('any');
  const [rows, setRows] = useState<{ total: number; items: WorklistRow[] } | null>(null);
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    let live = true;
    api()
      .call('worklist.list', { search, response, offset, limit: 15 })
      .then(
        (r) => live && setRows(r),
        () => live && setRows(null),
      );
    return () => {
      live = false;
    };
  }, [search, response, offset, version]);
  return (
    <section className="panel" aria-labelledby="pick-title">
      <h2 id="pick-title">Patients {rows && <span className="count">{rows.total}</span>}</h2>
      <div className="filters">
        <input
          type="search"
          aria-label="Search patients"
          placeholder="Search ID or name"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setOffset(0);
          }}
        />
        <select
          aria-label="Label filter"
          value={response}
          onChange={(e) => {
            setResponse(e.target.value as typeof response);
            setOffset(0);
          }}
        >
          <option value="any">All</option>
          <option value="unlabelled">Unlabelled</option>
          <option value="effective">Effective (CR/PR)</option>
          <option value="non-effective">Not effective (SD/PD)</option>
        </select>
      </div>
      <table className="grid" aria-label="Patients to label">
        <tbody>
          {rows?.items.map((p) => (
            <tr
              key={p.patientId}
              tabIndex={0}
              className={selected === p.patientId ? 'selected' : ''}
              onClick={() => onSelect(p.patientId)}
              onKeyDown={(e) => e.key === 'Enter' && onSelect(p.patientId)}
            >
              <td>{p.patientId}</td>
              <td className="muted small" title={p.name}>
                {formatPersonName(p.name)}
              </td>
              <td>
                <ResponseBadge response={p.response} />
              </td>
            </tr>
          ))}
          {rows && rows.items.length === 0 && (
            <tr>
              <td className="muted empty">No patient matches.</td>
            </tr>
          )}
        </tbody>
      </table>
      {rows && rows.total > 15 && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 15))}>
            ‹
          </button>
          <span className="muted small">
            {offset + 1}–{Math.min(offset + 15, rows.total)} of {rows.total}
          </span>
          <button type="button" disabled={offset + 15 >= rows.total} onClick={() => setOffset(offset + 15)}>
            ›
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * The response history stored with the patient's most recent calculator label: every follow-up's response
 * and why, the rule that decided the label, and what it departs from the standard.
 */
function StoredHistory({ labels }: { labels: readonly LabelDetail[] }) {
  const label = [...labels].reverse().find((l) => l.history && l.history.length > 0);
  if (!label?.history) return null;
  return (
    <div className="stored-history" data-testid="stored-history">
      <h3 className="small">
        Response history ({label.timepoint}, {labelMethod(label)}
        {label.definition ? `: ${DEFINITION_TEXT[label.definition]}` : ''})
      </h3>
      <ResponseHistory rows={label.history} />
      {label.rule && (
        <p className="small muted">
          Label <ResponseBadge response={label.response} /> — {label.rule.explanation} ({label.rule.text})
        </p>
      )}
      {label.nonStandard.length > 0 && (
        <ul className="warnings small" aria-label="Non-standard">
          {label.nonStandard.map((w) => (
            <li key={w}>Non-standard: {w}</li>
          ))}
        </ul>
      )}
      {label.note && <p className="small">{label.note}</p>}
    </div>
  );
}

/** The label stored at the chosen timepoint: what the patient has now, whatever is being prepared below. */
function StoredLabel({ timepoint, label }: { timepoint: string; label: LabelDetail | null }) {
  return (
    <p className="small" data-testid="stored-label">
      {label ? (
        <>
          Stored at {timepoint}: <ResponseBadge response={label.response} /> → outcome{' '}
          <OutcomeText response={label.response} />{' '}
          <span className="muted">
            ({labelMethod(label)}
            {label.assessor ? `, ${label.assessor}` : ''}, {when(label.time)})
          </span>
        </>
      ) : (
        <span className="muted">Nothing stored at {timepoint || '–'} yet.</span>
      )}
    </p>
  );
}

function Labeller({
  patientId,
  outerVersion,
  onChanged,
  rulers,
  drafts,
}: {
  patientId: string;
  outerVersion: number;
  onChanged: () => void;
  rulers: readonly Ruler[];
  drafts?: LabelDrafts;
}) {
  const [labels, setLabels] = useState<LabelDetail[] | null>(null);
  const [audit, setAudit] = useState<AuditRow[] | null>(null);
  const [mode, setModeState] = useState<Mode>(() => drafts?.mode(patientId) ?? 'direct');
  const setMode = (m: Mode) => {
    drafts?.setMode(patientId, m);
    setModeState(m);
  };
  const keepDraft = useCallback(
    (d: CalculatorDraft) => {
      if (mode !== 'direct') drafts?.setCalculator(patientId, mode, d);
    },
    [drafts, patientId, mode],
  );
  const [timepoint, setTimepoint] = useState('post-treatment');
  const [assessor, setAssessor] = useState('');
  const [choice, setChoice] = useState<AssessedResponse | null>(null);
  const [calc, setCalc] = useState<CalculatorRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([
      api().call('patient.labels', { patientId }),
      api().call('patient.audit', { patientId }),
    ]).then(
      ([l, a]) => {
        if (!live) return;
        setLabels(l);
        setAudit(a);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [patientId, version, outerVersion]);

  // Another patient or mode starts with no choice and no "saved" note (adjusted while rendering, as React
  // recommends for state that follows a prop, rather than in an effect after a first wrong render).
  const [shownFor, setShownFor] = useState({ patientId, mode });
  if (shownFor.patientId !== patientId || shownFor.mode !== mode) {
    setShownFor({ patientId, mode });
    setSaved(null);
    setChoice(null);
  }

  const response = mode === 'direct' ? choice : (calc?.category ?? null);
  const storedHere = labels?.find((l) => l.timepoint === timepoint.trim()) ?? null;

  // A label stored from elsewhere (a CSV import, another user) while this panel is open: the panel shows it,
  // drops a category picked here and says that the calculator's result is not what is stored.
  const seen = useRef<Map<string, string> | null>(null);
  const ownSave = useRef(false);
  useEffect(() => {
    if (!labels) return;
    const now = new Map(labels.map((l) => [l.timepoint, l.time]));
    const before = seen.current;
    seen.current = now;
    if (!before || ownSave.current) {
      ownSave.current = false;
      return;
    }
    const changed = labels.filter((l) => before.get(l.timepoint) !== l.time);
    if (changed.length === 0) return;
    setChoice(null);
    setSaved(null);
    setNotice(
      `The stored label changed meanwhile (${changed
        .map((l) => `${l.timepoint}: ${l.response}, ${labelMethod(l)}${l.assessor ? `, ${l.assessor}` : ''}`)
        .join(
          '; ',
        )}): the panel shows it now${mode === 'direct' ? '' : '; the calculator result below is not saved'}.`,
    );
  }, [labels, mode]);
  const save = async () => {
    if (!response) return;
    setError(null);
    try {
      // With measurements the server computes the response again and refuses one that disagrees.
      const stored = await api().call('labels.assess', {
        patientId,
        timepoint,
        response,
        assessor,
        assessment: mode === 'direct' ? null : (calc?.record ?? null),
        measurements: mode === 'direct' ? null : (calc?.measurements ?? null),
      });
      const label = stored.find((l) => l.timepoint === timepoint.trim());
      setSaved(
        `Saved ${label?.response ?? response} for ${patientId} at ${timepoint}${label?.note ? ` (${label.note})` : ''}.`,
      );
      setNotice(null);
      ownSave.current = true;
      setVersion((v) => v + 1);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby="label-title">
        <h2 id="label-title">Label {patientId}</h2>
        {labels && labels.length > 0 ? (
          <>
            <LabelTable labels={labels} ariaLabel="Current labels" onSelect={setTimepoint} />
            <StoredHistory labels={labels} />
          </>
        ) : (
          <p className="muted small">{labels ? 'Not labelled yet.' : 'Loading…'}</p>
        )}
        <div className="form-row">
          <label>
            Timepoint{' '}
            <input
              type="text"
              aria-label="Timepoint"
              value={timepoint}
              onChange={(e) => setTimepoint(e.target.value)}
              list="timepoints"
            />
          </label>
          <datalist id="timepoints">
            <option value="post-treatment" />
            <option value="follow-up 1" />
            <option value="follow-up 2" />
          </datalist>
          <label>
            Assessor{' '}
            <input
              type="text"
              aria-label="Assessor"
              value={assessor}
              onChange={(e) => setAssessor(e.target.value)}
            />
          </label>
        </div>
        <div className="form-row">
          <span className="seg" role="group" aria-label="Labelling mode">
            {(
              [
                ['direct', 'Set directly'],
                ['recist', 'RECIST 1.1'],
                ['mrecist', 'mRECIST'],
              ] as const
            ).map(([m, text]) => (
              <button
                key={m}
                type="button"
                className={mode === m ? 'on' : ''}
                aria-pressed={mode === m}
                onClick={() => setMode(m)}
              >
                {text}
              </button>
            ))}
          </span>
        </div>
        {mode === 'direct' ? (
          <div className="form-row" role="group" aria-label="Response category">
            {CATEGORIES.map((c) => (
              <button
                key={c}
                type="button"
                className={choice === c ? 'on-cat' : ''}
                aria-pressed={choice === c}
                title={CATEGORY_TEXT[c]}
                onClick={() => setChoice(c)}
              >
                <span className={`badge r-${c}`}>{c}</span> {CATEGORY_TEXT[c]}
              </button>
            ))}
          </div>
        ) : (
          <RecistCalculator
            key={`${patientId}-${mode}`}
            mode={mode}
            onResult={setCalc}
            rulers={rulers}
            draft={drafts?.calculator(patientId, mode)}
            onDraft={keepDraft}
          />
        )}
        <StoredLabel timepoint={timepoint.trim()} label={storedHere} />
        {notice && (
          <p className="warn small" role="status" data-testid="label-changed">
            {notice}
          </p>
        )}
        <div className="form-row">
          <span>
            New label{response ? ' (not saved)' : ''}: <ResponseBadge response={response} /> → outcome{' '}
            <OutcomeText response={response} />
          </span>
          <button
            type="button"
            className="primary"
            disabled={!response || !timepoint.trim()}
            onClick={() => void save()}
          >
            Save label
          </button>
          {saved && (
            <span className="ok small" role="status">
              {saved}
            </span>
          )}
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit trail of {patientId}</h2>
        <AuditTrail rows={audit} />
      </section>
    </>
  );
}

export function LabelsScreen({
  patientId,
  onSelect,
  rulers = [],
  drafts,
}: {
  patientId: string | null;
  onSelect: (id: string) => void;
  rulers?: readonly Ruler[];
  drafts?: LabelDrafts;
}) {
  const [version, setVersion] = useState(0);
  const patientRulers = useMemo(() => rulers.filter((r) => r.patientId === patientId), [rulers, patientId]);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <div className="screen labels-screen">
      <div className="labels-layout">
        <div className="column">
          <PatientPicker selected={patientId} version={version} onSelect={onSelect} />
          <section className="panel" aria-labelledby="csv-title">
            <h2 id="csv-title">Import labels</h2>
            <CsvUpload
              testId="labels-csv"
              label="Import label CSV"
              hint="patient_id,response[,timepoint,assessor] — all rows or none"
              upload={(csv, answer) => api().call('labels.import', { csv, ...answer })}
              onApplied={refresh}
            />
          </section>
        </div>
        <div className="column">
          {patientId ? (
            <Labeller
              key={patientId}
              patientId={patientId}
              outerVersion={version}
              onChanged={refresh}
              rulers={patientRulers}
              drafts={drafts}
            />
          ) : (
            <section className="panel muted">Choose a patient to label.</section>
          )}
        </div>
      </div>
    </div>
  );
}
