/**
 * Grey-level bins of the A.K. profile.
 *
 * ITK's `Histogram::Initialize` builds its bin edges in single precision: with f = Math.fround,
 * L = f(lower), U = f(upper), w = f(f(U − L) / n), edge_k = L + f(k·w) (the sum in double), and the last
 * bin ends at U. A value goes to the largest k with edge_k ≤ v. GLCM uses upper = f(max) + 1, the
 * run-length grey axis upper = max (closed at max) — ak-features.md §4, §5.
 */

export interface ItkBins {
  /** edges[k] = lower edge of bin k (k = 0 … n − 1); edges[n] = U, the end of the last bin. */
  edges: Float64Array;
  n: number;
  lower: number;
  upper: number;
  width: number;
}

export function itkBins(lower: number, upper: number, n: number): ItkBins {
  if (!(n >= 1) || !Number.isInteger(n)) throw new Error(`bin count must be a positive integer, got ${n}`);
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || upper < lower) {
    throw new Error(`invalid histogram range [${lower}, ${upper}]`);
  }
  const f = Math.fround;
  const L = f(lower);
  const U = f(upper);
  const width = f(f(U - L) / n);
  const edges = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) edges[k] = L + f(k * width);
  edges[n] = U;
  return { edges, n, lower: L, upper: U, width };
}

/** GLCM bins: [min, max + 1) with the `+ 1` done in float32, as ITK's cooccurrence filter does. */
export function glcmBins(min: number, max: number, n: number): ItkBins {
  return itkBins(min, Math.fround(Math.fround(max) + 1), n);
}

/** Run-length grey bins: [min, max], the last bin closed at max. */
export function runGreyBins(min: number, max: number, n: number): ItkBins {
  return itkBins(min, max, n);
}

/**
 * Bin of v (ITK `Histogram::GetIndex` with clipped ends): the largest k with edge_k ≤ v; v at the upper
 * end belongs to the last bin when `closedTop`; −1 outside the range.
 */
export function binOf(b: ItkBins, v: number, closedTop: boolean): number {
  const { edges, n } = b;
  if (!(v >= edges[0])) return -1;
  if (v >= edges[n]) return closedTop && v === edges[n] ? n - 1 : -1;
  let k = b.width > 0 ? Math.floor((v - edges[0]) / b.width) : 0;
  if (k > n - 1) k = n - 1;
  if (k < 0) k = 0;
  while (k < n - 1 && edges[k + 1] <= v) k++;
  while (k > 0 && edges[k] > v) k--;
  return k;
}

/**
 * IBSI fixed bin number (Radscore Studio's choice for histogram, GLSZM and Haralick, ak-features.md §8):
 * g = min(⌊n·(x − min)/(max − min)⌋, n − 1) + 1, and g = 1 everywhere when max = min.
 */
export function fixedBinNumber(x: number, min: number, max: number, n: number): number {
  if (max === min) return 1;
  const g = Math.floor((n * (x - min)) / (max - min));
  return (g > n - 1 ? n - 1 : g) + 1;
}
