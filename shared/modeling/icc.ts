/**
 * Intraclass correlation exactly as `psych::ICC(x, lmer = FALSE)` (psych 2.2.9): the six forms of
 * Shrout & Fleiss (1979) / McGraw & Wong (1996) from the two-way ANOVA of an n subjects × k raters table.
 *
 * ANOVA (balanced, as `aov(values ~ subs + ind)`), with x̄ the grand mean, x̄_i· subject and x̄_·j rater means:
 *   MSB = k·Σ_i (x̄_i· − x̄)² / (n − 1)                      between subjects
 *   MSJ = n·Σ_j (x̄_·j − x̄)² / (k − 1)                      between raters (judges)
 *   MSE = Σ_ij (x_ij − x̄_i· − x̄_·j + x̄)² / ((n − 1)(k − 1)) residual
 *   MSW = (SSJ + SSE) / ((k − 1) + (n − 1)(k − 1))          within subjects (one-way)
 *
 * Forms (psych's names):
 *   ICC1  = (MSB − MSW) / (MSB + (k − 1)·MSW)                         one-way random, single
 *   ICC2  = (MSB − MSE) / (MSB + (k − 1)·MSE + k·(MSJ − MSE)/n)       two-way random, absolute agreement
 *   ICC3  = (MSB − MSE) / (MSB + (k − 1)·MSE)                         two-way mixed, consistency
 *   ICC1k = (MSB − MSW) / MSB,  ICC2k = (MSB − MSE) / (MSB + (MSJ − MSE)/n),  ICC3k = (MSB − MSE) / MSB
 * F tests: ICC1/ICC1k F = MSB/MSW on (n − 1, n(k − 1)); the others F = MSB/MSE on (n − 1, (n − 1)(k − 1));
 * p = P(F_{df1,df2} > F).
 *
 * Confidence bounds (1 − α), psych's formulas, including its choices:
 *   ICC1:  FL = F/qf(1 − α/2, df1, df2), FU = F·qf(1 − α/2, df2, df1); (FL − 1)/(FL + k − 1), (FU − 1)/(FU + k − 1)
 *   ICC1k: 1 − 1/FL, 1 − 1/FU                       (same FL, FU)
 *   ICC3, ICC3k: as ICC1, ICC1k with F = MSB/MSE and its df
 *   ICC2 (McGraw & Wong's Satterthwaite approximation), with Fj = MSJ/MSE:
 *     v  = (k − 1)(n − 1)·(k·ICC2·Fj + n(1 + (k − 1)ICC2) − k·ICC2)² /
 *          ((n − 1)·k²·ICC2²·Fj² + (n(1 + (k − 1)ICC2) − k·ICC2)²)
 *     F*U = qf(1 − α/2, n − 1, v), F*L = qf(1 − α/2, v, n − 1)
 *     lower = n(MSB − F*U·MSE) / (F*U·(k·MSJ + (kn − k − n)·MSE) + n·MSB)
 *     upper = n(F*L·MSB − MSE) / (k·MSJ + (kn − k − n)·MSE + n·F*L·MSB)
 *   ICC2k: L·k/(1 + L(k − 1)) and U·k/(1 + U(k − 1)) of the ICC2 bounds.
 *
 * Missing values: `psych::ICC(…, lmer = FALSE)` stops on any missing value and suggests `na.omit`; this
 * module does that listwise deletion itself (a subject missing any rater's value is left out) and says
 * which subjects it left out, so the result is `ICC(na.omit(x), lmer = FALSE)`.
 */
import { pfUpper, qf } from './fdist';

export const ICC_FORMS = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'] as const;
export type IccForm = (typeof ICC_FORMS)[number];

/** One row of psych's `results` table (field names as in `../shared/fixtures/robustness/ref/icc_*.json`). */
export interface IccRow {
  type: IccForm;
  ICC: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  lower: number;
  upper: number;
}

