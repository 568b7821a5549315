/**
 * "Table 1" two-group statistics with R's conventions (x ~ factor(y, levels = c(0, 1))):
 * differences are group 0 − group 1, W is the U statistic of group 0.
 */
import { logDhyper, logFactorial, pchisq, pnorm, pt, qt, wilcoxonDistribution } from './distributions';
import { mean, median, quantile7, rankAverage, sd, variance } from './stats';
import { errorMessage } from '../errorMessage';

export interface TTestResult {
  statistic_t: number;
  df: number;
  p_value: number;
  conf_int: [number, number];
  estimate: [number, number];
}

export interface WilcoxonResult {
  W: number;
  p_value: number;
  method: string;
  warnings: string[];
}

export interface ChisqResult {
  statistic: number;
  df: number;
  p_value: number;
  method: string;
  expected: number[][];
  warnings: string[];
}

export class TestError extends Error {}

/** Welch (varEqual = false) or Student two-sample t-test, two-sided, 95 % CI of mean0 − mean1. */
export function tTest(x0: number[], x1: number[], varEqual: boolean, level = 0.95): TTestResult {
  const n0 = x0.length;
  const n1 = x1.length;
  if (n0 < 2 || n1 < 2) throw new TestError('not enough observations');
  const m0 = mean(x0);
  const m1 = mean(x1);
  const v0 = variance(x0);
  const v1 = variance(x1);
  let df: number;
  let stderr: number;
  if (varEqual) {
    df = n0 + n1 - 2;
    let v = 0;
    if (n0 > 1) v += (n0 - 1) * v0;
    if (n1 > 1) v += (n1 - 1) * v1;
    v /= df;
    stderr = Math.sqrt(v * (1 / n0 + 1 / n1));
  } else {
    const s0 = v0 / n0;
    const s1 = v1 / n1;
    stderr = Math.sqrt(s0 + s1);
    df = stderr ** 4 / (s0 ** 2 / (n0 - 1) + s1 ** 2 / (n1 - 1));
  }
  if (stderr < 10 * 2.220446049250313e-16 * Math.max(Math.abs(m0), Math.abs(m1)))
    throw new TestError('data are essentially constant');
  const t = (m0 - m1) / stderr;
  const p = 2 * pt(-Math.abs(t), df);
  const q = qt(1 - (1 - level) / 2, df);
  return {
    statistic_t: t,
    df,
    p_value: p,
    conf_int: [(t - q) * stderr, (t + q) * stderr],
    estimate: [m0, m1],
  };
}

/** Mann–Whitney / Wilcoxon rank-sum test as R's wilcox.test(x ~ g) (two-sided, mu = 0). */
export function wilcoxonTest(
  x0: number[],
  x1: number[],
  mode: 'default' | 'normal_cc' | 'normal_nocc' = 'default',
): WilcoxonResult {
  const nx = x0.length;
  const ny = x1.length;
  if (nx < 1 || ny < 1) throw new TestError('not enough observations');
  const r = rankAverage([...x0, ...x1]);
  let r0 = 0;
  for (let i = 0; i < nx; i++) r0 += r[i];
  const W = r0 - (nx * (nx + 1)) / 2;
  const counts = new Map<number, number>();
  for (const v of r) counts.set(v, (counts.get(v) ?? 0) + 1);
  const ties = [...counts.values()].some((c) => c > 1);
  const warnings: string[] = [];
  const exactWanted = mode === 'default' && nx < 50 && ny < 50;
  if (exactWanted && !ties) {
    const dist = wilcoxonDistribution(nx, ny);
    const cdf = (q: number) => {
      let s = 0;
      for (let w = 0; w <= Math.min(q, nx * ny); w++) s += dist[w];
      return s;
    };
    const p = W > (nx * ny) / 2 ? 1 - cdf(W - 1) : cdf(W);
    return { W, p_value: Math.min(2 * p, 1), method: 'Wilcoxon rank sum exact test', warnings };
  }
  if (exactWanted && ties) warnings.push('cannot compute exact p-value with ties');
  const correct = mode !== 'normal_nocc';
  let z = W - (nx * ny) / 2;
  let tieSum = 0;
  for (const c of counts.values()) tieSum += c * c * c - c;
  const sigma = Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - tieSum / ((nx + ny) * (nx + ny - 1))));
  const correction = correct ? Math.sign(z) * 0.5 : 0;
  z = (z - correction) / sigma;
  const p = 2 * Math.min(pnorm(z), pnorm(z, false));
  return {
    W,
    p_value: p,
    method: correct ? 'Wilcoxon rank sum test with continuity correction' : 'Wilcoxon rank sum test',
    warnings,
  };
}

