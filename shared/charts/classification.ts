/**
 * Classification and calibration figures of each group as the screen, the report and the CSV show them:
 * every proportion at the TRAINING cut-off (applied unchanged to validation) with the counts it comes from
 * and its Clopper–Pearson 95 % CI, the validation group's own Youden point only as a labelled secondary
 * figure, and the calibration slope / intercept / calibration-in-the-large with their CIs.
 *
 * A fit document written since these figures exist carries them (`at_training_cutoff`, `calibration_fit`
 * per group); for an older stored document they are computed here from its per-patient scores with the
 * same pure functions, so every version shows them.
 */
import { calibrationFit, type CalibrationFit } from '../modeling/calibrationCurve';
import { operatingPoint, type OperatingPoint } from '../modeling/operatingPoint';
import { proportion, type Proportion } from '../modeling/proportion';
import {
  metricsOf,
  scoresOf,
  SPLIT_LABEL,
  splitsPresent,
  type ChartFit,
  type Split,
  type SplitMetrics,
} from './fit';
import { fixed } from './theme';
import { errorMessage } from '../errorMessage';

function extras(fit: ChartFit, split: Split): Partial<SplitMetrics> {
  return metricsOf(fit, split) ?? {};
}

/**
 * The group's classification at the training Youden cut-off: stored, or computed from the scores with the
 * training ROC's direction ("<" when the document does not say: higher probability = effective). Null when
 * the training threshold is unknown (NaN).
 */
export function atTrainingCutoff(fit: ChartFit, split: Split): OperatingPoint | null {
  const stored = extras(fit, split).at_training_cutoff;
  if (stored) return stored;
  const t = fit.train.threshold;
  if (Number.isNaN(t)) return null;
  const rows = scoresOf(fit, split);
  if (!rows.length) return null;
  return operatingPoint(
    rows.map((r) => r.y),
    rows.map((r) => r.probability),
    t,
    extras(fit, 'train').direction ?? '<',
  );
}

