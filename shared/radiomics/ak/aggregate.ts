/**
 * ITK's AllDirection aggregation (`ScalarImageToTextureFeaturesFilter`): Knuth's running mean and the
 * population SD, M₁ = x₁, M_k = M_{k−1} + (x_k − M_{k−1})/k, S_k = S_{k−1} + (x_k − M_{k−1})(x_k − M_k),
 * SD = √(S_n/n). One NaN input makes both NaN.
 */
export function knuthMeanSd(values: ArrayLike<number>): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  let mean = values[0];
  let s = 0;
  for (let k = 2; k <= n; k++) {
    const x = values[k - 1];
    const prev = mean;
    mean = prev + (x - prev) / k;
    s = s + (x - prev) * (x - mean);
  }
  return { mean, sd: Math.sqrt(s / n) };
}
