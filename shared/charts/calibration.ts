/** Calibration plot: the smooth curve and grouped points of each group (rms::val.prob), with 95% CIs. */
import * as Plot from '@observablehq/plot';
import {
  groupedCalibration,
  smoothCalibration,
  type GroupedCalibration,
  type SmoothCalibration,
} from '../modeling/calibrationCurve';
import { calibrationFitOf } from './classification';
import {
  metricsOf,
  scoresOf,
  SPLIT_LABEL,
  splitsPresent,
  type ChartFit,
  type Split,
  type SplitMetrics,
} from './fit';
import { type ChartSpec } from './spec';
import { baseOptions, fixed, pEquals, SPLIT_COLOUR, withLegendAbove, type LegendItem } from './theme';

/**
 * Wilson score interval for a binomial proportion (z = 1.96): unlike the Wald interval it stays inside
 * [0, 1] and is not degenerate at 0 or n events, which decile groups of 5–10 patients often have.
 */
export function wilsonInterval(events: number, n: number, z = 1.959963984540054): [number, number] {
  if (!(n > 0) || events < 0 || events > n)
    throw new Error(`wilsonInterval: need 0 ≤ events ≤ n and n > 0, got ${events}/${n}`);
  const p = events / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Why a split's Hosmer–Lemeshow p is not computable (NaN), from what the metrics show; null when it is a number.
 * hoslem.test needs at least two distinct probabilities and decile groups whose expected events and
 * non-events are both above zero; 10 groups also need 10 patients.
 */
export function hosmerLemeshowMissingReason(m: SplitMetrics): string | null {
  if (Number.isFinite(m.hosmer_lemeshow_p)) return null;
  if (m.n < 10) return `${m.n} patients < 10 groups`;
  const groups = m.calibration.filter((g) => g.n > 0);
  if (groups.length < 2) return 'all p equal';
  const degenerate = groups.some((g) => {
    const expected = g.expected_events ?? g.mean_predicted * g.n;
    return !(expected > 0) || !(expected < g.n);
  });
  if (degenerate) return 'p = 0 or 1 in a group';
  return 'not computable from these groups';
}

/** "Hosmer–Lemeshow p = 0.428", or "HL p: n/a (8 patients < 10 groups)" saying why it is missing. */
export function hosmerLemeshowLabel(m: SplitMetrics): string {
  const reason = hosmerLemeshowMissingReason(m);
  return reason ? `HL p: n/a (${reason})` : `Hosmer–Lemeshow ${pEquals(m.hosmer_lemeshow_p)}`;
}

/** The smooth curve and grouped points of one group: stored in the document, or computed from its scores. */
export function calibrationPlotData(
  fit: ChartFit,
  split: Split,
): { smooth: SmoothCalibration; grouped: GroupedCalibration } {
  const m = metricsOf(fit, split);
  if (m?.calibration_smooth && m.calibration_groups)
    return { smooth: m.calibration_smooth, grouped: m.calibration_groups };
  const rows = scoresOf(fit, split);
  const p = rows.map((r) => r.probability);
  const y = rows.map((r) => r.y);
  return { smooth: smoothCalibration(p, y), grouped: groupedCalibration(p, y) };
}

/** "slope 0.54 (0.19–0.88)" for a legend, or null when the recalibration does not exist. */
function slopeLabel(fit: ChartFit, split: Split): string | null {
  const cal = calibrationFitOf(fit, split);
  if ('error' in cal) return null;
  return `slope ${fixed(cal.slope.estimate, 2)} (${fixed(cal.slope.ci[0], 2)}\u2013${fixed(cal.slope.ci[1], 2)})`;
}

type GroupPoint = { predicted: number; observed: number; label: string };

/**
 * The "n=…" labels of one group's points: training to the left of its dots, validation to the right (to
 * the right as well for a dot at the left edge). Points closer than a label's size share one label
 * ("n=5, 5", left to right), so no two labels overlap.
 */
function groupLabelMarks(points: GroupPoint[], split: Split, colour: string): Plot.Markish[] {
  const merged: GroupPoint[] = [];
  for (const p of [...points].sort((a, b) => a.predicted - b.predicted)) {
    const last = merged[merged.length - 1];
    if (last && p.predicted - last.predicted < 0.08 && Math.abs(p.observed - last.observed) < 0.05)
      last.label = `${last.label}, ${p.label.slice(2)}`;
    else merged.push({ ...p });
  }
  const style = {
    fill: colour,
    fontSize: 11,
    stroke: 'white',
    strokeWidth: 3,
    paintOrder: 'stroke',
  } as const;
  const leftward = merged.filter((p) => split === 'train' && p.predicted >= 0.08);
  const rightward = merged.filter((p) => !leftward.includes(p));
  return [
    Plot.text(leftward, {
      x: 'predicted',
      y: 'observed',
      text: 'label',
      dx: -8,
      textAnchor: 'end',
      ...style,
    }),
    Plot.text(rightward, {
      x: 'predicted',
      y: 'observed',
      text: 'label',
      dx: 8,
      textAnchor: 'start',
      ...style,
    }),
  ];
}

/**
 * Calibration as rms::val.prob draws it: the smooth (lowess, iter = 0) observed-vs-predicted curve of each
 * group, plus grouped points only where every group holds at least 5 patients (each labelled with its n),
 * with Clopper–Pearson 95% CIs; the legend gives n, Hosmer–Lemeshow p and the calibration slope.
 */
export function calibrationChart(fit: ChartFit): ChartSpec {
  const splits = splitsPresent(fit);
  const data = new Map(splits.map((split) => [split, calibrationPlotData(fit, split)]));
  const legend: LegendItem[] = splits.map((split) => {
    const m = metricsOf(fit, split)!;
    const slope = slopeLabel(fit, split);
    return {
      label: `${SPLIT_LABEL[split]} (n = ${m.n}; ${hosmerLemeshowLabel(m)}${slope ? `; ${slope}` : ''})`,
      colour: SPLIT_COLOUR[split],
      swatch: 'line',
    };
  });
  const groupSentence = splits
    .map((split) => {
      const g = data.get(split)!.grouped;
      return g.groups.length
        ? `${SPLIT_LABEL[split].toLowerCase()}: ${g.groups.length} group${g.groups.length === 1 ? '' : 's'} of ${g.groups.map((x) => x.n).join(', ')}`
        : `${SPLIT_LABEL[split].toLowerCase()}: no groups (fewer than ${g.min_size} patients)`;
    })
    .join('; ');
  return {
    id: 'calibration',
    title: 'Calibration',
    caption:
      'Lines: smooth calibration curve (lowess of the observed outcome on the predicted probability, as rms::val.prob draws it). ' +
      `Points: patients grouped by predicted probability into groups of at least 5 (${groupSentence}), the observed proportion ` +
      'effective with its Clopper\u2013Pearson 95% CI; the number beside a point is its patients. The dashed diagonal is perfect calibration; ' +
      'a slope below 1 means predictions too extreme (overfitting).',
    plot: withLegendAbove(
      {
        ...baseOptions(),
        width: 560,
        height: 520,
        x: {
          label: 'Predicted probability of effective response',
          domain: [0, 1],
          labelAnchor: 'center',
          labelArrow: 'none',
          grid: true,
        },
        y: {
          label: 'Observed proportion effective',
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
          ...splits.flatMap((split) => {
            const { smooth, grouped } = data.get(split)!;
            const colour = SPLIT_COLOUR[split];
            const curve = smooth.x.map((x, i) => ({ x, y: Math.min(1, Math.max(0, smooth.y[i])) }));
            const points = grouped.groups.map((g) => ({
              predicted: g.mean_predicted,
              observed: g.observed_rate,
              lo: g.observed_ci[0],
              hi: g.observed_ci[1],
              label: `n=${g.n}`,
            }));
            const symbol = split === 'train' ? 'circle' : 'square';
            return [
              Plot.line(curve, { x: 'x', y: 'y', stroke: colour, strokeWidth: 2, curve: 'linear' }),
              Plot.ruleX(points, { x: 'predicted', y1: 'lo', y2: 'hi', stroke: colour, strokeOpacity: 0.55 }),
              Plot.dot(points, {
                x: 'predicted',
                y: 'observed',
                fill: colour,
                stroke: 'white',
                r: 5,
                symbol,
              }),
              ...groupLabelMarks(points, split, colour),
            ];
          }),
        ],
      },
      legend,
    ),
  };
}
