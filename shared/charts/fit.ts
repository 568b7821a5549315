/**
 * What the charts and the report read of a fit document: its chart view (ChartFit), described once by the
 * fit document's schema (shared/modeling/fitDocument.ts), and the helpers every chart shares. The
 * modelling module's FitDocument is a ChartFit; so is a fit built from R's reference (referenceFit.ts).
 */
import {
  parseChartFit,
  type ChartFit,
  type ChartScoreRow,
  type ChartSplitMetrics,
  type Table1Stats,
} from '../modeling/fitDocument';

export type {
  CalibrationRow,
  ChartFit,
  CoefficientPath,
  NetBenefitRow,
  RocTestEntry,
  Table1Stats,
} from '../modeling/fitDocument';
export type SplitMetrics = ChartSplitMetrics;
export type ScoreRow = ChartScoreRow;
export type Split = 'train' | 'validation';

/** One row of Table 1 (characteristics by outcome in the training group), already formatted. */
export interface Table1Row {
  variable: string;
  effective: string;
  ineffective: string;
  p: number | null;
  test: string;
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
 * Checks that a parsed JSON document carries what the charts need (DESIGN §6) and returns it typed, with
 * the non-finite numbers JSON stored as null read back. Throws naming the first missing or malformed field.
 */
export function asChartFit(doc: unknown): ChartFit {
  return parseChartFit(doc);
}
