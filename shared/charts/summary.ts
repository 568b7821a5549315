/** Text summaries of a fit shared by the HTML report and the model screen: the formula and the performance rows. */
import { formatThreshold, metricsOf, SPLIT_LABEL, splitsPresent, type ChartFit, type Split } from './fit';
import { calibrationFitOf, formatCompactEstimate } from './classification';
import { fixed, formatAucWithCi, formatP } from './theme';

/** Numbers someone must type into another tool to apply the model: 8 significant digits. */
export function exact(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(8))) : String(v);
}

export interface FormulaTerm {
  feature: string;
  coef: number;
}

/**
 * The Rad-score (logistic refit) as intercept + Σ coef × z(feature), and its text form. A selected feature
 * whose coefficient is null (aliased: collinear with earlier terms, R's NA) is not a term; it is listed in
 * `aliased` and named under the formula.
 */
export function radscoreFormula(fit: ChartFit): {
  intercept: number;
  terms: FormulaTerm[];
  aliased: string[];
  text: string;
} {
  const intercept = fit.glm.coef['(Intercept)'] ?? 0;
  const terms: FormulaTerm[] = [];
  const aliased: string[] = [];
  for (const feature of fit.selected) {
    const coef = fit.glm.coef[feature];
    if (typeof coef === 'number') terms.push({ feature, coef });
    else aliased.push(feature);
  }
  const lines = terms.map(
    (t) => `${t.coef < 0 ? '\u2212' : '+'} ${exact(Math.abs(t.coef))} \u00d7 z(${t.feature})`,
  );
  const note = aliased.length
    ? `\n(not in the Rad-score, collinear with the terms above: ${aliased.join(', ')})`
    : '';
  const text = `Rad-score = ${exact(intercept)}\n    ${lines.join('\n    ')}\nprobability(effective) = 1 / (1 + exp(\u2212Rad-score))${note}`;
  return { intercept, terms, aliased, text };
}

export interface PerformanceRow {
  split: Split;
  label: string;
  n: number;
  events: number;
  auc: string;
  /** The TRAINING Youden cut-off, the one applied to every group (classification.ts). */
  threshold: string;
  calibrationSlope: string;
  calibrationIntercept: string;
  calibrationInTheLarge: string;
  hosmerLemeshowP: string;
  brier: string;
}

export const PERFORMANCE_HEADERS = [
  'Group',
  'n',
  'Events',
  'AUC (95% CI, DeLong)',
  'Calibration slope (95% CI)',
  'Calibration intercept (95% CI)',
  'Calibration in the large (95% CI)',
  'Hosmer\u2013Lemeshow p',
  'Brier',
];

export function performanceRows(fit: ChartFit): PerformanceRow[] {
  return splitsPresent(fit).map((split) => {
    const m = metricsOf(fit, split)!;
    const cal = calibrationFitOf(fit, split);
    const ok = 'error' in cal ? undefined : cal;
    return {
      split,
      label: SPLIT_LABEL[split],
      n: m.n,
      events: m.events,
      auc: formatAucWithCi(m.auc, m.auc_ci),
      threshold: formatThreshold(fit.train.threshold),
      calibrationSlope: ok ? formatCompactEstimate(ok.slope) : '\u2014',
      calibrationIntercept: ok ? formatCompactEstimate(ok.intercept) : '\u2014',
      calibrationInTheLarge: ok ? formatCompactEstimate(ok.in_the_large) : '\u2014',
      hosmerLemeshowP: formatP(m.hosmer_lemeshow_p),
      brier: fixed(m.brier),
    };
  });
}

/**
 * The cells as the Models screen shows them: the AUC and each calibration estimate over its CI ("1.000" /
 * "95% CI 0.022–1.978"), so the nine columns fit the page; everything else as performanceCells.
 */
export function performanceCellParts(r: PerformanceRow): { main: string; sub?: string }[] {
  return performanceCells(r).map((text, i) => {
    const m = i >= 3 && i <= 6 ? /^(\S+) \((.+)\)$/.exec(text) : null;
    if (!m) return { main: text };
    return { main: m[1], sub: m[2].startsWith('95% CI') ? m[2] : `95% CI ${m[2]}` };
  });
}

export function performanceCells(r: PerformanceRow): string[] {
  return [
    r.label,
    String(r.n),
    String(r.events),
    r.auc,
    r.calibrationSlope,
    r.calibrationIntercept,
    r.calibrationInTheLarge,
    r.hosmerLemeshowP,
    r.brier,
  ];
}
