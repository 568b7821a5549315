/**
 * LASSO charts: coefficient paths against log λ and the cross-validated deviance curve — with the selected
 * features' coefficients (coefficients.ts) the three panels of a typical radiomics paper's feature-selection figure.
 */
import * as Plot from '@observablehq/plot';
import type { ChartFit } from './fit';
import { unavailable, type ChartSpec } from './spec';
import {
  baseOptions,
  CHART_HEIGHT,
  CHART_WIDTH,
  LINE_HEIGHT,
  FONT_SIZE,
  legendMarks,
  MUTED,
  OKABE_ITO,
  SERIES_COLOURS,
  SERIES_DASHES,
  type LegendItem,
} from './theme';

const INTERCEPT = '(Intercept)';

/** Which λ the selected features come from: 1se when the selection equals its non-zero set, else min. */
export function chosenLambdaRule(fit: ChartFit): 'min' | '1se' {
  if (fit.options?.lambda) return fit.options.lambda;
  const nonZero1se = Object.entries(fit.lasso.coef_1se)
    .filter(([k, v]) => k !== INTERCEPT && v !== 0)
    .map(([k]) => k);
  const sel = new Set(fit.selected);
  const nonZeroMin = Object.entries(fit.lasso.coef_min).filter(([k, v]) => k !== INTERCEPT && v !== 0);
  if (nonZeroMin.length === sel.size && nonZeroMin.every(([k]) => sel.has(k))) return 'min';
  if (nonZero1se.length === sel.size && nonZero1se.every((k) => sel.has(k))) return '1se';
  return 'min';
}

/** Height above the frame taken by the two staggered λ labels. */
const LAMBDA_LABEL_BAND = 2 * (LINE_HEIGHT - 2) + 6;

/**
 * The two λ marks: dashed vertical rules, labelled above the frame on two rows (λ min nearer the frame,
 * λ 1se above it) so that close λ never collide. A label runs away from the nearer edge of the x range
 * (right of its line in the left half, left of it in the right half), so it never leaves the chart.
 */
function lambdaRules(fit: ChartFit, logLambdaRange: readonly number[]): Plot.Markish[] {
  const lo = Math.min(...logLambdaRange);
  const hi = Math.max(...logLambdaRange);
  const mid = (lo + hi) / 2;
  const lines = [
    { x: Math.log(fit.lasso.lambda_min), label: 'λ min', row: 0 },
    { x: Math.log(fit.lasso.lambda_1se), label: 'λ 1se', row: 1 },
  ];
  return [
    Plot.ruleX(lines, { x: 'x', stroke: MUTED, strokeDasharray: '4,3' }),
    ...lines.map((l) => {
      const leftward = l.x > mid;
      return Plot.text([l], {
        x: 'x',
        text: 'label',
        frameAnchor: 'top',
        lineAnchor: 'bottom',
        dy: -4 - l.row * (LINE_HEIGHT - 2),
        textAnchor: leftward ? 'end' : 'start',
        dx: leftward ? -3 : 3,
        fill: '#444',
      });
    }),
  ];
}

/** Colour and dash per selected feature, stable by the order of `fit.selected`. */
export function featureStyles(features: readonly string[]): Map<string, { colour: string; dash: string }> {
  return new Map(
    features.map((f, i) => [
      f,
      {
        colour: SERIES_COLOURS[i % SERIES_COLOURS.length],
        dash: SERIES_DASHES[Math.floor(i / SERIES_COLOURS.length) % SERIES_DASHES.length],
      },
    ]),
  );
}

