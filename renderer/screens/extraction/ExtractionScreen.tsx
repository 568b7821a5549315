/**
 * The Features tab: choose a profile and preset (the preset's settings shown read-only, an optional custom
 * settings file), run over the cohort with per-case progress, cancel (cases done stay stored), failed cases
 * with reasons, and the feature sets stored.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelOutput, ExtractionJob, FeatureSetSummary } from '../../../shared/api';
import { api } from '../../api/client';
import { saveBlob } from '../../api/download';
import { errorText, when } from '../patients/common';
import { PresetCell } from './PresetCell';

type Options = ChannelOutput<'extraction.options'>;
type Plan = ChannelOutput<'extraction.plan'>;
const DEFAULT_PRESET = 'paper';

/** The two CSV exports of a feature set: as stored, and de-identified (as `export-features --deidentify`). */
const CSV_EXPORTS = [
  {
    label: 'CSV',
    deidentify: false,
    title: 'One row per ROI: patient_id, series_uid, roi, then one column per feature',
  },
  {
    label: 'CSV, de-identified',
    deidentify: true,
    title:
      'Study codes instead of patient IDs, remapped UIDs, ROI names scrubbed (the mapping stays in this database)',
  },
] as const;

function FeatureSets({ version }: { version: number }) {
  const [sets, setSets] = useState<FeatureSetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const exportCsv = async (featureSetId: number, deidentify: boolean) => {
    setError(null);
    setExporting(true);
    try {
      const table = await api().call('featureSets.csv', { featureSetId, deidentify });
      const name = `radscore-features-${featureSetId}${deidentify ? '-deidentified' : ''}.csv`;
      saveBlob(new Blob([table.csv], { type: 'text/csv' }), name);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setExporting(false);
    }
  };
  useEffect(() => {
    api()
      .call('featureSets.list', {})
      .then(setSets, (err: unknown) => setError(errorText(err)));
  }, [version]);
  return (
    <section className="panel" aria-labelledby="sets-title">
      <h2 id="sets-title">Feature sets stored {sets && <span className="count">{sets.length}</span>}</h2>
      {error && <p className="error">{error}</p>}
      <table className="grid" aria-label="Feature sets">
        <thead>
          <tr>
            <th className="num">ID</th>
            <th>Profile</th>
            <th>Preset and settings</th>
            <th>Settings hash</th>
            <th className="num">Cases</th>
            <th className="num">Features / case</th>
            <th className="num">Failed</th>
            <th>Created</th>
            <th>Export</th>
          </tr>
        </thead>
        <tbody>
          {sets?.map((s) => (
            <tr key={s.id}>
              <td className="num">{s.id}</td>
              <td>{s.profile}</td>
              <td>
                <PresetCell set={s} />
              </td>
              <td>
                <code title={s.settingsHash}>{s.settingsHash.slice(0, 12)}</code>
              </td>
              <td className="num">{s.cases}</td>
              <td className="num">{s.featuresPerCase}</td>
              <td className="num">{s.failed || <span className="muted">0</span>}</td>
              <td className="small nowrap">{when(s.createdAt)}</td>
              <td className="nowrap button-row">
                {CSV_EXPORTS.map((e) => (
                  <button
                    key={e.label}
                    type="button"
                    className="small"
                    disabled={s.cases === 0 || exporting}
                    onClick={() => void exportCsv(s.id, e.deidentify)}
                    title={e.title}
                  >
                    {e.label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
          {sets && sets.length === 0 && (
            <tr>
              <td colSpan={9} className="muted empty">
                No features extracted yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** The preset's own plain-language description (its `description` field), or null. */
function presetDescription(settingsJson: string): string | null {
  try {
    const d = (JSON.parse(settingsJson) as { description?: unknown }).description;
    return typeof d === 'string' && d.trim() ? d : null;
  } catch {
    return null;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** E.g. "40 ROIs named “GTV”: 36 already extracted with these settings (kept), 4 to compute." */
function planText(p: Plan, roiName: string): string {
  const scope = `${plural(p.rois, 'ROI')}${roiName ? ` named “${roiName}”` : ''}`;
  if (p.rois === 0 && roiName && p.roiNames.length)
    return `No ROI named “${roiName}”: the names in the database are ${p.roiNames.map((n) => `“${n}”`).join(', ')}.`;
  if (p.rois === 0) return 'No ROI in the database yet: import contours (RTSTRUCT, SEG) or draw them first.';
  if (p.toCompute === 0)
    return `${scope}: all already extracted with these settings (feature set ${p.featureSetId}).`;
  if (p.stored === 0) return `${scope}: ${p.toCompute} to compute with the ${p.profile} profile.`;
  return `${scope}: ${p.stored} already extracted with these settings (kept), ${p.toCompute} to compute.`;
}

/** Cases a run did not store because their ROI changed during it: the summary says so, a rerun computes them. */
function DiscardedCases({ cases }: { cases: ExtractionJob['discarded'] }) {
  return (
    <div className="csv-errors" role="alert" data-testid="extraction-discarded">
      <p className="warn small">
        {plural(cases.length, 'case')} not stored: the ROI changed during the run (run again to compute an
        edited ROI from its new mask):
      </p>
      <ul className="plain small">
        {cases.map((c) => (
          <li key={c.roi_id}>
            <strong>{c.patient_id}</strong> / {c.roi} (ROI {c.roi_id}): {c.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The ROIs in scope on series extraction refuses, and why (before anything runs). */
function UnusableSeries({ series }: { series: Plan['unusable'] }) {
  return (
    <ul
      className="warnings small"
      data-testid="extraction-unusable"
      aria-label="Series not usable for extraction"
    >
      {series.map((s) => (
        <li key={s.seriesUid}>
          {s.patientId}: {plural(s.rois, 'ROI')} on series {s.seriesUid} will be refused —{' '}
          {s.reasons.join('; ')}
        </li>
      ))}
    </ul>
  );
}

export function ExtractionScreen() {
  const [options, setOptions] = useState<Options | null>(null);
  const [preset, setPreset] = useState<string>('');
  const [profile, setProfile] = useState<string>('');
  const [settingsFile, setSettingsFile] = useState('');
  const [roi, setRoi] = useState('');
  const [job, setJob] = useState<ExtractionJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [plan, setPlan] = useState<{ plan: Plan | null; error: string | null } | null>(null);
  const client = api();

  useEffect(() => {
    client.call('extraction.options', {}).then(
      (o) => {
        setOptions(o);
        setPreset(o.presets.some((p) => p.name === DEFAULT_PRESET) ? DEFAULT_PRESET : '');
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, [client]);

  // A job's new state; the first time a job is seen finished, the feature sets and the plan are reloaded.
  const finishedJobId = useRef<string | null>(null);
  const followJob = useCallback((next: ExtractionJob) => {
    setJob(next);
    if (next.state !== 'running' && finishedJobId.current !== next.jobId) {
      finishedJobId.current = next.jobId;
      setVersion((v) => v + 1);
    }
  }, []);

  // Follow the running job: pushed events, polling as a fallback.
  const runningJobId = job?.state === 'running' ? job.jobId : null;
  useEffect(() => {
    if (!runningJobId) return;
    const jobId = runningJobId;
    const off = client.onEvent((e) => {
      if (e.event === 'extraction.progress' && e.payload.jobId === jobId) followJob(e.payload);
    });
    const timer = setInterval(() => {
      client.call('extraction.status', { jobId }).then(followJob, (err: unknown) => setError(errorText(err)));
    }, 700);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [runningJobId, client, followJob]);

  // What a run with the current choices would do (and whether the settings file is usable), before running;
  // typed fields are asked about once typing pauses.
  useEffect(() => {
    if (!options) return;
    let stale = false;
    const timer = setTimeout(() => {
      client
        .call('extraction.plan', {
          profile: profile || null,
          preset: preset || null,
          settingsFile: settingsFile.trim() || null,
          roi: roi.trim() || null,
        })
        .then(
          (p) => stale || setPlan({ plan: p, error: null }),
          (err: unknown) => stale || setPlan({ plan: null, error: errorText(err) }),
        );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [options, profile, preset, settingsFile, roi, version, client]);

  const start = async () => {
    setError(null);
    try {
      const { jobId } = await client.call('extraction.start', {
        profile: profile || null,
        preset: preset || null,
        settingsFile: settingsFile.trim() || null,
        roi: roi.trim() || null,
      });
      followJob(await client.call('extraction.status', { jobId }));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const cancel = useCallback(async () => {
    if (!job) return;
    try {
      followJob(await client.call('extraction.cancel', { jobId: job.jobId }));
    } catch (err) {
      setError(errorText(err));
    }
  }, [job, client, followJob]);

  const chosen = options?.presets.find((p) => p.name === preset);
  const effectiveProfile = profile || chosen?.defaultProfile || 'ibsi';
  const running = job?.state === 'running';
  return (
    <div className="screen">
      <div className="screen-grid">
        <section className="panel" aria-labelledby="extract-title">
          <h2 id="extract-title">Extract features</h2>
          <div className="form-row">
            <label>
              Preset{' '}
              <select
                aria-label="Preset"
                value={preset}
                onChange={(e) => setPreset(e.target.value)}
                disabled={running}
              >
                <option value="">(none: profile defaults)</option>
                {options?.presets.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Profile{' '}
              <select
                aria-label="Profile"
                value={profile}
                onChange={(e) => setProfile(e.target.value)}
                disabled={running}
              >
                <option value="">default for the preset ({chosen?.defaultProfile ?? 'ibsi'})</option>
                {options?.profiles.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="form-row">
            <label style={{ flex: 1 }}>
              Custom settings file (optional, JSON/YAML, overrides the preset field by field){' '}
              <input
                type="text"
                aria-label="Settings file"
                placeholder="/path/to/settings.yaml"
                value={settingsFile}
                onChange={(e) => setSettingsFile(e.target.value)}
                disabled={running}
                style={{ width: '100%', marginTop: 4 }}
                spellCheck={false}
              />
            </label>
            {client.pickSettingsFile && (
              <button
                type="button"
                disabled={running}
                onClick={async () => {
                  const file = await client.pickSettingsFile?.();
                  if (file) setSettingsFile(file);
                }}
              >
                Choose file…
              </button>
            )}
          </div>
          <div className="form-row">
            <label>
              Only ROIs named{' '}
              <input
                type="text"
                aria-label="ROI name"
                placeholder="all ROIs"
                value={roi}
                onChange={(e) => setRoi(e.target.value)}
                disabled={running}
              />
            </label>
          </div>
          <p className="small plan-line" data-testid="extraction-plan" aria-live="polite">
            {plan?.error ? (
              <span className="error">{plan.error}</span>
            ) : plan?.plan ? (
              planText(plan.plan, roi.trim())
            ) : (
              ' '
            )}
          </p>
          {plan?.plan && plan.plan.unusable.length > 0 && <UnusableSeries series={plan.plan.unusable} />}
          <div className="form-row">
            <button
              type="button"
              className="primary"
              disabled={running || !options || Boolean(plan?.error) || plan?.plan?.rois === 0}
              onClick={() => void start()}
            >
              Run extraction ({effectiveProfile})
            </button>
            <button type="button" disabled={!running} onClick={() => void cancel()}>
              Cancel
            </button>
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {job && (
            <div className="extraction-status" data-testid="extraction-status" data-state={job.state}>
              <div className="progress-line">
                <progress
                  max={Math.max(1, job.total)}
                  value={job.state === 'done' ? Math.max(1, job.total) : job.done}
                  aria-label="Extraction progress"
                />
                <span className="small nowrap" data-testid="extraction-count">
                  {job.done} / {job.total} cases
                </span>
              </div>
              <p className="small">
                {job.state === 'running' &&
                  (job.total ? `Working… last case: ${job.current || '–'}` : 'Preparing…')}
                {job.state === 'done' &&
                  `Done in ${job.seconds} s: feature set ${job.featureSetId} now holds ${job.cases} cases × ${job.featuresPerCase} features (${job.computed} computed in this run).`}
                {job.state === 'cancelled' &&
                  `Cancelled after ${job.done} of ${job.total} cases; the cases completed are stored.`}
                {job.state === 'failed' && <span className="error">Failed: {job.error}</span>}
              </p>
              {job.failed.length > 0 && (
                <div className="csv-errors" role="alert">
                  <p className="error small">{job.failed.length} failed cases:</p>
                  <ul className="plain small">
                    {job.failed.map((f, n) => (
                      <li key={n}>
                        <strong>{f.patient_id}</strong> / {f.roi}: {f.reason}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {job.discarded.length > 0 && <DiscardedCases cases={job.discarded} />}
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby="preset-title">
          <h2 id="preset-title">{chosen ? `Preset “${chosen.name}” settings` : 'Settings'}</h2>
          {chosen ? (
            <>
              {presetDescription(chosen.settings) && (
                <p className="preset-description" data-testid="preset-description">
                  {presetDescription(chosen.settings)}
                </p>
              )}
              <details>
                <summary className="small">Settings as JSON</summary>
                <pre className="settings-json" aria-label="Preset settings" data-testid="preset-settings">
                  {chosen.settings}
                </pre>
              </details>
            </>
          ) : (
            <p className="muted small">
              No preset: no resampling, no re-segmentation, the profile’s own discretisation.
            </p>
          )}
          <p className="muted small">
            Read-only. To change a setting, copy the JSON into a file, edit it and give its path as the custom
            settings file.
          </p>
        </section>
      </div>
      <FeatureSets version={version} />
    </div>
  );
}
