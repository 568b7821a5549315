/**
 * cv.glmnet(family = "binomial", type.measure = "deviance", grouped = TRUE, keep = TRUE) with a given foldid.
 *   - the full-data path fixes the λ sequence; each fold k is fitted on foldid ≠ k with that λ vector
 *     (its own standardisation, no early stop) and predicts the held-out rows (clamped to its last λ);
 *   - dev_i = −2[y_i log p_i + (1−y_i) log(1−p_i)], p_i clamped to [1e-5, 1−1e-5];
 *   - with fewer than 3 rows per fold glmnet switches to grouped = FALSE (warning): cvsd over observations,
 *     sqrt(Σ(dev_i − cvm)²/n/(n−1));
 *   - m_k = mean dev in fold k;  cvm = Σ n_k m_k / Σ n_k;  cvsd = sqrt(Σ n_k (m_k − cvm)² / Σ n_k / (K−1));
 *   - λ.min = largest λ with cvm = min(cvm); λ.1se = largest λ with cvm ≤ cvm[min] + cvsd[min].
 */
import { LognetError, lognetPath, type LognetOptions, type LognetPath } from './lognet';

const PROB_CLAMP = 1e-5;

export interface CvLognetResult {
  path: LognetPath;
  lambda: Float64Array;
  cvm: Float64Array;
  cvsd: Float64Array;
  /** 0-based indices into lambda. */
  indexMin: number;
  index1se: number;
  lambdaMin: number;
  lambda1se: number;
  foldSizes: number[];
  /** K × nλ per-fold mean deviance, row per fold. */
  foldMeanDeviance: Float64Array[];
  /** Out-of-fold linear predictors, row-major nTrain × nλ. */
  preval: Float64Array;
  warnings: string[];
}

/**
 * glmnet's lambda.interp: positions of s in a decreasing λ path as left/right column indices (0-based)
 * and the weight of the left column; s outside the path is clamped to its ends.
 */
export function lambdaInterp(
  lam: ArrayLike<number>,
  s: ArrayLike<number>,
): { left: number; right: number; frac: number }[] {
  const k = lam.length;
  if (k === 1) return Array.from({ length: s.length }, () => ({ left: 0, right: 0, frac: 1 }));
  const span = lam[0] - lam[k - 1];
  const nl = Array.from({ length: k }, (_, i) => (lam[0] - lam[i]) / span);
  const lo = Math.min(...nl);
  const hi = Math.max(...nl);
  return Array.from(s, (sv) => {
    let sf = (lam[0] - sv) / span;
    if (sf < lo) sf = lo;
    if (sf > hi) sf = hi;
    // R's approx(nl, 1:k, sf): bisection, then exact hits, then linear interpolation
    let i = 0;
    let j = k - 1;
    while (i < j - 1) {
      const ij = (i + j) >> 1;
      if (sf < nl[ij]) j = ij;
      else i = ij;
    }
    let coord: number;
    if (sf === nl[j]) coord = j + 1;
    else if (sf === nl[i]) coord = i + 1;
    else coord = i + 1 + (sf - nl[i]) / (nl[j] - nl[i]);
    const left = Math.floor(coord) - 1;
    const right = Math.ceil(coord) - 1;
    let frac = (sf - nl[right]) / (nl[left] - nl[right]);
    if (left === right || Math.abs(nl[left] - nl[right]) < 2.220446049250313e-16) frac = 1;
    return { left, right, frac };
  });
}

export interface CvProgress {
  (done: number, total: number, label: string): void;
}

/**
 * @param x column-major n × p training matrix
 * @param foldid 1..K per row
 */
