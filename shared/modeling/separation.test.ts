/**
 * Validation figures when the glm probabilities are exactly 0 or 1 (complete separation): pROC takes any
 * scores, so the ROC AUC, DeLong CI, Youden point, Hosmer–Lemeshow and Brier are computed as R computes
 * them; only rms::val.prob (which drops p ∈ {0, 1} and then has nothing to fit) is null, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { fitPipeline, splitMetrics } from './pipeline';
import { mulberry32 } from './split';
import { ValProbError, valProb } from './valprob';

describe('splitMetrics on probabilities that are all exactly 0 or 1', () => {
  it('perfectly right: AUC 1, DeLong CI [1, 1], Youden 0.5 with se = sp = 1, Brier 0, HL NaN as in R; val.prob null', () => {
    const y = [0, 0, 0, 1, 1, 1, 1];
    const p = [0, 0, 0, 1, 1, 1, 1];
    const m = splitMetrics(y, p, [-3, -2, -1, 1, 2, 3, 4]);
    expect(m.auc).toBe(1);
    expect(m.auc_ci).toEqual([1, 1]);
    expect(m.auc_var).toBe(0);
    expect(m.threshold).toBe(0.5);
    expect([m.sensitivity, m.specificity]).toEqual([1, 1]);
    expect(m.brier).toBe(0);
    // ResourceSelection: breaks = unique(quantile(p, 0:10/10)) = {0, 0.4, 1}; the p = 0 group expects 0
    // events and observes 0: (0 − 0)²/0 = NaN in R's sum, so χ² and p are NaN (null in JSON)
    expect(m.hosmer_lemeshow.breaks).toHaveLength(3);
    expect(m.hosmer_lemeshow.breaks[1]).toBeCloseTo(0.4, 15); // R's type-7 arithmetic: 0.40000000000000036
    expect(m.hosmer_lemeshow.statistic).toBeNaN();
    expect(m.hosmer_lemeshow_p).toBeNaN();
    expect(m.val_prob).toBeNull();
    expect(m.val_prob_error).toMatch(/7 of 7 probabilities are exactly 0 or 1 and no row is left/);
    expect(m.lasso_auc).toBe(1);
  });

  it('with mistakes: pROC counts ties as ½ (AUC 6/9), Youden at 0.5, Brier 1/3, DeLong variance by hand', () => {
    const y = [0, 0, 0, 1, 1, 1];
    const p = [0, 1, 0, 1, 1, 0];
    const m = splitMetrics(y, p, p);
    expect(m.auc).toBeCloseTo(6 / 9, 15);
    expect(m.direction).toBe('<');
    expect(m.threshold).toBe(0.5);
    expect(m.sensitivity).toBeCloseTo(2 / 3, 15);
    expect(m.specificity).toBeCloseTo(2 / 3, 15);
    expect(m.brier).toBeCloseTo(1 / 3, 15);
    // HL: breaks {0, 0.5, 1}; the p = 0 group expects 0 events and observes 1: 1²/0 = Inf → χ² Inf, p 0 (R)
    expect(m.hosmer_lemeshow.breaks).toEqual([0, 0.5, 1]);
    expect(m.hosmer_lemeshow.statistic).toBe(Infinity);
    expect(m.hosmer_lemeshow_p).toBe(0);
    // DeLong: case placements V10 = (1, 1, 1/3), control placements V01 = (2/3, 0, 2/3) → (1/3)(S10/3 + S01/3)
    const v10 = [5 / 6, 5 / 6, 1 / 3];
    const v01 = [5 / 6, 1 / 3, 5 / 6];
    const varOf = (v: number[]) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
    };
    expect(m.auc_var).toBeCloseTo(varOf(v10) / 3 + varOf(v01) / 3, 14);
    expect(m.val_prob).toBeNull();
  });

  it('val.prob itself: the reason names the dropped rows; with rows in (0, 1) of both classes it still computes', () => {
    expect(() => valProb([0, 1, 0.2, 0.3], [0, 1, 0, 0])).toThrow(ValProbError);
    expect(() => valProb([0, 1, 0.2, 0.3], [0, 1, 0, 0])).toThrow(
      /2 of 4 probabilities are exactly 0 or 1 and the 2 rows left all have outcome 0/,
    );
    const ok = valProb([0, 1, 0.2, 0.7, 0.4, 0.6], [0, 1, 0, 1, 1, 0]);
    expect(ok.warnings).toContain('2 observations deleted from logistic calibration due to probs. of 0 or 1');
    expect(ok.Brier).toBeCloseTo((0.04 + 0.09 + 0.36 + 0.36) / 6, 15);
  });
});

describe('pipeline on a separable table', () => {
  it('validation cases get probability exactly 1: the validation block is computed, val.prob null with the reason', () => {
    // f0 separates the outcome; two training rows lie close to the boundary, so the refit's slope is large
    // and the validation rows (further out, inside the training mean ± 3 SD) are scored 1 or ~1e-50.
    const rnd = mulberry32(3);
    const ids: string[] = [];
    const y: number[] = [];
    const f0: number[] = [];
    const f1: number[] = [];
    const split: ('train' | 'validation')[] = [];
    const foldid: (number | null)[] = [];
    for (let i = 0; i < 40; i++) {
      const yi = i % 2;
      const train = i < 30;
      const mag = !train ? 1.4 + 0.2 * rnd() : i < 2 ? 0.02 : 0.6 + 0.4 * rnd();
      ids.push(`p${String(i).padStart(2, '0')}`);
      y.push(yi);
      f0.push(yi ? mag : -mag);
      f1.push(rnd());
      split.push(train ? 'train' : 'validation');
      foldid.push(train ? (i % 3) + 1 : null);
    }
    const doc = fitPipeline({
      ids,
      y,
      split,
      foldid,
      features: ['f0', 'f1'],
      columns: [Float64Array.from(f0), Float64Array.from(f1)],
    });
    expect(doc.glm.warnings).toContain('glm.fit: fitted probabilities numerically 0 or 1 occurred');
    const vp = doc.scores.filter((s) => s.split === 'validation');
    expect(vp.filter((s) => s.y === 1).every((s) => s.probability === 1)).toBe(true);
    expect(doc.validation_error).toBeUndefined();
    const v = doc.validation;
    if (!v) return expect.fail('validation block missing');
    expect(v.auc).toBe(1);
    expect(v.auc_ci).toEqual([1, 1]);
    expect([v.sensitivity, v.specificity]).toEqual([1, 1]);
    expect(v.brier).toBeGreaterThanOrEqual(0);
    expect(v.brier).toBeLessThan(1e-30);
    expect(v.val_prob).toBeNull();
    expect(v.val_prob_error).toMatch(
      /5 of 10 probabilities are exactly 0 or 1 and the 5 rows left all have outcome 0/,
    );
    // the document round-trips through JSON (what the CLI prints and the store keeps)
    expect(JSON.parse(JSON.stringify(doc)).validation.auc).toBe(1);
    expect(doc.train.auc).toBe(1);
  });
});
