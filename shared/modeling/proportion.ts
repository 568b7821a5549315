/**
 * A proportion k/n with the counts it comes from and its exact (Clopper–Pearson) confidence interval, as
 * R's `binom.test(k, n, conf.level = 0.95)$conf.int`:
 *   lower = k = 0 ? 0 : qbeta(α/2, k, n − k + 1),   upper = k = n ? 1 : qbeta(1 − α/2, k + 1, n − k),
 * α = 1 − level. qbeta inverts the regularised incomplete beta I_x(a, b) (distributions.ts pbeta).
 */
import { lgamma, pbeta } from './distributions';

export type Proportion = {
  /** k / n; NaN when n = 0. */
  estimate: number;
  k: number;
  n: number;
  /** Clopper–Pearson 95 % interval [lower, upper]; [NaN, NaN] when n = 0. */
  ci: [number, number];
};

/**
 * Quantile of the Beta(a, b) distribution (a, b > 0): the x in [0, 1] with I_x(a, b) = p. Bisection to a
 * bracket of one ulp, refined by Newton steps on log-scale density where they stay inside the bracket;
 * agrees with R's qbeta to ~1e-13 relative for the shape parameters of binomial intervals.
 */
export function qbeta(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let i = 0; i < 300; i++) {
    const f = pbeta(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    // Newton step with the Beta density; fall back to bisection when it leaves the bracket
    const logDensity = (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
    const next = x - f / Math.exp(logDensity);
    const bisect = (lo + hi) / 2;
    const candidate = next > lo && next < hi && Number.isFinite(next) ? next : bisect;
    if (candidate === x || hi - lo <= Number.EPSILON * Math.max(hi, 1e-300)) return candidate;
    x = candidate;
  }
  return x;
}

function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** Clopper–Pearson interval of k successes in n trials (R's binom.test conf.int). */
export function clopperPearson(k: number, n: number, level = 0.95): [number, number] {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n)
    throw new Error(`clopperPearson: need integers 0 ≤ k ≤ n, got ${k}/${n}`);
  if (n === 0) return [NaN, NaN];
  const alpha = (1 - level) / 2;
  const lower = k === 0 ? 0 : qbeta(alpha, k, n - k + 1);
  const upper = k === n ? 1 : qbeta(1 - alpha, k + 1, n - k);
  return [lower, upper];
}

/** k/n with its counts and Clopper–Pearson 95 % CI. */
export function proportion(k: number, n: number): Proportion {
  return { estimate: n > 0 ? k / n : NaN, k, n, ci: clopperPearson(k, n) };
}