export function cvLognet(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  foldid: ArrayLike<number>,
  opts: LognetOptions = {},
  progress?: CvProgress,
): CvLognetResult {
  let K = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(foldid[i]) || foldid[i] < 1)
      throw new LognetError(`foldid must be positive integers (row ${i + 1} is ${foldid[i]})`);
    K = Math.max(K, foldid[i]);
  }
  if (K < 3) throw new LognetError('nfolds must be bigger than 3; nfolds=10 recommended');
  const warnings: string[] = [];
  const classWarn = (yy: ArrayLike<number>) => {
    let e = 0;
    for (let i = 0; i < yy.length; i++) e += yy[i];
    if (Math.min(e, yy.length - e) < 8)
      warnings.push('one multinomial or binomial class has fewer than 8  observations; dangerous ground');
  };
  classWarn(y);
  const path = lognetPath(x, n, p, y, opts);
  progress?.(1, K + 1, 'full-data path');
  const lambda = path.lambda;
  const L = lambda.length;
  const preval = new Float64Array(n * L);
  const foldSizes: number[] = [];
  for (let k = 1; k <= K; k++) {
    const inRows: number[] = [];
    const outRows: number[] = [];
    for (let i = 0; i < n; i++) (foldid[i] === k ? outRows : inRows).push(i);
    foldSizes.push(outRows.length);
    if (outRows.length === 0) continue;
    const nk = inRows.length;
    const xk = new Float64Array(nk * p);
    for (let j = 0; j < p; j++) for (let a = 0; a < nk; a++) xk[j * nk + a] = x[j * n + inRows[a]];
    const yk = inRows.map((i) => y[i]);
    classWarn(yk);
    // glmnet 4.x: each fold computes its own λ sequence ("so each call generates its own lambda
    // sequence"); predictions at the full-data λ are interpolated linearly in λ (alignment = "lambda").
    const fit = lognetPath(xk, nk, p, yk, opts);
    const interp = lambdaInterp(fit.lambda, lambda);
    for (let l = 0; l < L; l++) {
      const { left, right, frac } = interp[l];
      const a0 = fit.a0[left] * frac + fit.a0[right] * (1 - frac);
      const nzIdx: number[] = [];
      const nzVal: number[] = [];
      for (let j = 0; j < p; j++) {
        const bj = fit.beta[left * p + j] * frac + fit.beta[right * p + j] * (1 - frac);
        if (bj !== 0) {
          nzIdx.push(j);
          nzVal.push(bj);
        }
      }
      for (const i of outRows) {
        let s = a0;
        for (let t = 0; t < nzIdx.length; t++) s += x[nzIdx[t] * n + i] * nzVal[t];
        preval[i * L + l] = s;
      }
    }
    progress?.(k + 1, K + 1, `fold ${k}/${K}`);
  }
  if (n / K < 3) warnings.push('Option grouped=FALSE enforced in cv.glmnet, since < 3 observations per fold');
  const foldMeanDeviance: Float64Array[] = [];
  for (let k = 1; k <= K; k++) {
    const mk = new Float64Array(L);
    const cnt = foldSizes[k - 1];
    if (cnt > 0) {
      for (let i = 0; i < n; i++) {
        if (foldid[i] !== k) continue;
        for (let l = 0; l < L; l++) {
          let pr = 1 / (1 + Math.exp(-preval[i * L + l]));
          pr = Math.min(Math.max(pr, PROB_CLAMP), 1 - PROB_CLAMP);
          mk[l] += -2 * (y[i] * Math.log(pr) + (1 - y[i]) * Math.log(1 - pr));
        }
      }
      for (let l = 0; l < L; l++) mk[l] /= cnt;
    }
    foldMeanDeviance.push(mk);
  }
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  const W = foldSizes.reduce((a, b) => a + b, 0);
  const Kused = foldSizes.filter((s) => s > 0).length;
  const grouped = n / K >= 3;
  for (let l = 0; l < L; l++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += foldSizes[k] * foldMeanDeviance[k][l];
    cvm[l] = s / W;
    let v = 0;
    if (grouped) {
      for (let k = 0; k < K; k++) v += foldSizes[k] * (foldMeanDeviance[k][l] - cvm[l]) ** 2;
      cvsd[l] = Math.sqrt(v / W / (Kused - 1));
    } else {
      // grouped = FALSE (fewer than 3 rows per fold): SE over observations instead of folds
      for (let i = 0; i < n; i++) {
        let pr = 1 / (1 + Math.exp(-preval[i * L + l]));
        pr = Math.min(Math.max(pr, PROB_CLAMP), 1 - PROB_CLAMP);
        const dev = -2 * (y[i] * Math.log(pr) + (1 - y[i]) * Math.log(1 - pr));
        v += (dev - cvm[l]) ** 2;
      }
      cvsd[l] = Math.sqrt(v / n / (n - 1));
    }
  }
  let minV = Infinity;
  for (let l = 0; l < L; l++) if (cvm[l] < minV) minV = cvm[l];
  let indexMin = -1;
  for (let l = 0; l < L; l++)
    if (cvm[l] <= minV && (indexMin < 0 || lambda[l] > lambda[indexMin])) indexMin = l;
  const semin = cvm[indexMin] + cvsd[indexMin];
  let index1se = -1;
  for (let l = 0; l < L; l++)
    if (cvm[l] <= semin && (index1se < 0 || lambda[l] > lambda[index1se])) index1se = l;
  return {
    path,
    lambda,
    cvm,
    cvsd,
    indexMin,
    index1se,
    lambdaMin: lambda[indexMin],
    lambda1se: lambda[index1se],
    foldSizes,
    foldMeanDeviance,
    preval,
    warnings,
  };
}
