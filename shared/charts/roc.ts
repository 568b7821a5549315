/** ROC curves of the Rad-score model on training and validation, with AUC (95% CI) and the Youden point. */
import * as Plot from '@observablehq/plot';
import { atTrainingCutoff } from './classification';
import { rocCurve } from '../modeling/roc';
import {
  metricsOf,
  noCutoffReason,
  scoresOf,
  SPLIT_LABEL,
  splitsPresent,
  type ChartFit,
  type Split,
} from './fit';
import { unavailable, type ChartSpec } from './spec';
import { baseOptions, fixed, formatAucWithCi, SPLIT_COLOUR, withLegendAbove, type LegendItem } from './theme';

export interface RocPoint {
  threshold: number;
  sensitivity: number;
  specificity: number;
}

/**
 * The empirical ROC curve as pROC builds it with direction "<" (higher score = effective), from the
 * modelling module (pROC thresholds: −∞, midpoints, +∞, increasing).
 */
export function rocPoints(y: ArrayLike<number>, score: ArrayLike<number>): RocPoint[] {
  const c = rocCurve(y, score, '<');
  return c.thresholds.map((threshold, i) => ({
    threshold,
    sensitivity: c.sensitivities[i],
    specificity: c.specificities[i],
  }));
}

export function rocChart(fit: ChartFit): ChartSpec {
  const id = 'roc';
  const title = 'ROC curves';
  const splits = splitsPresent(fit);
  if (fit.scores.length === 0) return unavailable(id, title, 'the fit document has no per-case scores');
  const curves = splits.flatMap((split: Split) => {
    const rows = scoresOf(fit, split);
    return rocPoints(
      rows.map((r) => r.y),
      rows.map((r) => r.probability),
    ).map((p) => ({ split, fpr: 1 - p.specificity, tpr: p.sensitivity }));
  });
  // Each group at the TRAINING cut-off (applied unchanged to validation). An infinite training threshold is
  // an end of the curve (nothing separated): no dot for it.
  const youden = Number.isFinite(fit.train.threshold)
    ? splits.flatMap((split) => {
        const op = atTrainingCutoff(fit, split);
        if (!op) return [];
        const se = op.sensitivity.estimate;
        const sp = op.specificity.estimate;
        return [{ split, fpr: 1 - sp, tpr: se, label: `Se ${fixed(se, 2)} / Sp ${fixed(sp, 2)}` }];
      })
    : [];
  const legend: LegendItem[] = splits.map((split) => {
    const m = metricsOf(fit, split)!;
    return {
      label: `${SPLIT_LABEL[split]}: AUC ${formatAucWithCi(m.auc, m.auc_ci)}`,
      colour: SPLIT_COLOUR[split],
      swatch: 'line',
    };
  });
  return {
    id,
    title,
    caption:
      'Receiver operating characteristic of the Rad-score model (logistic probability) in each group. ' +
      "Dots: each group at the training group's Youden cut-off (p = " +
      `${Number.isFinite(fit.train.threshold) ? fixed(fit.train.threshold) : String(fit.train.threshold)}), applied unchanged to validation: sensitivity / specificity. AUC with DeLong 95% CI.` +
      (noCutoffReason(fit) ? ` ${noCutoffReason(fit)}` : ''),
    plot: withLegendAbove(
      {
        ...baseOptions(),
        width: 520,
        height: 520,
        x: {
          label: '1 − Specificity (false-positive rate)',
          domain: [0, 1],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
        y: {
          label: 'Sensitivity (true-positive rate)',
          domain: [0, 1],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
        marks: [
          Plot.line(
            [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
            { x: 'x', y: 'y', stroke: '#999', strokeDasharray: '4,3' },
          ),
          ...splits.map((split) =>
            Plot.line(
              curves.filter((c) => c.split === split),
              { x: 'fpr', y: 'tpr', stroke: SPLIT_COLOUR[split], strokeWidth: 2, curve: 'step-after' },
            ),
          ),
          Plot.dot(youden, {
            x: 'fpr',
            y: 'tpr',
            fill: (d: { split: Split }) => SPLIT_COLOUR[d.split],
            stroke: 'white',
            r: 5,
          }),
          // Cut-off labels below-right of their dots: a step ROC curve leaves that corner of its corner points
          // empty. A dot on the bottom edge (sensitivity near 0) gets its label above, clear of the x axis.
          ...[
            { rows: youden.filter((d) => d.tpr >= 0.08), dy: 13 },
            { rows: youden.filter((d) => d.tpr < 0.08), dy: -11 },
          ].map(({ rows, dy }) =>
            Plot.text(rows, {
              x: 'fpr',
              y: 'tpr',
              text: 'label',
              textAnchor: 'start',
              dx: 7,
              dy,
              fill: (d: { split: Split }) => SPLIT_COLOUR[d.split],
              stroke: 'white',
              strokeWidth: 3,
              paintOrder: 'stroke',
            }),
          ),
        ],
      },
      legend,
    ),
  };
}

export interface PatientOperatingPoint {
  split: Split;
  /** Share of the group's effective patients whose probability is ≥ the patient's (the curve's sensitivity there). */
  sensitivity: number;
  /** Share of the group's ineffective patients whose probability is below the patient's. */
  specificity: number;
  /** Share of the group's patients with a lower probability (0–1). */
  percentile: number;
  predictedEffective: boolean;
}

/**
 * Where a new patient's probability falls on the reference group's ROC curve (validation when there is one):
 * the operating point the model would have if the patient's probability were the cut-off.
 */
export function patientOperatingPoint(fit: ChartFit, probability: number): PatientOperatingPoint {
  if (!(probability >= 0 && probability <= 1)) throw new Error(`probability ${probability} is not in [0, 1]`);
  const split: Split = splitsPresent(fit).includes('validation') ? 'validation' : 'train';
  const rows = scoresOf(fit, split);
  const cases = rows.filter((r) => r.y === 1);
  const controls = rows.filter((r) => r.y === 0);
  if (!cases.length || !controls.length)
    throw new Error(`the ${SPLIT_LABEL[split].toLowerCase()} group needs both outcomes`);
  return {
    split,
    sensitivity: cases.filter((r) => r.probability >= probability).length / cases.length,
    specificity: controls.filter((r) => r.probability < probability).length / controls.length,
    percentile: rows.filter((r) => r.probability < probability).length / rows.length,
    predictedEffective: probability >= fit.train.threshold,
  };
}

/** The reference group's ROC curve with a new patient's operating point marked. */
export function patientRocChart(fit: ChartFit, probability: number, label = 'This patient'): ChartSpec {
  const point = patientOperatingPoint(fit, probability);
  const rows = scoresOf(fit, point.split);
  const curve = rocPoints(
    rows.map((r) => r.y),
    rows.map((r) => r.probability),
  ).map((p) => ({ fpr: 1 - p.specificity, tpr: p.sensitivity }));
  const m = metricsOf(fit, point.split)!;
  const colour = SPLIT_COLOUR[point.split];
  const marker = [
    { fpr: 1 - point.specificity, tpr: point.sensitivity, text: `${label}: p = ${fixed(probability)}` },
  ];
  return {
    id: 'patient-roc',
    title: `${label} on the ${SPLIT_LABEL[point.split].toLowerCase()} ROC curve`,
    caption:
      `The star is the operating point if this patient's probability were the cut-off: sensitivity ${fixed(point.sensitivity, 2)}, ` +
      `specificity ${fixed(point.specificity, 2)}; ${Math.round(point.percentile * 100)}% of the group score lower.`,
    plot: withLegendAbove(
      {
        ...baseOptions(),
        width: 420,
        height: 420,
        x: {
          label: '1 − Specificity (false-positive rate)',
          domain: [0, 1],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
        y: {
          label: 'Sensitivity (true-positive rate)',
          domain: [0, 1],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
        marks: [
          Plot.line(
            [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
            { x: 'x', y: 'y', stroke: '#999', strokeDasharray: '4,3' },
          ),
          Plot.line(curve, { x: 'fpr', y: 'tpr', stroke: colour, strokeWidth: 2, curve: 'step-after' }),
          Plot.dot(marker, { x: 'fpr', y: 'tpr', symbol: 'star', r: 8, fill: '#000', stroke: 'white' }),
          Plot.text(marker, {
            x: 'fpr',
            y: 'tpr',
            text: 'text',
            textAnchor: 'start',
            dx: 9,
            dy: 13,
            fill: '#000',
          }),
        ],
      },
      [
        {
          label: `${SPLIT_LABEL[point.split]}: AUC ${formatAucWithCi(m.auc, m.auc_ci)}`,
          colour,
          swatch: 'line',
        },
      ],
    ),
  };
}