/** Pearson χ² test of a contingency table (rows × cols); Yates' correction only for 2 × 2. */
export function chisqTest(table: number[][], correct: boolean): ChisqResult {
  const R = table.length;
  const C = table[0].length;
  const rowS = table.map((r) => r.reduce((a, b) => a + b, 0));
  const colS = Array.from({ length: C }, (_, j) => table.reduce((a, r) => a + r[j], 0));
  const N = rowS.reduce((a, b) => a + b, 0);
  const E = table.map((_, i) => colS.map((c) => (rowS[i] * c) / N));
  const yates = correct && R === 2 && C === 2;
  let stat = 0;
  let ycorr = 0;
  if (yates) {
    ycorr = 0.5;
    for (let i = 0; i < R; i++)
      for (let j = 0; j < C; j++) ycorr = Math.min(ycorr, Math.abs(table[i][j] - E[i][j]));
  }
  for (let i = 0; i < R; i++)
    for (let j = 0; j < C; j++) {
      const d = Math.abs(table[i][j] - E[i][j]) - ycorr;
      stat += (d * d) / E[i][j];
    }
  const df = (R - 1) * (C - 1);
  const warnings = E.some((r) => r.some((e) => e < 5)) ? ['Chi-squared approximation may be incorrect'] : [];
  return {
    statistic: stat,
    df,
    p_value: pchisq(stat, df, false),
    method: yates
      ? "Pearson's Chi-squared test with Yates' continuity correction"
      : "Pearson's Chi-squared test",
    expected: E,
    warnings,
  };
}

/** Fisher's exact test for a 2 × 2 table (two-sided, R's relative tolerance 1 + 1e-7). */
export function fisherExact2x2(table: number[][]): number {
  const x = table[0][0];
  const m = table[0][0] + table[1][0];
  const n = table[0][1] + table[1][1];
  const k = table[0][0] + table[0][1];
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const logd: number[] = [];
  for (let s = lo; s <= hi; s++) logd.push(logDhyper(s, m, n, k));
  const mx = Math.max(...logd);
  const d = logd.map((l) => Math.exp(l - mx));
  const tot = d.reduce((a, b) => a + b, 0);
  const dx = d[x - lo];
  let p = 0;
  for (const v of d) if (v <= dx * (1 + 1e-7)) p += v;
  return p / tot;
}

/**
 * Fisher's exact test for an r × 2 table (R's fisher.test for r × c, here with c = 2): over all tables with
 * the observed margins, P(table) = Π_i C(n_i, x_i) / C(N, m) (n_i row totals, x_i first-column counts,
 * m = Σ x_i); p = Σ P over tables with P ≤ P_obs·(1 + 1e-7).
 * The enumeration is bounded as in the network algorithm (Mehta & Patel 1983): for the rows still open, the
 * largest and smallest Σ log C(n_i, x_i) given their total (a small dynamic programme) decide whether every
 * completion counts — then their probabilities add up to C(Σ n_i, left)/C(N, m) by Vandermonde's identity —
 * or none does, so the walk only descends where the answer is mixed.
 */
