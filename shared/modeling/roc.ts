/**
 * ROC analysis as pROC 1.18.0 computes it (controls = y 0, cases = y 1).
 *   - direction "auto": "<" when median(controls) ≤ median(cases), else ">"; with "<" a row is
 *     positive when predictor ≥ threshold;
 *   - thresholds: −∞, midpoints of consecutive sorted unique values, +∞ (near-tie fix as pROC);
 *   - se = tp/ncases, sp = tn/ncontrols; AUC by the trapezoid rule over (sp, se);
 *   - DeLong: placements V10 (per case), V01 (per control); var = S10/ncases + S01/ncontrols
 *     (n−1 variances); CI = qnorm(.025/.975, auc, √var) clipped to [0, 1];
 *   - Youden: every threshold whose se + sp equals the maximum exactly;
 *   - paired DeLong test: Z = (auc1 − auc2)/√(L S Lᵀ), L = (1, −1), p = 2Φ(−|Z|).
 */
import { pnorm, qnorm } from './distributions';
import { median } from './stats';

export type RocDirection = '<' | '>';

export interface RocCurve {
  direction: RocDirection;
  controls: number[];
  cases: number[];
  thresholds: number[];
  sensitivities: number[];
  specificities: number[];
  auc: number;
}

export interface DelongResult {
  auc: number;
  variance: number;
  ci: [number, number];
}

export interface YoudenBest {
  threshold: number[];
  sensitivity: number[];
  specificity: number[];
  youdenJ: number[];
}

export class RocError extends Error {}

function splitByClass(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
): { controls: number[]; cases: number[] } {
  const controls: number[] = [];
  const cases: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? cases : controls).push(score[i]);
  if (controls.length === 0 || cases.length === 0)
    throw new RocError(`ROC needs both classes (controls ${controls.length}, cases ${cases.length})`);
  return { controls, cases };
}

function thresholdsOf(predictor: number[], direction: RocDirection): number[] {
  const u = Array.from(new Set(predictor)).sort((a, b) => a - b);
  const out: number[] = [];
  const present = new Set(predictor);
  for (let i = 0; i <= u.length; i++) {
    const lo = i === 0 ? -Infinity : u[i - 1];
    const hi = i === u.length ? Infinity : u[i];
    const t1 = (lo + hi) / 2;
    let t = Math.abs(t1) > 1e100 ? lo / 2 + hi / 2 : t1;
    if (present.has(t) && i > 0 && i < u.length) {
      if (direction === '<') {
        if (t === u[i - 1]) t = u[i];
      } else if (t === u[i]) t = u[i - 1];
    }
    out.push(t);
  }
  return out;
}

export function rocCurve(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  direction: RocDirection | 'auto' = 'auto',
): RocCurve {
  const { controls, cases } = splitByClass(y, score);
  const dir: RocDirection =
    direction === 'auto' ? (median(controls) <= median(cases) ? '<' : '>') : direction;
  const thresholds = thresholdsOf([...controls, ...cases], dir);
  const nca = cases.length;
  const nco = controls.length;
  const se: number[] = [];
  const sp: number[] = [];
  const sc = Float64Array.from(cases).sort();
  const so = Float64Array.from(controls).sort();
  // count of values ≥ t (for "<") or ≤ t (for ">") by binary search
  const countGe = (arr: Float64Array, t: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return arr.length - lo;
  };
  const countLe = (arr: Float64Array, t: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const t of thresholds) {
    if (dir === '<') {
      se.push(countGe(sc, t) / nca);
      sp.push((nco - countGe(so, t)) / nco);
    } else {
      se.push(countLe(sc, t) / nca);
      sp.push((nco - countLe(so, t)) / nco);
    }
  }
  if (dir === '>') {
    thresholds.reverse();
    se.reverse();
    sp.reverse();
  }
  let auc = 0;
  for (let i = 1; i < sp.length; i++) auc += (sp[i] - sp[i - 1]) * ((se[i] + se[i - 1]) / 2);
  return { direction: dir, controls, cases, thresholds, sensitivities: se, specificities: sp, auc };
}

interface Placements {
  theta: number;
  /** per case */
  X: Float64Array;
  /** per control */
  Y: Float64Array;
}

