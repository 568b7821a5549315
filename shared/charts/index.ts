/**
 * Chart specifications for a fit document: pure functions from the document to Observable Plot options.
 * Render them with `renderChartSvg` of ./render (Node: pass linkedom's document; browser: the page's document).
 */
import { calibrationChart } from './calibration';
import { decisionCurveChart } from './decisionCurve';
import { splitsPresent, type ChartFit } from './fit';
import { coefficientPathChart, cvDevianceChart, selectedCoefficientsChart } from './lasso';
import { rocChart } from './roc';
import type { ChartSpec } from './spec';
import { waterfallChart } from './waterfall';

export type { ChartSpec } from './spec';
export type { ChartFit } from './fit';

/** Every chart of the model report, in reading order. */
export function modelCharts(fit: ChartFit): ChartSpec[] {
  const splits = splitsPresent(fit);
  return [
    coefficientPathChart(fit),
    cvDevianceChart(fit),
    selectedCoefficientsChart(fit),
    rocChart(fit),
    calibrationChart(fit),
    ...splits.map((s) => waterfallChart(fit, s)),
    ...splits.map((s) => decisionCurveChart(fit, s)),
  ];
}
