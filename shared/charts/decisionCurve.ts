/** Decision curve analysis (Vickers & Elkin 2006): net benefit of the model vs treat-all vs treat-none. */
import * as Plot from '@observablehq/plot';
import { metricsOf, scoresOf, SPLIT_LABEL, type ChartFit, type Split } from './fit';
import { unavailable, type ChartSpec } from './spec';
import { baseOptions, legendMarks, MUTED, OKABE_ITO, type LegendItem } from './theme';

export interface NetBenefitPoint {
  threshold: number;
  model: number;
  treatAll: number;
}

/**
 * Net benefit at threshold probability pt: NB = TP/n − FP/n · pt/(1 − pt), a patient being "treated as
 * effective" when p ≥ pt. Treat-all: NB = π − (1 − π)·pt/(1 − pt) with π the event rate; treat-none is 0.
 */
export function netBenefit(y: ArrayLike<number>, p: ArrayLike<number>, thresholds: readonly number[]): NetBenefitPoint[] {
  const n = y.length;
  if (n === 0 || p.length !== n) throw new Error(`netBenefit: need equal, non-empty outcomes and probabilities (got ${n} and ${p.length})`);
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i];
  const prevalence = events / n;
  return thresholds.map((pt) => {
    if (!(pt > 0 && pt < 1)) throw new Error(`netBenefit: threshold ${pt} must lie in (0, 1)`);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] >= pt) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    const odds = pt / (1 - pt);
    return { threshold: pt, model: tp / n - (fp / n) * odds, treatAll: prevalence - (1 - prevalence) * odds };
  });
}

/** Thresholds 0.01, 0.02, …, 0.99. */
export const DCA_THRESHOLDS: readonly number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

export function decisionCurveChart(fit: ChartFit, split: Split): ChartSpec {
  const id = `decision-curve-${split}`;
  const title = `Decision curve — ${SPLIT_LABEL[split].toLowerCase()} group`;
  const rows = scoresOf(fit, split);
  if (rows.length === 0) return unavailable(id, title, `no ${SPLIT_LABEL[split].toLowerCase()} patients in the fit document`);
  // The fit document's own curve when it has one; computed from the scores otherwise.
  const stored = metricsOf(fit, split)?.decision_curve;
  const points: NetBenefitPoint[] = stored
    ? stored.map((d) => ({ threshold: d.threshold, model: d.model, treatAll: d.treat_all }))
    : netBenefit(
        rows.map((r) => r.y),
        rows.map((r) => r.probability),
        DCA_THRESHOLDS,
      );
  const prevalence = rows.reduce((s, r) => s + r.y, 0) / rows.length;
  // Treat-all plunges below zero as pt → 1; show down to a little under zero, as is customary.
  const yMin = -Math.max(0.05, prevalence * 0.25);
  const yMax = Math.max(prevalence, ...points.map((d) => d.model)) + 0.03;
  const clip = (v: number) => (v < yMin ? NaN : v); // NaN breaks the line instead of drawing outside the frame
  const series = points.flatMap((d) => [
    { threshold: d.threshold, nb: clip(d.model), curve: 'model' },
    { threshold: d.threshold, nb: clip(d.treatAll), curve: 'all' },
  ]);
  const legend: LegendItem[] = [
    { label: 'Rad-score model', colour: OKABE_ITO.blue, swatch: 'line' },
    { label: 'Treat all as effective', colour: OKABE_ITO.orange, swatch: 'line' },
    { label: 'Treat none', colour: MUTED, swatch: 'line' },
  ];
  return {
    id,
    title,
    caption:
      `Net benefit of deciding by the model (predict effective when p ≥ threshold) in the ${SPLIT_LABEL[split].toLowerCase()} group ` +
      `(n = ${rows.length}, ${Math.round(prevalence * 100)}% effective), against treating everyone or no one. ` +
      'The model is useful at thresholds where its curve lies above both.',
    plot: {
      ...baseOptions(),
      x: { label: 'Threshold probability', domain: [0, 1], labelAnchor: 'center', labelArrow: 'none', grid: true },
      y: { label: 'Net benefit (true positives per patient)', domain: [yMin, yMax], labelAnchor: 'center', labelArrow: 'none', grid: true },
      marks: [
        Plot.ruleY([0], { stroke: MUTED, strokeWidth: 1.5 }),
        Plot.line(
          series.filter((s) => s.curve === 'all'),
          { x: 'threshold', y: 'nb', stroke: OKABE_ITO.orange, strokeWidth: 1.5, strokeDasharray: '6,3' },
        ),
        Plot.line(
          series.filter((s) => s.curve === 'model'),
          { x: 'threshold', y: 'nb', stroke: OKABE_ITO.blue, strokeWidth: 2 },
        ),
        ...legendMarks(legend, 'top-right'),
      ],
    },
  };
}
