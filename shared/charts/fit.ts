/**
 * The part of the fit document (DESIGN §6) that the charts and the report read.
 *
 * Written against the field list of DESIGN §6 so that the modelling module's `FitDocument` is assignable to
 * it; everything beyond §6's minimum is optional and the charts that need it say so when it is missing.
 */

/** One decile group of the Hosmer–Lemeshow table (the calibration rows). */
export interface CalibrationRow {
  n: number;
  observed_events: number;
  expected_events?: number;
  mean_predicted: number;
  observed_rate: number;
  interval?: string;
}

export interface SplitMetrics {
  n: number;
  events: number;
  auc: number;
  /** DeLong 95 % CI [lower, upper]. */
  auc_ci: [number, number] | number[];
  /**
   * Youden cut-off on the probability scale (pROC midpoint). ±Infinity when pROC's best point is one of
   * its end thresholds (every patient called effective / ineffective: an intercept-only model, where all
   * probabilities are equal), NaN when unknown; JSON stores these as null (see asChartFit).
   */
  threshold: number;
  sensitivity: number;
  specificity: number;
  hosmer_lemeshow_p: number;
  brier: number;
  calibration: CalibrationRow[];
  decision_curve?: NetBenefitRow[];
  /** Why rms::val.prob is missing (every probability exactly 0 or 1, or one class left), when it is. */
  val_prob_error?: string;
}

export type Split = 'train' | 'validation';

export interface ScoreRow {
  id: string;
  split: Split | string;
  y: number;
  /** a0 + z·β with the LASSO coefficients at the chosen λ. */
  radscore_lasso: number;
  /** The refitted logistic model's linear predictor (the Rad-score). */
  radscore: number;
  probability: number;
}

/**
 * glmnet's coefficient path on the λ sequence of `lasso.lambda`: `beta[k]` maps each feature that is
 * non-zero at λ_k to its coefficient (z scale); absent features are 0. As `fitPipeline` writes it.
 */
export interface CoefficientPath {
  a0?: number[];
  beta: Record<string, number>[];
}

export type RocTestEntry =
  { auc1: number; auc2: number; statistic_Z: number; p_value: number; method: string } | { error: string };

/** Decision-curve rows as the modelling module writes them per split. */
export interface NetBenefitRow {
  threshold: number;
  model: number;
  treat_all: number;
}

export interface ChartFit {
  model_id: string | number | null;
  /** Fit settings; `lambda` is the rule the selected features come from. */
  options?: {
    split_seed?: number;
    train_fraction?: number;
    folds?: number;
    fold_seed?: number;
    lambda?: 'min' | '1se';
  };
  software?: { version: string };
  features_in: number | string[];
  preprocessing: {
    dropped_features?: string[];
    dropped?: string[];
    outliers_replaced?: number | { train: number; validation: number };
    total_outliers_train?: number;
    total_outliers_validation?: number;
    /** Statistics needed to apply the model to a new case (per feature). */
    features?: string[];
    median?: number[];
    lower?: number[];
    upper?: number[];
    clean_mean?: number[];
    clean_sd?: number[];
  };
  lasso: {
    lambda: number[];
    cvm: number[];
    cvsd: number[];
    nzero?: number[];
    lambda_min: number;
    lambda_1se: number;
    coef_min: Record<string, number>;
    coef_1se: Record<string, number>;
    path?: CoefficientPath;
    warnings?: string[];
  };
  selected: string[];
  glm: {
    /** null: an aliased (collinear) term, R's NA, left out of the Rad-score. */
    coef: Record<string, number | null>;
    se: Record<string, number | null>;
    p: Record<string, number | null>;
    aliased?: string[];
    converged?: boolean;
    warnings?: string[];
  };
  /** Why the validation metrics are missing, when they are. */
  validation_error?: string;
  /** Paired DeLong tests per split (pROC roc.test), as fitPipeline writes them. */
  roc_test?: {
    single_feature: string | null;
    glm_vs_single_feature: Record<string, RocTestEntry>;
    lasso_min_vs_lasso_1se: Record<string, RocTestEntry>;
  };
  train: SplitMetrics;
  validation: SplitMetrics | null;
  scores: ScoreRow[];
  /** Training values by outcome for some features (fitPipeline: the first 5 and the first 3 selected). */
  table1?: Record<string, Table1Stats>;
}