export function fisherExactRx2(table: number[][]): number {
  const rows = table.map((r) => r[0] + r[1]);
  const R = rows.length;
  const m = table.reduce((a, r) => a + r[0], 0);
  const N = rows.reduce((a, b) => a + b, 0);
  const lchoose = (a: number, b: number) => logFactorial(a) - logFactorial(b) - logFactorial(a - b);
  const logNorm = lchoose(N, m);
  const obs = table.reduce((a, r, i) => a + lchoose(rows[i], r[0]), 0) - logNorm;
  const limit = obs + Math.log1p(1e-7);
  // rest[i] = Σ_{j ≥ i} n_j; maxRem[i][s] / minRem[i][s] over x_i…x_{R−1} with Σ x = s
  const rest = new Array<number>(R + 1).fill(0);
  for (let i = R - 1; i >= 0; i--) rest[i] = rest[i + 1] + rows[i];
  const maxRem: Float64Array[] = new Array(R + 1);
  const minRem: Float64Array[] = new Array(R + 1);
  maxRem[R] = Float64Array.of(0);
  minRem[R] = Float64Array.of(0);
  for (let i = R - 1; i >= 0; i--) {
    const top = Math.min(m, rest[i]);
    const hi = new Float64Array(top + 1).fill(-Infinity);
    const lo = new Float64Array(top + 1).fill(Infinity);
    for (let s = 0; s <= top; s++) {
      for (let x = Math.max(0, s - rest[i + 1]); x <= Math.min(rows[i], s); x++) {
        const c = lchoose(rows[i], x);
        hi[s] = Math.max(hi[s], c + maxRem[i + 1][s - x]);
        lo[s] = Math.min(lo[s], c + minRem[i + 1][s - x]);
      }
    }
    maxRem[i] = hi;
    minRem[i] = lo;
  }
  let p = 0;
  const walk = (i: number, left: number, cur: number): void => {
    if (cur + maxRem[i][left] <= limit) {
      p += Math.exp(cur + lchoose(rest[i], left));
      return;
    }
    if (cur + minRem[i][left] > limit) return;
    for (let x = Math.max(0, left - rest[i + 1]); x <= Math.min(rows[i], left); x++)
      walk(i + 1, left - x, cur + lchoose(rows[i], x));
  };
  walk(0, m, -logNorm);
  return Math.min(1, p);
}

export interface Table1Column {
  n: { y0: number; y1: number };
  mean: { y0: number; y1: number };
  sd: { y0: number; y1: number };
  median: { y0: number; y1: number };
  welch_t: TTestResult | { error: string };
  student_t: TTestResult | { error: string };
  mann_whitney_default: WilcoxonResult | { error: string };
  mann_whitney_normal_cc: WilcoxonResult | { error: string };
  mann_whitney_normal_nocc: WilcoxonResult | { error: string };
  binary_above_median: {
    table: number[][];
    chisq_yates: ChisqResult | { error: string };
    chisq_no_yates: ChisqResult | { error: string };
    fisher_p_value: number | null;
  };
  tertiles:
    | { breaks: number[]; table: number[][]; chisq: ChisqResult | { error: string }; fisher_p_value: number }
    | { error: string };
}

function attempt<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

/** Table-1 block for one feature's raw training values by outcome (NaN dropped). */
export function table1Column(x: ArrayLike<number>, y: ArrayLike<number>): Table1Column {
  const x0: number[] = [];
  const x1: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) continue;
    (y[i] === 1 ? x1 : x0).push(x[i]);
    xs.push(x[i]);
    ys.push(y[i]);
  }
  const med = median(xs);
  const tab = [
    [0, 0],
    [0, 0],
  ];
  xs.forEach((v, i) => tab[v > med ? 1 : 0][ys[i]]++);
  // an empty row or column gives NaN statistics, as chisq.test does (expected counts of 0)
  const validTable = (t: number[][]) => t;
  const qs = quantile7(xs, [0, 1 / 3, 2 / 3, 1]);
  let tertiles: Table1Column['tertiles'];
  if (new Set(qs).size === 4) {
    const t3 = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    xs.forEach((v, i) => {
      const k = v <= qs[1] ? 0 : v <= qs[2] ? 1 : 2;
      t3[k][ys[i]]++;
    });
    tertiles = {
      breaks: qs,
      table: t3,
      chisq: attempt(() => chisqTest(validTable(t3), true)),
      fisher_p_value: fisherExactRx2(t3),
    };
  } else tertiles = { error: 'tertile breaks not unique' };
  const fisher = attempt(() => fisherExact2x2(tab));
  return {
    n: { y0: x0.length, y1: x1.length },
    mean: { y0: mean(x0), y1: mean(x1) },
    sd: { y0: sd(x0), y1: sd(x1) },
    median: { y0: median(x0), y1: median(x1) },
    welch_t: attempt(() => tTest(x0, x1, false)),
    student_t: attempt(() => tTest(x0, x1, true)),
    mann_whitney_default: attempt(() => wilcoxonTest(x0, x1, 'default')),
    mann_whitney_normal_cc: attempt(() => wilcoxonTest(x0, x1, 'normal_cc')),
    mann_whitney_normal_nocc: attempt(() => wilcoxonTest(x0, x1, 'normal_nocc')),
    binary_above_median: {
      table: tab,
      chisq_yates: attempt(() => chisqTest(validTable(tab), true)),
      chisq_no_yates: attempt(() => chisqTest(validTable(tab), false)),
      fisher_p_value: typeof fisher === 'number' ? fisher : null,
    },
    tertiles,
  };
}
