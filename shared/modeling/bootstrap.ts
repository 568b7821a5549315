/**
 * Harrell's optimism bootstrap of the whole training pipeline (Harrell, Lee & Mark, Stat Med 1996;
 * Steyerberg, Clinical Prediction Models, ch. 17), exactly as ../shared/fixtures/modeling/bootstrap/bootstrap.R:
 *
 *   apparent  = performance of the reported model on its training rows;
 *   for b = 1…B: draw n training rows with replacement; rerun the training pipeline (trainModel: stages,
 *     outliers → median and z-score with the resample's statistics, cv.glmnet with K folds drawn per
 *     patient — all copies of a row share a fold —, glm refit on the selected features); measure the model
 *     on the resample and on the original training rows; optimism_b = resample − original;
 *   optimism  = mean_b optimism_b;  optimism_sd = SD_b (n−1);  Monte Carlo SE = optimism_sd/√B_used;
 *   corrected = apparent − optimism.
 *
 * Performance of a linear predictor lp against outcomes y: AUC (pROC, direction "<"), calibration slope (the
 * coefficient of glm(y ~ lp, binomial)) and Brier score mean((plogis(lp) − y)²). A constant lp (the LASSO
 * selected nothing: intercept-only model, lp = logit(mean y of the resample)) has AUC 0.5 and slope 1 by
 * convention. A resample holding one outcome class is skipped (not in B_used), as in the R script.
 *
 * Random numbers: resample b (0-based) uses its own mulberry32 stream, seeded with the b-th 32-bit draw of
 * mulberry32(seed); rows are drawn as floor(u·n), folds by a Fisher–Yates shuffle of 1, 2, …, K, 1, 2, …
 * over the distinct rows in order of first draw. Results therefore do not depend on how the resamples are
 * shared out between worker threads.
 */
import { brier } from './calibration';
import type { FitDocument } from './pipeline';
import type { FeatureTable } from './table';
import { glmLogistic } from './glm';
import { rocCurve } from './roc';
import { errorMessage } from '../errorMessage';
import { mulberry32 } from '../random';
import { median, plogis, sd } from './stats';
import {
  featureStageFromSpec,
  modelRadscore,
  trainModel,
  type FeatureStageSpec,
  type TrainingTable,
} from './training';

export interface BootstrapPerformance {
  auc: number;
  slope: number;
  brier: number;
}

/** The `internal_validation` block of the fit document (DESIGN.md §7). */
export interface InternalValidation {
  method: 'bootstrap_optimism';
  B: number;
  /** Resamples that entered the averages (B minus those with one outcome class or that failed). */
  B_used: number;
  seed: number;
  apparent: BootstrapPerformance;
  optimism: BootstrapPerformance;
  optimism_sd: BootstrapPerformance;
  monte_carlo_se: BootstrapPerformance;
  corrected: BootstrapPerformance;
  /** Resamples whose LASSO selected no feature (intercept-only model: AUC 0.5, slope 1 by convention). */
  n_boot_selecting_nothing: number;
  /** Resamples skipped because they held one outcome class only. */
  n_boot_one_class: number;
  /** Resamples the pipeline could not fit, with the reason (left out of B_used). */
  failed: { resample: number; reason: string }[];
  n_selected: { apparent: number; median: number };
  /** Fraction of the B_used resamples whose LASSO selected each candidate feature (largest first). */
  selection_frequency: Record<string, number>;
  /** The pipeline that was rerun. */
  pipeline: { folds: number; lambda: 'min' | '1se'; folds_by: 'patient'; stages: string[] };
}

/** Everything a resample needs (structured-clone friendly: it crosses to worker threads). */
export interface BootstrapProblem {
  /** The original training rows only. */
  table: TrainingTable;
  folds: number;
  lambda: 'min' | '1se';
  imputeNa: boolean;
  dropConstant: boolean;
  stages: FeatureStageSpec[];
}

export type ResampleOutcome =
  | {
      resample: number;
      status: 'ok';
      /** The resample's model measured on the resample. */
      onResample: BootstrapPerformance;
      /** The same model measured on the original training rows. */
      onOriginal: BootstrapPerformance;
      selected: string[];
    }
  | { resample: number; status: 'one_class' }
  | { resample: number; status: 'failed'; reason: string };

const METRICS = ['auc', 'slope', 'brier'] as const;

