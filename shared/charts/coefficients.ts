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

type Bar = { feature: string; model: string; rel: number; label: string; sign: number };

/**
 * Both models' coefficients side by side, one panel per model with the features in the same rows. The two
 * sets differ in size by design (the LASSO's are shrunk), so each panel is scaled to its own largest
 * |coefficient| (the axis says so) and every bar is labelled with its actual coefficient. A feature whose sign
 * flips between the models is marked ⚠ on its name and on both labels.
 */
export function coefficientsChart(fit: ChartFit): ChartSpec {
  const id = 'coefficients';
  const lassoLabel = lassoModelLabel(fit);
  const title = `Coefficients of the two models: ${lassoLabel} and the logistic refit (the Rad-score)`;
  const rows = coefficientRows(fit).sort((a, b) => a.lasso - b.lasso);
  if (!rows.length) return unavailable(id, title, 'the LASSO selected no feature');
  const flips = new Set(rows.filter((r) => r.signFlip).map((r) => r.feature));
  const maxOf = (v: number[]) => Math.max(1e-300, ...v.map(Math.abs));
  const maxLasso = maxOf(rows.map((r) => r.lasso));
  const maxRefit = maxOf(rows.flatMap((r) => (r.refit === null ? [] : [r.refit])));
  const mark = (f: string) => (flips.has(f) ? ' \u26a0' : '');
  const bars: Bar[] = rows.flatMap((r) => [
    {
      feature: r.feature,
      model: lassoLabel,
      rel: r.lasso / maxLasso,
      label: fixed(r.lasso, 3) + mark(r.feature),
      sign: Math.sign(r.lasso),
    },
    r.refit === null
      ? { feature: r.feature, model: REFIT_MODEL_LABEL, rel: 0, label: 'NA (collinear)', sign: 1 }
      : {
          feature: r.feature,
          model: REFIT_MODEL_LABEL,
          rel: r.refit / maxRefit,
          label: fixed(r.refit, 3) + mark(r.feature),
          sign: Math.sign(r.refit),
        },
  ]);
  const longest = Math.max(4, ...rows.map((r) => r.feature.length + (flips.has(r.feature) ? 2 : 0)));
  const marginLeft = 24 + longest * 7.2;
  const flipText = flips.size
    ? ` \u26a0: the sign flips between the two models (${[...flips].join(', ')}): collinear features, whose Rad-score coefficient is their effect given the others.`
    : ' No coefficient changes sign between the two models.';
  return {
    id,
    title,
    caption:
      `Left: the LASSO at \u03bb ${chosenLambdaRule(fit)}, the feature-selection step (coefficients shrunk towards 0). ` +
      `Right: the ordinary logistic regression refitted on the selected features: the Rad-score formula. ` +
      `Coefficients per SD of the z-scored feature, printed at each bar; each panel is scaled to its own largest coefficient.` +
      flipText,
    plot: {
      ...baseOptions(),
      height: Math.max(180, 90 + rows.length * 26),
      width: Math.max(CHART_WIDTH, marginLeft + 2 * 250 + 40),
      marginLeft,
      marginRight: 24,
      marginTop: 36,
      fx: { domain: [lassoLabel, REFIT_MODEL_LABEL], label: null, axis: 'top', padding: 0.12 },
      x: {
        label: 'Coefficient relative to the largest of its model (value printed)',
        domain: [-1.6, 1.6],
        ticks: [-1, 0, 1],
        labelAnchor: 'center',
        labelArrow: 'none',
        grid: true,
      },
      y: {
        label: 'Selected feature',
        labelAnchor: 'top',
        labelArrow: 'none',
        domain: rows.map((r) => r.feature),
        tickFormat: (f: string) => (flips.has(f) ? `\u26a0 ${f}` : f),
      },
      marks: [
        Plot.barX(bars, {
          x: 'rel',
          y: 'feature',
          fx: 'model',
          fill: (d: Bar) => (d.sign >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion),
        }),
        Plot.ruleX([0], { stroke: '#333' }),
        Plot.text(
          bars.filter((b) => b.rel >= 0),
          { x: 'rel', y: 'feature', fx: 'model', text: 'label', textAnchor: 'start', dx: 4, fill: '#222' },
        ),
        Plot.text(
          bars.filter((b) => b.rel < 0),
          { x: 'rel', y: 'feature', fx: 'model', text: 'label', textAnchor: 'end', dx: -4, fill: '#222' },
        ),
      ],
    },
  };
}