/** One row of Table 1 (characteristics by outcome in the training group), already formatted. */
export interface Table1Row {
  variable: string;
  effective: string;
  ineffective: string;
  p: number | null;
  test: string;
}

/** Per-variable statistics by outcome (y0 = ineffective, y1 = effective), as R's table1 and fitPipeline write them. */
export interface Table1Stats {
  n: { y0: number; y1: number };
  mean: { y0: number; y1: number };
  sd: { y0: number; y1: number };
  welch_t?: { p_value: number } | { error: string };
}

/**
 * A Table 1 figure to `digits` significant digits; very small or large magnitudes in exponent form
 * (a texture feature's 0.00000494 reads 4.94e-6), never a column of zeros.
 */
export function tableNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6))
    return v
      .toExponential(digits - 1)
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

/** Table 1 rows from per-variable statistics by outcome (R's `table1$stats`, or the fit document's `table1`). */
export function table1Rows(stats: Record<string, Table1Stats>): Table1Row[] {
  const fmt = (m: number, s: number) => `${tableNumber(m, 4)} ± ${tableNumber(s, 3)}`;
  return Object.keys(stats).map((variable) => {
    const s = stats[variable];
    return {
      variable,
      effective: `${fmt(s.mean.y1, s.sd.y1)} (n\u00a0=\u00a0${s.n.y1})`,
      ineffective: `${fmt(s.mean.y0, s.sd.y0)} (n\u00a0=\u00a0${s.n.y0})`,
      p: s.welch_t && 'p_value' in s.welch_t ? s.welch_t.p_value : null,
      test: 'Welch t-test',
    };
  });
}

/**
 * Why the model has no usable cut-off on the Rad-score, or null when the training Youden threshold is a
 * probability. An infinite threshold is pROC's end point (sensitivity 1 at −∞, specificity 1 at +∞): the
 * Youden index cannot split the group, typically because every patient has the same probability.
 */
export function noCutoffReason(fit: ChartFit): string | null {
  const t = fit.train.threshold;
  if (Number.isFinite(t)) return null;
  const same =
    fit.selected.length === 0
      ? 'the LASSO selected no feature, so the model is intercept-only and gives every patient the same probability; '
      : '';
  const end =
    t === -Infinity
      ? 'the training Youden point is at threshold −∞ (every patient predicted effective: sensitivity 1, specificity 0)'
      : t === Infinity
        ? 'the training Youden point is at threshold +∞ (every patient predicted ineffective: sensitivity 0, specificity 1)'
        : 'the training Youden threshold is not recorded';
  return `No cut-off: ${same}${end}, so no Youden point is drawn and the Rad-score does not separate patients.`;
}

