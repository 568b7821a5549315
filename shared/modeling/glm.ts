/**
 * Logistic regression by IRLS with R's glm.fit semantics (family = binomial, logit link):
 *   mustart = (y + 0.5)/2, η = logit(μ); each iteration: z = η + (y − μ)/μ', w = √(μ'²/V(μ)),
 *   β = least squares of w·z on w·X by R's pivoting QR (LINPACK dqrdc2, tol = min(1e-7, ε/1000));
 *   μ = plogis(η) with R's clamp (|η| > 30 → ε / 1/ε);
 *   converged when |dev − dev_old|/(|dev| + 0.1) < 1e-8, at most 25 iterations.
 * Aliased (collinear) columns: dqrdc2 moves a column whose norm, after removing the columns before it,
 * falls below tol × its original norm to the end; the fit uses the first `rank` columns, and the moved
 * ones get estimate / SE / z / p = NaN (R's NA), as glm.fit's `coef[pivot][(rank+1):p] <- NA`.
 * Standard errors come from (RᵀR)⁻¹ of the last iteration's QR (summary.glm's chol2inv(Qr$qr));
 * Wald z and p = 2·Φ(−|z|); aic = deviance + 2·rank. Warnings use R's wording.
 */
import { pnorm } from './distributions';

const DBL_EPS = 2.220446049250313e-16;
const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / DBL_EPS;

export interface GlmResult {
  names: string[];
  /** NaN for an aliased coefficient (R's NA). */
  estimate: number[];
  stdError: number[];
  zValue: number[];
  pValue: number[];
  /** Names of the aliased predictors (R's `singularities`), in R's pivot order. */
  aliased: string[];
  rank: number;
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

/** Euclidean norm of x[from], x[from+1], … x[from+len−1], scaled as BLAS dnrm2 against overflow. */
function norm2(x: Float64Array, from: number, len: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = from; i < from + len; i++) {
    const v = x[i];
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        ssq = 1 + ssq * (scale / a) ** 2;
        scale = a;
      } else ssq += (a / scale) ** 2;
    }
  }
  return scale * Math.sqrt(ssq);
}

export interface PivotedQr {
  /** Column-major n × p: R in the upper triangle, Householder vectors below (LINPACK layout). */
  qr: Float64Array;
  qraux: Float64Array;
  /** pivot[c] = original index of the column now at position c. */
  pivot: number[];
  rank: number;
  n: number;
  p: number;
}

/**
 * LINPACK dqrdc2 as R ships it (src/appl/dqrdc2.f): Householder QR with limited column pivoting — a
 * column whose reduced norm falls below tol × its original norm is moved to the right-hand edge.
 * `x` is column-major n × p and is overwritten.
 */
export function dqrdc2(x: Float64Array, n: number, p: number, tol: number): PivotedQr {
  const qraux = new Float64Array(p);
  const work1 = new Float64Array(p);
  const work2 = new Float64Array(p);
  const pivot = Array.from({ length: p }, (_, j) => j);
  const col = (j: number) => j * n;
  if (n > 0) {
    for (let j = 0; j < p; j++) {
      qraux[j] = norm2(x, col(j), n);
      work1[j] = qraux[j];
      work2[j] = qraux[j] === 0 ? 1 : qraux[j];
    }
  }
  const lup = Math.min(n, p);
  let k = p; // columns at positions ≥ k were moved out as negligible
  for (let l = 0; l < lup; l++) {
    while (!(l >= k || qraux[l] >= work2[l] * tol)) {
      // rotate column l to the end
      const saved = x.slice(col(l), col(l) + n);
      x.copyWithin(col(l), col(l + 1), col(p));
      x.set(saved, col(p - 1));
      const rot = <T>(a: { [i: number]: T }) => {
        const t = a[l];
        for (let j = l + 1; j < p; j++) a[j - 1] = a[j];
        a[p - 1] = t;
      };
      rot(pivot);
      rot(qraux);
      rot(work1);
      rot(work2);
      k--;
    }
    if (l === n - 1) continue;
    const cl = col(l);
    let nrmxl = norm2(x, cl + l, n - l);
    if (nrmxl === 0) continue;
    if (x[cl + l] !== 0) nrmxl = Math.sign(x[cl + l]) * Math.abs(nrmxl);
    for (let i = l; i < n; i++) x[cl + i] /= nrmxl;
    x[cl + l] += 1;
    for (let j = l + 1; j < p; j++) {
      const cj = col(j);
      let dot = 0;
      for (let i = l; i < n; i++) dot += x[cl + i] * x[cj + i];
      const t = -dot / x[cl + l];
      for (let i = l; i < n; i++) x[cj + i] += t * x[cl + i];
      if (qraux[j] !== 0) {
        const tt = Math.max(1 - (Math.abs(x[cj + l]) / qraux[j]) ** 2, 0);
        // R's 9/99 change: recompute the norm when it dropped a lot (tolerance on the squared norm)
        if (Math.abs(tt) >= 1e-6) qraux[j] *= Math.sqrt(tt);
        else {
          qraux[j] = norm2(x, cj + l + 1, n - l - 1);
          work1[j] = qraux[j];
        }
      }
    }
    qraux[l] = x[cl + l];
    x[cl + l] = -nrmxl;
  }
  return { qr: x, qraux, pivot, rank: Math.min(k, n), n, p };
}

