/**
 * LASSO logistic regression on a λ path, reproducing glmnet 4.1-6's two-class `lognet`
 * (alpha = 1, standardize = TRUE, intercept = TRUE, type.logistic = "Newton", unit weights).
 *
 * Objective at each λ (standardised coefficients β̃ = β·xs, xs the 1/n SD):
 *   −(1/n)·Σ_i [y_i·η_i − log(1 + e^{η_i})] + λ·Σ_j |β̃_j|
 *
 * The algorithm follows glmnet's lognet2n step for step, because the default convergence
 * threshold (1e-7 × null deviance per observation) leaves the solution ~1e-4 from the optimum and
 * only the same iteration order lands on the same point:
 *   - outer loop: quadratic (IRLS) approximation at the current fit, weights v_i = p_i(1−p_i)/n;
 *   - inner loop: cyclic coordinate descent over the strong set, then over the active set only, until
 *     max_j xv_j·Δβ̃_j² < thresh·dev0 (intercept term xmz·Δa0²);
 *   - outer convergence: the same test on the change over the outer iteration, then a KKT check of
 *     the variables outside the strong set (sequential strong rule |g_j| > 2λ_k − λ_{k−1});
 *   - η beyond ±log(1/pmin − 1), pmin = 1e-9, is treated as p = 0 or 1;
 *   - an active-set loop that runs long (nearly collinear columns make coordinate descent crawl, as it does
 *     in glmnet) switches to gradient updates through the weighted Gram matrix of the active columns: the
 *     same passes and iterates up to rounding, at |A| instead of ~2n operations per moved coordinate;
 *   - path stops (computed λ only, after 5 values): dev.ratio gain < 1e-5, dev.ratio > 0.999, more
 *     than dfmax = p + 1 non-zero, or Σv ≤ vmin (weights saturate; this one also for user λ).
 * Data are column-major Float64Arrays: x[j·n + i].
 *
 * The code is layered as glmnet's C++ core (glmnetpp) is:
 *   driver         lognet.ts                  checks, standardisation (lstandard1), back to the input scale
 *   path           lognetLambdaPath.ts        λ sequence, strong rule, storing each λ, stopping rules
 *   one-λ point    lognetPoint.ts             IRLS iterations and the KKT check at one λ
 *   inner loop     lognetCoordinateDescent.ts the shared buffers, coordinate updates, strong/active-set passes
 *                  lognetGram.ts              the Gram-matrix form of long active-set loops
 */

import { LognetWorkspace } from './lognetCoordinateDescent';
import { solveLambdaPath, type LambdaSequence, type StandardisedPath } from './lognetLambdaPath';
import { loadSimdKernels } from './simd';

export interface LognetOptions {
  /** Number of λ values when the sequence is computed (glmnet default 100). */
  nlambda?: number;
  /** λ_min / λ_max when computed; default 0.01 if n < p else 1e-4. */
  lambdaMinRatio?: number;
  /** User-supplied decreasing λ sequence: no early stopping, no fix-up of λ_1. */
  lambda?: ArrayLike<number>;
  thresh?: number;
  maxit?: number;
  /**
   * Long active-set loops update the gradient through the weighted Gram matrix of the active columns
   * (default true); false keeps the plain residual updates throughout (same iterates up to rounding).
   */
  activeGram?: boolean;
}

export interface LognetPath {
  /** λ values as R reports them (λ_1 extrapolated as fix.lam does when computed). */
  lambda: Float64Array;
  /** Intercepts per λ, input scale. */
  a0: Float64Array;
  /** Coefficients on the input scale, column-major p × nλ: beta[l·p + j]. */
  beta: Float64Array;
  p: number;
  df: Int32Array;
  devRatio: Float64Array;
  /** Null deviance 2·n·(mean null negative log-likelihood). */
  nulldev: number;
  /** Total coordinate-descent passes. */
  npasses: number;
  /** Work counter: length-n column kernels run (dot products, residual/η updates, weighted sums of squares). */
  columnOps: number;
  /** 0 or glmnet's error code (negative: maxit reached at λ index −jerr). */
  jerr: number;
  /** Columns excluded as constant (glmnet's ju = 0). */
  constant: boolean[];
}

export class LognetError extends Error {}

/** glmnet's input checks: 0/1 outcome with at least 2 of each class, finite x. */
function checkInputs(x: Float64Array, n: number, p: number, y: ArrayLike<number>): void {
  if (x.length !== n * p) throw new LognetError(`x has ${x.length} values, expected ${n}×${p}`);
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new LognetError(`y must be 0/1 (row ${i + 1} is ${y[i]})`);
    events += y[i];
  }
  if (events <= 1 || n - events <= 1)
    throw new LognetError('one binomial class has 1 or 0 observations; not allowed');
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(x[k]))
      throw new LognetError('x has missing values; consider using makeX() to impute them');
  }
}

