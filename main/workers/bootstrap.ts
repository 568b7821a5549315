/**
 * The optimism bootstrap of a fit (shared/modeling/bootstrap.ts) shared out over a pool of fit workers:
 * the B resamples go in chunks to the workers (each resample has its own seed, so the result does not depend
 * on the number of workers or the chunking), progress is summed over the chunks, and an abort signal stops
 * every worker. The pool lives for one run.
 */
import { setMaxListeners } from 'node:events';
import {
  apparentPerformance,
  bootstrapProblemFromFit,
  checkBootstrapSettings,
  summariseBootstrap,
  type InternalValidation,
  type ResampleOutcome,
} from '../../shared/modeling/bootstrap';
import type { FitDocument } from '../../shared/modeling/pipeline';
import type { FeatureTable } from '../../shared/modeling/table';
import type { FeatureStageSpec } from '../../shared/modeling/training';
import type { BootstrapChunkInput, FitProgress } from './fit.worker';
import { defaultPoolSize, WorkerPool } from './pool';

export interface BootstrapRunOptions {
  B: number;
  seed: number;
  /** Worker threads (default: $RADSCORE_WORKERS, else the number of cores). */
  workers?: number;
  /** Stages before preprocessing that the fit used (the bootstrap reruns them on every resample). */
  stages?: FeatureStageSpec[];
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
}

/** Chunks per worker: small enough to balance the load, large enough that messages cost nothing. */
const CHUNKS_PER_WORKER = 6;

/**
 * Runs Harrell's optimism bootstrap of the pipeline that produced `doc` from `table`, in worker threads.
 * Rejects with the pool's AbortError when the signal fires.
 */
export async function runBootstrap(
  table: FeatureTable,
  doc: FitDocument,
  opts: BootstrapRunOptions,
): Promise<InternalValidation> {
  const { B, seed } = opts;
  checkBootstrapSettings(B, seed);
  const problem = bootstrapProblemFromFit(table, doc, opts.stages ?? []);
  const size = Math.max(1, Math.min(opts.workers ?? defaultPoolSize(), B));
  const chunk = Math.max(1, Math.ceil(B / (size * CHUNKS_PER_WORKER)));
  const pool = new WorkerPool<BootstrapChunkInput, ResampleOutcome[], FitProgress>('fit.worker', { size });
  // one listener on the caller's signal, however many chunks listen to ours
  const cancel = new AbortController();
  const onAbort = () => cancel.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) cancel.abort();
  setMaxListeners(Math.ceil(B / chunk) + 1, cancel.signal);
  const doneIn = new Map<number, number>();
  let done = 0;
  const report = (from: number, p: FitProgress) => {
    done += p.done - (doneIn.get(from) ?? 0);
    doneIn.set(from, p.done);
    opts.onProgress?.({ done, total: B, label: `bootstrap resample ${done}/${B}` });
  };
  try {
    const runs: Promise<ResampleOutcome[]>[] = [];
    for (let from = 0; from < B; from += chunk) {
      const to = Math.min(B, from + chunk);
      runs.push(
        pool.run(
          { kind: 'bootstrap', problem, seed, from, to },
          { signal: cancel.signal, onProgress: (p) => report(from, p) },
        ),
      );
    }
    const outcomes = (await Promise.all(runs)).flat();
    return summariseBootstrap(problem, apparentPerformance(doc), doc.selected.length, outcomes, B, seed);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}
