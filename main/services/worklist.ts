/**
 * Services behind the worklist, patient page, response labelling and extraction screens: a paged, filtered
 * patient overview computed in SQL (a 1,000-patient cohort stays responsive), the per-patient audit trail,
 * inline clinical edits, label/clinical CSV import from the UI, and extraction runs as cancellable jobs.
 * The API binding (channel → function) is `worklistHandlers` at the end; handlers.ts spreads it in.
 */
import { randomUUID } from 'node:crypto';
import type {
  AuditRow,
  ApiEvent,
  ChannelArgs,
  ChannelOutput,
  ExtractionJob,
  FeatureSetSummary,
  LabelDetail,
  WorklistRow,
} from '../../shared/api';
import { binaryOutcome, type ResponseCategory } from '../../shared/response/outcome';
import {
  appendAudit,
  countRois,
  findFeatureSet,
  getFeatureSet,
  getPatient,
  listFeatureSets,
  listResponses,
  roiNames,
  roisWithoutFeatures,
  setClinicalVariables,
  setResponse,
  type ClinicalVariables,
  type ResponseRecord,
  type Store,
} from '../store/index';
import { nameProblem, ownValue } from '../../shared/names';
import { clinicalValue, importClinicalCsv } from './clinical';
import { deidentifiedFeatureCsv } from './deidentify';
import { featureSetCsv } from './exportFeatures';
import { importLabelsCsv } from './labels';
import { AbortError } from './options';
import { defaultPoolSize, WorkerPool } from '../workers/pool';
import type { FeaturesInput, FeaturesOutput } from '../workers/features.worker';

/**
 * The extraction machinery (feature engine, profiles, JSON presets, worker pool) loads on first use: the rest
 * of the API does not need it, and module loaders without JSON support (Playwright's) can still start a host.
 */
const extractionModules = async () => {
  const [extract, presets, profiles] = await Promise.all([
    import('./extract'),
    import('../../shared/presets/index'),
    import('../../shared/radiomics/profiles/index'),
  ]);
  return { ...extract, ...presets, ...profiles };
};

export type StatusFilter = ChannelArgs<'worklist.list'>['status'];
export type ResponseFilter = ChannelArgs<'worklist.list'>['response'];

interface OverviewRow {
  patient_id: string;
  name: string;
  studies: number;
  series: number;
  images: number;
  rois: number;
  with_features: number;
  response: ResponseCategory | null;
  timepoint: string | null;
  total: number;
}

/** Per-patient counts and the latest label, one row per patient; filters refer to its columns. */
const OVERVIEW = `
  WITH per_series AS (
    SELECT se.id AS series_id, st.patient_id AS pid FROM series se JOIN studies st ON se.study_id = st.id
  ), overview AS (
    SELECT p.patient_id, p.name,
      (SELECT COUNT(*) FROM studies st WHERE st.patient_id = p.id) AS studies,
      (SELECT COUNT(*) FROM per_series ps WHERE ps.pid = p.id) AS series,
      (SELECT COUNT(*) FROM instances i JOIN per_series ps ON i.series_id = ps.series_id WHERE ps.pid = p.id) AS images,
      (SELECT COUNT(*) FROM rois r JOIN per_series ps ON r.series_id = ps.series_id WHERE ps.pid = p.id) AS rois,
      (SELECT COUNT(DISTINCT fv.roi_id) FROM feature_values fv JOIN rois r ON fv.roi_id = r.id
         JOIN per_series ps ON r.series_id = ps.series_id WHERE ps.pid = p.id) AS with_features,
      la.response, la.timepoint
    FROM patients p
    LEFT JOIN response_assessments la ON la.id = (
      SELECT ra.id FROM response_assessments ra WHERE ra.patient_id = p.id ORDER BY ra.assessed_at DESC, ra.id DESC LIMIT 1)
  )`;