/** A Youden threshold for tables: the probability, or what an infinite / missing one means. */
export function formatThreshold(t: number, digits = 3): string {
  if (t === -Infinity) return '−∞ (all effective)';
  if (t === Infinity) return '+∞ (all ineffective)';
  if (!Number.isFinite(t)) return '—';
  const s = t.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Everything the fit flagged (non-convergence, separation, glmnet warnings, missing validation), for display. */
export function fitWarnings(fit: ChartFit): string[] {
  const out: string[] = [];
  const noCutoff = noCutoffReason(fit);
  if (noCutoff) out.push(noCutoff);
  if (fit.glm.converged === false)
    out.push(
      'The logistic refit did not converge (often complete separation): coefficients, SEs and p-values are not meaningful.',
    );
  for (const w of fit.glm.warnings ?? []) out.push(`Logistic refit: ${w}`);
  for (const w of fit.lasso.warnings ?? []) out.push(`LASSO: ${w}`);
  if (fit.validation_error) out.push(`Validation: ${fit.validation_error}`);
  for (const split of ['train', 'validation'] as const) {
    const reason = fit[split]?.val_prob_error;
    if (reason)
      out.push(
        `${SPLIT_LABEL[split]}: ${reason} (the ROC, DeLong CI, Youden point, Hosmer\u2013Lemeshow and Brier figures are computed)`,
      );
  }
  return [...new Set(out)];
}

export function isSplit(s: string): s is Split {
  return s === 'train' || s === 'validation';
}

export const SPLIT_LABEL: Record<Split, string> = { train: 'Training', validation: 'Validation' };

/** Rows of one split (validation rows only exist when the document has a validation group). */
export function scoresOf(fit: ChartFit, split: Split): ScoreRow[] {
  return fit.scores.filter((s) => s.split === split);
}

export function metricsOf(fit: ChartFit, split: Split): SplitMetrics | null {
  return split === 'train' ? fit.train : fit.validation;
}

/** The splits that have patients, in display order. */
export function splitsPresent(fit: ChartFit): Split[] {
  const out: Split[] = ['train'];
  if (fit.validation && fit.validation.n > 0 && scoresOf(fit, 'validation').length > 0)
    out.push('validation');
  return out;
}

/**
 * Checks that a parsed JSON document carries what the charts need (DESIGN §6) and returns it typed.
 * Throws naming the first missing or malformed field.
 */
export function asChartFit(doc: unknown): ChartFit {
  const where = (path: string) => `fit document: ${path}`;
  const obj = (v: unknown, path: string): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new Error(`${where(path)} must be an object`);
    return v as Record<string, unknown>;
  };
  const nums = (v: unknown, path: string): void => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number'))
      throw new Error(`${where(path)} must be an array of numbers`);
  };
  const num = (v: unknown, path: string): void => {
    if (typeof v !== 'number') throw new Error(`${where(path)} must be a number`);
  };
  const d = { ...obj(doc, '(root)') };
  if (!('model_id' in d)) throw new Error(`${where('model_id')} is missing`);
  const lasso = obj(d.lasso, 'lasso');
  for (const k of ['lambda', 'cvm', 'cvsd']) nums(lasso[k], `lasso.${k}`);
  for (const k of ['lambda_min', 'lambda_1se']) num(lasso[k], `lasso.${k}`);
  for (const k of ['coef_min', 'coef_1se']) obj(lasso[k], `lasso.${k}`);
  if (!Array.isArray(d.selected) || d.selected.some((s) => typeof s !== 'string'))
    throw new Error(`${where('selected')} must be an array of feature names`);
  const glm = obj(d.glm, 'glm');
  for (const k of ['coef', 'se', 'p']) obj(glm[k], `glm.${k}`);
  obj(d.preprocessing, 'preprocessing');
  for (const split of ['train', 'validation'] as const) {
    if (split === 'validation' && (d.validation === null || d.validation === undefined)) continue;
    const m = { ...obj(d[split], split) };
    // A statistic that is undefined for this fit (e.g. Hosmer–Lemeshow with one distinct probability) is NaN
    // in the pipeline and null once stored as JSON: read it back as NaN.
    if (m.hosmer_lemeshow_p === null) m.hosmer_lemeshow_p = NaN;
    // pROC's Youden threshold is ±Inf when its best point is an end of the curve (an intercept-only model:
    // all probabilities equal). JSON stores it as null; the operating point tells which end it was.
    if (m.threshold === null)
      m.threshold =
        m.sensitivity === 1 && m.specificity === 0
          ? -Infinity
          : m.sensitivity === 0 && m.specificity === 1
            ? Infinity
            : NaN;
    d[split] = m;
    for (const k of [
      'n',
      'events',
      'auc',
      'threshold',
      'sensitivity',
      'specificity',
      'hosmer_lemeshow_p',
      'brier',
    ])
      num(m[k], `${split}.${k}`);
    nums(m.auc_ci, `${split}.auc_ci`);
    if (!Array.isArray(m.calibration))
      throw new Error(`${where(`${split}.calibration`)} must be an array of decile rows`);
  }
  if (!Array.isArray(d.scores)) throw new Error(`${where('scores')} must be an array of per-case scores`);
  d.scores.forEach((s, i) => {
    const r = obj(s, `scores[${i}]`);
    for (const k of ['y', 'radscore', 'probability']) num(r[k], `scores[${i}].${k}`);
  });
  return d as unknown as ChartFit;
}