/** The group's logistic recalibration (slope, intercept, calibration-in-the-large), or why there is none. */
export function calibrationFitOf(fit: ChartFit, split: Split): CalibrationFit | { error: string } {
  const e = extras(fit, split);
  if (e.calibration_fit) return e.calibration_fit;
  if (e.calibration_fit_error) return { error: e.calibration_fit_error };
  const rows = scoresOf(fit, split);
  try {
    return calibrationFit(
      rows.map((r) => r.probability),
      rows.map((r) => r.y),
    );
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/** "0.844 (27/32)"; "— (0/0)" when the denominator is empty. */
export function formatProportion(p: Proportion): string {
  return `${Number.isFinite(p.estimate) ? fixed(p.estimate) : '\u2014'} (${p.k}/${p.n})`;
}

/** "0.672–0.947"; "—" when undefined. */
export function formatCi(ci: readonly [number, number] | readonly number[]): string {
  if (!Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '\u2014';
  return `${fixed(ci[0])}\u2013${fixed(ci[1])}`;
}

/** "0.536 (95% CI 0.188–0.884)". */
export function formatEstimate(e: { estimate: number; ci: readonly [number, number] }): string {
  return `${fixed(e.estimate)} (95% CI ${formatCi(e.ci)})`;
}

export const CLASSIFICATION_MEASURES = [
  ['sensitivity', 'Sensitivity'],
  ['specificity', 'Specificity'],
  ['ppv', 'PPV'],
  ['npv', 'NPV'],
  ['accuracy', 'Accuracy'],
] as const;
export type ClassificationMeasure = (typeof CLASSIFICATION_MEASURES)[number][0];

export interface ClassificationRow {
  split: Split;
  label: string;
  point: OperatingPoint;
}

export interface ClassificationCell {
  /** "0.800 (16/20)". */
  value: string;
  /** "0.563–0.943". */
  ci: string;
}

/**
 * The classification table the screen and the report show: one row per measure (sensitivity … accuracy),
 * one column per group, each cell the proportion with its counts and its CI.
 */
export function classificationTable(fit: ChartFit): {
  headers: string[];
  rows: { measure: string; cells: ClassificationCell[] }[];
} {
  const groups = classificationRows(fit);
  return {
    headers: ['At the training cut-off', ...groups.map((g) => `${g.label} (n = ${g.point.accuracy.n})`)],
    rows: CLASSIFICATION_MEASURES.map(([key, measure]) => ({
      measure,
      cells: groups.map((g) => ({
        value: formatProportion(g.point[key]),
        ci: formatCi(g.point[key].ci),
      })),
    })),
  };
}

/** "0.536 (0.188–0.884)": an estimate with its 95% CI, compactly, or why there is none. */
export function formatCompactEstimate(
  e: { estimate: number; ci: readonly [number, number] } | undefined,
): string {
  if (!e || !Number.isFinite(e.estimate)) return '\u2014';
  return `${fixed(e.estimate)} (${formatCi(e.ci)})`;
}

/** One row per group with its classification at the training cut-off. */
export function classificationRows(fit: ChartFit): ClassificationRow[] {
  return splitsPresent(fit).flatMap((split) => {
    const point = atTrainingCutoff(fit, split);
    return point ? [{ split, label: SPLIT_LABEL[split], point }] : [];
  });
}

/** The cut-off sentence: "p ≥ 0.316 (the training group's Youden point), applied unchanged to validation". */
export function cutoffSentence(fit: ChartFit): string {
  const t = fit.train.threshold;
  const dir = extras(fit, 'train').direction ?? '<';
  if (!Number.isFinite(t))
    return `The training Youden point is at ${t > 0 ? '+' : '\u2212'}\u221e: every patient is predicted ${t > 0 === (dir === '<') ? 'ineffective' : 'effective'}.`;
  return `Predicted effective when the probability is ${dir === '<' ? '\u2265' : '\u2264'} ${fixed(t)} (the training group's Youden cut-off), applied unchanged to validation.`;
}

/**
 * The validation group's own Youden point (what the fit document's `validation.threshold/sensitivity/
 * specificity` hold, as pROC computes it on that group alone): a secondary figure, optimistic by
 * construction. Counts are se·cases and sp·controls.
 */
export function ownYoudenSentence(fit: ChartFit): string | null {
  const v = fit.validation;
  if (!v || !splitsPresent(fit).includes('validation')) return null;
  const cases = v.events;
  const controls = v.n - v.events;
  const se = proportion(Math.round(v.sensitivity * cases), cases);
  const sp = proportion(Math.round(v.specificity * controls), controls);
  const t = Number.isFinite(v.threshold) ? fixed(v.threshold) : String(v.threshold);
  return (
    `Secondary, optimistic: the validation group's own Youden cut-off (p = ${t}, chosen on validation itself) would give ` +
    `sensitivity ${formatProportion(se)} and specificity ${formatProportion(sp)}. The figures above use the training cut-off.`
  );
}

/** CSV of the classification and calibration figures: one row per group and measure (RFC 4180, "." decimals). */
export function performanceCsv(fit: ChartFit): string {
  const lines = ['group,measure,estimate,k,n,ci_lower,ci_upper,cutoff,note'];
  const num = (v: number) =>
    Number.isFinite(v) ? String(v) : v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : 'NA';
  for (const split of splitsPresent(fit)) {
    const m = metricsOf(fit, split)!;
    lines.push(`${split},auc,${num(m.auc)},,,${num(m.auc_ci[0])},${num(m.auc_ci[1])},,DeLong`);
    const point = atTrainingCutoff(fit, split);
    if (point)
      for (const [key] of CLASSIFICATION_MEASURES) {
        const p = point[key];
        lines.push(
          `${split},${key},${num(p.estimate)},${p.k},${p.n},${num(p.ci[0])},${num(p.ci[1])},${num(point.threshold)},training cut-off; Clopper-Pearson`,
        );
      }
    const cal = calibrationFitOf(fit, split);
    if (!('error' in cal))
      for (const key of ['slope', 'intercept', 'in_the_large'] as const)
        lines.push(
          `${split},calibration_${key},${num(cal[key].estimate)},,,${num(cal[key].ci[0])},${num(cal[key].ci[1])},,Wald`,
        );
    lines.push(`${split},hosmer_lemeshow_p,${num(m.hosmer_lemeshow_p)},,,,,,`);
    lines.push(`${split},brier,${num(m.brier)},,,,,,`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