function lambdaSequence(n: number, p: number, opts: LognetOptions): LambdaSequence {
  if (opts.lambda !== undefined) {
    const user = Float64Array.from(opts.lambda).sort().reverse();
    return { user, nlam: user.length, flmin: 1 };
  }
  const flmin = opts.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
  if (!(flmin < 1)) throw new LognetError('lambda.min.ratio should be less than 1');
  return { user: null, nlam: opts.nlambda ?? 100, flmin };
}

/**
 * glmnet's lstandard1 with weights 1/n: x̄_j = mean(x_j), xs_j = sqrt(Σ(x_ij − x̄_j)²/n), z = (x − x̄)/xs
 * written into ws.z; constant columns stay zero and out of the fit (ju = 0).
 */
function standardise(x: Float64Array, ws: LognetWorkspace) {
  const { n, p, w, z, ju } = ws;
  const xs = new Float64Array(p);
  const xm = new Float64Array(p);
  const constant: boolean[] = [];
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let isConst = true;
    for (let i = 1; i < n; i++) if (x[off + i] !== x[off]) isConst = false;
    constant.push(isConst);
    if (isConst) continue;
    ju[j] = 1;
    let m = 0;
    for (let i = 0; i < n; i++) m += w * x[off + i];
    xm[j] = m;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = x[off + i] - m;
      z[off + i] = d;
      v += w * d * d;
    }
    const s = Math.sqrt(v);
    xs[j] = s;
    for (let i = 0; i < n; i++) z[off + i] /= s;
  }
  return { xm, xs, constant };
}

/**
 * glmnet's lsolns: coefficients back on the input scale, β_j = β̃_j/xs_j and a0 = ã0 − Σ_j β_j·x̄_j; λ_1
 * (+∞ in the solver) reported as exp(2·log λ_2 − log λ_3), as R's fix.lam does.
 */
function toInputScale(
  sp: StandardisedPath,
  active: readonly number[],
  xm: Float64Array,
  xs: Float64Array,
  p: number,
  computedLambda: boolean,
) {
  const L = sp.lambda.length;
  const lambda = Float64Array.from(sp.lambda);
  if (computedLambda && L > 2) lambda[0] = Math.exp(2 * Math.log(lambda[1]) - Math.log(lambda[2]));
  const beta = new Float64Array(p * L);
  const a0 = new Float64Array(L);
  const df = new Int32Array(L);
  for (let l = 0; l < L; l++) {
    let a = sp.a0[l];
    let nz = 0;
    for (const k of active) {
      const bk = sp.beta[l][k] / xs[k];
      beta[l * p + k] = bk;
      a -= bk * xm[k];
      if (bk !== 0) nz++;
    }
    a0[l] = a;
    df[l] = nz;
  }
  return { lambda, beta, a0, df };
}

/**
 * Fits the LASSO logistic path (the driver: checks, standardisation, the path, back to the input scale).
 * `x` column-major n × p (not modified), `y` 0/1.
 * Throws LognetError for glmnet's hard errors (a class with ≤ 1 observation, NA in x).
 */
export function lognetPath(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  opts: LognetOptions = {},
): LognetPath {
  checkInputs(x, n, p, y);
  const seq = lambdaSequence(n, p, opts);
  const ws = new LognetWorkspace(n, p, loadSimdKernels(), opts.maxit ?? 1e5, opts.activeGram ?? true);
  const { xm, xs, constant } = standardise(x, ws);
  const sp = solveLambdaPath(ws, y, seq, opts.thresh ?? 1e-7);
  const { lambda, beta, a0, df } = toInputScale(sp, ws.m, xm, xs, p, seq.user === null);
  return {
    lambda,
    a0,
    beta,
    p,
    df,
    devRatio: Float64Array.from(sp.devRatio),
    nulldev: 2 * n * sp.dev0,
    npasses: ws.nlp,
    columnOps: ws.colOps,
    jerr: sp.jerr,
    constant,
  };
}

/** Linear predictor a0 + x·β at path column l for row i of a column-major matrix with `rows` rows. */
export function linearPredictor(
  path: LognetPath,
  l: number,
  x: Float64Array,
  rows: number,
  i: number,
): number {
  const p = path.p;
  let s = path.a0[l];
  for (let j = 0; j < p; j++) {
    const bj = path.beta[l * p + j];
    if (bj !== 0) s += x[j * rows + i] * bj;
  }
  return s;
}
