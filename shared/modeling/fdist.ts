/**
 * The F distribution as R's `pf` / `qf` (R 4.2) compute it, for the ICC tests and bounds of psych::ICC:
 * an incomplete beta accurate in both tails (a p-value of 1e-30 keeps its relative precision), its
 * quantile, and R's switch to χ² for degrees of freedom above 4e5 (`qf`'s "fudge" for extreme df).
 */
import { gammaPQ, lgamma } from './distributions';

/**
 * Regularised incomplete beta, both tails: lower = I_x(a, b) = B(x; a, b) / B(a, b), upper = 1 − lower.
 * `y` is 1 − x computed by the caller without cancellation (e.g. df2/(df2 + df1·F)). The smaller tail is
 * evaluated directly by the continued fraction (Lentz) with front factor x^a·y^b / (a·B(a, b)); the other
 * is 1 minus it.
 */
export function betaTails(x: number, y: number, a: number, b: number): { lower: number; upper: number } {
  if (Number.isNaN(x) || Number.isNaN(y) || !(a > 0) || !(b > 0)) return { lower: NaN, upper: NaN };
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  const logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(y);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
  return { lower: 1 - upper, upper };
}

/** The continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz, to full precision). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 2e-16) break;
  }
  return h;
}

/**
 * Upper tail of the F distribution, P(F > f) for F ~ F(df1, df2): the incomplete beta
 * I_{df2/(df2 + df1·f)}(df2/2, df1/2), as R's `pf(f, df1, df2, lower.tail = FALSE)`; infinite df go to
 * χ² as in R (df2 = ∞: P(χ²_df1 > df1·f); df1 = ∞: P(χ²_df2 < df2/f)).
 */
export function pfUpper(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || Number.isNaN(df1) || Number.isNaN(df2) || !(df1 > 0) || !(df2 > 0)) return NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  if (df2 === Infinity) {
    if (df1 === Infinity) return f < 1 ? 1 : f === 1 ? 0.5 : 0;
    return gammaPQ(df1 / 2, (f * df1) / 2).q;
  }
  if (df1 === Infinity) return gammaPQ(df2 / 2, df2 / f / 2).p;
  const denom = df2 + df1 * f;
  // x = df1·f/(df2 + df1·f) and y = 1 − x, each without cancellation
  return betaTails((df1 * f) / denom, df2 / denom, df1 / 2, df2 / 2).upper;
}

/**
 * Beta quantile: the x with I_x(a, b) = pLower (pUpper = 1 − pLower given separately so that the
 * smaller tail drives the search). Newton steps on the accurate CDF, safeguarded by bisection, to
 * full double precision.
 */
export function qbetaLower(pLower: number, a: number, b: number, pUpper = 1 - pLower): number {
  if (Number.isNaN(pLower) || !(a > 0) || !(b > 0)) return NaN;
  if (pLower <= 0) return 0;
  if (pUpper <= 0) return 1;
  const useLower = pLower <= pUpper;
  const logBeta = lgamma(a) + lgamma(b) - lgamma(a + b);
  // residual in the smaller tail: positive when x is above the quantile
  const residual = (x: number) => {
    const t = betaTails(x, 1 - x, a, b);
    return useLower ? t.lower - pLower : pUpper - t.upper;
  };
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let it = 0; it < 2000; it++) {
    const r = residual(x);
    if (r === 0) return x;
    if (r > 0) hi = x;
    else lo = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta);
    let next = x - r / density;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-16 * Math.abs(x) || next === lo || next === hi) return next;
    x = next;
  }
  return x;
}

/** χ² quantile (lower tail p) by safeguarded Newton on the regularised incomplete gamma. */
function qchisq(p: number, df: number, lowerTail: boolean): number {
  const pl = lowerTail ? p : 1 - p;
  const pu = lowerTail ? 1 - p : p;
  if (pl <= 0) return 0;
  if (pu <= 0) return Infinity;
  const a = df / 2;
  const useLower = pl <= pu;
  let lo = 0;
  let hi = Infinity;
  let x = Math.max(a, 1e-300); // x here is χ²/2, a gamma(a, 1) variate
  for (let it = 0; it < 2000; it++) {
    const t = gammaPQ(a, x);
    const r = useLower ? t.p - pl : pu - t.q;
    if (r === 0) break;
    if (r > 0) hi = x;
    else lo = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - lgamma(a));
    let next = x - r / density;
    if (!(next > lo && next < hi)) next = hi === Infinity ? Math.max(2 * x, 1) : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-16 * Math.abs(x) || next === lo || next === hi) {
      x = next;
      break;
    }
    x = next;
  }
  return 2 * x;
}

/**
 * F quantile as R's `qf(p, df1, df2)` (lower tail): `(1/qbeta(p, df2/2, df1/2, lower = FALSE) − 1)·df2/df1`,
 * with R's χ² substitutes when df2 > 4e5 (and df1 ≤ df2): `qchisq(p, df1)/df1`, or when df1 > 4e5:
 * `df2/qchisq(1 − p, df2)`.
 */
export function qf(p: number, df1: number, df2: number): number {
  if (Number.isNaN(p) || Number.isNaN(df1) || Number.isNaN(df2)) return NaN;
  if (!(df1 > 0) || !(df2 > 0) || p < 0 || p > 1) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  if (df1 <= df2 && df2 > 4e5) {
    if (df1 === Infinity) return 1;
    return qchisq(p, df1, true) / df1;
  }
  if (df1 > 4e5) return df2 / qchisq(p, df2, false);
  // qbeta(p, df2/2, df1/2, lower.tail = FALSE): upper tail p, lower tail 0.5 − p + 0.5 as R forms it
  const xb = qbetaLower(0.5 - p + 0.5, df2 / 2, df1 / 2, p);
  return (1 / xb - 1) * (df2 / df1);
}