/** Coefficient paths (z scale) against log λ; selected features coloured and named, the rest grey. */
export function coefficientPathChart(fit: ChartFit): ChartSpec {
  const id = 'lasso-path';
  const title = 'LASSO coefficient paths';
  const path = fit.lasso.path;
  const lambda = fit.lasso.lambda;
  if (!path || path.beta.length === 0)
    return unavailable(id, title, 'the fit document has no coefficient path (lasso.path)');
  if (path.beta.length !== lambda.length)
    return unavailable(
      id,
      title,
      `lasso.path has ${path.beta.length} points but lasso.lambda ${lambda.length}`,
    );
  const styles = featureStyles(fit.selected);
  type Row = { logLambda: number; coef: number; feature: string };
  const selectedRows: Row[] = [];
  const otherRows: Row[] = [];
  // Features that are non-zero somewhere on the path, in first-entry order (never-entering ones are flat at 0).
  const entered = [...new Set(path.beta.flatMap((b) => Object.keys(b)))];
  for (const feature of entered) {
    const rows = styles.has(feature) ? selectedRows : otherRows;
    lambda.forEach((l, k) =>
      rows.push({ logLambda: Math.log(l), coef: path.beta[k][feature] ?? 0, feature }),
    );
  }
  const featuresIn = Array.isArray(fit.features_in) ? fit.features_in.length : fit.features_in;
  const longest = Math.max(0, ...fit.selected.map((f) => f.length));
  // One legend line per selected feature while they fit beside the frame; the rest are summarised.
  const maxLines = Math.floor((CHART_HEIGHT - 32 - 48) / LINE_HEIGHT);
  const shown = fit.selected.length <= maxLines ? fit.selected : fit.selected.slice(0, maxLines - 1);
  const legend: LegendItem[] = shown.map((f) => ({
    label: f,
    colour: styles.get(f)!.colour,
    dash: styles.get(f)!.dash,
    swatch: 'line',
  }));
  if (shown.length < fit.selected.length)
    legend.push({
      label: `+ ${fit.selected.length - shown.length} more selected`,
      colour: MUTED,
      swatch: 'line',
    });
  const marginRight = 40 + longest * 7.2; // ~7 px per character at 12 px
  return {
    id,
    title,
    caption:
      `Each line is one feature's LASSO coefficient (per SD of the z-scored feature) against log λ (the penalty weakens to the left); ` +
      `${entered.length} of ${featuresIn} features enter the path. The ${fit.selected.length} selected features are coloured; dashed lines mark λ min and λ 1se.`,
    plot: {
      ...baseOptions(),
      // Long feature names (A.K. names run to 40 characters) widen the chart rather than squeeze the frame.
      width: Math.max(CHART_WIDTH, 420 + marginRight),
      marginRight,
      marginTop: LAMBDA_LABEL_BAND + 8,
      x: { label: 'log(λ)', labelAnchor: 'center', labelArrow: 'none' },
      y: { label: 'Coefficient (per SD of feature)', labelAnchor: 'center', labelArrow: 'none', grid: true },
      marks: [
        Plot.ruleY([0], { stroke: '#bbb' }),
        Plot.line(otherRows, {
          x: 'logLambda',
          y: 'coef',
          z: 'feature',
          stroke: '#c8c8c8',
          strokeWidth: 0.8,
        }),
        ...fit.selected.map((f) => {
          const s = styles.get(f)!;
          return Plot.line(
            selectedRows.filter((r) => r.feature === f),
            {
              x: 'logLambda',
              y: 'coef',
              stroke: s.colour,
              strokeWidth: 1.8,
              strokeDasharray: s.dash === 'none' ? undefined : s.dash,
            },
          );
        }),
        ...lambdaRules(fit, lambda.map(Math.log)),
        ...legendMarks(legend, 'top-right', 4, 0),
      ],
    },
  };
}

/** Cross-validated binomial deviance (mean ± 1 SD over folds) against log λ, with λ min and λ 1se. */
export function cvDevianceChart(fit: ChartFit): ChartSpec {
  const { lambda, cvm, cvsd, nzero } = fit.lasso;
  const rows = lambda.map((l, k) => ({
    logLambda: Math.log(l),
    cvm: cvm[k],
    lo: cvm[k] - cvsd[k],
    hi: cvm[k] + cvsd[k],
    nzero: nzero?.[k],
  }));
  // Feature counts along the top, as plot.cv.glmnet draws them, every few λ so that they never collide.
  const step = Math.max(1, Math.ceil(rows.length / 12));
  const counts = nzero ? rows.filter((_, k) => k % step === 0) : [];
  // Above the frame, bottom up: the two λ label rows, the feature counts, the counts' axis label.
  const countsDy = -LAMBDA_LABEL_BAND - 4;
  const countsLabelDy = countsDy - LINE_HEIGHT;
  return {
    id: 'lasso-cv',
    title: 'Cross-validated deviance',
    caption:
      `Mean binomial deviance of the held-out folds (dots) ± 1 SD across folds (bars) at each λ. λ min minimises it; ` +
      `λ 1se is the largest λ within 1 SD of the minimum.${nzero ? ' Numbers along the top: features in the model at that λ.' : ''}`,
    plot: {
      ...baseOptions(),
      marginTop: nzero ? -countsLabelDy + LINE_HEIGHT + 4 : LAMBDA_LABEL_BAND + 8,
      x: { label: 'log(λ)', labelAnchor: 'center', labelArrow: 'none' },
      y: { label: 'Binomial deviance', labelAnchor: 'center', labelArrow: 'none', grid: true },
      marks: [
        Plot.ruleX(rows, { x: 'logLambda', y1: 'lo', y2: 'hi', stroke: '#9a9a9a' }),
        Plot.dot(rows, { x: 'logLambda', y: 'cvm', fill: OKABE_ITO.vermillion, r: 2.5 }),
        ...lambdaRules(
          fit,
          rows.map((r) => r.logLambda),
        ),
        ...(nzero
          ? [
              Plot.text(counts, {
                x: 'logLambda',
                text: (d: { nzero?: number }) => String(d.nzero),
                frameAnchor: 'top',
                lineAnchor: 'bottom',
                dy: countsDy,
                fill: '#555',
                fontSize: FONT_SIZE - 1,
              }),
              // The counts row's axis label, as plot.cv.glmnet's top axis would have one.
              Plot.text(['Features in model'], {
                frameAnchor: 'top-left',
                lineAnchor: 'bottom',
                textAnchor: 'start',
                dy: countsLabelDy,
                text: (d: string) => d,
                fill: '#555',
                fontSize: FONT_SIZE - 1,
              }),
            ]
          : []),
      ],
    },
  };
}