const STATUS_SQL: Record<StatusFilter, string> = {
  any: '1',
  'needs-images': 'images = 0',
  'needs-contour': 'images > 0 AND rois = 0',
  'needs-label': 'response IS NULL',
  'needs-features': 'rois > 0 AND with_features < rois',
  complete: 'images > 0 AND rois > 0 AND response IS NOT NULL AND with_features >= rois',
};

const RESPONSE_SQL: Record<ResponseFilter, string> = {
  any: '1',
  unlabelled: 'response IS NULL',
  effective: "response IN ('CR', 'PR')",
  'non-effective': "response IN ('SD', 'PD')",
  CR: "response = 'CR'",
  PR: "response = 'PR'",
  SD: "response = 'SD'",
  PD: "response = 'PD'",
};

function toWorklistRow(r: OverviewRow): WorklistRow {
  return {
    patientId: r.patient_id,
    name: r.name,
    studies: r.studies,
    series: r.series,
    images: r.images,
    rois: r.rois,
    roisWithFeatures: r.with_features,
    response: r.response,
    timepoint: r.timepoint,
    outcome: r.response ? binaryOutcome(r.response) : null,
    status: {
      images: r.images > 0 ? 'done' : 'missing',
      contour: r.rois > 0 ? 'done' : 'missing',
      label: r.response ? 'done' : 'missing',
      features:
        r.rois === 0 || r.with_features === 0 ? 'missing' : r.with_features < r.rois ? 'partial' : 'done',
    },
  };
}

/** One page of the worklist: patients matching the search text, step status and response filters. */
export function worklistPage(store: Store, q: ChannelArgs<'worklist.list'>): ChannelOutput<'worklist.list'> {
  const needle = q.search.trim().toLowerCase();
  const rows = store
    .stmt(
      `${OVERVIEW}
       SELECT *, COUNT(*) OVER () AS total FROM overview
       WHERE (@needle = '' OR instr(lower(patient_id), @needle) > 0 OR instr(lower(name), @needle) > 0)
         AND (${STATUS_SQL[q.status]}) AND (${RESPONSE_SQL[q.response]})
       ORDER BY patient_id LIMIT @limit OFFSET @offset`,
    )
    .all({ needle, limit: q.limit, offset: q.offset }) as OverviewRow[];
  let total = rows[0]?.total;
  if (total === undefined) {
    // The page is past the end (or nothing matches): count without paging.
    total = (
      store
        .stmt(
          `${OVERVIEW} SELECT COUNT(*) AS n FROM overview
           WHERE (@needle = '' OR instr(lower(patient_id), @needle) > 0 OR instr(lower(name), @needle) > 0)
             AND (${STATUS_SQL[q.status]}) AND (${RESPONSE_SQL[q.response]})`,
        )
        .get({ needle }) as { n: number }
    ).n;
  }
  return { total, items: rows.map(toWorklistRow) };
}

function labelDetail(r: ResponseRecord): LabelDetail {
  const stored = r.lesionDiameters;
  // Assessments made with the calculator are stored as an object; CSV imports may store a plain number list.
  const assessment =
    stored && typeof stored === 'object' && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : null;
  const diameters = Array.isArray(stored) ? (stored.filter((d) => typeof d === 'number') as number[]) : null;
  return {
    timepoint: r.timepoint,
    response: r.response,
    outcome: binaryOutcome(r.response),
    assessor: r.assessor,
    time: r.assessedAt,
    assessment,
    diameters,
  };
}

export function patientLabels(store: Store, patientId: string): LabelDetail[] | null {
  if (!getPatient(store, patientId)) return null;
  return listResponses(store, patientId).map(labelDetail);
}

/** Sets (or changes) the label of one patient at one timepoint, with the calculator's figures if any. */
export function assessPatient(
  store: Store,
  a: ChannelArgs<'labels.assess'>,
  actor?: string,
): LabelDetail[] | null {
  const patient = getPatient(store, a.patientId);
  if (!patient) return null;
  setResponse(store, {
    patientRowId: patient.id,
    timepoint: a.timepoint,
    response: a.response,
    assessor: a.assessor,
    lesionDiameters: a.assessment ?? undefined,
    actor,
  });
  return patientLabels(store, a.patientId);
}

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