export interface IccAnova {
  /** Subjects used (complete rows) and raters. */
  n: number;
  k: number;
  MSB: number;
  MSJ: number;
  MSE: number;
  MSW: number;
}

export interface IccResult {
  icc: Record<IccForm, IccRow>;
  anova: IccAnova;
  /** Row indices (into the input) left out because a rater's value is missing. */
  excludedRows: number[];
}

export class IccError extends Error {}

/**
 * Mean squares of the balanced two-way ANOVA (subjects × raters, one observation per cell), as
 * `summary(aov(values ~ subs + ind))` gives them; computed from deviations (two passes) for accuracy.
 */
export function iccAnova(rows: ArrayLike<number>[]): IccAnova {
  const n = rows.length;
  const k = n ? rows[0].length : 0;
  let total = 0;
  for (const r of rows) for (let j = 0; j < k; j++) total += r[j];
  let grand = total / (n * k);
  // second pass: correct the mean (as R's mean does) so that deviations are centred
  let corr = 0;
  for (const r of rows) for (let j = 0; j < k; j++) corr += r[j] - grand;
  grand += corr / (n * k);
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const d = rows[i][j] - grand;
      s += d;
      colMean[j] += d;
    }
    rowMean[i] = s / k; // deviation of the subject mean from the grand mean
  }
  for (let j = 0; j < k; j++) colMean[j] /= n;
  let ssB = 0;
  for (let i = 0; i < n; i++) ssB += rowMean[i] * rowMean[i];
  ssB *= k;
  let ssJ = 0;
  for (let j = 0; j < k; j++) ssJ += colMean[j] * colMean[j];
  ssJ *= n;
  let ssE = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      const e = rows[i][j] - grand - rowMean[i] - colMean[j];
      ssE += e * e;
    }
  const dfB = n - 1;
  const dfJ = k - 1;
  const dfE = (n - 1) * (k - 1);
  return { n, k, MSB: ssB / dfB, MSJ: ssJ / dfJ, MSE: ssE / dfE, MSW: (ssJ + ssE) / (dfJ + dfE) };
}

