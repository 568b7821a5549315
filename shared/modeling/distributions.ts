/**
 * Distribution functions used by the modelling statistics (normal, t, χ², hypergeometric, Wilcoxon).
 * Written for full double accuracy in the tails (p-values of 1e-20 keep their relative precision):
 * the normal tail goes through the regularised incomplete gamma, t through the incomplete beta.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_G + 2; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log n! with exact small values (Fisher / hypergeometric sums need them tight). */
const LOG_FACT: number[] = [0];
export function logFactorial(n: number): number {
  if (n < 0 || !Number.isInteger(n)) throw new Error(`logFactorial: ${n} is not a non-negative integer`);
  if (n < 1024) {
    while (LOG_FACT.length <= n) LOG_FACT.push(LOG_FACT[LOG_FACT.length - 1] + Math.log(LOG_FACT.length));
    return LOG_FACT[n];
  }
  return lgamma(n + 1);
}

/** Regularised lower incomplete gamma P(a, x) and upper Q(a, x) (series / Lentz continued fraction). */
export function gammaPQ(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  if (!Number.isFinite(x)) return { p: 1, q: 0 };
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    const p = sum * Math.exp(logPrefix);
    return { p, q: 1 - p };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  const q = Math.exp(logPrefix) * h;
  return { p: 1 - q, q };
}

/** Standard normal CDF Φ(x), accurate in both tails. */
export function pnorm(x: number, lowerTail = true): number {
  if (Number.isNaN(x)) return NaN;
  const upper = !lowerTail;
  // Φ(x) = Q(1/2, x²/2)/2 for x < 0
  const tail = (z: number) => (z === Infinity ? 0 : 0.5 * gammaPQ(0.5, (z * z) / 2).q); // P(Z > z), z ≥ 0
  if (x >= 0) return upper ? tail(x) : 1 - tail(x);
  return upper ? 1 - tail(-x) : tail(-x);
}

/** Standard normal density. */
export function dnorm(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Normal quantile: Acklam's rational start refined by Halley steps on the accurate pnorm. */
export function qnorm(p: number, mean = 0, sd = 1): number {
  if (p <= 0) return p === 0 ? -Infinity : NaN;
  if (p >= 1) return p === 1 ? Infinity : NaN;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  let x: number;
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  for (let it = 0; it < 3; it++) {
    // error measured on the smaller tail for precision
    const e = x < 0 ? pnorm(x) - p : 1 - p - pnorm(x, false);
    const u = e / dnorm(x);
    x = x - u / (1 + (x * u) / 2);
  }
  return mean + sd * x;
}

/** Regularised incomplete beta I_x(a, b) (Lentz continued fraction with the symmetry switch). */
export function pbeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x > (a + 1) / (a + b + 2))
    return (
      1 -
      (Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + b * Math.log1p(-x) + a * Math.log(x)) *
        betaCf(1 - x, b, a)) /
        b
    );
  return (Math.exp(logFront) * betaCf(x, a, b)) / a;
}

function betaCf(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
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
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Student t CDF with df degrees of freedom (df may be fractional, as in Welch). */
export function pt(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return t > 0 === lowerTail ? 1 : 0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2)
  const x = df / (df + t * t);
  const twoSided = x < 0.5 ? pbeta(x, df / 2, 0.5) : 1 - pbeta((t * t) / (df + t * t), 0.5, df / 2);
  const tailOfAbs = twoSided / 2; // P(T > |t|) = P(T < −|t|)
  // the requested tail is the small one when (t ≥ 0) differs from lowerTail: no cancellation there
  return t >= 0 !== lowerTail ? tailOfAbs : 1 - tailOfAbs;
}

/** Student t quantile (bisection on the accurate CDF; used only for confidence intervals). */
export function qt(p: number, df: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < 0.5) return -qt(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (pt(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (pt(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** χ² CDF with df degrees of freedom. */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  const { p, q } = gammaPQ(df / 2, x / 2);
  return lowerTail ? p : q;
}

/** log of the hypergeometric probability P(X = x): x white balls drawn, m white, n black, k drawn. */
export function logDhyper(x: number, m: number, n: number, k: number): number {
  if (x < Math.max(0, k - n) || x > Math.min(k, m)) return -Infinity;
  const lchoose = (a: number, b: number) => logFactorial(a) - logFactorial(b) - logFactorial(a - b);
  return lchoose(m, x) + lchoose(n, k - x) - lchoose(m + n, k);
}

/**
 * Exact distribution of the Wilcoxon rank-sum statistic W (U of the first sample), as R's cwilcox:
 * counts of W = w over all C(m+n, m) arrangements, returned as probabilities.
 */
export function wilcoxonDistribution(m: number, n: number): Float64Array {
  const maxW = m * n;
  // f[i][j] over w: number of ways, built by the recurrence f(m,n,w) = f(m-1,n,w-n) + f(m,n-1,w)
  let prev: Float64Array[] = [];
  for (let i = 0; i <= m; i++) {
    const row: Float64Array[] = [];
    for (let j = 0; j <= n; j++) {
      const arr = new Float64Array(i * j + 1);
      if (i === 0 || j === 0) arr[0] = 1;
      else {
        const a = prev[j]; // f(i-1, j)
        const b = row[j - 1]; // f(i, j-1)
        for (let w = 0; w <= i * j; w++) {
          let v = 0;
          if (w - j >= 0 && w - j < a.length) v += a[w - j];
          if (w < b.length) v += b[w];
          arr[w] = v;
        }
      }
      row.push(arr);
    }
    prev = row;
  }
  const counts = prev[n];
  let total = 0;
  for (let w = 0; w <= maxW; w++) total += counts[w];
  const out = new Float64Array(maxW + 1);
  for (let w = 0; w <= maxW; w++) out[w] = counts[w] / total;
  return out;
}
