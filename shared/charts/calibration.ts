/** Calibration plot: decile groups' mean predicted probability against the observed rate, with 95% CIs. */
import * as Plot from '@observablehq/plot';
import { metricsOf, SPLIT_LABEL, splitsPresent, type ChartFit, type Split, type SplitMetrics } from './fit';
import { type ChartSpec } from './spec';
import { baseOptions, pEquals, SPLIT_COLOUR, withLegendAbove, type LegendItem } from './theme';

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

export function calibrationChart(fit: ChartFit): ChartSpec {
  const splits = splitsPresent(fit);
  const rows = splits.flatMap((split: Split) =>
    metricsOf(fit, split)!
      .calibration.filter((g) => g.n > 0)
      .map((g) => {
        const [lo, hi] = wilsonInterval(g.observed_events, g.n);
        return { split, predicted: g.mean_predicted, observed: g.observed_rate, lo, hi };
      }),
  );
  const legend: LegendItem[] = splits.map((split) => ({
    label: `${SPLIT_LABEL[split]} (${hosmerLemeshowLabel(metricsOf(fit, split)!)})`,
    colour: SPLIT_COLOUR[split],
    swatch: 'dot',
  }));
  return {
    id: 'calibration',
    title: 'Calibration',
    caption:
      'Patients grouped by deciles of predicted probability: mean predicted probability against the observed proportion of ' +
      'effective responses, with Wilson 95% CIs. Points on the dashed diagonal are perfectly calibrated.',
    plot: withLegendAbove(
      {
        ...baseOptions(),
        width: 520,
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
            const own = rows.filter((r) => r.split === split);
            const colour = SPLIT_COLOUR[split];
            return [
              Plot.ruleX(own, { x: 'predicted', y1: 'lo', y2: 'hi', stroke: colour, strokeOpacity: 0.6 }),
              Plot.line(own, {
                x: 'predicted',
                y: 'observed',
                stroke: colour,
                strokeWidth: 1.2,
                strokeOpacity: 0.8,
              }),
              Plot.dot(own, {
                x: 'predicted',
                y: 'observed',
                fill: colour,
                stroke: 'white',
                r: 4.5,
                symbol: split === 'train' ? 'circle' : 'square',
              }),
            ];
          }),
        ],
      },
      legend,
    ),
  };
}