/** The six ICC forms with F tests and bounds from the mean squares (psych::ICC's formulas, see the header). */
export function iccFromAnova(a: IccAnova, alpha = 0.05): Record<IccForm, IccRow> {
  const { n, k: nj, MSB, MSJ, MSE, MSW } = a;
  const ICC1 = (MSB - MSW) / (MSB + (nj - 1) * MSW);
  const ICC2 = (MSB - MSE) / (MSB + (nj - 1) * MSE + (nj * (MSJ - MSE)) / n);
  const ICC3 = (MSB - MSE) / (MSB + (nj - 1) * MSE);
  const ICC12 = (MSB - MSW) / MSB;
  const ICC22 = (MSB - MSE) / (MSB + (MSJ - MSE) / n);
  const ICC32 = (MSB - MSE) / MSB;
  const F11 = MSB / MSW;
  const df11n = n - 1;
  const df11d = n * (nj - 1);
  const p11 = pfUpper(F11, df11n, df11d);
  const F21 = MSB / MSE;
  const df21n = n - 1;
  const df21d = (n - 1) * (nj - 1);
  const p21 = pfUpper(F21, df21n, df21d);
  const q = 1 - alpha / 2;

  const F1L = F11 / qf(q, df11n, df11d);
  const F1U = F11 * qf(q, df11d, df11n);
  const F3L = F21 / qf(q, df21n, df21d);
  const F3U = F21 * qf(q, df21d, df21n);

  const Fj = MSJ / MSE;
  const vn = (nj - 1) * (n - 1) * (nj * ICC2 * Fj + n * (1 + (nj - 1) * ICC2) - nj * ICC2) ** 2;
  const vd = (n - 1) * nj ** 2 * ICC2 ** 2 * Fj ** 2 + (n * (1 + (nj - 1) * ICC2) - nj * ICC2) ** 2;
  // zero residual (raters differ by constants at most): Fj → ∞ and v → k − 1; with MSJ = 0 too the ICC2
  // bounds are 1 whatever v is (R reaches the same through rounding noise in its residual)
  const v = MSE === 0 ? nj - 1 : vn / vd;
  const F2U = qf(q, n - 1, v);
  const F2L = qf(q, v, n - 1);
  const L2 = (n * (MSB - F2U * MSE)) / (F2U * (nj * MSJ + (nj * n - nj - n) * MSE) + n * MSB);
  const U2 = (n * (F2L * MSB - MSE)) / (nj * MSJ + (nj * n - nj - n) * MSE + n * F2L * MSB);

  const oneWay = { F: F11, df1: df11n, df2: df11d, p: p11 };
  const twoWay = { F: F21, df1: df21n, df2: df21d, p: p21 };
  // psych's (F − 1)/(F + k − 1), and its limit 1 when F = ∞ (MSW or MSE exactly 0: exact agreement)
  const orOne = (Fb: number, bound: number) => (Fb === Infinity ? 1 : bound);
  return {
    ICC1: {
      type: 'ICC1',
      ICC: ICC1,
      ...oneWay,
      lower: orOne(F1L, (F1L - 1) / (F1L + (nj - 1))),
      upper: orOne(F1U, (F1U - 1) / (F1U + nj - 1)),
    },
    ICC2: { type: 'ICC2', ICC: ICC2, ...twoWay, lower: L2, upper: U2 },
    ICC3: {
      type: 'ICC3',
      ICC: ICC3,
      ...twoWay,
      lower: orOne(F3L, (F3L - 1) / (F3L + nj - 1)),
      upper: orOne(F3U, (F3U - 1) / (F3U + nj - 1)),
    },
    ICC1k: { type: 'ICC1k', ICC: ICC12, ...oneWay, lower: 1 - 1 / F1L, upper: 1 - 1 / F1U },
    ICC2k: {
      type: 'ICC2k',
      ICC: ICC22,
      ...twoWay,
      lower: (L2 * nj) / (1 + L2 * (nj - 1)),
      upper: (U2 * nj) / (1 + U2 * (nj - 1)),
    },
    ICC3k: { type: 'ICC3k', ICC: ICC32, ...twoWay, lower: 1 - 1 / F3L, upper: 1 - 1 / F3U },
  };
}

/**
 * ICC of one feature: `rows[i][j]` = subject i rated by rater j (NaN = missing). Subjects with a missing
 * value are left out (listwise, as `na.omit`), and reported in `excludedRows`. Needs k ≥ 2 raters and
 * at least 2 complete subjects.
 */
export function icc(rows: ArrayLike<number>[], alpha = 0.05): IccResult {
  const k = rows.length ? rows[0].length : 0;
  if (k < 2) throw new IccError(`ICC needs at least 2 raters, got ${k}`);
  if (!(alpha > 0 && alpha < 1)) throw new IccError(`alpha must lie in (0, 1), got ${alpha}`);
  const complete: ArrayLike<number>[] = [];
  const excludedRows: number[] = [];
  rows.forEach((r, i) => {
    if (r.length !== k) throw new IccError(`row ${i + 1} has ${r.length} values, the first row has ${k}`);
    let ok = true;
    for (let j = 0; j < k; j++) {
      if (Number.isNaN(r[j])) ok = false;
      else if (!Number.isFinite(r[j])) throw new IccError(`row ${i + 1} holds an infinite value`);
    }
    if (ok) complete.push(r);
    else excludedRows.push(i);
  });
  if (complete.length < 2)
    throw new IccError(`ICC needs at least 2 subjects with every rater's value, got ${complete.length}`);
  const anova = iccAnova(complete);
  return { icc: iccFromAnova(anova, alpha), anova, excludedRows };
}
