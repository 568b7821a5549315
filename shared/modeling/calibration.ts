/**
 * Calibration of predicted probabilities.
 *   - Hosmer–Lemeshow as ResourceSelection::hoslem.test 0.3-5: breaks = unique(quantile(p, 0:g/g)) (type 7),
 *     groups = cut(p, breaks, include.lowest = TRUE) (right-closed), χ² = Σ over groups and both outcome
 *     columns of (O − E)²/E, df = g − 2 even when breaks collapse, p = 1 − pchisq(χ², df).
 *     The groups double as the decile calibration table.
 *   - Brier = mean((p − y)²).
 *   - Decision curve: net benefit NB(t) = TP/n − FP/n · t/(1 − t), positive when p ≥ t; "treat all" alongside.
 */
import { pchisq } from './distributions';
import { formatG, quantile7 } from './stats';

export type CalibrationGroup = {
  group: number;
  interval: string;
  n: number;
  observed_events: number;
  expected_events: number;
  mean_predicted: number;
  observed_rate: number;
};

export interface HosmerLemeshow {
  statistic: number;
  df: number;
  p_value: number;
  breaks: number[];
  n_groups: number;
  groups: CalibrationGroup[];
}

/** R's cut() labels: formatC(breaks, digits = d) with d raised from 3 until neighbours differ. */
function cutLabels(breaks: number[]): string[] {
  let fmt: string[] = [];
  let ok = false;
  for (let d = 3; d <= 12 && !ok; d++) {
    fmt = breaks.map((b) => formatG(b, d));
    ok = fmt.every((s, i) => i === 0 || s !== fmt[i - 1]);
  }
  if (!ok) return breaks.slice(1).map((_, i) => `Range_${i + 1}`);
  return fmt.slice(1).map((s, i) => `${i === 0 ? '[' : '('}${fmt[i]},${s}]`);
}

export function hosmerLemeshow(y: ArrayLike<number>, p: ArrayLike<number>, g = 10): HosmerLemeshow {
  const probs = Array.from({ length: g + 1 }, (_, i) => i * (1 / g));
  const breaks = Array.from(new Set(quantile7(p, probs)));
  const nb = breaks.length;
  if (nb < 2) throw new Error('Hosmer–Lemeshow: all predicted probabilities are equal');
  const groups = nb - 1;
  const nn = new Float64Array(groups);
  const obs = new Float64Array(groups);
  const exp = new Float64Array(groups);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    // .bincode(right = TRUE, include.lowest = TRUE): (b_k, b_{k+1}], first interval closed
    let k = -1;
    if (v >= breaks[0] && v <= breaks[nb - 1]) {
      let lo = 0;
      let hi = nb - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (v > breaks[mid]) lo = mid;
        else hi = mid;
      }
      k = lo;
    }
    if (k < 0) continue;
    nn[k]++;
    obs[k] += y[i];
    exp[k] += v;
  }
  let chisq = 0;
  for (let k = 0; k < groups; k++) {
    const o0 = nn[k] - obs[k];
    const e0 = nn[k] - exp[k];
    chisq += ((o0 - e0) * (o0 - e0)) / e0 + ((obs[k] - exp[k]) * (obs[k] - exp[k])) / exp[k];
  }
  const df = g - 2;
  const labels = cutLabels(breaks);
  return {
    statistic: chisq,
    df,
    p_value: 1 - pchisq(chisq, df),
    breaks,
    n_groups: groups,
    groups: Array.from({ length: groups }, (_, k) => ({
      group: k + 1,
      interval: labels[k],
      n: nn[k],
      observed_events: obs[k],
      expected_events: exp[k],
      mean_predicted: exp[k] / nn[k],
      observed_rate: obs[k] / nn[k],
    })),
  };
}

export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

export type NetBenefitRow = {
  threshold: number;
  model: number;
  treat_all: number;
};

export function decisionCurve(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  thresholds: number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
): NetBenefitRow[] {
  const n = y.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i];
  return thresholds.map((t) => {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] >= t) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    const odds = t / (1 - t);
    return {
      threshold: t,
      model: tp / n - (fp / n) * odds,
      treat_all: events / n - ((n - events) / n) * odds,
    };
  });
}
