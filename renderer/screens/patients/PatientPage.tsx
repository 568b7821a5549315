/**
 * One patient: studies (timepoints by date) and their series with a link to the viewer, the ROIs on each
 * series, the response labels per timepoint, clinical variables edited inline (each edit audited),
 * clinical CSV import, the export of its features as DICOM SR, and the audit trail.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuditRow, LabelDetail, PatientDetail, RoiSummary } from '../../../shared/api';
import { api } from '../../api/client';
import { AuditTrail, dicomDate, errorText, LabelTable, OutcomeText, ResponseBadge } from './common';
import { CsvUpload } from './CsvUpload';
import { formatPersonName } from '../../../shared/dicom/personName';
import { SrExport } from './SrExport';
import { ownValue } from '../../../shared/names';

type ClinicalValue = PatientDetail['clinical'][string];
const shown = (v: ClinicalValue) => (v === null ? '' : String(v));

function ClinicalEditor({
  patientId,
  clinical,
  onSaved,
}: {
  patientId: string;
  clinical: PatientDetail['clinical'];
  onSaved: () => void;
}) {
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  // Own drafts only: a variable called "constructor" has no draft until one is typed.
  const draft = (name: string) => ownValue(drafts, name);
  const [newName, setNewName] = useState('');
  const [newValue, setNewValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (name: string, value: string) => {
    setError(null);
    try {
      await api().call('clinical.set', { patientId, name, value });
      setDrafts((d) => {
        const { [name]: _dropped, ...rest } = d;
        return rest;
      });
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const names = Object.keys(clinical).sort();
  return (
    <div>
      <table className="grid kv-edit" aria-label="Clinical variables">
        <thead>
          <tr>
            <th>Variable</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => (
            <tr key={name}>
              <td>{name}</td>
              <td>
                <input
                  type="text"
                  aria-label={`Clinical ${name}`}
                  value={draft(name) ?? shown(clinical[name])}
                  onChange={(e) => setDrafts({ ...drafts, [name]: e.target.value })}
                  onBlur={() =>
                    draft(name) !== undefined &&
                    draft(name) !== shown(clinical[name]) &&
                    void save(name, draft(name)!)
                  }
                  onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                />
              </td>
            </tr>
          ))}
          {names.length === 0 && (
            <tr>
              <td colSpan={2} className="muted small">
                No clinical variables yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <form
        className="add-var"
        onSubmit={(e) => {
          e.preventDefault();
          if (!newName.trim()) return setError('Give the variable a name.');
          void save(newName.trim(), newValue).then(() => {
            setNewName('');
            setNewValue('');
          });
        }}
      >
        <input
          type="text"
          placeholder="variable"
          aria-label="New variable name"
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <input
          type="text"
          placeholder="value"
          aria-label="New variable value"
          value={newValue}
          onChange={(e) => setNewValue(e.target.value)}
        />
        <button type="submit">Add</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function PatientPage({
  patientId,
  onBack,
  onOpenSeries,
  onLabel,
}: {
  patientId: string;
  onBack: () => void;
  onOpenSeries: (seriesUid: string) => void;
  onLabel: () => void;
}) {
  const [detail, setDetail] = useState<PatientDetail | null>(null);
  const [labels, setLabels] = useState<LabelDetail[]>([]);
  const [rois, setRois] = useState<RoiSummary[]>([]);
  const [audit, setAudit] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    const client = api();
    (async () => {
      const d = await client.call('patient.get', { patientId });
      const [l, a, r] = await Promise.all([
        client.call('patient.labels', { patientId }),
        client.call('patient.audit', { patientId }),
        Promise.all(
          d.studies.flatMap((st) =>
            st.series.map((se) => client.call('roi.list', { seriesUid: se.seriesUid })),
          ),
        ),
      ]);
      if (!live) return;
      setDetail(d);
      setLabels(l);
      setAudit(a);
      setRois(r.flat());
      setError(null);
    })().catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [patientId, version]);

  const header = (
    <div className="crumbs">
      <button type="button" className="link" onClick={onBack}>
        ‹ Worklist
      </button>
    </div>
  );
  if (error)
    return (
      <div className="screen">
        {header}
        <p className="error" role="alert">
          {error}
        </p>
      </div>
    );
  if (!detail)
    return (
      <div className="screen">
        {header}
        <p className="muted">Loading…</p>
      </div>
    );
  const p = detail.patient;
  // Studies in date order: the first is the baseline, later ones follow-ups.
  const studies = [...detail.studies].sort((a, b) => a.studyDate.localeCompare(b.studyDate));
  return (
    <div className="screen" data-testid="patient-page">
      {header}
      <section className="panel">
        <div className="panel-head">
          <h2 id="patient-title">
            {formatPersonName(p.patientName) || p.patientId}{' '}
            {p.patientName && p.patientName !== p.patientId && <span className="muted">{p.patientId}</span>}
          </h2>
          <button type="button" className="primary" onClick={onLabel}>
            Label response…
          </button>
        </div>
        <dl className="facts inline">
          <dt>Sex</dt>
          <dd>{p.sex || '–'}</dd>
          <dt>Born</dt>
          <dd>{dicomDate(p.birthDate) || '–'}</dd>
          <dt>Outcome</dt>
          <dd>
            <ResponseBadge response={p.response} /> <OutcomeText response={p.response} />
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="studies-title">
        <h2 id="studies-title">Studies and series</h2>
        {studies.length === 0 && <p className="muted">No images for this patient.</p>}
        {studies.map((st, n) => (
          <div key={st.studyUid} className="study">
            <h3>
              {n === 0 ? 'Baseline' : `Follow-up ${n}`} · {dicomDate(st.studyDate) || 'undated'}{' '}
              {st.description && `· ${st.description}`}
              {st.accessionNumber && <span className="muted small"> · Acc. {st.accessionNumber}</span>}
            </h3>
            <table className="grid" aria-label={`Series of study ${dicomDate(st.studyDate)}`}>
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Description</th>
                  <th>Mod.</th>
                  <th className="num">Images</th>
                  <th>Matrix</th>
                  <th>ROIs</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {st.series.map((se) => {
                  const onSeries = rois.filter((r) => r.seriesUid === se.seriesUid);
                  return (
                    <tr key={se.seriesUid}>
                      <td className="num">{se.seriesNumber}</td>
                      <td>
                        {se.description || <span className="muted">(no description)</span>}
                        {se.warnings.length > 0 && (
                          <span className="warn" title={se.warnings.join('\n')}>
                            {' '}
                            ⚠ {se.warnings.length}
                          </span>
                        )}
                      </td>
                      <td>{se.modality}</td>
                      <td className="num">{se.instances}</td>
                      <td>
                        {se.size.join('×')}{' '}
                        <span className="muted small">
                          @ {se.spacing.map((s) => s.toFixed(2)).join('×')} mm
                        </span>
                      </td>
                      <td className="small">
                        {onSeries.length ? (
                          onSeries.map((r) => (
                            <div key={r.roiId}>
                              {r.name}{' '}
                              <span className="muted">
                                ({r.source}, {r.voxels} vx)
                              </span>
                            </div>
                          ))
                        ) : (
                          <span className="muted">none</span>
                        )}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="primary small"
                          onClick={() => onOpenSeries(se.seriesUid)}
                          aria-label={`Open series ${se.seriesNumber}`}
                        >
                          Open
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
      </section>
      <div className="screen-grid">
        <section className="panel" aria-labelledby="labels-title">
          <h2 id="labels-title">Response labels</h2>
          {labels.length === 0 ? (
            <p className="muted small">Not labelled yet.</p>
          ) : (
            <LabelTable labels={labels} ariaLabel="Labels" />
          )}
        </section>
        <section className="panel" aria-labelledby="clinical-title">
          <h2 id="clinical-title">Clinical variables</h2>
          <ClinicalEditor patientId={patientId} clinical={detail.clinical} onSaved={refresh} />
          <CsvUpload
            testId="clinical-csv"
            label="Import clinical CSV"
            hint="patient_id,<variables…> — all rows or none"
            upload={(csv, answer) => api().call('clinical.import', { csv, ...answer })}
            onApplied={refresh}
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="sr-title">
        <h2 id="sr-title">Features as DICOM SR</h2>
        <SrExport patientId={patientId} />
      </section>
      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit trail</h2>
        <AuditTrail rows={audit} />
      </section>
    </div>
  );
}
