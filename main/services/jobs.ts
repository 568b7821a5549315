/**
 * Long work the API runs in the background (import, extraction, fit; the coming bootstrap and robustness
 * runs), written once: an id per job, its state (running → done | failed | cancelled), progress pushed at
 * most once per interval (start and end always), cancel through an AbortSignal, failures mapped to the
 * API's error kinds, "one at a time" per kind, and status queries.
 *
 * A new kind of job is a JobSpec (what to run and its first progress) and a JobRunner; its channels call
 * `start`, `status`, `cancel`, or `result` to wait for it. The runner keeps finished jobs for status queries
 * until `forget`.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from './channel';
import { errorMessage } from '../../shared/errorMessage';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobContext<P> {
  /** Aborted by `cancel`: stop soon, and leave what is stored consistent. */
  readonly signal: AbortSignal;
  /** Replaces the job's progress and pushes it to the listener (throttled); `quiet` only records it. */
  progress(p: P, opts?: { quiet?: boolean }): void;
}

export interface JobSpec<A, P, R> {
  /** The job's name in messages: 'import', 'extraction', 'fit'. */
  readonly kind: string;
  /** Refuses to start while another job of this kind runs (e.g. they would share the same cores). */
  readonly oneAtATime?: boolean;
  /** Whether the listener hears the start and the end (default true); a job its caller awaits may not need to. */
  readonly announce?: boolean;
  initialProgress(args: A): P;
  run(args: A, ctx: JobContext<P>): Promise<R>;
  /** Progress pushed even inside the interval (e.g. the last step). */
  urgent?(p: P): boolean;
  /** The API error of a failure a caller can act on (bad input, not found); other failures stay as thrown. */
  mapFailure?(err: unknown): ApiError | undefined;
  /** The message of the 'failed' ApiError that `result` throws for a cancelled job. */
  readonly cancelledMessage?: string;
}

export interface Job<A, P, R> {
  readonly jobId: string;
  /** What it was started with. */
  readonly args: A;
  state: JobState;
  progress: P;
  result: R | null;
  /** One line saying why it failed; null unless state is 'failed'. */
  error: string | null;
  /** What the run threw (failed or cancelled), for `result`. */
  failure: unknown;
  /** Date.now() at start and at the end (null while running). */
  readonly startedAt: number;
  endedAt: number | null;
}

export type JobUpdate = 'start' | 'progress' | 'end';

/** "one at a time": the message when a second job of the kind is started. */
export class JobBusyError extends Error {}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

export class JobRunner<A, P, R> {
  private readonly jobs = new Map<
    string,
    { job: Job<A, P, R>; controller: AbortController; ended: Promise<void> }
  >();

  constructor(
    private readonly spec: JobSpec<A, P, R>,
    private readonly options: {
      /** Minimum time between two pushed progress updates (ms; default 150). */
      intervalMs?: number;
      /** Hears each job's start, its (throttled) progress and its end. */
      onUpdate?: (job: Job<A, P, R>, update: JobUpdate) => void;
    } = {},
  ) {}

  /** Starts a job (id: the caller's or a random UUID). Throws JobBusyError when it may not run now. */
  start(args: A, jobId: string = randomUUID()): Job<A, P, R> {
    if (this.isRunning(jobId))
      throw new JobBusyError(`${article(this.spec.kind)} with id "${jobId}" is already running`);
    const busy = this.spec.oneAtATime ? this.running()[0] : undefined;
    if (busy)
      throw new JobBusyError(
        `${article(this.spec.kind)} is already running (job ${busy.jobId}); wait for it or cancel it`,
      );
    const job: Job<A, P, R> = {
      jobId,
      args,
      state: 'running',
      progress: this.spec.initialProgress(args),
      result: null,
      error: null,
      failure: null,
      startedAt: Date.now(),
      endedAt: null,
    };
    const controller = new AbortController();
    const interval = this.options.intervalMs ?? 150;
    const announce = this.spec.announce ?? true;
    let lastSent = 0;
    const send = (update: JobUpdate) => {
      lastSent = Date.now();
      this.options.onUpdate?.(job, update);
    };
    const ctx: JobContext<P> = {
      signal: controller.signal,
      progress: (p, opts) => {
        job.progress = p;
        if (opts?.quiet) return;
        if (Date.now() - lastSent < interval && !this.spec.urgent?.(p)) return;
        send('progress');
      },
    };
    const entry = { job, controller, ended: Promise.resolve() };
    this.jobs.set(jobId, entry);
    if (announce) send('start');
    entry.ended = (async () => this.spec.run(args, ctx))()
      .then(
        (result) => {
          job.state = 'done';
          job.result = result;
        },
        (err: unknown) => {
          job.failure = err;
          const cancelled = controller.signal.aborted || (err instanceof Error && err.name === 'AbortError');
          job.state = cancelled ? 'cancelled' : 'failed';
          if (!cancelled) job.error = errorMessage(err);
        },
      )
      .finally(() => {
        job.endedAt = Date.now();
        if (announce) send('end');
      });
    return job;
  }

  /** The job (live: its fields change while it runs), or null for an unknown id. */
  status(jobId: string): Job<A, P, R> | null {
    return this.jobs.get(jobId)?.job ?? null;
  }

  isRunning(jobId: string): boolean {
    return this.jobs.get(jobId)?.job.state === 'running';
  }

  running(): Job<A, P, R>[] {
    return [...this.jobs.values()].filter((e) => e.job.state === 'running').map((e) => e.job);
  }

  /** Asks the job to stop (returns at once; `finished` tells when it has). Null for an unknown id. */
  cancel(jobId: string): Job<A, P, R> | null {
    const entry = this.jobs.get(jobId);
    entry?.controller.abort();
    return entry?.job ?? null;
  }

  /** Asks every running job that `which` accepts to stop; returns how many were asked. */
  cancelWhere(which: (job: Job<A, P, R>) => boolean = () => true): number {
    let n = 0;
    for (const { job, controller } of this.jobs.values()) {
      if (job.state !== 'running' || !which(job)) continue;
      controller.abort();
      n++;
    }
    return n;
  }

  /** Resolves when the job has ended (never rejects). */
  async finished(jobId: string): Promise<void> {
    await this.jobs.get(jobId)?.ended;
  }

  /**
   * Waits for the job and returns its result; throws the mapped failure (an ApiError where mapFailure
   * knows it, else what the run threw) or, when cancelled, a 'failed' ApiError with cancelledMessage.
   */
  async result(jobId: string): Promise<R> {
    await this.finished(jobId);
    const job = this.status(jobId);
    if (!job) throw new Error(`no ${this.spec.kind} job "${jobId}"`);
    if (job.state === 'done') return job.result as R;
    if (job.state === 'cancelled')
      throw new ApiError('failed', this.spec.cancelledMessage ?? `${this.spec.kind}: cancelled`);
    throw this.spec.mapFailure?.(job.failure) ?? job.failure;
  }

  /** Drops a finished job (a job whose caller awaited its result needs no status afterwards). */
  forget(jobId: string): void {
    if (!this.isRunning(jobId)) this.jobs.delete(jobId);
  }

  /** Resolves when every job started so far has ended (tests, shutdown). */
  async settle(): Promise<void> {
    do await Promise.all([...this.jobs.values()].map((e) => e.ended));
    while ([...this.jobs.values()].some((e) => e.job.endedAt === null));
  }
}
