/**
 * The two sets of coefficients a fit has, kept apart and labelled: the LASSO coefficients at the chosen λ
 * (feature selection: shrunk towards 0) and the logistic refit's coefficients on the selected features
 * (the Rad-score formula). They can disagree in sign when selected features are collinear: the refit then
 * gives a feature the opposite direction from the LASSO, and neither alone says how the feature relates to
 * the outcome. Every such feature is flagged.
 */
import * as Plot from '@observablehq/plot';
import type { ChartFit } from './fit';
import { chosenLambdaRule } from './lasso';
import { unavailable, type ChartSpec } from './spec';
import { baseOptions, CHART_WIDTH, fixed, OKABE_ITO } from './theme';

export interface CoefficientRow {
  feature: string;
  /** LASSO coefficient at the chosen λ (z scale; 0 when not in the LASSO's non-zero set). */
  lasso: number;
  /** Logistic refit coefficient (z scale); null when aliased (collinear with earlier terms, R's NA). */
  refit: number | null;
  /** Both non-zero and of opposite sign. */
  signFlip: boolean;
}

/** "LASSO (λ min)": the model the first coefficient set comes from. */
export function lassoModelLabel(fit: ChartFit): string {
  return `LASSO (\u03bb ${chosenLambdaRule(fit)})`;
}

export const REFIT_MODEL_LABEL = 'Logistic refit (the Rad-score)';

/** One row per selected feature, in the order of `fit.selected`. */
export function coefficientRows(fit: ChartFit): CoefficientRow[] {
  const lasso = chosenLambdaRule(fit) === '1se' ? fit.lasso.coef_1se : fit.lasso.coef_min;
  return fit.selected.map((feature) => {
    const l = lasso[feature] ?? 0;
    const r = fit.glm.coef[feature];
    const refit = typeof r === 'number' ? r : null;
    return { feature, lasso: l, refit, signFlip: refit !== null && l * refit < 0 };
  });
}

/** The features whose sign differs between the LASSO and the refit. */
export function signFlips(fit: ChartFit): string[] {
  return coefficientRows(fit)
    .filter((r) => r.signFlip)
    .map((r) => r.feature);
}

/** The sentence the screen and the report print under the coefficients when a sign flips. */
export function signFlipNote(fit: ChartFit): string | null {
  const flips = signFlips(fit);
  if (!flips.length) return null;
  return (
    `Sign flips between the LASSO and the logistic refit: ${flips.join(', ')}. ` +
    'These features are collinear with other selected features: in the Rad-score a coefficient is the effect given the others, ' +
    'so its sign is not the direction of the feature on its own.'
  );
}

type Bar = { feature: string; coef: number; label: string };

/** Horizontal bars of one model's coefficients; a feature whose sign flips is labelled so on its bar. */
function coefficientBars(
  id: string,
  title: string,
  caption: string,
  rows: Bar[],
  axisLabel: string,
): ChartSpec {
  if (!rows.length) return unavailable(id, title, 'the LASSO selected no feature');
  const longest = Math.max(4, ...rows.map((r) => r.feature.length));
  const lo = Math.min(0, ...rows.map((r) => r.coef));
  const hi = Math.max(0, ...rows.map((r) => r.coef));
  const longestLabel = Math.max(...rows.map((r) => r.label.length));
  const pad = Math.max(0.22, 0.012 * longestLabel) * Math.max(hi - lo, 1e-9);
  return {
    id,
    title,
    caption,
    plot: {
      ...baseOptions(),
      height: Math.max(160, 70 + rows.length * 26),
      width: Math.max(CHART_WIDTH, 420 + 24 + longest * 7.2),
      marginLeft: 24 + longest * 7.2,
      marginRight: 24 + longestLabel * 3,
      x: {
        label: axisLabel,
        domain: [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0],
        labelAnchor: 'center',
        labelArrow: 'none',
        grid: true,
      },
      y: {
        label: 'Selected feature',
        labelAnchor: 'top',
        labelArrow: 'none',
        domain: rows.map((r) => r.feature),
      },
      marks: [
        Plot.barX(rows, {
          x: 'coef',
          y: 'feature',
          fill: (d: Bar) => (d.coef >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion),
        }),
        Plot.ruleX([0], { stroke: '#333' }),
        Plot.text(
          rows.filter((r) => r.coef >= 0),
          { x: 'coef', y: 'feature', text: 'label', textAnchor: 'start', dx: 4, fill: '#222' },
        ),
        Plot.text(
          rows.filter((r) => r.coef < 0),
          { x: 'coef', y: 'feature', text: 'label', textAnchor: 'end', dx: -4, fill: '#222' },
        ),
      ],
    },
  };
}

const FLIP = ' \u26a0 sign flips';

/** The LASSO coefficients of the selected features at the chosen λ (feature selection, not the Rad-score). */
export function lassoCoefficientsChart(fit: ChartFit): ChartSpec {
  const rows = coefficientRows(fit);
  const flips = rows.filter((r) => r.signFlip).length;
  return coefficientBars(
    'lasso-coefficients',
    `Selected features \u2014 ${lassoModelLabel(fit)} coefficients`,
    `Model: LASSO logistic regression at \u03bb ${chosenLambdaRule(fit)}, the feature-selection step. ` +
      `Coefficients per SD of the z-scored feature, shrunk towards 0 by the penalty; they are NOT the Rad-score's ` +
      `(see the logistic refit beside it).${flips ? ` ${flips} feature${flips === 1 ? '' : 's'} change${flips === 1 ? 's' : ''} sign in the refit (\u26a0): collinearity.` : ''}`,
    rows
      .map((r) => ({
        feature: r.feature,
        coef: r.lasso,
        label: fixed(r.lasso, 3) + (r.signFlip ? FLIP : ''),
      }))
      .sort((a, b) => a.coef - b.coef),
    `${lassoModelLabel(fit)} coefficient (per SD)`,
  );
}

/** The logistic refit's coefficients: the terms of the Rad-score formula. */
export function refitCoefficientsChart(fit: ChartFit): ChartSpec {
  const rows = coefficientRows(fit);
  const aliased = rows.filter((r) => r.refit === null).map((r) => r.feature);
  const flips = rows.filter((r) => r.signFlip).length;
  return coefficientBars(
    'refit-coefficients',
    `Rad-score \u2014 ${REFIT_MODEL_LABEL} coefficients`,
    `Model: ordinary logistic regression refitted on the selected features; these are the coefficients of the ` +
      `Rad-score formula (per SD of the z-scored feature). Positive coefficients raise the Rad-score (towards effective response) ` +
      `given the other features.${flips ? ` \u26a0: the sign differs from the LASSO's (collinearity).` : ''}` +
      `${aliased.length ? ` Not in the Rad-score (collinear, no coefficient): ${aliased.join(', ')}.` : ''}`,
    rows
      .filter((r): r is CoefficientRow & { refit: number } => r.refit !== null)
      .map((r) => ({
        feature: r.feature,
        coef: r.refit,
        label: fixed(r.refit, 3) + (r.signFlip ? FLIP : ''),
      }))
      .sort((a, b) => a.coef - b.coef),
    'Logistic refit coefficient (per SD)',
  );
}
