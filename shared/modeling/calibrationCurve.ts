/**
 * Calibration that stays readable on small groups (a validation group of 13 patients):
 *
 * - smooth curve: `lowess(p, y, iter = 0)` — what rms::val.prob draws as "Nonparametric" (f = 2/3,
 *   delta = 0.01·range; valprob.ts lowessFit is R's clowess);
 * - grouped points: Hmisc `cut2(p, g = g)` quantile groups (val.prob's `g =` argument) with
 *   g = min(10, ⌊n/5⌋), lowered until every group holds at least 5 patients (no groups below 5 patients
 *   in all); each group's n, events, mean predicted probability, observed rate and its Clopper–Pearson CI;
 * - logistic recalibration on L = logit(p) (rows with p exactly 0 or 1 left out, as val.prob does):
 *   slope and intercept of glm(y ~ L) (val.prob's Slope and Intercept) and calibration-in-the-large, the
 *   intercept of glm(y ~ 1, offset = L); each with its Wald SE and 95 % CI (R's confint.default).
 */
import { qnorm } from './distributions';
import { glmLogistic } from './glm';
import { clopperPearson } from './proportion';
import { lowessFit } from './valprob';
import { errorMessage } from '../errorMessage';

export interface SmoothCalibration {
  /** The probabilities sorted ascending (R's lowess output `x`). */
  x: number[];
  /** The lowess fit at each x (`y`). */
  y: number[];
}

/** `lowess(p, y, iter = 0)`: points sorted by p (ties keep their input order, as R's order()). */
export function smoothCalibration(p: ArrayLike<number>, y: ArrayLike<number>): SmoothCalibration {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const x = order.map((i) => p[i]);
  const fitted = lowessFit(
    x,
    order.map((i) => y[i]),
  );
  return { x, y: Array.from(fitted) };
}

/**
 * Hmisc::cut2(x, g = g) (its quantile-group branch, method 1): the group (1-based) of each value.
 * Cut points are the values at cumulative counts (1..g)·n/g (approx(…, method = "constant", f = 1),
 * the last one the maximum); a cut point equal to the previous one is skipped, so ties give fewer groups.
 * Values are compared with the cut points less half the smallest gap between distinct values, as cut2 does.
 */
export function cut2Groups(x: ArrayLike<number>, g: number): number[] {
  const n = x.length;
  if (!Number.isInteger(g) || g < 1) throw new Error(`cut2: g must be an integer ≥ 1, got ${g}`);
  if (n === 0) return [];
  const sorted = Float64Array.from(x).sort();
  const xx: number[] = [];
  const cum: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) cum[cum.length - 1]++;
    else {
      xx.push(sorted[i]);
      cum.push((cum[cum.length - 1] ?? 0) + 1);
    }
  }
  let minDif = Infinity;
  for (let i = 1; i < xx.length; i++) minDif = Math.min(minDif, (xx[i] - xx[i - 1]) / 2);
  // approx(cum, xx, xout, method = "constant", rule = 2, f = 1): right-continuous step, ends clamped
  const approxRight = (v: number): number => {
    if (v <= cum[0]) return xx[0];
    if (v >= cum[cum.length - 1]) return xx[xx.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v < cum[mid]) hi = mid;
      else lo = mid;
    }
    return v === cum[lo] ? xx[lo] : xx[hi];
  };
  const cuts = Array.from({ length: g }, (_, j) => approxRight(((j + 1) * n) / g));
  cuts[g - 1] = xx[xx.length - 1];
  const group = new Array<number>(n).fill(0);
  let lower = xx[0];
  let upper = 1e45;
  let i = 0;
  for (let j = 0; j < g; j++) {
    const cj = cuts[j];
    if (cj === upper) continue;
    i++;
    upper = cj;
    for (let k = 0; k < n; k++) if (x[k] >= lower - minDif) group[k] = i;
    if (j < g - 1) {
      const above = xx.find((v) => v > upper);
      lower = above ?? upper;
    }
  }
  return group;
}

export interface CalibrationGroupPoint {
  group: number;
  n: number;
  events: number;
  mean_predicted: number;
  observed_rate: number;
  /** Clopper–Pearson 95 % CI of the observed rate. */
  observed_ci: [number, number];
}

export interface GroupedCalibration {
  /** Groups asked of cut2 (0: fewer than `minSize` patients, no grouped points). */
  g: number;
  min_size: number;
  groups: CalibrationGroupPoint[];
}

