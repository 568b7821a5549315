/**
 * The Features screen's extraction (channels extraction.*): the profiles and presets to choose from, what a
 * run with given choices would do (plan), and runs as background jobs — one at a time, since they share
 * the worker pool's cores. Progress is kept on the job and pushed as 'extraction.progress' events;
 * cancelling stops between cases, and completed cases stay stored. The extraction itself is extract.ts.
 */
import type { ChannelArgs, ChannelOutput, ExtractionJob } from '../../shared/api';
import {
  countRois,
  findFeatureSet,
  roiNames,
  roisWithoutFeatures,
  unusableSeriesWithRois,
  type Store,
} from '../store/index';
import { defaultPoolSize, WorkerPool } from '../workers/pool';
import type { FeaturesInput, FeaturesOutput } from '../workers/features.worker';
import { found, unavailable, type ChannelContext, type ChannelImplementations } from './channel';
import type { ExtractResult } from './extract';
import { JobRunner, type Job, type JobContext } from './jobs';

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
    unusable: unusableSeriesWithRois(store, roi),
  };
}

/** How long the app keeps idle extraction workers (started, their code optimised) for the next job. */
const IDLE_WORKERS_MS = 5 * 60_000;

/** A run's progress: the profile once resolved, cases (ROIs) handled / to do, the patient of the last one. */
interface ExtractionProgress {
  profile: string;
  done: number;
  total: number;
  current: string;
}

type ExtractionRun = Job<ChannelArgs<'extraction.start'>, ExtractionProgress, ExtractResult>;

/** The API's view of a run (what extraction.status returns and 'extraction.progress' events carry). */
function extractionJob(run: ExtractionRun): ExtractionJob {
  const r = run.result;
  const seconds = run.endedAt === null ? 0 : Math.round((run.endedAt - run.startedAt) / 100) / 10;
  return {
    jobId: run.jobId,
    state: run.state,
    profile: run.progress.profile,
    preset: run.args.preset,
    done: run.progress.done,
    total: run.progress.total,
    current: r ? '' : run.progress.current,
    featureSetId: r ? r.feature_set_id : null,
    cases: r ? r.cases : 0,
    featuresPerCase: r ? r.features_per_case : 0,
    failed: r ? [...r.failed] : [],
    computed: r ? r.computed : 0,
    discarded: r ? [...r.discarded] : [],
    seconds,
    error: run.error,
  };
}

export class ExtractionJobs {
  private readonly runner: JobRunner<ChannelArgs<'extraction.start'>, ExtractionProgress, ExtractResult>;

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
    intervalMs = 150,
  ) {
    this.runner = new JobRunner(
      {
        kind: 'extraction',
        oneAtATime: true,
        initialProgress: (a) => ({ profile: a.profile ?? '', done: 0, total: 0, current: '' }),
        run: (a, job) => this.extract(a, job),
      },
      { intervalMs, onUpdate: (run) => this.emit(extractionJob(run)) },
    );
  }

  private async extract(
    a: ChannelArgs<'extraction.start'>,
    job: JobContext<ExtractionProgress>,
  ): Promise<ExtractResult> {
    try {
      const { defaultProfile, extractFeatures, loadExtractionSettings } = await extractionModules();
      const profile = a.profile ?? defaultProfile(undefined, a.preset ?? undefined);
      const progress = { profile, done: 0, total: 0, current: '' };
      job.progress(progress, { quiet: true });
      const settings = await loadExtractionSettings({
        preset: a.preset ?? undefined,
        settingsFile: a.settingsFile ?? undefined,
      });
      return await extractFeatures(
        this.store,
        { profile, settings, roi: a.roi ?? undefined, workers: a.workers ?? undefined },
        {
          pool: this.workerPool(a.workers ?? defaultPoolSize()),
          signal: job.signal,
          onProgress: (p) => job.progress({ profile, done: p.done, total: p.total, current: p.patient_id }),
        },
      );
    } finally {
      this.closeWorkersWhenIdle();
    }
  }

  /** Calls `listener` with each progress update of every job; returns the unsubscribe function. */
  subscribe(listener: (job: ExtractionJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(job: ExtractionJob): void {
    for (const l of this.listeners) l(job);
  }

  /** Starts a run; throws when one is already running. */
  start(a: ChannelArgs<'extraction.start'>): { jobId: string } {
    return { jobId: this.runner.start(a).jobId };
  }

  status(jobId: string): ExtractionJob | null {
    const run = this.runner.status(jobId);
    return run && extractionJob(run);
  }

  /** Asks the run to stop; resolves once it has (the job then reads 'cancelled' unless it had finished). */
  async cancel(jobId: string): Promise<ExtractionJob | null> {
    if (!this.runner.cancel(jobId)) return null;
    await this.runner.finished(jobId);
    return this.status(jobId);
  }

  /** Stops every running job now (shutdown): nothing is saved after the store closes. */
  abortAll(): void {
    this.runner.cancelWhere();
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
      if (this.runner.running().length === 0) this.closeWorkers();
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
    await this.runner.settle();
  }
}

export function extractionChannels(
  store: Store | undefined,
  jobs: ExtractionJobs | undefined,
  ctx: Pick<ChannelContext, 'emit'>,
): ChannelImplementations<
  'extraction.options' | 'extraction.plan' | 'extraction.start' | 'extraction.status' | 'extraction.cancel'
> {
  if (!store || !jobs)
    return unavailable(
      ['extraction.options', 'extraction.plan', 'extraction.start', 'extraction.status', 'extraction.cancel'],
      'no extraction jobs',
    );
  const emit = ctx.emit;
  if (emit) jobs.subscribe((job) => emit({ event: 'extraction.progress', payload: job }));
  const job = (jobId: string) => `extraction job "${jobId}"`;
  return {
    'extraction.options': () => extractionOptions(),
    'extraction.plan': (a) => extractionPlan(store, a),
    'extraction.start': (a) => jobs.start(a),
    'extraction.status': (a) => found(jobs.status(a.jobId), job(a.jobId)),
    'extraction.cancel': async (a) => found(await jobs.cancel(a.jobId), job(a.jobId)),
  };
}
