/** Descriptive statistics with R's conventions (mean with a correction pass, n−1 SD, type-7 quantiles). */

/** Neumaier-compensated sum (stands in for R's long-double accumulator). */
export function sum(x: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** R's mean: sum/n, then one correction pass mean += Σ(x − mean)/n. */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const m = sum(x) / n;
  if (!Number.isFinite(m)) return m;
  let t = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] - m;
    const s = t + v;
    c += Math.abs(t) >= Math.abs(v) ? t - s + v : v - s + t;
    t = s;
  }
  return m + (t + c) / n;
}

/** Sample variance with the n−1 denominator (two passes, as R's var). */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m);
  return s / (n - 1);
}

export function sd(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x));
}

export function sortedCopy(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

export function median(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const s = sortedCopy(x);
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** R's quantile(x, probs, type = 7), formula (1 − h)·x[lo] + h·x[hi] exactly as quantile.default. */
export function quantile7(x: ArrayLike<number>, probs: readonly number[]): number[] {
  const s = sortedCopy(x);
  const n = s.length;
  return probs.map((p) => {
    const index = 1 + Math.max(n - 1, 0) * p;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const qs = s[lo - 1];
    const h = index - lo;
    if (index > lo && s[hi - 1] !== qs) return (1 - h) * qs + h * s[hi - 1];
    return qs;
  });
}

/** Ranks with ties averaged (R's rank, ties.method = "average"). */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** Logistic function with R's plogis behaviour for large |η|. */
export function plogis(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/**
 * C's printf("%.{digits}g") as used by R's formatC (for interval labels such as cut()'s "[0.1,0.25]").
 */
export function formatG(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : x < 0 ? '-Inf' : 'NaN';
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(digits)))));
  if (exp < -4 || exp >= digits) {
    const [mant, e] = x.toExponential(digits - 1).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const f = x.toFixed(Math.max(0, digits - 1 - exp));
  return f.includes('.') ? f.replace(/0+$/, '').replace(/\.$/, '') : f;
}
