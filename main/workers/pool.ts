/**
 * A worker_threads pool for heavy work (series decode, feature extraction, CV fits): sized to the machine,
 * with progress events and cancellation. A task that throws rejects its promise and the worker keeps
 * serving; a cancelled running task terminates its worker (CPU-bound work cannot be interrupted
 * otherwise) and a fresh one is started for the next task.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol';

/**
 * Starts worker `name` (e.g. 'decode.worker'): the TS source under vitest/tsx (through tsx's loader,
 * because Node 20 ignores --import in Worker execArgv), the bundled out/main/workers/<name>.js in the app.
 */
export function createWorker(name: string, opts: WorkerOptions = {}): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const target = new URL(`./${name}.ts`, import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(boot, { ...opts, eval: true });
  }
  // Bundled: this module sits in out/main/ or, code-split, in out/main/chunks/.
  const here = new URL('.', import.meta.url);
  const mainDir = here.pathname.endsWith('/chunks/') ? new URL('..', here) : here;
  // Packaged Electron apps keep worker bundles outside the asar archive (asarUnpack).
  const url = new URL(`workers/${name}.js`, mainDir).href.replace('/app.asar/', '/app.asar.unpacked/');
  return new Worker(new URL(url), opts);
}

/**
 * CPU time (user + system, ms) of the calling thread: the main thread or a worker thread, which
 * process.cpuUsage() cannot tell apart. Linux only (/proc/thread-self); null elsewhere. Resolution 10 ms.
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count from its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * V8 optimises hot functions on helper threads that all isolates of the process share ("concurrent
 * recompilation"). Each worker isolate compiles the same code again, and when a pool's workers already
 * occupy every core those helper threads can only run by preempting the workers: measured on 2 cores, a
 * 2-worker feature extraction spent as much CPU in TurboFan on the helpers as in a third of its cases. Such
 * pools' workers therefore optimise on their own thread. V8 reads the flag when an isolate is created, so it
 * is off only while workers start (until 'online'); isolates that exist already, the main one included, keep
 * concurrent recompilation. A flag given on the command line is left alone.
 */
let startingOwnThreadWorkers = 0;
const userSetRecompilation = process.execArgv.some((a) => a.includes('concurrent-recompilation'));

function createOwnThreadOptimisingWorker(name: string, opts: WorkerOptions): Worker {
  if (userSetRecompilation) return createWorker(name, opts);
  if (startingOwnThreadWorkers++ === 0) setFlagsFromString('--no-concurrent-recompilation');
  let worker: Worker;
  try {
    worker = createWorker(name, opts);
  } catch (err) {
    if (--startingOwnThreadWorkers === 0) setFlagsFromString('--concurrent-recompilation');
    throw err;
  }
  let started = false;
  const onStarted = () => {
    if (started) return;
    started = true;
    if (--startingOwnThreadWorkers === 0) setFlagsFromString('--concurrent-recompilation');
  };
  worker.once('online', onStarted);
  worker.once('error', onStarted);
  worker.once('exit', onStarted);
  return worker;
}

export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'task cancelled') {
    super(message);
  }
}

/** The pool size: $RADSCORE_WORKERS, else the number of cores. */
export function defaultPoolSize(): number {
  const env = Number(process.env.RADSCORE_WORKERS);
  return Number.isInteger(env) && env > 0 ? env : Math.max(1, availableParallelism());
}

export interface RunOptions<P> {
  onProgress?: (progress: P) => void;
  signal?: AbortSignal;
  /** Buffers of the input to transfer instead of copy. */
  transfer?: ArrayBuffer[];
}

interface Task<P> {
  id: number;
  input: unknown;
  opts: RunOptions<P>;
  resolve(v: unknown): void;
  reject(e: Error): void;
  onAbort?: () => void;
}

interface Slot<P> {
  worker: Worker;
  /** Tasks sent to this worker, in the order it runs them: the first is running, the rest wait in the worker. */
  tasks: Task<P>[];
}

export class WorkerPool<In, Out, P = unknown> {
  readonly size: number;
  private readonly slots: Slot<P>[] = [];
  private readonly queue: Task<P>[] = [];
  private nextId = 1;
  private closed = false;

  /** Most tasks a worker holds at once: 1, or 2 with prefetch (the next task waits in the worker). */
  private readonly depth: number;