interface RawAudit {
  id: number;
  entity: string;
  action: string;
  old_json: string | null;
  new_json: string | null;
  actor: string;
  at: string;
}

/**
 * The patient's audit trail, oldest first: label changes (old → new per timepoint), clinical edits per
 * variable, and ROI changes on the patient's series.
 */
export function patientAudit(store: Store, patientId: string): AuditRow[] | null {
  if (!getPatient(store, patientId)) return null;
  const rows = store
    .stmt(
      `SELECT id, entity, action, old_json, new_json, actor, at FROM audit_log
       WHERE (entity = 'clinical' AND entity_id = @pid)
          OR (entity = 'response' AND (json_extract(new_json, '$.patient_id') = @pid OR json_extract(old_json, '$.patient_id') = @pid))
          OR (entity = 'roi' AND coalesce(json_extract(new_json, '$.series_uid'), json_extract(old_json, '$.series_uid')) IN (
                SELECT se.series_uid FROM series se JOIN studies st ON se.study_id = st.id JOIN patients p ON st.patient_id = p.id
                WHERE p.patient_id = @pid))
       ORDER BY id`,
    )
    .all({ pid: patientId }) as RawAudit[];
  const out: AuditRow[] = [];
  for (const r of rows) {
    const oldValue = (r.old_json ? JSON.parse(r.old_json) : null) as Record<string, unknown> | null;
    const newValue = (r.new_json ? JSON.parse(r.new_json) : null) as Record<string, unknown> | null;
    const base = { id: r.id, at: r.at, actor: r.actor, action: r.action };
    if (r.entity === 'response') {
      const timepoint = show(newValue?.timepoint ?? oldValue?.timepoint);
      const describe = (v: Record<string, unknown> | null) =>
        v ? `${show(v.response)}${v.assessor ? ` (${show(v.assessor)})` : ''}` : '—';
      out.push({
        ...base,
        what: `response @ ${timepoint}`,
        from: describe(oldValue),
        to: describe(newValue),
      });
    } else if (r.entity === 'roi') {
      const describe = (v: Record<string, unknown> | null) =>
        v ? `${show(v.name)} (${show(v.voxels)} voxels)` : '—';
      out.push({
        ...base,
        what: `ROI ${show(newValue?.name ?? oldValue?.name)}: ${r.action}`,
        from: describe(oldValue),
        to: describe(newValue),
      });
    } else {
      const keys = new Set([...Object.keys(oldValue ?? {}), ...Object.keys(newValue ?? {})]);
      for (const k of keys)
        out.push({
          ...base,
          what: `clinical: ${k}`,
          from: show(ownValue(oldValue, k)),
          to: show(ownValue(newValue, k)),
        });
    }
  }
  return out;
}

/** Sets one clinical variable (text parsed as a number where it is one; empty = missing), audited. */
export function setClinicalVariable(
  store: Store,
  a: ChannelArgs<'clinical.set'>,
  actor?: string,
): ClinicalVariables | null {
  const patient = getPatient(store, a.patientId);
  if (!patient) return null;
  const problem = nameProblem(a.name);
  if (problem) throw new Error(`clinical variable "${a.name}": ${problem}`);
  const value = clinicalValue(a.value);
  const current = patient.clinical;
  const had = Object.hasOwn(current, a.name);
  if (had && current[a.name] === value) return current;
  const next = { ...current, [a.name]: value };
  store.transaction(() => {
    setClinicalVariables(store, patient.id, next);
    appendAudit(store, {
      entity: 'clinical',
      entityId: a.patientId,
      action: 'update',
      old: had ? { [a.name]: current[a.name] } : {},
      new: { [a.name]: value },
      actor,
    });
  });
  return next;
}

