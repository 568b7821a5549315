/**
 * The Patients tab: the worklist (status of each step per patient, filters, paging in the database) with
 * the DICOM import box, and the patient page once a patient is chosen.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { ChannelInput, ImportJob, WorklistRow } from '../../../shared/api';
import { api } from '../../api/client';
import { errorText, OutcomeText, ResponseBadge, StepChip } from './common';
import { PatientPage } from './PatientPage';
import { formatPersonName } from '../../../shared/dicom/personName';

const PAGE = 25;

/** Under a worklist row: why a series of the patient is refused for extraction, until it is resolved. */
function UnusableRow({ patientId, reasons }: { patientId: string; reasons: string[] }) {
  return (
    <tr className="row-note">
      <td colSpan={8} className="warn small" aria-label={`Not usable for extraction: ${patientId}`}>
        ⚠ Not usable for extraction: {reasons.join('; ')}
      </td>
    </tr>
  );
}
type Query = Required<Pick<ChannelInput<'worklist.list'>, 'search' | 'status' | 'response'>>;

const STATUS_FILTERS: { value: Query['status']; label: string }[] = [
  { value: 'any', label: 'Any status' },
  { value: 'needs-images', label: 'Needs images' },
  { value: 'needs-contour', label: 'Needs contour' },
  { value: 'needs-label', label: 'Needs label' },
  { value: 'needs-features', label: 'Needs features' },
  { value: 'complete', label: 'Complete' },
];
const RESPONSE_FILTERS: { value: Query['response']; label: string }[] = [
  { value: 'any', label: 'Any response' },
  { value: 'effective', label: 'Effective (CR/PR)' },
  { value: 'non-effective', label: 'Not effective (SD/PD)' },
  { value: 'unlabelled', label: 'Unlabelled' },
  { value: 'CR', label: 'CR' },
  { value: 'PR', label: 'PR' },
  { value: 'SD', label: 'SD' },
  { value: 'PD', label: 'PD' },
];

