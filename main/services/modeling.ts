/**
 * Modelling service: the paper's pipeline on a feature table (CSV text or an in-memory table), in a worker
 * thread from the app or in-process from the CLI and benchmarks. No database here: storing a fit document
 * as a model version is the store's job (it fills `model_id`).
 */
import type { FitDocument, FitOptions } from '../../shared/modeling/pipeline';
import { fitPipeline } from '../../shared/modeling/pipeline';
import { cvLognet } from '../../shared/modeling/cvlognet';
import { parseFeatureTable, type FeatureTable, type TableColumns } from '../../shared/modeling/table';
import { stratifiedFolds, mulberry32 } from '../../shared/modeling/split';
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
export async function fitFeatureTable(table: FeatureTable, options: Omit<FitOptions, 'progress'> = {}, run: FitRunOptions = {}): Promise<FitDocument> {
  if (run.worker === false) {
    const onProgress = run.onProgress;
    return fitPipeline(table, { ...options, progress: onProgress ? (done, total, label) => onProgress({ done, total, label }) : undefined });
  }
  const opts: RunOptions<FitProgress> = { onProgress: run.onProgress, signal: run.signal };
  return fitPool().run({ table, options }, opts);
}

/** Parses a feature-table CSV (`id,y,split,foldid,features…`, names configurable) and fits it. */
export async function fitCsv(csv: string, columns: TableColumns = {}, options: Omit<FitOptions, 'progress'> = {}, run: FitRunOptions = {}): Promise<FitDocument> {
  return fitFeatureTable(parseFeatureTable(csv, columns), options, run);
}

/**
 * Benchmark entry: times cv.glmnet alone (full path + K fold paths, nlambda 100) on a synthetic
 * standard-normal n × p training matrix with a 5-feature logistic signal, like fixtures' r/timing.R.
 * Returns CPU and wall seconds of the median of `reps` runs after one warm-up.
 */
export function benchmarkCvLognet(n: number, p: number, opts: { seed?: number; reps?: number; folds?: number } = {}): { n: number; p: number; wallSeconds: number; cpuSeconds: number; nLambda: number } {
  const rnd = mulberry32(opts.seed ?? 9009);
  const gauss = () => {
    const u = Math.max(rnd(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const x = new Float64Array(n * p);
  for (let k = 0; k < x.length; k++) x[k] = gauss();
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let eta = -0.4;
    for (let j = 0; j < Math.min(5, p); j++) eta += 0.8 * x[j * Math.floor(p / 5) * n + i];
    y.push(rnd() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
  }
  const foldid = stratifiedFolds(y, opts.folds ?? 10, 1);
  const reps = opts.reps ?? 3;
  cvLognet(x, n, p, y, foldid);
  const wall: number[] = [];
  const cpu: number[] = [];
  let nLambda = 0;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    nLambda = cvLognet(x, n, p, y, foldid).lambda.length;
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const med = (a: number[]) => [...a].sort((u, v) => u - v)[Math.floor(a.length / 2)];
  return { n, p, wallSeconds: med(wall), cpuSeconds: med(cpu), nLambda };
}