export function featureSetSummaries(store: Store): FeatureSetSummary[] {
  const failures = new Map(
    (
      store
        .stmt(
          `SELECT ef.feature_set_id AS id, COUNT(*) AS n FROM extraction_failures ef
           WHERE NOT EXISTS (SELECT 1 FROM feature_values fv WHERE fv.feature_set_id = ef.feature_set_id AND fv.roi_id = ef.roi_id)
           GROUP BY ef.feature_set_id`,
        )
        .all() as { id: number; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  return listFeatureSets(store).map((s) => ({
    id: s.id,
    profile: s.profile,
    settingsHash: s.settingsHash,
    cases: s.cases,
    featuresPerCase: s.features?.length ?? 0,
    failed: failures.get(s.id) ?? 0,
    createdAt: s.createdAt,
  }));
}

/** 'featureSets.csv': the export-features CSV of one set, optionally de-identified. */
export function featureSetCsvFor(
  store: Store,
  a: ChannelArgs<'featureSets.csv'>,
): ChannelOutput<'featureSets.csv'> {
  if (!getFeatureSet(store, a.featureSetId)) throw new Error(`no feature set ${a.featureSetId}`);
  const table = a.deidentify
    ? deidentifiedFeatureCsv(store, { featureSetId: a.featureSetId })
    : featureSetCsv(store, { featureSetId: a.featureSetId });
  return {
    featureSetId: table.feature_set_id,
    rows: table.rows,
    features: table.features,
    deidentified: a.deidentify,
    csv: table.csv,
  };
}

export async function extractionOptions(): Promise<ChannelOutput<'extraction.options'>> {
  const { defaultProfile, loadPreset, presetNames, profileNames } = await extractionModules();
  return {
    profiles: profileNames(),
    presets: presetNames().map((name) => ({
      name,
      defaultProfile: defaultProfile(undefined, name),
      settings: JSON.stringify(loadPreset(name), null, 2),
    })),
  };
}

/** What an extraction with these choices would compute (see 'extraction.plan'); nothing is written. */
export async function extractionPlan(
  store: Store,
  a: ChannelArgs<'extraction.plan'>,
): Promise<ChannelOutput<'extraction.plan'>> {
  const { defaultProfile, featureSetKey, getProfile, loadExtractionSettings } = await extractionModules();
  const profile = a.profile ?? defaultProfile(undefined, a.preset ?? undefined);
  getProfile(profile); // an unknown profile is an error here, as in a run
  const settings = await loadExtractionSettings({
    preset: a.preset ?? undefined,
    settingsFile: a.settingsFile ?? undefined,
  });
  const roi = a.roi ?? undefined;
  const set = findFeatureSet(store, featureSetKey(profile, settings), profile);
  const rois = countRois(store, roi);
  const toCompute = set ? roisWithoutFeatures(store, set.id, roi).length : rois;
  return {
    profile,
    rois,
    stored: rois - toCompute,
    toCompute,
    featureSetId: set?.id ?? null,
    description: settings?.description ?? null,
    roiNames: roiNames(store),
  };
}

/**
 * Extraction runs as background jobs (one at a time: they share the worker pool's cores). Progress is kept
 * on the job and pushed through `emit`; cancelling stops between cases, and completed cases stay stored.
 */
/** How long the app keeps idle extraction workers (started, their code optimised) for the next job. */
const IDLE_WORKERS_MS = 5 * 60_000;

export class ExtractionJobs {
  private readonly jobs = new Map<
    string,
    { job: ExtractionJob; controller: AbortController; work: Promise<void> }
  >();

  /**
   * The feature workers, kept from one job to the next: each worker's start-up and JIT warm-up (~0.3 s of
   * CPU) then happens once per session instead of once per job, which is what keeps a second worker worth
   * having on a small batch. Closed after IDLE_WORKERS_MS without a job, on a change of worker count, and
   * at shutdown.
   */
  private workers: { pool: WorkerPool<FeaturesInput, FeaturesOutput>; generation: number } | null = null;
  private generation = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  private readonly listeners = new Set<(job: ExtractionJob) => void>();

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 150,
  ) {}

  /** Calls `listener` with each progress update of every job; returns the unsubscribe function. */
  subscribe(listener: (job: ExtractionJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(job: ExtractionJob): void {
    for (const l of this.listeners) l(job);
  }

  start(a: ChannelArgs<'extraction.start'>): { jobId: string } {
    const busy = [...this.jobs.values()].find((j) => j.job.state === 'running');
    if (busy)
      throw new Error(`an extraction is already running (job ${busy.job.jobId}); wait for it or cancel it`);
    const jobId = randomUUID();
    const job: ExtractionJob = {
      jobId,
      state: 'running',
      profile: a.profile ?? '',
      preset: a.preset,
      done: 0,
      total: 0,
      current: '',
      featureSetId: null,
      cases: 0,
      featuresPerCase: 0,
      failed: [],
      seconds: 0,
      error: null,
    };
    const controller = new AbortController();
    let lastSent = 0;
    const publish = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastSent < this.intervalMs) return;
      lastSent = now;
      this.emit({ ...job, failed: [...job.failed] });
    };
    const t0 = Date.now();
    const work = (async () => {
      const { defaultProfile, extractFeatures, loadExtractionSettings } = await extractionModules();
      const profile = a.profile ?? defaultProfile(undefined, a.preset ?? undefined);
      job.profile = profile;
      const settings = await loadExtractionSettings({
        preset: a.preset ?? undefined,
        settingsFile: a.settingsFile ?? undefined,
      });
      const result = await extractFeatures(
        this.store,
        { profile, settings, roi: a.roi ?? undefined, workers: a.workers ?? undefined },
        {
          pool: this.workerPool(a.workers ?? defaultPoolSize()),
          signal: controller.signal,
          onProgress: (p) => {
            job.done = p.done;
            job.total = p.total;
            job.current = p.patient_id;
            publish(false);
          },
        },
      );
      Object.assign(job, {
        state: 'done',
        featureSetId: result.feature_set_id,
        cases: result.cases,
        featuresPerCase: result.features_per_case,
        failed: result.failed,
        current: '',
      });
    })()
      .catch((err: unknown) => {
        if (err instanceof AbortError || controller.signal.aborted) job.state = 'cancelled';
        else {
          job.state = 'failed';
          job.error = err instanceof Error ? err.message : String(err);
        }
      })
      .finally(() => {
        job.seconds = Math.round((Date.now() - t0) / 100) / 10;
        this.closeWorkersWhenIdle();
        publish(true);
      });
    this.jobs.set(jobId, { job, controller, work });
    publish(true);
    return { jobId };
  }

  status(jobId: string): ExtractionJob | null {
    const entry = this.jobs.get(jobId);
    return entry ? { ...entry.job, failed: [...entry.job.failed] } : null;
  }

  /** Asks the run to stop; resolves once it has (the job then reads 'cancelled' unless it had finished). */
  async cancel(jobId: string): Promise<ExtractionJob | null> {
    const entry = this.jobs.get(jobId);
    if (!entry) return null;
    entry.controller.abort();
    await entry.work;
    return this.status(jobId);
  }

  /** Stops every running job now (shutdown): nothing is saved after the store closes. */
  abortAll(): void {
    for (const { controller } of this.jobs.values()) controller.abort();
    this.closeWorkers();
  }

  /** The kept workers: pool size, workers started so far, and which pool (a new one per size change). */
  workerInfo(): { size: number; started: number; generation: number } | null {
    return (
      this.workers && {
        size: this.workers.pool.size,
        started: this.workers.pool.started,
        generation: this.workers.generation,
      }
    );
  }

  private workerPool(size: number): WorkerPool<FeaturesInput, FeaturesOutput> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.workers && this.workers.pool.size !== size) this.closeWorkers();
    this.workers ??= {
      pool: new WorkerPool<FeaturesInput, FeaturesOutput>('features.worker', { size, prefetch: true }),
      generation: ++this.generation,
    };
    return this.workers.pool;
  }

  private closeWorkersWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (![...this.jobs.values()].some((j) => j.job.state === 'running')) this.closeWorkers();
    }, IDLE_WORKERS_MS);
    this.idleTimer.unref?.();
  }

  private closeWorkers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const pool = this.workers?.pool;
    this.workers = null;
    void pool?.close();
  }

  async settle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.work));
  }
}

