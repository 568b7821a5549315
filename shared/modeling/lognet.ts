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
 */

import { ensureMemory, loadSimdKernels } from './simd';

const SML = 1e-5; // minimum dev.ratio gain
const EPS = 1e-6; // smallest allowed lambda.min.ratio
const BIG = 9.9e35;
const MNLAM = 5;
const DEVMAX = 0.999;
const PMIN = 1e-9;
/** Largest active set handled with a Gram matrix (its memory is gramCap² doubles, reserved up front). */
const GRAM_MAX_ACTIVE = 1500;
/** Gram passes between exact recomputations of the gradient from the residual (bounds rounding drift). */
const GRAM_REFRESH = 64;

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

/**
 * Fits the LASSO logistic path. `x` column-major n × p (not modified), `y` 0/1.
 * Throws LognetError for glmnet's hard errors (a class with ≤ 1 observation, NA in x).
 */
export function lognetPath(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  opts: LognetOptions = {},
): LognetPath {
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
  const thresh = opts.thresh ?? 1e-7;
  const maxit = opts.maxit ?? 1e5;
  const user = opts.lambda !== undefined;
  const ulam = user
    ? Float64Array.from(opts.lambda as ArrayLike<number>)
        .sort()
        .reverse()
    : new Float64Array(0);
  const nlam = user ? ulam.length : (opts.nlambda ?? 100);
  const flmin = user ? 1 : (opts.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4));
  const ne = p + 1; // dfmax

  // --- standardisation with weights 1/n (lstandard1) ---
  const w = 1 / n;
  const xs = new Float64Array(p);
  const xm = new Float64Array(p);
  const ju = new Uint8Array(p);
  // z (standardised x), r and v live in WebAssembly memory when the SIMD kernels are available
  const kern = loadSimdKernels();
  const zBytes = n * p * 8;
  const rPtr = zBytes;
  const vPtr = zBytes + n * 8;
  const etaPtr = zBytes + 2 * n * 8;
  // Gram mode (see activeGramLoop): v∘z_a scratch, the active gradient and the Gram matrix, row stride gramCap
  const useGram = opts.activeGram ?? true;
  const gramCap = useGram ? Math.min(p, GRAM_MAX_ACTIVE) : 0;
  const tPtr = zBytes + 3 * n * 8;
  const gradPtr = tPtr + n * 8;
  const gramPtr = gradPtr + gramCap * 8;
  const wasmBuf = kern ? ensureMemory(kern, gramPtr + gramCap * gramCap * 8) : null;
  const z = wasmBuf ? new Float64Array(wasmBuf, 0, n * p).fill(0) : new Float64Array(n * p);
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

  // --- lognet2n ---
  const fmax = Math.log(1 / PMIN - 1);
  const fmin = -fmax;
  const vmin = (1 + PMIN) * PMIN * (1 - PMIN);
  let q0 = 0;
  for (let i = 0; i < n; i++) q0 += w * y[i];
  const bz = Math.log(q0 / (1 - q0));
  const b = new Float64Array(p + 1); // b[0] intercept, b[k+1] coefficient k (standardised)
  const bs = new Float64Array(p + 1);
  const xv = new Float64Array(p);
  const ga = new Float64Array(p);
  const q = new Float64Array(n);
  const v = wasmBuf ? new Float64Array(wasmBuf, vPtr, n) : new Float64Array(n);
  const r = wasmBuf ? new Float64Array(wasmBuf, rPtr, n) : new Float64Array(n);
  const eta = wasmBuf ? new Float64Array(wasmBuf, etaPtr, n) : new Float64Array(n);
  const vi = q0 * (1 - q0);
  b[0] = bz;
  v.fill(vi * w);
  for (let i = 0; i < n; i++) r[i] = w * (y[i] - q0);
  q.fill(q0);
  let xmz = vi;
  const dev1 = -(bz * q0 + Math.log(1 - q0));
  const dev0 = dev1; // y is 0/1: the saturated log-likelihood is 0
  const alf = flmin < 1 ? Math.pow(Math.max(EPS, flmin), 1 / (nlam - 1)) : 1;
  const m: number[] = []; // active set in order of entry
  const mm = new Int32Array(p); // position in m, 1-based; 0 = never active
  const ixx = new Uint8Array(p); // strong set
  let nlp = 0;
  let jerr = 0;
  let colOps = 0;
  const shr = thresh * dev0;
  // four accumulators: breaks the add-latency chain (the dot product dominates the run time)
  const n4 = n - (n % 4);
  // zero-offset views per column let the JIT drop most bounds checks in the hot loops
  const cols: Float64Array[] = Array.from({ length: p }, (_, j) => z.subarray(j * n, (j + 1) * n));
  /** r·z_k (the only dot product the solver needs). */
  const dotR = kern
    ? (k: number): number => {
        colOps++;
        return kern.dot(rPtr, k * n * 8, n);
      }
    : (k: number): number => {
        colOps++;
        return dot(r, k);
      };
  const dot = (a: Float64Array, k: number): number => {
    const c = cols[k];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i < n4; i += 4) {
      s0 += a[i] * c[i];
      s1 += a[i + 1] * c[i + 1];
      s2 += a[i + 2] * c[i + 2];
      s3 += a[i + 3] * c[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * c[i];
    return s0 + s1 + (s2 + s3);
  };
  for (let j = 0; j < p; j++) if (ju[j]) ga[j] = Math.abs(dotR(j));

  const almOut: number[] = [];
  const a0Std: number[] = [];
  const betaStd: Float64Array[] = [];
  const devOut: number[] = [];
  let al = 0;
  const mnl = Math.min(MNLAM, nlam);

  // With the SIMD kernels a coordinate's residual update is deferred and fused with the next coordinate's
  // dot product (one sweep over r instead of two; same arithmetic). interceptStep, which ends every pass,
  // applies a pending update before anything else reads r.
  let pendingCol = -1;
  let pendingD = 0;
  const flushPending = (): void => {
    if (pendingCol < 0 || !kern) return;
    kern.axpyWeighted(rPtr, vPtr, pendingCol * n * 8, pendingD, n);
    pendingCol = -1;
  };
  /** One coordinate update of standardised coefficient k; returns the change Δβ̃_k. */
  const cdStep = (k: number, al1: number): number => {
    const bk = b[k + 1];
    let gk: number;
    if (kern && pendingCol >= 0) {
      colOps++;
      gk = kern.axpyDot(rPtr, vPtr, pendingCol * n * 8, pendingD, k * n * 8, n);
      pendingCol = -1;
    } else gk = dotR(k);
    const u = gk + xv[k] * bk;
    const au = Math.abs(u) - al1;
    const nb = au <= 0 ? 0 : Math.max(-BIG, Math.min(BIG, (u >= 0 ? au : -au) / xv[k]));
    b[k + 1] = nb;
    const d = nb - bk;
    if (d === 0) return 0;
    colOps++;
    if (kern) {
      pendingCol = k;
      pendingD = d;
      return d;
    }
    const c = cols[k];
    let i = 0;
    for (; i < n4; i += 4) {
      r[i] -= d * v[i] * c[i];
      r[i + 1] -= d * v[i + 1] * c[i + 1];
      r[i + 2] -= d * v[i + 2] * c[i + 2];
      r[i + 3] -= d * v[i + 3] * c[i + 3];
    }
    for (; i < n; i++) r[i] -= d * v[i] * c[i];
    return d;
  };
  const interceptStep = (): number => {
    flushPending();
    let sr = 0;
    for (let i = 0; i < n; i++) sr += r[i];
    const d = sr / xmz;
    if (d === 0) return 0;
    b[0] += d;
    for (let i = 0; i < n; i++) r[i] -= d * v[i];
    return xmz * d * d;
  };

  // --- Gram mode for long active-set loops ---
  // Within one quadratic approximation v is fixed, so the gradient of active column a, g_a = r·z_a, moves by
  // −d·G_ab when coefficient b changes by d (G_ab = Σ_i v_i z_ia z_ib) and by −d·c_a (c_a = Σ_i v_i z_ia) when
  // the intercept does. A pass then costs |A| short updates per moved coefficient instead of two length-n
  // kernels per column (glmnet's covariance updates, applied to the weighted problem). Nearly collinear
  // columns near the unpenalised end make coordinate descent crawl for thousands of such passes; glmnet
  // takes them too, so the iterates are the same (up to rounding) and only their price changes.
  // The residual is brought up to date whenever the loop ends, and the gradient recomputed from it every
  // GRAM_REFRESH passes.
  const scratch = wasmBuf ? new Float64Array(wasmBuf, tPtr, n) : new Float64Array(n);
  const grad = wasmBuf ? new Float64Array(wasmBuf, gradPtr, gramCap) : new Float64Array(gramCap);
  const gram = wasmBuf
    ? new Float64Array(wasmBuf, gramPtr, gramCap * gramCap)
    : new Float64Array(gramCap * gramCap);
  const vzSum = new Float64Array(gramCap);
  const moved = new Float64Array(gramCap);
  let movedIntercept = 0;
  let sumR = 0;
  const buildGram = (A: number): void => {
    for (let a = 0; a < A; a++) {
      const ca = cols[m[a]];
      let s = 0;
      for (let i = 0; i < n; i++) {
        scratch[i] = v[i] * ca[i];
        s += scratch[i];
      }
      vzSum[a] = s;
      for (let c = a; c < A; c++) {
        const g = kern ? kern.dot(tPtr, m[c] * n * 8, n) : dot(scratch, m[c]);
        gram[a * gramCap + c] = g;
        gram[c * gramCap + a] = g;
      }
    }
    colOps += A + (A * (A + 1)) / 2;
    moved.fill(0, 0, A);
    movedIntercept = 0;
  };
  const syncResidual = (A: number): void => {
    for (let a = 0; a < A; a++) {
      const d = moved[a];
      if (d === 0) continue;
      moved[a] = 0;
      colOps++;
      if (kern) {
        kern.axpyWeighted(rPtr, vPtr, m[a] * n * 8, d, n);
        continue;
      }
      const c = cols[m[a]];
      for (let i = 0; i < n; i++) r[i] -= d * v[i] * c[i];
    }
    if (movedIntercept !== 0) {
      for (let i = 0; i < n; i++) r[i] -= movedIntercept * v[i];
      movedIntercept = 0;
    }
  };
  const refreshGradient = (A: number): void => {
    for (let a = 0; a < A; a++) grad[a] = dotR(m[a]);
    colOps += A;
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i];
    sumR = s;
  };
  /** One active-set pass on the Gram matrix of the first A active columns; returns max xv·Δβ̃² as a plain pass does. */
  const gramPass = (A: number, al1: number): number => {
    let dlx = 0;
    for (let a = 0; a < A; a++) {
      const k = m[a];
      const bk = b[k + 1];
      const u = grad[a] + xv[k] * bk;
      const au = Math.abs(u) - al1;
      const nb = au <= 0 ? 0 : Math.max(-BIG, Math.min(BIG, (u >= 0 ? au : -au) / xv[k]));
      b[k + 1] = nb;
      const d = nb - bk;
      if (d === 0) continue;
      dlx = Math.max(dlx, xv[k] * d * d);
      moved[a] += d;
      sumR -= d * vzSum[a];
      if (kern) kern.axpy(gradPtr, gramPtr + a * gramCap * 8, -d, A);
      else for (let c = 0, row = a * gramCap; c < A; c++) grad[c] -= d * gram[row + c];
    }
    const d0 = sumR / xmz;
    if (d0 !== 0) {
      b[0] += d0;
      movedIntercept += d0;
      for (let c = 0; c < A; c++) grad[c] -= d0 * vzSum[c];
      sumR -= d0 * xmz;
      dlx = Math.max(dlx, xmz * d0 * d0);
    }
    return dlx;
  };

  pathLoop: for (let ilm = 1; ilm <= nlam; ilm++) {
    let al0 = al;
    if (flmin >= 1) al = ulam[ilm - 1];
    else if (ilm > 2) al *= alf;
    else if (ilm === 1) al = BIG;
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (ju[j]) al0 = Math.max(al0, ga[j]);
      al = alf * al0;
    }
    const al1 = al;
    const tlam = 2 * al - al0;
    for (let k = 0; k < p; k++) if (!ixx[k] && ju[k] && ga[k] > tlam) ixx[k] = 1;

    let saturated = false;
    again: for (;;) {
      for (;;) {
        // one outer (IRLS) iteration
        bs[0] = b[0];
        for (const k of m) bs[k + 1] = b[k + 1];
        for (let j = 0; j < p; j++) {
          if (!ixx[j]) continue;
          colOps++;
          if (kern) {
            xv[j] = kern.wss(vPtr, j * n * 8, n);
            continue;
          }
          const off = j * n;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let i = 0;
          for (; i < n4; i += 4) {
            const z0 = z[off + i];
            const z1 = z[off + i + 1];
            const z2 = z[off + i + 2];
            const z3 = z[off + i + 3];
            s0 += v[i] * z0 * z0;
            s1 += v[i + 1] * z1 * z1;
            s2 += v[i + 2] * z2 * z2;
            s3 += v[i + 3] * z3 * z3;
          }
          for (; i < n; i++) s0 += v[i] * z[off + i] * z[off + i];
          xv[j] = s0 + s1 + (s2 + s3);
        }
        for (;;) {
          nlp++;
          let dlx = 0;
          for (let k = 0; k < p; k++) {
            if (!ixx[k]) continue;
            const d = cdStep(k, al1);
            if (d === 0) continue;
            dlx = Math.max(dlx, xv[k] * d * d);
            if (mm[k] === 0) {
              m.push(k);
              mm[k] = m.length;
            }
          }
          const di = interceptStep();
          if (di > dlx) dlx = di;
          if (dlx < shr) break;
          if (nlp > maxit) {
            jerr = -ilm;
            break pathLoop;
          }
          // active-set passes; once a loop has run long enough to pay for it (a Gram matrix costs about
          // |A|/4 plain passes), on the Gram matrix (m does not change inside this loop)
          let activePasses = 0;
          let gramA = 0;
          for (;;) {
            nlp++;
            activePasses++;
            if (gramA === 0 && m.length <= gramCap && activePasses > Math.max(8, m.length / 4)) {
              gramA = m.length;
              buildGram(gramA);
              refreshGradient(gramA);
            } else if (gramA !== 0 && activePasses % GRAM_REFRESH === 0) {
              syncResidual(gramA);
              refreshGradient(gramA);
            }
            let dlx2 = 0;
            if (gramA !== 0) dlx2 = gramPass(gramA, al1);
            else {
              for (const k of m) {
                const d = cdStep(k, al1);
                if (d !== 0) dlx2 = Math.max(dlx2, xv[k] * d * d);
              }
              const di2 = interceptStep();
              if (di2 > dlx2) dlx2 = di2;
            }
            if (dlx2 < shr) break;
            if (nlp > maxit) {
              jerr = -ilm;
              break pathLoop;
            }
          }
          if (gramA !== 0) syncResidual(gramA);
        }
        // new quadratic approximation
        // η accumulated column by column (same summation order per row as a row-wise loop)
        eta.fill(b[0]);
        for (const k of m) {
          const bk = b[k + 1];
          colOps++;
          if (kern) {
            kern.axpy(etaPtr, k * n * 8, bk, n);
            continue;
          }
          const off = k * n;
          let i = 0;
          for (; i < n4; i += 4) {
            eta[i] += bk * z[off + i];
            eta[i + 1] += bk * z[off + i + 1];
            eta[i + 2] += bk * z[off + i + 2];
            eta[i + 3] += bk * z[off + i + 3];
          }
          for (; i < n; i++) eta[i] += bk * z[off + i];
        }
        for (let i = 0; i < n; i++) {
          const fi = eta[i];
          q[i] = fi < fmin ? 0 : fi > fmax ? 1 : 1 / (1 + Math.exp(-fi));
        }
        xmz = 0;
        for (let i = 0; i < n; i++) {
          v[i] = w * q[i] * (1 - q[i]);
          xmz += v[i];
        }
        if (xmz <= vmin) {
          saturated = true;
          break again;
        }
        for (let i = 0; i < n; i++) r[i] = w * (y[i] - q[i]);
        const d0 = b[0] - bs[0];
        if (xmz * d0 * d0 < shr) {
          let ix = false;
          for (const k of m) {
            const d = b[k + 1] - bs[k + 1];
            if (xv[k] * d * d >= shr) {
              ix = true;
              break;
            }
          }
          if (!ix) {
            for (let k = 0; k < p; k++) {
              if (ixx[k] || !ju[k]) continue;
              ga[k] = Math.abs(dotR(k));
              if (ga[k] > al1) {
                ixx[k] = 1;
                ix = true;
              }
            }
            if (ix) continue again;
            break again;
          }
        }
      }
    }
    // store this λ
    const bet = new Float64Array(p);
    for (const k of m) bet[k] = b[k + 1];
    betaStd.push(bet);
    a0Std.push(b[0]);
    almOut.push(al);
    let devi = 0;
    for (let i = 0; i < n; i++) {
      const pi = Math.min(Math.max(PMIN, q[i]), 1 - PMIN);
      devi -= w * (y[i] * Math.log(pi) + (1 - y[i]) * Math.log(1 - pi));
    }
    devOut.push((dev1 - devi) / dev0);
    if (saturated) break;
    if (ilm < mnl) continue;
    if (flmin >= 1) continue;
    let me = 0;
    for (const k of m) if (bet[k] !== 0) me++;
    if (me > ne) break;
    const dr = devOut[devOut.length - 1];
    if (dr > DEVMAX) break;
    if (dr - devOut[devOut.length - 2] < SML) break;
  }

  // --- back to the input scale ---
  const L = almOut.length;
  const lambda = Float64Array.from(almOut);
  if (!user && L > 2) lambda[0] = Math.exp(2 * Math.log(lambda[1]) - Math.log(lambda[2]));
  const beta = new Float64Array(p * L);
  const a0 = new Float64Array(L);
  const df = new Int32Array(L);
  for (let l = 0; l < L; l++) {
    let a = a0Std[l];
    let nz = 0;
    for (const k of m) {
      const bk = betaStd[l][k] / xs[k];
      beta[l * p + k] = bk;
      a -= bk * xm[k];
      if (bk !== 0) nz++;
    }
    a0[l] = a;
    df[l] = nz;
  }
  return {
    lambda,
    a0,
    beta,
    p,
    df,
    devRatio: Float64Array.from(devOut),
    nulldev: 2 * n * dev0,
    npasses: nlp,
    columnOps: colOps,
    jerr,
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
