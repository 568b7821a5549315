/**
 * The paper's pipeline on a feature table (CSV text or an in-memory table): in the fit worker thread from
 * the app, in-process from the CLI (`fit-table`) and the benchmarks. No database here: storing a fit
 * document as a model version is models.ts's job (it fills `model_id`).
 */
import type { FitDocument, FitOptions } from '../../shared/modeling/pipeline';
import { fitPipeline } from '../../shared/modeling/pipeline';
import { parseFeatureTable, type FeatureTable, type TableColumns } from '../../shared/modeling/table';
import { WorkerPool, type RunOptions } from '../workers/pool';
import type { FitInput, FitProgress } from '../workers/fit.worker';

export type { FitDocument, FitOptions } from '../../shared/modeling/pipeline';
export type { FitProgress } from '../workers/fit.worker';

export interface FitRunOptions {
  /** Run in a worker thread (default true): keeps the UI / host responsive and allows cancellation. */
  worker?: boolean;
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
}

let pool: WorkerPool<FitInput, FitDocument, FitProgress> | null = null;

function fitPool(): WorkerPool<FitInput, FitDocument, FitProgress> {
  pool ??= new WorkerPool<FitInput, FitDocument, FitProgress>('fit.worker', { size: 1 });
  return pool;
}

/** Closes the fit worker (call on shutdown; an idle pool does not keep the process alive anyway). */
export async function closeModelingWorkers(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** Fits the pipeline on a parsed table. Throws TableError / FitInputError / PreprocessError / LognetError on bad input. */
export async function fitFeatureTable(
  table: FeatureTable,
  options: Omit<FitOptions, 'progress'> = {},
  run: FitRunOptions = {},
): Promise<FitDocument> {
  if (run.worker === false) {
    const onProgress = run.onProgress;
    return fitPipeline(table, {
      ...options,
      progress: onProgress ? (done, total, label) => onProgress({ done, total, label }) : undefined,
    });
  }
  const opts: RunOptions<FitProgress> = { onProgress: run.onProgress, signal: run.signal };
  return fitPool().run({ table, options }, opts);
}

/** Parses a feature-table CSV (`id,y,split,foldid,features…`, names configurable) and fits it. */
export async function fitCsv(
  csv: string,
  columns: TableColumns = {},
  options: Omit<FitOptions, 'progress'> = {},
  run: FitRunOptions = {},
): Promise<FitDocument> {
  return fitFeatureTable(parseFeatureTable(csv, columns), options, run);
}
