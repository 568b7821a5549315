/**
 * rms::val.prob(p, y, pl = FALSE) (rms 6.5) statistics for predicted probabilities:
 *   logistic calibration on L = logit(p) (rows with p = 0 or 1 excluded, with R's warning):
 *     D:Chi-sq = L0 − L01 (null deviance − deviance of p as given), D = (LR − 1)/n,
 *     R2 = (1 − e^{−LR/n}) / (1 − e^{−L0/n}) (Nagelkerke), C = AUC of p rounded to 4 decimals (lrm.fit's
 *     C treats near-equal predictions as ties; this rounding reproduces rms on every fixture split), Dxy = 2(C − ½),
 *     Intercept/Slope = glm(y ~ L), U:Chi-sq = L01 − deviance(recalibrated), U = (U:Chi-sq − 2)/n,
 *     U:p = 1 − pchisq(U:Chi-sq, 2), Q = D − U;
 *   on all rows: Brier = mean((p − y)²); Spiegelhalter z = Σ(y − p)(1 − 2p)/√Σ(1 − 2p)²p(1 − p), S:p = 2Φ(−|z|);
 *   Emax / E90 / Eavg = max / 0.9-quantile / mean of |p − lowess(p, y, iter = 0)(p)| (R's clowess).
 */
import { pchisq, pnorm } from './distributions';
import { glmLogistic } from './glm';
import { rocCurve } from './roc';
import { quantile7 } from './stats';
import { errorMessage } from '../errorMessage';

export interface ValProb {
  Dxy: number;
  C: number;
  R2: number;
  D: number;
  'D:Chi-sq': number;
  U: number;
  'U:Chi-sq': number;
  'U:p': number;
  Q: number;
  Brier: number;
  Intercept: number;
  Slope: number;
  Emax: number;
  E90: number;
  Eavg: number;
  'S:z': number;
  'S:p': number;
  warnings: string[];
}

/** R's lowess (clowess) with iter = 0 on x sorted ascending; returns fitted values. */
export function lowessFit(x: ArrayLike<number>, y: ArrayLike<number>, f = 2 / 3): Float64Array {
  const n = x.length;
  const ys = new Float64Array(n);
  if (n < 2) {
    if (n === 1) ys[0] = y[0];
    return ys;
  }
  const delta = 0.01 * (x[n - 1] - x[0]);
  const ns = Math.max(Math.min(Math.trunc(f * n + 1e-7), n), 2);
  const w = new Float64Array(n);
  const range = x[n - 1] - x[0];
  // 0-based port of lowest(): fit at xs using points nleft..nright
  const lowest = (xs: number, nleft: number, nright: number): number | null => {
    const h = Math.max(xs - x[nleft], x[nright] - xs);
    const h9 = 0.999 * h;
    const h1 = 0.001 * h;
    let a = 0;
    let j = nleft;
    while (j < n) {
      w[j] = 0;
      const r = Math.abs(x[j] - xs);
      if (r <= h9) {
        if (r <= h1) w[j] = 1;
        else {
          const q = r / h;
          const c = 1 - q * q * q;
          w[j] = c * c * c;
        }
        a += w[j];
      } else if (x[j] > xs) break;
      j++;
    }
    const nrt = j - 1;
    if (a <= 0) return null;
    for (j = nleft; j <= nrt; j++) w[j] /= a;
    if (h > 0) {
      a = 0;
      for (j = nleft; j <= nrt; j++) a += w[j] * x[j];
      let b = xs - a;
      let c = 0;
      for (j = nleft; j <= nrt; j++) c += w[j] * (x[j] - a) * (x[j] - a);
      if (Math.sqrt(c) > 0.001 * range) {
        b /= c;
        for (j = nleft; j <= nrt; j++) w[j] *= b * (x[j] - a) + 1;
      }
    }
    let out = 0;
    for (j = nleft; j <= nrt; j++) out += w[j] * y[j];
    return out;
  };
  let nleft = 0;
  let nright = ns - 1;
  let last = -1;
  let i = 0;
  for (;;) {
    if (nright < n - 1) {
      const d1 = x[i] - x[nleft];
      const d2 = x[nright + 1] - x[i];
      if (d1 > d2) {
        nleft++;
        nright++;
        continue;
      }
    }
    const fit = lowest(x[i], nleft, nright);
    ys[i] = fit === null ? y[i] : fit;
    if (last < i - 1) {
      const denom = x[i] - x[last];
      for (let j = last + 1; j < i; j++) {
        const alpha = (x[j] - x[last]) / denom;
        ys[j] = alpha * ys[i] + (1 - alpha) * ys[last];
      }
    }
    last = i;
    const cut = x[last] + delta;
    for (i = last + 1; i < n; i++) {
      if (x[i] > cut) break;
      if (x[i] === x[last]) {
        ys[i] = ys[last];
        last = i;
      }
    }
    i = Math.max(last + 1, i - 1);
    if (last >= n - 1) break;
  }
  return ys;
}

