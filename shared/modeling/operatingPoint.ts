/**
 * A group's classification at a FIXED cut-off (the one chosen on training, applied unchanged to validation):
 * the 2 × 2 counts and every proportion with its counts and Clopper–Pearson CI (proportion.ts).
 *
 * The rule is pROC's (`coords(roc(y, p, direction = d), x = t, input = "threshold")`): with direction "<"
 * (higher predictor = case) a patient is predicted positive when p ≥ t; with ">" when p ≤ t.
 *   sensitivity = TP/(TP + FN), specificity = TN/(TN + FP), PPV = TP/(TP + FP), NPV = TN/(TN + FN),
 *   accuracy = (TP + TN)/n.
 */
import { proportion, type Proportion } from './proportion';
import type { RocDirection } from './roc';

export type OperatingPoint = {
  /** The cut-off on the probability scale (±∞ when pROC's Youden point is an end of the curve). */
  threshold: number;
  direction: RocDirection;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  sensitivity: Proportion;
  specificity: Proportion;
  ppv: Proportion;
  npv: Proportion;
  accuracy: Proportion;
};

/** Counts and proportions of outcomes `y` (0/1) with predictions `p` at cut-off `threshold`. */
export function operatingPoint(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  threshold: number,
  direction: RocDirection,
): OperatingPoint {
  if (y.length !== p.length)
    throw new Error(`operatingPoint: ${y.length} outcomes for ${p.length} predictions`);
  if (Number.isNaN(threshold)) throw new Error('operatingPoint: the cut-off is not a number');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const positive = direction === '<' ? p[i] >= threshold : p[i] <= threshold;
    if (y[i] === 1) {
      if (positive) tp++;
      else fn++;
    } else if (positive) fp++;
    else tn++;
  }
  return {
    threshold,
    direction,
    tp,
    fp,
    tn,
    fn,
    sensitivity: proportion(tp, tp + fn),
    specificity: proportion(tn, tn + fp),
    ppv: proportion(tp, tp + fp),
    npv: proportion(tn, tn + fn),
    accuracy: proportion(tp + tn, y.length),
  };
}
