/**
 * Logistic regression by IRLS with R's glm.fit semantics (family = binomial, logit link):
 *   mustart = (y + 0.5)/2, η = logit(μ); each iteration: z = η + (y − μ)/μ', W = μ(1 − μ),
 *   β = (XᵀWX)⁻¹XᵀWz; μ = plogis(η) with R's clamp (|η| > 30 → ε / 1/ε);
 *   converged when |dev − dev_old|/(|dev| + 0.1) < 1e-8, at most 25 iterations.
 * Standard errors come from (XᵀWX)⁻¹ with the weights of the last iteration (as summary.glm's QR);
 * Wald z and p = 2·Φ(−|z|). Warnings use R's wording.
 */
import { pnorm } from './distributions';

const DBL_EPS = 2.220446049250313e-16;
const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / DBL_EPS;

export interface GlmResult {
  names: string[];
  estimate: number[];
  stdError: number[];
  zValue: number[];
  pValue: number[];
  deviance: number;
  nullDeviance: number;
  aic: number;
  dfResidual: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

export class GlmError extends Error {}

/** R's logit_linkinv. */
export function logitLinkinv(eta: number): number {
  const t = eta < MTHRESH ? DBL_EPS : eta > THRESH ? INVEPS : Math.exp(eta);
  return t / (1 + t);
}

function binomialDeviance(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += y[i] === 1 ? -2 * Math.log(mu[i]) : -2 * Math.log(1 - mu[i]);
  return d;
}

/** Solves the symmetric positive definite system by Cholesky; returns the inverse as well. */
function choleskyInverse(a: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(a[i * k + i])))) throw new GlmError('the selected features are collinear (singular information matrix)');
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j];
    }
  }
  // inverse of L, then LᵀL⁻¹
  const li = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    li[i * k + i] = 1 / l[i * k + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= l[i * k + m] * li[m * k + j];
      li[i * k + j] = s / l[i * k + i];
    }
  }
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += li[m * k + i] * li[m * k + j];
      inv[i * k + j] = s;
      inv[j * k + i] = s;
    }
  return inv;
}

/**
 * @param columns predictor columns (each length n), intercept added
 * @param names predictor names (without the intercept)
 */
export function glmLogistic(columns: ArrayLike<number>[], names: string[], y: ArrayLike<number>, opts: { epsilon?: number; maxit?: number } = {}): GlmResult {
  const epsilon = opts.epsilon ?? 1e-8;
  const maxit = opts.maxit ?? 25;
  const n = y.length;
  const k = columns.length + 1;
  if (n < k) throw new GlmError(`${n} observations cannot fit ${k} coefficients`);
  const X = (i: number, j: number) => (j === 0 ? 1 : columns[j - 1][i]);
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
  }
  let devOld = binomialDeviance(y, mu);
  let dev = devOld;
  let beta: Float64Array = new Float64Array(k);
  let inv: Float64Array = new Float64Array(k * k);
  let converged = false;
  let iter = 0;
  for (iter = 1; iter <= maxit; iter++) {
    const xtwx = new Float64Array(k * k);
    const xtwz = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const me = Math.max(mu[i] * (1 - mu[i]), DBL_EPS); // binomial mu.eta
      const wi = (me * me) / (mu[i] * (1 - mu[i]));
      const zi = eta[i] + (y[i] - mu[i]) / me;
      for (let a = 0; a < k; a++) {
        const xa = X(i, a);
        xtwz[a] += wi * xa * zi;
        for (let b = 0; b <= a; b++) xtwx[a * k + b] += wi * xa * X(i, b);
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) xtwx[b * k + a] = xtwx[a * k + b];
    inv = choleskyInverse(xtwx, k);
    const nb = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += inv[a * k + b] * xtwz[b];
      nb[a] = s;
    }
    beta = nb;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let a = 0; a < k; a++) e += X(i, a) * beta[a];
      eta[i] = e;
      mu[i] = logitLinkinv(e);
    }
    dev = binomialDeviance(y, mu);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  if (iter > maxit) iter = maxit;
  const warnings: string[] = [];
  if (!converged) warnings.push('glm.fit: algorithm did not converge');
  const eps = 10 * DBL_EPS;
  if (mu.some((m) => m > 1 - eps || m < eps)) warnings.push('glm.fit: fitted probabilities numerically 0 or 1 occurred');
  const ybar = Array.from(y).reduce((a, b) => a + b, 0) / n;
  const nullMu = new Float64Array(n).fill(ybar);
  const nullDeviance = binomialDeviance(y, nullMu);
  const se = Array.from({ length: k }, (_, a) => Math.sqrt(inv[a * k + a]));
  const est = Array.from(beta);
  const z = est.map((b, a) => b / se[a]);
  return {
    names: ['(Intercept)', ...names],
    estimate: est,
    stdError: se,
    zValue: z,
    pValue: z.map((v) => 2 * pnorm(-Math.abs(v))),
    deviance: dev,
    nullDeviance,
    aic: dev + 2 * k,
    dfResidual: n - k,
    iterations: iter,
    converged,
    warnings,
  };
}