/** Smoothed calibration at each p: lowess on sorted (p, y), then approx(…, ties = mean) back at p. */
function calibrationErrors(p: ArrayLike<number>, y: ArrayLike<number>): number[] {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const xs = order.map((i) => p[i]);
  const fitted = lowessFit(
    xs,
    order.map((i) => y[i]),
  );
  // collapse tied x by the mean of their fitted values
  const ux: number[] = [];
  const uy: number[] = [];
  for (let k = 0; k < n;) {
    let j = k;
    let s = 0;
    while (j < n && xs[j] === xs[k]) s += fitted[j++];
    ux.push(xs[k]);
    uy.push(s / (j - k));
    k = j;
  }
  const at = new Map(ux.map((x, k) => [x, uy[k]]));
  return Array.from(p, (v) => Math.abs(v - (at.get(v) as number)));
}

/** val.prob cannot be computed on these probabilities (R's val.prob stops with an error there too). */
export class ValProbError extends Error {}

/**
 * Throws ValProbError when, after dropping the rows with p exactly 0 or 1, fewer than two rows or a
 * single outcome class remain: rms's logistic calibration (lrm.fit on logit p) has nothing to fit, and
 * R's val.prob fails as a whole. The ROC, DeLong, Youden, Hosmer–Lemeshow and Brier figures of the same
 * probabilities do not depend on it (pROC takes any scores).
 */
export function valProb(p: ArrayLike<number>, y: ArrayLike<number>): ValProb {
  const warnings: string[] = [];
  const keep: number[] = [];
  for (let i = 0; i < p.length; i++) if (p[i] > 0 && p[i] < 1) keep.push(i);
  const nm = p.length - keep.length;
  if (nm > 0) warnings.push(`${nm} observations deleted from logistic calibration due to probs. of 0 or 1`);
  const pk = keep.map((i) => p[i]);
  const yk = keep.map((i) => y[i]);
  const events = yk.reduce((a, b) => a + b, 0);
  if (keep.length < 2 || events === 0 || events === keep.length) {
    const left =
      keep.length === 0
        ? 'no row is left'
        : `the ${keep.length} rows left ${keep.length === 1 ? 'is' : 'all have'} outcome ${yk[0]}`;
    throw new ValProbError(
      `rms::val.prob not computable: ${nm} of ${p.length} probabilities are exactly 0 or 1 and ${left} for the logistic calibration`,
    );
  }
  const L = pk.map((v) => Math.log(v / (1 - v)));
  const n = keep.length;
  const ybar = yk.reduce((a, b) => a + b, 0) / n;
  const L0 = -2 * yk.reduce((a, yi) => a + (yi === 1 ? Math.log(ybar) : Math.log(1 - ybar)), 0);
  let L01 = 0;
  for (let k = 0; k < n; k++) L01 += -2 * (yk[k] * L[k] - Math.log(1 + Math.exp(L[k])));
  const lr = L0 - L01;
  const auc = rocCurve(
    yk,
    pk.map((v) => Math.round(v * 1e4) / 1e4),
    '<',
  ).auc;
  let recal: { deviance: number; estimate: number[] };
  try {
    recal = glmLogistic([L], ['logit'], yk, { epsilon: 1e-14, maxit: 100 });
  } catch (e) {
    // separation: the recalibration slope does not exist
    warnings.push(`logistic recalibration failed: ${errorMessage(e)}`);
    recal = { deviance: NaN, estimate: [NaN, NaN] };
  }
  const uChisq = L01 - recal.deviance;
  const D = (lr - 1) / n;
  const U = (uChisq - 2) / n;
  let zNum = 0;
  let zDen = 0;
  let brierSum = 0;
  for (let i = 0; i < p.length; i++) {
    zNum += (y[i] - p[i]) * (1 - 2 * p[i]);
    zDen += (1 - 2 * p[i]) * (1 - 2 * p[i]) * p[i] * (1 - p[i]);
    brierSum += (p[i] - y[i]) ** 2;
  }
  const z = zNum / Math.sqrt(zDen);
  const er = calibrationErrors(p, y);
  return {
    Dxy: 2 * (auc - 0.5),
    C: auc,
    R2: (1 - Math.exp(-lr / n)) / (1 - Math.exp(-L0 / n)),
    D,
    'D:Chi-sq': lr,
    U,
    'U:Chi-sq': uChisq,
    'U:p': 1 - pchisq(uChisq, 2),
    Q: D - U,
    Brier: brierSum / p.length,
    Intercept: recal.estimate[0],
    Slope: recal.estimate[1],
    Emax: Math.max(...er),
    E90: quantile7(er, [0.9])[0],
    Eavg: er.reduce((a, b) => a + b, 0) / er.length,
    'S:z': z,
    'S:p': 2 * pnorm(-Math.abs(z)),
    warnings,
  };
}
