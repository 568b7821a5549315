/** Distribution functions against reference values (R / SciPy agree on these to the digits given). */
import { describe, expect, it } from 'vitest';
import { pchisq, pnorm, pt, qnorm, qt, wilcoxonDistribution } from './distributions';
import { stratifiedFolds, stratifiedSplit } from './split';
import { formatG, quantile7 } from './stats';
import { fisherExact2x2, fisherExactRx2 } from './table1';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('distributions', () => {
  it('normal CDF and quantile, including far tails', () => {
    expect(rel(pnorm(-1.96), 0.024997895148220435)).toBeLessThan(1e-13);
    expect(rel(pnorm(-10), 7.61985302416047e-24)).toBeLessThan(1e-12);
    expect(rel(pnorm(3, true), 0.9986501019683699)).toBeLessThan(1e-15);
    expect(rel(qnorm(0.975), 1.959963984540054)).toBeLessThan(1e-14);
    expect(rel(qnorm(1e-10), -6.361340902404056)).toBeLessThan(1e-13);
  });

  it('t and χ² tails', () => {
    expect(rel(pt(-2.5, 7.3), 0.019825117332800214)).toBeLessThan(1e-9);
    expect(rel(pt(-40, 50), 6.2062118921863455e-40)).toBeLessThan(1e-8);
    expect(rel(qt(0.975, 28), 2.0484071417952454)).toBeLessThan(1e-12);
    expect(rel(pchisq(15.5, 8, false), 0.0501220545326652)).toBeLessThan(1e-9);
    expect(rel(pchisq(0.3, 1, false), 0.583882420770365)).toBeLessThan(1e-9);
  });

  it('Wilcoxon exact distribution sums to 1 and matches pwilcox(3, 4, 5) = 7/126', () => {
    const d = wilcoxonDistribution(4, 5);
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(d[0] + d[1] + d[2] + d[3]).toBeCloseTo(7 / 126, 15);
  });

  it('Fisher exact 2×2 (R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857142857)', () => {
    expect(
      rel(
        fisherExact2x2([
          [3, 1],
          [1, 3],
        ]),
        0.48571428571428565,
      ),
    ).toBeLessThan(1e-12);
  });

  it('Fisher r × 2 agrees with the 2 × 2 test and sums a hand-checked 3 × 2 case', () => {
    for (const t of [
      [
        [3, 1],
        [1, 3],
      ],
      [
        [6, 9],
        [7, 8],
      ],
      [
        [10, 2],
        [3, 12],
      ],
    ])
      expect(rel(fisherExactRx2(t), fisherExact2x2(t))).toBeLessThan(1e-12);
    // rows of 2, column-1 total 3: the six permutations of (2,1,0) have P = 2/20 each, (1,1,1) has 8/20;
    // the observed (2,1,0) is as rare as five others, so p = 6 · 0.1 = 0.6
    expect(
      fisherExactRx2([
        [2, 0],
        [1, 1],
        [0, 2],
      ]),
    ).toBeCloseTo(0.6, 12);
  });

  it('type-7 quantiles and %g labels as R', () => {
    const q = quantile7([1, 2, 3, 4, 10], [0, 0.3, 2 / 3, 1]);
    expect(q[0]).toBe(1);
    expect(q[1]).toBeCloseTo(2.2, 15);
    expect(q[2]).toBeCloseTo(3 + 2 / 3, 14);
    expect(q[3]).toBe(10);
    expect(formatG(0.00155844797, 5)).toBe('0.0015584');
    expect(formatG(7.850979363e-6, 4)).toBe('7.851e-06');
    expect(formatG(123456, 3)).toBe('1.23e+05');
  });
});

describe('seeded split and folds', () => {
  const y = Array.from({ length: 142 }, (_, i) => (i % 7 < 3 ? 1 : 0));
  it('keeps the class ratio, uses the fraction, and is reproducible', () => {
    const s = stratifiedSplit(y, 96 / 142, 42);
    expect(s.filter((v) => v === 'train').length).toBe(96);
    expect(stratifiedSplit(y, 96 / 142, 42)).toEqual(s);
    expect(stratifiedSplit(y, 96 / 142, 43)).not.toEqual(s);
  });
  it('fold sizes differ by at most one and every fold has both classes', () => {
    const f = stratifiedFolds(y, 10, 5);
    const sizes = Array.from({ length: 10 }, (_, k) => f.filter((v) => v === k + 1).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (let k = 1; k <= 10; k++) {
      expect(f.some((v, i) => v === k && y[i] === 1)).toBe(true);
      expect(f.some((v, i) => v === k && y[i] === 0)).toBe(true);
    }
  });
});