/** Import a folder by path (the browser host has no native picker); follows the job until it ends. */
function ImportBox({ onImported }: { onImported: () => void }) {
  const [path, setPath] = useState('');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const client = api();

  const runningJobId = job?.state === 'running' ? job.jobId : null;
  useEffect(() => {
    if (!runningJobId) return;
    const jobId = runningJobId;
    const off = client.onEvent((e) => {
      if (e.event === 'import.progress' && e.payload.jobId === jobId) setJob(e.payload);
    });
    const timer = setInterval(() => {
      client.call('import.status', { jobId }).then(setJob, (err: unknown) => setError(errorText(err)));
    }, 500);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [runningJobId, client]);

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
  const running = job?.state === 'running';
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
          <button
            type="button"
            disabled={running}
            onClick={async () => {
              const folders = (await client.pickFolders?.()) ?? [];
              if (folders.length) {
                setPath(folders.join('; '));
                await start(folders);
              }
            }}
          >
            Choose folder…
          </button>
        )}
        {running && (
          <button
            type="button"
            onClick={() =>
              job &&
              void client
                .call('import.cancel', { jobId: job.jobId })
                .then(setJob, (err: unknown) => setError(errorText(err)))
            }
          >
            Cancel
          </button>
        )}
      </form>
      {job && (
        <div className="import-status" data-testid="import-status" data-state={job.state}>
          <progress
            max={1}
            value={job.state === 'done' ? 1 : job.total ? job.done / job.total : 0}
            aria-label="Import progress"
          />
          {running && (
            <span className="muted small">
              {job.total ? `${job.done} / ${job.total} files` : 'Scanning…'}
            </span>
          )}
          {job.state === 'failed' && (
            <p className="error" role="alert">
              Import failed: {job.error}
            </p>
          )}
          {job.state === 'cancelled' && (
            <p className="muted small">Import cancelled; what was stored before stopping is kept.</p>
          )}
          {job.result && (
            <p className="small">
              {job.result.files} files: {job.result.patients} patients, {job.result.studies} studies,{' '}
              {job.result.series} series, {job.result.instances} images, {job.result.rois} ROIs
              {job.result.skipped.length ? `, ${job.result.skipped.length} files skipped` : ''}.
            </p>
          )}
          {job.result && job.result.warnings.length > 0 && (
            <ul className="warnings small">
              {job.result.warnings.map((w, n) => (
                <li key={n}>⚠ {w.message}</li>
              ))}
            </ul>
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

function Worklist({ version, onOpen }: { version: number; onOpen: (patientId: string) => void }) {
  const [query, setQuery] = useState<Query>({ search: '', status: 'any', response: 'any' });
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; items: WorklistRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api()
      .call('worklist.list', { ...query, offset, limit: PAGE })
      .then(
        (p) => {
          if (!live) return;
          setPage(p);
          setError(null);
        },
        (err: unknown) => live && setError(errorText(err)),
      );
    return () => {
      live = false;
    };
  }, [query, offset, version]);

  const change = (q: Partial<Query>) => {
    setQuery({ ...query, ...q });
    setOffset(0);
  };
  const filtered = query.search !== '' || query.status !== 'any' || query.response !== 'any';
  return (
    <section className="panel grow" aria-labelledby="patients-title">
      <div className="panel-head">
        <h2 id="patients-title">Worklist {page ? <span className="count">{page.total}</span> : null}</h2>
      </div>
      <div className="filters">
        <input
          type="search"
          placeholder="Search ID or name"
          aria-label="Search patients"
          value={query.search}
          onChange={(e) => change({ search: e.target.value })}
        />
        <select
          aria-label="Status filter"
          value={query.status}
          onChange={(e) => change({ status: e.target.value as Query['status'] })}
        >
          {STATUS_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Response filter"
          value={query.response}
          onChange={(e) => change({ response: e.target.value as Query['response'] })}
        >
          {RESPONSE_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {error && <p className="error">{error}</p>}
      <table className="grid" aria-label="Patients">
        <thead>
          <tr>
            <th>Patient ID</th>
            <th>Name</th>
            <th className="num">Series</th>
            <th className="num">Images</th>
            <th className="num">ROIs</th>
            <th title="Images · Contour · Label · Features">Steps</th>
            <th>Response</th>
            <th>Outcome</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((p) => (
            <Fragment key={p.patientId}>
              <tr
                tabIndex={0}
                onClick={() => onOpen(p.patientId)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen(p.patientId)}
              >
                <td>{p.patientId}</td>
                <td title={p.name}>{formatPersonName(p.name)}</td>
                <td className="num">{p.series}</td>
                <td className="num">{p.images}</td>
                <td className="num">{p.rois}</td>
                <td className="nowrap">
                  <StepChip label="Images" status={p.status.images} />
                  <StepChip label="Contour" status={p.status.contour} />
                  <StepChip label="Label" status={p.status.label} />
                  <StepChip label="Features" status={p.status.features} />
                </td>
                <td>
                  <ResponseBadge response={p.response} />
                </td>
                <td className="small">
                  <OutcomeText response={p.response} />
                </td>
              </tr>
              {p.unusable.length > 0 && <UnusableRow patientId={p.patientId} reasons={p.unusable} />}
            </Fragment>
          ))}
          {page && page.items.length === 0 && (
            <tr>
              <td colSpan={8} className="muted empty">
                {filtered ? 'No patient matches.' : 'No patients yet: import a DICOM folder.'}
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
          <button
            type="button"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next ›
          </button>
        </div>
      )}
      <p className="muted small">
        Steps: images · contour · label · features (✓ done, ◐ partial, ○ missing).
      </p>
    </section>
  );
}

export function PatientsScreen({
  patientId,
  onSelect,
  onOpenSeries,
  onLabel,
}: {
  patientId: string | null;
  onSelect: (patientId: string | null) => void;
  onOpenSeries: (seriesUid: string) => void;
  onLabel: (patientId: string) => void;
}) {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  if (patientId)
    return (
      <PatientPage
        patientId={patientId}
        onBack={() => onSelect(null)}
        onOpenSeries={onOpenSeries}
        onLabel={() => onLabel(patientId)}
      />
    );
  return (
    <div className="screen">
      <ImportBox onImported={refresh} />
      <Worklist version={version} onOpen={onSelect} />
    </div>
  );
}
