/**
 * Rad-score waterfall (the source study's figure 2C/2D): one bar per patient, sorted by Rad-score,
 * bar height = Rad-score − cut-off, coloured by the observed outcome.
 */
import * as Plot from '@observablehq/plot';
import {
  formatThreshold,
  metricsOf,
  noCutoffReason,
  scoresOf,
  SPLIT_LABEL,
  type ChartFit,
  type Split,
} from './fit';
import { unavailable, type ChartSpec } from './spec';
import { baseOptions, fixed, OUTCOME_COLOUR, withLegendAbove, type LegendItem } from './theme';

/**
 * The cut-off on the Rad-score (logit) scale: the training Youden threshold, which pROC reports on the
 * probability scale, mapped through logit. The same cut-off is applied to validation. pROC's end
 * thresholds ±∞ (no separating cut-off, see noCutoffReason) map to ±∞, an unknown one to NaN.
 */
export function radscoreCutoff(fit: ChartFit): number {
  const t = fit.train.threshold;
  if (!Number.isFinite(t)) return t;
  if (!(t > 0 && t < 1)) throw new Error(`training threshold ${t} is not a probability in (0, 1)`);
  return Math.log(t / (1 - t));
}

export interface WaterfallBar {
  rank: number;
  id: string;
  value: number;
  outcome: 'effective' | 'ineffective';
}

/** Bars of one split, ascending by Rad-score (ties by id, so the order is reproducible). */
export function waterfallBars(fit: ChartFit, split: Split): WaterfallBar[] {
  const cutoff = radscoreCutoff(fit);
  if (!Number.isFinite(cutoff))
    throw new Error(noCutoffReason(fit) ?? `the Rad-score cut-off ${cutoff} is not finite`);
  return scoresOf(fit, split)
    .slice()
    .sort((a, b) => a.radscore - b.radscore || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s, i) => ({
      rank: i + 1,
      id: s.id,
      value: s.radscore - cutoff,
      outcome: s.y === 1 ? 'effective' : 'ineffective',
    }));
}

export function waterfallChart(fit: ChartFit, split: Split): ChartSpec {
  const id = `waterfall-${split}`;
  const title = `Rad-score waterfall — ${SPLIT_LABEL[split].toLowerCase()} group`;
  if (noCutoffReason(fit))
    return unavailable(
      id,
      title,
      `the bars are drawn from the cut-off, and the training Youden threshold is ${formatThreshold(fit.train.threshold)}: no cut-off`,
    );
  const bars = waterfallBars(fit, split);
  if (bars.length === 0)
    return unavailable(id, title, `no ${SPLIT_LABEL[split].toLowerCase()} patients in the fit document`);
  const m = metricsOf(fit, split);
  const legend: LegendItem[] = [
    {
      label: `Effective (CR/PR), n = ${bars.filter((b) => b.outcome === 'effective').length}`,
      colour: OUTCOME_COLOUR.effective,
      swatch: 'box',
    },
    {
      label: `Ineffective (SD/PD), n = ${bars.filter((b) => b.outcome === 'ineffective').length}`,
      colour: OUTCOME_COLOUR.ineffective,
      swatch: 'box',
    },
  ];
  return {
    id,
    title,
    caption:
      `Each bar is one ${SPLIT_LABEL[split].toLowerCase()} patient, sorted by Rad-score; its height is the Rad-score minus the cut-off ` +
      `(${fixed(radscoreCutoff(fit), 3)}, the training Youden threshold p = ${fixed(fit.train.threshold, 3)} on the logit scale). ` +
      `Bars above zero are predicted effective.${m ? ` AUC ${fixed(m.auc)}.` : ''}`,
    plot: withLegendAbove(
      {
        ...baseOptions(),
        width: 720,
        height: 360,
        x: { label: `Patients sorted by Rad-score (n = ${bars.length})`, axis: null, padding: 0.15 },
        y: { label: 'Rad-score − cut-off (log-odds)', labelAnchor: 'center', labelArrow: 'none', grid: true },
        marks: [
          Plot.barY(bars, { x: 'rank', y: 'value', fill: (d: WaterfallBar) => OUTCOME_COLOUR[d.outcome] }),
          Plot.ruleY([0], { stroke: '#333' }),
          // With the x axis hidden, its label is drawn as text under the frame.
          Plot.text([`Patients sorted by Rad-score (n = ${bars.length})`], {
            frameAnchor: 'bottom',
            dy: 24,
            text: (d: string) => d,
            fill: '#222',
          }),
        ],
      },
      legend,
    ),
  };
}