export type WorklistChannel =
  | 'worklist.list'
  | 'patient.labels'
  | 'patient.audit'
  | 'labels.assess'
  | 'labels.import'
  | 'clinical.set'
  | 'clinical.import'
  | 'extraction.options'
  | 'extraction.plan'
  | 'extraction.start'
  | 'extraction.status'
  | 'extraction.cancel'
  | 'featureSets.list'
  | 'featureSets.csv';

export type WorklistImplementations = {
  [C in WorklistChannel]: (args: ChannelArgs<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

/** What the API layer needs for these screens; bound to one store by createWorklistServices. */
export interface WorklistServices {
  readonly store: Store;
  readonly extraction: ExtractionJobs;
}

export function createWorklistServices(store: Store): WorklistServices {
  return { store, extraction: new ExtractionJobs(store) };
}

/**
 * Channel implementations for these screens. `notFound(what)` builds the front's not-found error, so that
 * this module does not depend on handlers.ts.
 */
export function worklistHandlers(
  s: WorklistServices,
  notFound: (what: string) => Error,
  emit?: (event: ApiEvent) => void,
): WorklistImplementations {
  if (emit) s.extraction.subscribe((job) => emit({ event: 'extraction.progress', payload: job }));
  const found = <T>(value: T | null, what: string): T => {
    if (value === null) throw notFound(what);
    return value;
  };
  const patient = (id: string) => `patient "${id}"`;
  return {
    'worklist.list': (a) => worklistPage(s.store, a),
    'patient.labels': (a) => found(patientLabels(s.store, a.patientId), patient(a.patientId)),
    'patient.audit': (a) => found(patientAudit(s.store, a.patientId), patient(a.patientId)),
    'labels.assess': (a) => found(assessPatient(s.store, a), patient(a.patientId)),
    'labels.import': (a) => importLabelsCsv(s.store, { csv: a.csv }),
    'clinical.set': (a) => ({
      patientId: a.patientId,
      clinical: found(setClinicalVariable(s.store, a), patient(a.patientId)),
    }),
    'clinical.import': (a) => importClinicalCsv(s.store, { csv: a.csv }),
    'extraction.options': () => extractionOptions(),
    'extraction.plan': (a) => extractionPlan(s.store, a),
    'extraction.start': (a) => s.extraction.start(a),
    'extraction.status': (a) => found(s.extraction.status(a.jobId), `extraction job "${a.jobId}"`),
    'extraction.cancel': async (a) =>
      found(await s.extraction.cancel(a.jobId), `extraction job "${a.jobId}"`),
    'featureSets.list': () => featureSetSummaries(s.store),
    'featureSets.csv': (a) => featureSetCsvFor(s.store, a),
  };
}

const WORKLIST_CHANNELS: readonly WorklistChannel[] = [
  'worklist.list',
  'patient.labels',
  'patient.audit',
  'labels.assess',
  'labels.import',
  'clinical.set',
  'clinical.import',
  'extraction.options',
  'extraction.plan',
  'extraction.start',
  'extraction.status',
  'extraction.cancel',
  'featureSets.list',
  'featureSets.csv',
];

/** Implementations that refuse every call: for service sets built without these screens (test fakes). */
export function worklistUnavailable(fail: (message: string) => Error): WorklistImplementations {
  const refuse = (channel: string) => () => {
    throw fail(`${channel}: not available in this host (no worklist services)`);
  };
  return Object.fromEntries(
    WORKLIST_CHANNELS.map((c) => [c, refuse(c)]),
  ) as unknown as WorklistImplementations;
}