  /**
   * `prefetch`: give a busy worker its next task before the current one ends, so that it never waits for the
   * main thread between tasks (about 1 ms per feature case, 5 %). For batches of similar tasks: a prefetched
   * task waits for the one ahead of it even if another worker becomes free first.
   */
  constructor(
    private readonly workerName: string,
    opts: { size?: number; workerOptions?: WorkerOptions; prefetch?: boolean } = {},
  ) {
    const size = opts.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`worker pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.depth = opts.prefetch ? 2 : 1;
    this.workerOptions = opts.workerOptions ?? {};
  }

  private readonly workerOptions: WorkerOptions;

  /** Queues a task; resolves with the worker's output, rejects with its error or an AbortError. */
  run(input: In, opts: RunOptions<P> = {}): Promise<Out> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<Out>((resolve, reject) => {
      const task: Task<P> = {
        id: this.nextId++,
        input,
        opts,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (opts.signal) {
        task.onAbort = () => this.cancel(task);
        opts.signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Workers started so far and still alive (they start on demand, up to `size`). */
  get started(): number {
    return this.slots.length;
  }

  /** Number of tasks waiting or running. */
  get pending(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.tasks.length, 0);
  }

  /** Rejects queued tasks, terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) this.finish(t, new Error('worker pool closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) for (const t of s.tasks.splice(0)) this.finish(t, new Error('worker pool closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      // An idle worker first, then a new one, then (with prefetch) the least loaded busy one.
      let slot = this.slots.find((s) => s.tasks.length === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot && this.depth > 1) {
        for (const s of this.slots)
          if (s.tasks.length < this.depth && (!slot || s.tasks.length < slot.tasks.length)) slot = s;
      }
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.tasks.push(task);
      slot.worker.ref();
      const msg: ToWorker = { type: 'run', id: task.id, input: task.input };
      try {
        slot.worker.postMessage(msg, task.opts.transfer ?? []);
      } catch (err) {
        slot.tasks.pop();
        if (!slot.tasks.length) slot.worker.unref();
        this.finish(task, err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  private spawn(): Slot<P> {
    const worker =
      this.size >= availableParallelism()
        ? createOwnThreadOptimisingWorker(this.workerName, this.workerOptions)
        : createWorker(this.workerName, this.workerOptions);
    const slot: Slot<P> = { worker, tasks: [] };
    worker.on('message', (m: FromWorker) => {
      const i = slot.tasks.findIndex((t) => t.id === m.id);
      if (i < 0) return; // a cancelled task that had already started
      const task = slot.tasks[i];
      if (m.type === 'progress') {
        task.opts.onProgress?.(m.progress as P);
        return;
      }
      slot.tasks.splice(i, 1);
      if (!slot.tasks.length) worker.unref(); // an idle pool must not keep the process alive
      if (m.type === 'done') this.finish(task, null, m.output);
      else {
        const e = new Error(m.message);
        if (m.stack) e.stack = m.stack;
        this.finish(task, e);
      }
      this.dispatch();
    });
    // A crash (uncaught error, failed import, exit) loses the worker: fail the task it was running, give the
    // tasks waiting in it to other workers, replace it lazily.
    const lost = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const [running, ...waiting] = slot.tasks.splice(0);
      this.queue.unshift(...waiting);
      if (running) this.finish(running, err);
      void worker.terminate();
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (err) => lost(err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => lost(new Error(`worker ${this.workerName} exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private cancel(task: Task<P>): void {
    const q = this.queue.indexOf(task);
    if (q >= 0) {
      this.queue.splice(q, 1);
      this.finish(task, new AbortError());
      return;
    }
    const slot = this.slots.find((s) => s.tasks.includes(task));
    if (!slot) return;
    const at = slot.tasks.indexOf(task);
    if (at > 0) {
      // Still waiting in the worker: it forgets it, and the running task goes on.
      slot.tasks.splice(at, 1);
      slot.worker.postMessage({ type: 'drop', id: task.id } satisfies ToWorker);
      this.finish(task, new AbortError());
      return;
    }
    // Running: CPU-bound work stops only with its worker. Tasks waiting behind it go to other workers.
    this.slots.splice(this.slots.indexOf(slot), 1);
    const waiting = slot.tasks.splice(0).slice(1);
    this.queue.unshift(...waiting);
    void slot.worker.terminate();
    this.finish(task, new AbortError());
    this.dispatch();
  }

  private finish(task: Task<P>, err: Error | null, output?: unknown): void {
    if (task.onAbort) task.opts.signal?.removeEventListener('abort', task.onAbort);
    if (err) task.reject(err);
    else task.resolve(output);
  }
}
