/**
 * The λ path of the LASSO logistic solver (glmnet's `ElnetPath` for two classes, lognet2n's λ loop):
 *   - start at the null model: a0 = logit(ȳ), v_i = ȳ(1−ȳ)/n, r_i = (y_i − ȳ)/n, dev0 = null deviance per
 *     observation; the convergence threshold is thresh·dev0;
 *   - λ_1 = +∞ (all zero), λ_2 = r^{1/(nlam−1)}·max_j |r·z_j| (λ_max times the ratio step), λ_{k+1} = λ_k·r^{1/(nlam−1)},
 *     or the user's sequence;
 *   - sequential strong rule: variable j enters the strong set when |g_j| > 2λ_k − λ_{k−1};
 *   - each λ solved from the previous solution (fitLambdaPoint), then stored with its dev.ratio;
 *   - stops (computed λ only, after 5 values) when dev.ratio gains < 1e-5, dev.ratio > 0.999, more than
 *     dfmax = p + 1 non-zero; and at once when the weights saturate or the pass limit is reached.
 */
import type { LognetWorkspace } from './lognetCoordinateDescent';
import { fitLambdaPoint, PMIN } from './lognetPoint';

const SML = 1e-5; // minimum dev.ratio gain
const EPS = 1e-6; // smallest allowed lambda.min.ratio
const BIG = 9.9e35;
const MNLAM = 5;
const DEVMAX = 0.999;

export interface LambdaSequence {
  /** User-supplied decreasing λ values, or null to compute the sequence. */
  user: Float64Array | null;
  nlam: number;
  /** λ_min/λ_max when computed (glmnet's flmin; ≥ 1 means user λ). */
  flmin: number;
}

/** The path on the standardised scale, λ in solver order (λ_1 still +∞ when computed). */
export interface StandardisedPath {
  lambda: number[];
  a0: number[];
  /** Standardised coefficients per λ (length p). */
  beta: Float64Array[];
  devRatio: number[];
  /** Null deviance per observation. */
  dev0: number;
  /** 0, or −(index of the λ) at which the pass limit was reached. */
  jerr: number;
}

/** Null model: intercept logit(ȳ), weights, residual and |r·z_j|; returns the null deviance per observation. */
function startAtNullModel(ws: LognetWorkspace, y: ArrayLike<number>, thresh: number): number {
  const { n, w, b, v, r, q, ju, ga, p } = ws;
  let q0 = 0;
  for (let i = 0; i < n; i++) q0 += w * y[i];
  const bz = Math.log(q0 / (1 - q0));
  const vi = q0 * (1 - q0);
  b[0] = bz;
  v.fill(vi * w);
  for (let i = 0; i < n; i++) r[i] = w * (y[i] - q0);
  q.fill(q0);
  ws.xmz = vi;
  const dev0 = -(bz * q0 + Math.log(1 - q0)); // y is 0/1: the saturated log-likelihood is 0
  ws.shr = thresh * dev0;
  for (let j = 0; j < p; j++) if (ju[j]) ga[j] = Math.abs(ws.dotR(j));
  return dev0;
}

/** Mean binomial deviance / 2 of the current probabilities (clamped to [pmin, 1 − pmin]). */
function meanDeviance(ws: LognetWorkspace, y: ArrayLike<number>): number {
  const { q, w, n } = ws;
  let devi = 0;
  for (let i = 0; i < n; i++) {
    const pi = Math.min(Math.max(PMIN, q[i]), 1 - PMIN);
    devi -= w * (y[i] * Math.log(pi) + (1 - y[i]) * Math.log(1 - pi));
  }
  return devi;
}

export function solveLambdaPath(
  ws: LognetWorkspace,
  y: ArrayLike<number>,
  seq: LambdaSequence,
  thresh: number,
): StandardisedPath {
  const { p, ju, ga, ixx, b, m } = ws;
  const { user, nlam, flmin } = seq;
  const dev0 = startAtNullModel(ws, y, thresh);
  const dev1 = dev0;
  const alf = flmin < 1 ? Math.pow(Math.max(EPS, flmin), 1 / (nlam - 1)) : 1;
  const ne = p + 1; // dfmax
  const mnl = Math.min(MNLAM, nlam);
  const out: StandardisedPath = { lambda: [], a0: [], beta: [], devRatio: [], dev0, jerr: 0 };
  let al = 0;
  for (let ilm = 1; ilm <= nlam; ilm++) {
    let al0 = al;
    if (user) al = user[ilm - 1];
    else if (ilm > 2) al *= alf;
    else if (ilm === 1) al = BIG;
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (ju[j]) al0 = Math.max(al0, ga[j]);
      al = alf * al0;
    }
    const tlam = 2 * al - al0;
    for (let k = 0; k < p; k++) if (!ixx[k] && ju[k] && ga[k] > tlam) ixx[k] = 1;

    const outcome = fitLambdaPoint(ws, y, al);
    if (outcome === 'maxit') {
      out.jerr = -ilm;
      break;
    }
    const bet = new Float64Array(p);
    for (const k of m) bet[k] = b[k + 1];
    out.beta.push(bet);
    out.a0.push(b[0]);
    out.lambda.push(al);
    out.devRatio.push((dev1 - meanDeviance(ws, y)) / dev0);
    if (outcome === 'saturated') break;
    if (ilm < mnl) continue;
    if (user) continue;
    let me = 0;
    for (const k of m) if (bet[k] !== 0) me++;
    if (me > ne) break;
    const dr = out.devRatio[out.devRatio.length - 1];
    if (dr > DEVMAX) break;
    if (dr - out.devRatio[out.devRatio.length - 2] < SML) break;
  }
  return out;
}
