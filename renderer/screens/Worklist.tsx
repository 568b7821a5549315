/**
 * The study browser: import panel and patient list on the left, the selected patient's studies and series
 * (with counts and import warnings) on the right.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ImportJob, PatientDetail, PatientSummary, ResponseCategory } from '../../shared/api';
import { api } from '../api/client';

const PAGE = 25;
/** DICOM dates are YYYYMMDD; shown as YYYY-MM-DD. */
const dicomDate = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function ImportPanel({ onImported }: { onImported: () => void }) {
  const [path, setPath] = useState('');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const client = api();

  // Follow the job: pushed events when they arrive, polling as a fallback.
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const jobId = job.jobId;
    const off = client.onEvent((e) => {
      if (e.event === 'import.progress' && e.payload.jobId === jobId) setJob(e.payload);
    });
    const timer = setInterval(() => {
      client
        .call('import.status', { jobId })
        .then(setJob)
        .catch((err: unknown) => setError(errorText(err)));
    }, 500);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [job?.jobId, job?.state, client]);

  useEffect(() => {
    if (job?.state === 'done' || job?.state === 'cancelled') onImported();
  }, [job?.state, onImported]);

  const start = async (paths: string[]) => {
    setError(null);
    try {
      const { jobId } = await client.call('import.start', { paths });
      setJob({ jobId, state: 'running', done: 0, total: 0, current: 'scanning', result: null, error: null });
    } catch (err) {
      setError(errorText(err));
    }
  };

  const pick = async () => {
    if (!client.pickFolders) return;
    const folders = await client.pickFolders();
    if (folders.length) {
      setPath(folders.join('; '));
      await start(folders);
    }
  };

  const running = job?.state === 'running';
  const fraction = job && job.total > 0 ? job.done / job.total : 0;
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import DICOM</h2>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          const paths = path
            .split(';')
            .map((p) => p.trim())
            .filter(Boolean);
          if (paths.length) void start(paths);
          else setError('Type a folder path first.');
        }}
      >
        <label htmlFor="import-path" className="sr-only">
          Folder or file path
        </label>
        <input
          id="import-path"
          type="text"
          placeholder="/path/to/dicom/folder (several: separate with ;)"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          disabled={running}
          spellCheck={false}
        />
        <button type="submit" className="primary" disabled={running}>
          Import
        </button>
        {client.pickFolders && (
          <button type="button" onClick={() => void pick()} disabled={running}>
            Choose folder…
          </button>
        )}
        {running && job && (
          <button
            type="button"
            onClick={() =>
              client
                .call('import.cancel', { jobId: job.jobId })
                .then(setJob)
                .catch((err: unknown) => setError(errorText(err)))
            }
          >
            Cancel
          </button>
        )}
      </form>
      {job && (
        <div className="import-status" data-testid="import-status" data-state={job.state}>
          <progress max={1} value={job.state === 'done' ? 1 : fraction} aria-label="Import progress" />
          {running && (
            <span className="muted small">
              {job.total ? `${job.done} / ${job.total} files` : 'Scanning…'} {job.current && `· ${job.current.split(/[\\/]/).pop()}`}
            </span>
          )}
          {job.state === 'failed' && <p className="error" role="alert">Import failed: {job.error}</p>}
          {job.state === 'cancelled' && <p className="muted small">Import {job.error}.</p>}
          {job.result && (
            <div className="small">
              <p>
                {job.result.files} files: {job.result.patients} patients, {job.result.studies} studies, {job.result.series} series,{' '}
                {job.result.instances} images, {job.result.rois} ROIs.
              </p>
              {job.result.skipped.length > 0 && (
                <details>
                  <summary>{job.result.skipped.length} files skipped</summary>
                  <ul className="plain">
                    {job.result.skipped.slice(0, 50).map((s) => (
                      <li key={s.file}>
                        <code>{s.file}</code>: {s.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {job.result.warnings.length > 0 && (
                <ul className="warnings">
                  {job.result.warnings.map((w, n) => (
                    <li key={n}>⚠ {w.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function PatientList({
  version,
  selected,
  onSelect,
}: {
  version: number;
  selected: string | null;
  onSelect: (patientId: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; items: PatientSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api()
      .call('patients.list', { offset, limit: PAGE, search })
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, [offset, search, version]);

  return (
    <section className="panel grow" aria-labelledby="patients-title">
      <div className="panel-head">
        <h2 id="patients-title">Patients {page ? <span className="count">{page.total}</span> : null}</h2>
        <input
          type="search"
          placeholder="Search ID or name"
          aria-label="Search patients"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setOffset(0);
          }}
        />
      </div>
      {error && <p className="error">{error}</p>}
      <table className="grid" aria-label="Patients">
        <thead>
          <tr>
            <th>Patient ID</th>
            <th>Name</th>
            <th className="num">Studies</th>
            <th className="num">Series</th>
            <th className="num">ROIs</th>
            <th>Response</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((p) => (
            <tr
              key={p.patientId}
              className={selected === p.patientId ? 'selected' : ''}
              tabIndex={0}
              aria-selected={selected === p.patientId}
              onClick={() => onSelect(p.patientId)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(p.patientId)}
            >
              <td>{p.patientId}</td>
              <td>{p.patientName}</td>
              <td className="num">{p.studies}</td>
              <td className="num">{p.series}</td>
              <td className="num">{p.rois}</td>
              <td>{p.response ? <span className={`badge r-${p.response}`}>{p.response}</span> : <span className="muted">–</span>}</td>
            </tr>
          ))}
          {page && page.items.length === 0 && (
            <tr>
              <td colSpan={6} className="muted empty">
                {search ? 'No patient matches.' : 'No patients yet: import a DICOM folder.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {page && page.total > PAGE && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            ‹ Previous
          </button>
          <span className="muted small">
            {offset + 1}–{Math.min(offset + PAGE, page.total)} of {page.total}
          </span>
          <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
            Next ›
          </button>
        </div>
      )}
    </section>
  );
}

function PatientPanel({ patientId, version, onOpenSeries, onChanged }: { patientId: string; version: number; onOpenSeries: (uid: string) => void; onChanged: () => void }) {
  const [detail, setDetail] = useState<PatientDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [response, setResponse] = useState<ResponseCategory | ''>('');

  useEffect(() => {
    api()
      .call('patient.get', { patientId })
      .then((d) => {
        setDetail(d);
        setError(null);
        setResponse(d.patient.response ?? '');
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, [patientId, version]);

  const saveLabel = async () => {
    if (!response) return;
    try {
      await api().call('labels.set', { patientId, response });
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };

  if (error) return <section className="panel"><p className="error" role="alert">{error}</p></section>;
  if (!detail) return <section className="panel muted">Loading…</section>;
  const p = detail.patient;
  return (
    <section className="panel grow" aria-labelledby="patient-title">
      <h2 id="patient-title">
        {p.patientName || p.patientId} {p.patientName && p.patientName !== p.patientId && <span className="muted">{p.patientId}</span>}
      </h2>
      <dl className="facts inline">
        <dt>Sex</dt>
        <dd>{p.sex || '–'}</dd>
        <dt>Born</dt>
        <dd>{dicomDate(p.birthDate) || '–'}</dd>
        <dt>Response</dt>
        <dd>
          <select aria-label="Response label" value={response} onChange={(e) => setResponse(e.target.value as ResponseCategory | '')}>
            <option value="">–</option>
            {(['CR', 'PR', 'SD', 'PD'] as const).map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>{' '}
          <button type="button" disabled={!response || response === p.response} onClick={() => void saveLabel()}>
            Save label
          </button>
        </dd>
      </dl>
      {detail.studies.map((st) => (
        <div key={st.studyUid} className="study">
          <h3>
            Study {dicomDate(st.studyDate) || 'undated'} {st.description && `· ${st.description}`}
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
                <th className="num">ROIs</th>
                <th>Warnings</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {st.series.map((se) => (
                <tr key={se.seriesUid}>
                  <td className="num">{se.seriesNumber}</td>
                  <td>{se.description || <span className="muted">(no description)</span>}</td>
                  <td>{se.modality}</td>
                  <td className="num">{se.instances}</td>
                  <td>
                    {se.size.join('×')} <span className="muted small">@ {se.spacing.map((s) => s.toFixed(2)).join('×')} mm</span>
                  </td>
                  <td className="num">{se.rois}</td>
                  <td>
                    {se.warnings.length ? (
                      <span className="warn" title={se.warnings.join('\n')}>
                        ⚠ {se.warnings.length}
                      </span>
                    ) : (
                      <span className="muted">–</span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="primary small" onClick={() => onOpenSeries(se.seriesUid)} aria-label={`Open series ${se.seriesNumber}`}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {st.series.some((se) => se.warnings.length) && (
            <ul className="warnings small">
              {st.series.flatMap((se) => se.warnings.map((w) => <li key={se.seriesUid + w}>⚠ Series {se.seriesNumber}: {w}</li>))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

export function Worklist({
  selected,
  onSelect,
  onOpenSeries,
}: {
  selected: string | null;
  onSelect: (patientId: string) => void;
  onOpenSeries: (seriesUid: string) => void;
}) {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <div className="worklist">
      <div className="column left">
        <ImportPanel onImported={refresh} />
        <PatientList version={version} selected={selected} onSelect={onSelect} />
      </div>
      <div className="column right">
        {selected ? (
          <PatientPanel patientId={selected} version={version} onOpenSeries={onOpenSeries} onChanged={refresh} />
        ) : (
          <section className="panel grow placeholder muted">Select a patient to see studies and series.</section>
        )}
      </div>
    </div>
  );
}