function delongPlacements(controls: number[], cases: number[], direction: RocDirection): Placements {
  const m = cases.length;
  const n = controls.length;
  const X = new Float64Array(m);
  const Y = new Float64Array(n);
  const sign = direction === '<' ? 1 : -1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const d = sign * (cases[i] - controls[j]);
      const psi = d > 0 ? 1 : d === 0 ? 0.5 : 0;
      X[i] += psi;
      Y[j] += psi;
    }
  }
  let theta = 0;
  for (let i = 0; i < m; i++) {
    X[i] /= n;
    theta += X[i];
  }
  theta /= m;
  for (let j = 0; j < n; j++) Y[j] /= m;
  return { theta, X, Y };
}

export function delong(curve: RocCurve, level = 0.95): DelongResult {
  const pl = delongPlacements(curve.controls, curve.cases, curve.direction);
  const m = curve.cases.length;
  const n = curve.controls.length;
  let s10 = 0;
  for (let i = 0; i < m; i++) s10 += (pl.X[i] - pl.theta) ** 2;
  s10 /= m - 1;
  let s01 = 0;
  for (let j = 0; j < n; j++) s01 += (pl.Y[j] - pl.theta) ** 2;
  s01 /= n - 1;
  const variance = s10 / m + s01 / n;
  const a = (1 - level) / 2;
  const sdv = Math.sqrt(variance);
  const ci: [number, number] =
    sdv > 0 ? [qnorm(a, curve.auc, sdv), qnorm(1 - a, curve.auc, sdv)] : [curve.auc, curve.auc];
  return { auc: curve.auc, variance, ci: [Math.max(0, ci[0]), Math.min(1, ci[1])] };
}

export function youdenBest(curve: RocCurve): YoudenBest {
  const crit = curve.sensitivities.map((s, i) => s + 1 * curve.specificities[i]);
  const max = Math.max(...crit);
  const out: YoudenBest = { threshold: [], sensitivity: [], specificity: [], youdenJ: [] };
  crit.forEach((c, i) => {
    if (c === max) {
      out.threshold.push(curve.thresholds[i]);
      out.sensitivity.push(curve.sensitivities[i]);
      out.specificity.push(curve.specificities[i]);
      out.youdenJ.push(curve.sensitivities[i] + curve.specificities[i] - 1);
    }
  });
  return out;
}

export interface RocTestResult {
  auc1: number;
  auc2: number;
  statistic_Z: number;
  p_value: number;
  method: string;
}

/** Paired DeLong test of two scores on the same rows, both curves with direction "<". */
export function delongPairedTest(
  y: ArrayLike<number>,
  score1: ArrayLike<number>,
  score2: ArrayLike<number>,
): RocTestResult {
  const r1 = rocCurve(y, score1, '<');
  const r2 = rocCurve(y, score2, '<');
  const a = delongPlacements(r1.controls, r1.cases, '<');
  const b = delongPlacements(r2.controls, r2.cases, '<');
  const m = r1.cases.length;
  const n = r1.controls.length;
  const cov = (u: Float64Array, tu: number, v: Float64Array, tv: number, d: number) => {
    let s = 0;
    for (let i = 0; i < u.length; i++) s += (u[i] - tu) * (v[i] - tv);
    return s / d;
  };
  const sx11 = cov(a.X, a.theta, a.X, a.theta, m - 1);
  const sx12 = cov(a.X, a.theta, b.X, b.theta, m - 1);
  const sx22 = cov(b.X, b.theta, b.X, b.theta, m - 1);
  const sy11 = cov(a.Y, a.theta, a.Y, a.theta, n - 1);
  const sy12 = cov(a.Y, a.theta, b.Y, b.theta, n - 1);
  const sy22 = cov(b.Y, b.theta, b.Y, b.theta, n - 1);
  const s11 = sx11 / m + sy11 / n;
  const s12 = sx12 / m + sy12 / n;
  const s22 = sx22 / m + sy22 / n;
  const sig = Math.sqrt(s11 - 2 * s12 + s22);
  let z = (a.theta - b.theta) / sig;
  if (Number.isNaN(z) && a.theta === b.theta) z = 0;
  return {
    auc1: r1.auc,
    auc2: r2.auc,
    statistic_Z: z,
    p_value: 2 * pnorm(-Math.abs(z)),
    method: "DeLong's test for two correlated ROC curves",
  };
}