/** Least-squares coefficients of the first `rank` pivoted columns (LINPACK dqrsl: Qᵀy, then back-substitution). */
export function qrCoefficients(f: PivotedQr, y: ArrayLike<number>): Float64Array {
  const { qr, qraux, n, rank } = f;
  const qty = Float64Array.from(y);
  const ju = Math.min(rank, n - 1);
  for (let j = 0; j < ju; j++) {
    if (qraux[j] === 0) continue;
    const cj = j * n;
    const diag = qr[cj + j];
    qr[cj + j] = qraux[j];
    let dot = 0;
    for (let i = j; i < n; i++) dot += qr[cj + i] * qty[i];
    const t = -dot / qr[cj + j];
    for (let i = j; i < n; i++) qty[i] += t * qr[cj + i];
    qr[cj + j] = diag;
  }
  const b = new Float64Array(rank);
  for (let j = rank - 1; j >= 0; j--) {
    if (qr[j * n + j] === 0) throw new GlmError('the weighted design matrix is exactly singular');
    b[j] = qty[j] / qr[j * n + j];
    for (let i = 0; i < j; i++) qty[i] -= b[j] * qr[j * n + i];
  }
  return b;
}

/** (RᵀR)⁻¹ of the leading rank × rank block of R (R's chol2inv), row-major. */
export function qrUnscaledCovariance(f: PivotedQr): Float64Array {
  const { qr, n, rank: r } = f;
  const R = (i: number, j: number) => qr[j * n + i];
  const inv = new Float64Array(r * r); // R⁻¹, upper triangular, row-major
  for (let j = 0; j < r; j++) {
    inv[j * r + j] = 1 / R(j, j);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= j; m++) s += R(i, m) * inv[m * r + j];
      inv[i * r + j] = -s / R(i, i);
    }
  }
  const cov = new Float64Array(r * r);
  for (let i = 0; i < r; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < r; m++) s += inv[i * r + m] * inv[j * r + m];
      cov[i * r + j] = s;
      cov[j * r + i] = s;
    }
  return cov;
}

/**
 * @param columns predictor columns (each length n), intercept added
 * @param names predictor names (without the intercept)
 */
export function glmLogistic(
  columns: ArrayLike<number>[],
  names: string[],
  y: ArrayLike<number>,
  opts: { epsilon?: number; maxit?: number } = {},
): GlmResult {
  const epsilon = opts.epsilon ?? 1e-8;
  const maxit = opts.maxit ?? 25;
  const tol = Math.min(1e-7, epsilon / 1000);
  const n = y.length;
  const k = columns.length + 1;
  if (n === 0) throw new GlmError('no observations to fit');
  for (let j = 0; j < columns.length; j++) {
    if (columns[j].length !== n)
      throw new GlmError(`predictor "${names[j]}" has ${columns[j].length} values for ${n} observations`);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(columns[j][i]))
        throw new GlmError(`predictor "${names[j]}" has a non-finite value at row ${i + 1}`);
  }
  const X = (i: number, j: number) => (j === 0 ? 1 : columns[j - 1][i]);
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
  }
  let devOld = binomialDeviance(y, mu);
  let dev = devOld;
  let beta = new Float64Array(k);
  let qr: PivotedQr | null = null;
  let converged = false;
  let iter = 0;
  const xw = new Float64Array(n * k);
  const zw = new Float64Array(n);
  for (iter = 1; iter <= maxit; iter++) {
    for (let i = 0; i < n; i++) {
      const me = Math.max(mu[i] * (1 - mu[i]), DBL_EPS); // binomial mu.eta
      const w = Math.sqrt((me * me) / (mu[i] * (1 - mu[i])));
      zw[i] = (eta[i] + (y[i] - mu[i]) / me) * w;
      for (let a = 0; a < k; a++) xw[a * n + i] = X(i, a) * w;
    }
    qr = dqrdc2(xw, n, k, tol);
    const b = qrCoefficients(qr, zw);
    beta = new Float64Array(k); // aliased columns enter η with 0, as R's start[pivot] <- coefficients
    for (let c = 0; c < qr.rank; c++) beta[qr.pivot[c]] = b[c];
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
  if (!qr) throw new GlmError('no IRLS iteration was run (maxit < 1)');
  const rank = qr.rank;
  const allNames = ['(Intercept)', ...names];
  const aliasedIdx = qr.pivot.slice(rank);
  const warnings: string[] = [];
  if (!converged) warnings.push('glm.fit: algorithm did not converge');
  const eps = 10 * DBL_EPS;
  if (mu.some((m) => m > 1 - eps || m < eps))
    warnings.push('glm.fit: fitted probabilities numerically 0 or 1 occurred');
  if (aliasedIdx.length > 0) {
    warnings.push(
      `glm.fit: ${aliasedIdx.length} ${aliasedIdx.length === 1 ? 'coefficient' : 'coefficients'} not defined because of singularities ` +
        `(aliased: ${aliasedIdx.map((a) => allNames[a]).join(', ')}); the Rad-score uses the other terms`,
    );
  }
  const ybar = Array.from(y).reduce((a, b) => a + b, 0) / n;
  const nullMu = new Float64Array(n).fill(ybar);
  const nullDeviance = binomialDeviance(y, nullMu);
  const cov = qrUnscaledCovariance(qr);
  const est = new Array<number>(k).fill(NaN);
  const se = new Array<number>(k).fill(NaN);
  for (let c = 0; c < rank; c++) {
    est[qr.pivot[c]] = beta[qr.pivot[c]];
    se[qr.pivot[c]] = Math.sqrt(cov[c * rank + c]);
  }
  const z = est.map((b, a) => b / se[a]);
  return {
    names: allNames,
    estimate: est,
    stdError: se,
    zValue: z,
    pValue: z.map((v) => 2 * pnorm(-Math.abs(v))),
    aliased: aliasedIdx.map((a) => allNames[a]),
    rank,
    deviance: dev,
    nullDeviance,
    aic: dev + 2 * rank,
    dfResidual: n - rank,
    iterations: iter,
    converged,
    warnings,
  };
}