/**
 * Performance of linear predictor `lp` for outcomes `y` (see the module comment). A constant lp gives
 * AUC 0.5 and slope 1 by convention.
 */
export function bootstrapPerformance(y: ArrayLike<number>, lp: ArrayLike<number>): BootstrapPerformance {
  const prob = Array.from(lp, plogis);
  let constant = true;
  for (let i = 1; i < lp.length; i++) if (lp[i] !== lp[0]) constant = false;
  if (constant) return { auc: 0.5, slope: 1, brier: brier(y, prob) };
  const auc = rocCurve(y, lp, '<').auc;
  const slope = glmLogistic([lp], ['lp'], y).estimate[1];
  return { auc, slope, brier: brier(y, prob) };
}

export class BootstrapSettingsError extends Error {}

/** B a positive integer, the seed an unsigned 32-bit integer. */
export function checkBootstrapSettings(B: number, seed: number): void {
  if (!Number.isInteger(B) || B < 1)
    throw new BootstrapSettingsError(`bootstrap B must be a positive integer, got ${B}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new BootstrapSettingsError(`bootstrap seed must be an integer in 0…4294967295, got ${seed}`);
}

/** Seeds of the B resamples: successive 32-bit draws of mulberry32(seed). */
export function resampleSeeds(seed: number, count: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => Math.floor(next() * 4294967296));
}

/** Rows drawn with replacement, and K folds assigned per distinct row (R: fu[match(rows, unique(rows))]). */
export function drawResample(n: number, K: number, seed: number): { rows: number[]; foldid: number[] } {
  const next = mulberry32(seed);
  const rows = Array.from({ length: n }, () => Math.floor(next() * n));
  const firstSeen = new Map<number, number>();
  for (const r of rows) if (!firstSeen.has(r)) firstSeen.set(r, firstSeen.size);
  const nu = firstSeen.size;
  const fu = Array.from({ length: nu }, (_, k) => (k % K) + 1);
  for (let i = nu - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [fu[i], fu[j]] = [fu[j], fu[i]];
  }
  return { rows, foldid: rows.map((r) => fu[firstSeen.get(r) as number]) };
}

/** Resample b (0-based) with its seed: rerun the pipeline, measure on the resample and on the original rows. */
export function runResample(problem: BootstrapProblem, b: number, seed: number): ResampleOutcome {
  const { table } = problem;
  const n = table.y.length;
  const { rows, foldid } = drawResample(n, problem.folds, seed);
  const yb = rows.map((i) => table.y[i]);
  const events = yb.reduce((s, v) => s + v, 0);
  if (events === 0 || events === n) return { resample: b, status: 'one_class' };
  let lpOf: (i: number) => number;
  let selected: string[];
  try {
    const model = trainModel(table, rows, foldid, {
      lambda: problem.lambda,
      imputeNa: problem.imputeNa,
      dropConstant: problem.dropConstant,
      stages: problem.stages.map(featureStageFromSpec),
    });
    selected = model.selected;
    if (selected.length === 0) {
      const intercept = Math.log(events / n / (1 - events / n)); // qlogis(mean(y_b))
      lpOf = () => intercept;
    } else lpOf = (i) => modelRadscore(model, i);
  } catch (err) {
    return { resample: b, status: 'failed', reason: errorMessage(err) };
  }
  const original = Array.from({ length: n }, (_, i) => i);
  return {
    resample: b,
    status: 'ok',
    onResample: bootstrapPerformance(yb, rows.map(lpOf)),
    onOriginal: bootstrapPerformance(table.y, original.map(lpOf)),
    selected,
  };
}

/** Resamples from…to−1 of a run with `seed` (the unit of work a worker thread gets). */
export function runResamples(
  problem: BootstrapProblem,
  seed: number,
  from: number,
  to: number,
  onDone?: (outcome: ResampleOutcome) => void,
): ResampleOutcome[] {
  const seeds = resampleSeeds(seed, to);
  const out: ResampleOutcome[] = [];
  for (let b = from; b < to; b++) {
    const o = runResample(problem, b, seeds[b]);
    out.push(o);
    onDone?.(o);
  }
  return out;
}

const perMetric = (f: (m: (typeof METRICS)[number]) => number): BootstrapPerformance => ({
  auc: f('auc'),
  slope: f('slope'),
  brier: f('brier'),
});

/** Combines the resamples (in any order) into the internal_validation block. */
export function summariseBootstrap(
  problem: BootstrapProblem,
  apparent: BootstrapPerformance,
  nSelectedApparent: number,
  outcomes: readonly ResampleOutcome[],
  B: number,
  seed: number,
): InternalValidation {
  const sorted = [...outcomes].sort((a, b) => a.resample - b.resample);
  if (sorted.length !== B || sorted.some((o, b) => o.resample !== b))
    throw new Error(`bootstrap: ${sorted.length} resample results for B = ${B}`);
  const ok = sorted.filter((o) => o.status === 'ok');
  const series = { auc: [] as number[], slope: [] as number[], brier: [] as number[] };
  const counts = new Map<string, number>();
  for (const o of ok) {
    for (const m of METRICS) series[m].push(o.onResample[m] - o.onOriginal[m]);
    for (const f of o.selected) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const used = ok.length;
  const meanOf = (x: number[]) => (x.length ? x.reduce((s, v) => s + v, 0) / x.length : NaN);
  const optimism = perMetric((m) => meanOf(series[m]));
  const optimismSd = perMetric((m) => sd(series[m]));
  const frequency: Record<string, number> = {};
  const features = [...problem.table.features];
  features
    .map((f, k) => ({ f, k, c: counts.get(f) ?? 0 }))
    .sort((a, b) => b.c - a.c || a.k - b.k)
    .forEach(({ f, c }) => {
      frequency[f] = used ? c / used : NaN;
    });
  return {
    method: 'bootstrap_optimism',
    B,
    B_used: used,
    seed,
    apparent,
    optimism,
    optimism_sd: optimismSd,
    monte_carlo_se: perMetric((m) => optimismSd[m] / Math.sqrt(used)),
    corrected: perMetric((m) => apparent[m] - optimism[m]),
    n_boot_selecting_nothing: ok.filter((o) => o.selected.length === 0).length,
    n_boot_one_class: sorted.filter((o) => o.status === 'one_class').length,
    failed: sorted.flatMap((o) =>
      o.status === 'failed' ? [{ resample: o.resample + 1, reason: o.reason }] : [],
    ),
    n_selected: { apparent: nSelectedApparent, median: median(ok.map((o) => o.selected.length)) },
    selection_frequency: frequency,
    pipeline: {
      folds: problem.folds,
      lambda: problem.lambda,
      folds_by: 'patient',
      stages: problem.stages.map((spec) => featureStageFromSpec(spec).name),
    },
  };
}

/** The bootstrap problem of a fitted table: its training rows and the options the fit used. */
export function bootstrapProblemFromFit(
  table: FeatureTable,
  doc: FitDocument,
  stages: FeatureStageSpec[] = [],
): BootstrapProblem {
  const rows = table.ids.flatMap((id, i) => (doc.split.by_id[id] === 'train' ? [i] : []));
  return {
    table: {
      features: [...table.features],
      columns: table.columns.map((col) => Float64Array.from(rows, (i) => col[i])),
      y: rows.map((i) => table.y[i]),
    },
    folds: doc.options.folds,
    lambda: doc.options.lambda,
    imputeNa: doc.preprocessing.impute_na,
    dropConstant: doc.preprocessing.drop_constant,
    stages,
  };
}

/** The fitted model's own performance on its training rows (from the fit document's Rad-scores). */
export function apparentPerformance(doc: FitDocument): BootstrapPerformance {
  const train = doc.scores.filter((s) => s.split === 'train');
  return bootstrapPerformance(
    train.map((s) => s.y),
    train.map((s) => s.radscore),
  );
}

export interface BootstrapOptions {
  B: number;
  seed: number;
  /** Called after each resample with the number done. */
  progress?: (done: number, total: number) => void;
}

/** The whole bootstrap in this thread (tests, and callers without worker threads). */
export function bootstrapOptimism(
  table: FeatureTable,
  doc: FitDocument,
  opts: BootstrapOptions,
): InternalValidation {
  checkBootstrapSettings(opts.B, opts.seed);
  const problem = bootstrapProblemFromFit(table, doc);
  let done = 0;
  const outcomes = runResamples(problem, opts.seed, 0, opts.B, () => opts.progress?.(++done, opts.B));
  return summariseBootstrap(
    problem,
    apparentPerformance(doc),
    doc.selected.length,
    outcomes,
    opts.B,
    opts.seed,
  );
}
