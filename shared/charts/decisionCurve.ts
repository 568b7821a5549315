/**
 * Decision curve analysis (Vickers & Elkin 2006): net benefit NB = TP/n − FP/n · pt/(1 − pt) of the model
 * vs treat-all vs treat-none (computed by shared/modeling/calibration.ts decisionCurve).
 */
import * as Plot from '@observablehq/plot';
import { decisionCurve } from '../modeling/calibration';
import { metricsOf, scoresOf, SPLIT_LABEL, type ChartFit, type NetBenefitRow, type Split } from './fit';
import { unavailable, type ChartSpec } from './spec';
import { baseOptions, MUTED, OKABE_ITO, withLegendAbove, type LegendItem } from './theme';

export function decisionCurveChart(fit: ChartFit, split: Split): ChartSpec {
  const id = `decision-curve-${split}`;
  const title = `Decision curve — ${SPLIT_LABEL[split].toLowerCase()} group`;
  const rows = scoresOf(fit, split);
  if (rows.length === 0)
    return unavailable(id, title, `no ${SPLIT_LABEL[split].toLowerCase()} patients in the fit document`);
  // The fit document's own curve (thresholds 0.01…0.99) when it has one; computed from the scores otherwise.
  const points: NetBenefitRow[] =
    metricsOf(fit, split)?.decision_curve ??
    decisionCurve(
      rows.map((r) => r.y),
      rows.map((r) => r.probability),
    );
  const prevalence = rows.reduce((s, r) => s + r.y, 0) / rows.length;
  // Treat-all plunges below zero as pt → 1; show down to a little under zero, as is customary.
  const yMin = -Math.max(0.05, prevalence * 0.25);
  const yMax = Math.max(prevalence, ...points.map((d) => d.model)) + 0.03;
  const clip = (v: number) => (v < yMin ? NaN : v); // NaN breaks the line instead of drawing outside the frame
  const series = points.flatMap((d) => [
    { threshold: d.threshold, nb: clip(d.model), curve: 'model' },
    { threshold: d.threshold, nb: clip(d.treat_all), curve: 'all' },
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
    plot: withLegendAbove(
      {
        ...baseOptions(),
        x: {
          label: 'Threshold probability',
          domain: [0, 1],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
        y: {
          label: 'Net benefit (true positives per patient)',
          domain: [yMin, yMax],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
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
        ],
      },
      legend,
    ),
  };
}