function groupPoints(p: ArrayLike<number>, y: ArrayLike<number>, group: number[]): CalibrationGroupPoint[] {
  const count = Math.max(0, ...group);
  const out: CalibrationGroupPoint[] = [];
  for (let k = 1; k <= count; k++) {
    let n = 0;
    let events = 0;
    let sum = 0;
    for (let i = 0; i < group.length; i++) {
      if (group[i] !== k) continue;
      n++;
      events += y[i];
      sum += p[i];
    }
    if (n === 0) continue;
    out.push({
      group: k,
      n,
      events,
      mean_predicted: sum / n,
      observed_rate: events / n,
      observed_ci: clopperPearson(events, n),
    });
  }
  return out;
}

/**
 * Quantile groups of at least `minSize` patients: g = min(maxGroups, ⌊n/minSize⌋) groups by cut2, one
 * fewer while a group (ties make them uneven) holds fewer than minSize.
 */
export function groupedCalibration(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  minSize = 5,
  maxGroups = 10,
): GroupedCalibration {
  let g = Math.min(maxGroups, Math.floor(p.length / minSize));
  while (g >= 1) {
    const groups = groupPoints(p, y, cut2Groups(p, g));
    if (groups.every((c) => c.n >= minSize)) return { g, min_size: minSize, groups };
    g--;
  }
  return { g: 0, min_size: minSize, groups: [] };
}

export interface WaldEstimate {
  estimate: number;
  se: number;
  /** estimate ∓ qnorm(0.975)·se (R's confint.default). */
  ci: [number, number];
}

export interface CalibrationFit {
  /** Intercept of glm(y ~ logit p): rms::val.prob's Intercept (0 when calibrated). */
  intercept: WaldEstimate;
  /** Slope of glm(y ~ logit p): rms::val.prob's Slope (1 when calibrated; < 1 overfitting). */
  slope: WaldEstimate;
  /** Calibration-in-the-large: intercept of glm(y ~ 1, offset = logit p) (0 when calibrated). */
  in_the_large: WaldEstimate;
  /** Rows left out because p is exactly 0 or 1 (logit ±∞). */
  excluded: number;
}

const Z975 = qnorm(0.975);

function wald(estimate: number, se: number): WaldEstimate {
  return { estimate, se, ci: [estimate - Z975 * se, estimate + Z975 * se] };
}

/**
 * Intercept-only logistic regression with offset L: Newton–Raphson on the score Σ(y − μ) with
 * μ = plogis(a + L), from a = 0, to |step| < 1e-12; SE = 1/√Σμ(1 − μ).
 */
function interceptWithOffset(L: number[], y: number[]): WaldEstimate {
  let a = 0;
  let info = 0;
  for (let it = 0; it < 100; it++) {
    let score = 0;
    info = 0;
    for (let i = 0; i < L.length; i++) {
      const mu = 1 / (1 + Math.exp(-(a + L[i])));
      score += y[i] - mu;
      info += mu * (1 - mu);
    }
    const step = score / info;
    a += step;
    if (!Number.isFinite(a)) throw new Error('calibration-in-the-large does not exist (one outcome class)');
    if (Math.abs(step) < 1e-12) break;
  }
  info = 0;
  for (const l of L) {
    const mu = 1 / (1 + Math.exp(-(a + l)));
    info += mu * (1 - mu);
  }
  return wald(a, 1 / Math.sqrt(info));
}

/**
 * Logistic recalibration of probabilities p against outcomes y. Throws (with the reason) when it cannot be
 * estimated: fewer than 3 rows with 0 < p < 1, one outcome class among them, or separation on logit p.
 */
export function calibrationFit(p: ArrayLike<number>, y: ArrayLike<number>): CalibrationFit {
  const L: number[] = [];
  const yk: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0 && p[i] < 1) {
      L.push(Math.log(p[i] / (1 - p[i])));
      yk.push(y[i]);
    }
  }
  const excluded = p.length - L.length;
  const events = yk.reduce((a, b) => a + b, 0);
  if (L.length < 3 || events === 0 || events === L.length)
    throw new Error(
      `calibration slope not computable: ${L.length} patients with a probability strictly between 0 and 1` +
        (L.length ? `, ${events} of them effective` : ''),
    );
  let fit;
  try {
    fit = glmLogistic([L], ['logit'], yk, { epsilon: 1e-14, maxit: 100 });
  } catch (e) {
    throw new Error(`calibration slope not computable: ${errorMessage(e)}`);
  }
  if (!fit.converged || fit.warnings.some((w) => w.includes('numerically 0 or 1')))
    throw new Error(
      'calibration slope not computable: logit(p) separates the outcomes (the slope is infinite)',
    );
  return {
    intercept: wald(fit.estimate[0], fit.stdError[0]),
    slope: wald(fit.estimate[1], fit.stdError[1]),
    in_the_large: interceptWithOffset(L, yk),
    excluded,
  };
}
