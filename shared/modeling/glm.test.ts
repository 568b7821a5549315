/**
 * glm refit with aliased (collinear) predictors, as R's glm.fit handles them: the pivoting QR (dqrdc2,
 * tol 1e-11) moves a column that is a linear combination of earlier ones to the end, its coefficient is
 * NA, and the fit on the other columns is exactly the fit without it.
 */
import { describe, expect, it } from 'vitest';
import { dqrdc2, glmLogistic } from './glm';
import { fitPipeline, predictCase } from './pipeline';
import { mulberry32 } from './split';
import type { FeatureTable } from './table';

const x1 = [0.3, -1.2, 0.8, 1.5, -0.4, 0.1, -2.0, 0.9, 1.1, -0.7, 0.2, -0.3];
const x2 = [1.0, 0.4, -0.6, 0.2, 1.3, -1.1, 0.5, -0.2, 0.7, 0.0, -0.9, 0.6];
const y = [1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1];

function relClose(a: number, b: number, rel: number) {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300));
}

describe('glmLogistic with aliased predictors (R: coefficient NA, fit on the rest)', () => {
  it('two identical columns: the second is aliased, the first equals the one-column fit', () => {
    const one = glmLogistic([x1], ['a'], y);
    const two = glmLogistic([x1, [...x1]], ['a', 'a_copy'], y);
    expect(two.rank).toBe(2);
    expect(two.aliased).toEqual(['a_copy']);
    expect(two.estimate[2]).toBeNaN();
    expect(two.stdError[2]).toBeNaN();
    expect(two.zValue[2]).toBeNaN();
    expect(two.pValue[2]).toBeNaN();
    for (let k = 0; k < 2; k++) {
      relClose(two.estimate[k], one.estimate[k], 1e-12);
      relClose(two.stdError[k], one.stdError[k], 1e-12);
      relClose(two.pValue[k], one.pValue[k], 1e-10);
    }
    relClose(two.deviance, one.deviance, 1e-13);
    expect(two.iterations).toBe(one.iterations);
    // R: aic = deviance + 2·rank, df.residual = n − rank
    relClose(two.aic, one.deviance + 4, 1e-13);
    expect(two.dfResidual).toBe(y.length - 2);
    expect(two.warnings.join('\n')).toMatch(
      /1 coefficient not defined because of singularities \(aliased: a_copy\)/,
    );
    expect(one.warnings).toEqual([]);
  });

  it('a linear combination is aliased where it stands in R order (the later column), with the intercept too', () => {
    const comb = x1.map((v, i) => 2 * v - 0.5 * x2[i] + 3); // in the span of (1, x1, x2)
    const ref = glmLogistic([x1, x2], ['a', 'b'], y);
    const last = glmLogistic([x1, x2, comb], ['a', 'b', 'c'], y);
    expect(last.aliased).toEqual(['c']);
    const first = glmLogistic([comb, x1, x2], ['c', 'a', 'b'], y);
    expect(first.aliased).toEqual(['b']); // dqrdc2 keeps c and a, x2 is then in their span
    for (let k = 0; k < 3; k++) relClose(last.estimate[k], ref.estimate[k], 1e-10);
    relClose(first.deviance, ref.deviance, 1e-12);
    const constant = glmLogistic([x1, x1.map(() => 4)], ['a', 'const'], y);
    expect(constant.aliased).toEqual(['const']); // a constant column is aliased with the intercept
  });

  it('more coefficients than observations: rank ≤ n, the rest aliased (no error)', () => {
    const rnd = mulberry32(7);
    const yy = [0, 1, 0, 1, 1];
    const cols = Array.from({ length: 6 }, () => yy.map(() => rnd() - 0.5));
    const fit = glmLogistic(cols, ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'], yy);
    expect(fit.rank).toBe(5);
    expect(fit.aliased).toEqual(['f4', 'f5']); // generic columns: the last ones are moved out
    expect(fit.dfResidual).toBe(0);
  });

  it('near-collinear but above tol 1e-11 is kept, as R keeps it', () => {
    const near = x1.map((v, i) => v + 1e-6 * x2[i]);
    const fit = glmLogistic([x1, near], ['a', 'near'], y);
    expect(fit.aliased).toEqual([]);
    expect(fit.rank).toBe(3);
  });

  it('dqrdc2: rank and pivot of a rank-deficient matrix', () => {
    // columns: 1, u, 2u, v (n = 4): 2u is moved to the end
    const u = [1, 2, 3, 5];
    const v = [2, -1, 0, 1];
    const x = Float64Array.from([1, 1, 1, 1, ...u, ...u.map((t) => 2 * t), ...v]);
    const qr = dqrdc2(x, 4, 4, 1e-7);
    expect(qr.rank).toBe(3);
    expect(qr.pivot).toEqual([0, 1, 3, 2]);
  });
});

describe('pipeline with an aliased selected feature', () => {
  it('a duplicated feature both selected by the LASSO: null coefficient/SE/z/p, a warning naming it, Rad-scores from the other terms', () => {
    // 24 rows, 6 standard-normal features + f6 = an exact copy of f0; y from 2·f0 − f1. With this seed the
    // LASSO puts weight on both copies (round-off breaks their tie), as the demo cohort does with
    // Percentile25 / Quantile0.25 (the same number under two names).
    const rnd = mulberry32(1);
    const g = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-300))) * Math.cos(2 * Math.PI * rnd());
    const n = 24;
    const cols = Array.from({ length: 6 }, () => Array.from({ length: n }, g));
    cols.push([...cols[0]]);
    const yv = Array.from({ length: n }, (_, i) =>
      rnd() < 1 / (1 + Math.exp(-(2 * cols[0][i] - cols[1][i]))) ? 1 : 0,
    );
    const table: FeatureTable = {
      ids: yv.map((_, i) => `p${String(i).padStart(2, '0')}`),
      y: yv,
      split: null,
      foldid: null,
      features: cols.map((_, j) => `f${j}`),
      columns: cols.map((v) => Float64Array.from(v)),
    };
    const doc = fitPipeline(table, { folds: 3, trainFraction: 0.75 });
    expect(doc.selected).toEqual(['f0', 'f6']);
    expect(doc.glm.aliased).toEqual(['f6']);
    expect(doc.glm.rank).toBe(2);
    for (const field of ['coef', 'se', 'z', 'p'] as const) expect(doc.glm[field].f6, field).toBeNull();
    expect(
      doc.glm.warnings.some((w) => w.includes('not defined because of singularities (aliased: f6)')),
    ).toBe(true);
    expect(JSON.parse(JSON.stringify(doc)).glm.coef.f6).toBeNull();
    // the non-aliased estimate is the one-feature refit on the training rows (R: the fit without the NA term)
    const train = doc.scores.map((s, i) => (s.split === 'train' ? i : -1)).filter((i) => i >= 0);
    const z0 = doc.preprocessing.features.indexOf('f0');
    const zf0 = train.map(
      (i) => (cols[0][i] - doc.preprocessing.clean_mean[z0]) / doc.preprocessing.clean_sd[z0],
    );
    const alone = glmLogistic(
      [zf0],
      ['f0'],
      train.map((i) => yv[i]),
    );
    relClose(doc.glm.coef.f0 ?? NaN, alone.estimate[1], 1e-10);
    relClose(doc.glm.se.f0 ?? NaN, alone.stdError[1], 1e-10);
    for (const s of doc.scores) {
      const i = table.ids.indexOf(s.id);
      expect(Number.isFinite(s.radscore)).toBe(true);
      relClose(
        s.radscore,
        (doc.glm.coef['(Intercept)'] ?? NaN) +
          (doc.glm.coef.f0 ?? NaN) *
            ((cols[0][i] - doc.preprocessing.clean_mean[z0]) / doc.preprocessing.clean_sd[z0]),
        1e-9,
      );
      const raw = Object.fromEntries(table.features.map((f, j) => [f, cols[j][i]]));
      expect(predictCase(doc, raw).radscore).toBeCloseTo(s.radscore, 12);
    }
    expect(doc.validation).not.toBeNull();
    expect(doc.roc_test.single_feature).toBe('f0');
  });
});
