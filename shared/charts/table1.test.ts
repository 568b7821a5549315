import { describe, expect, it } from 'vitest';
import { tableNumber } from './fit';
import { clinicalTable1Rows, type ClinicalRecord } from './table1';

/** Records of one variable from per-outcome value lists. */
function records(
  name: string,
  ineffective: (string | number | null)[],
  effective: (string | number | null)[],
): ClinicalRecord[] {
  return [
    ...ineffective.map((v) => ({ y: 0, clinical: { [name]: v } })),
    ...effective.map((v) => ({ y: 1, clinical: { [name]: v } })),
  ];
}
const repeat = <T>(v: T, n: number): T[] => Array.from({ length: n }, () => v);

describe('clinical Table 1: the test follows the variable', () => {
  it("continuous: mean ± SD and Welch's t-test (R: t.test(extra ~ group, data = sleep) p-value = 0.07939)", () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const [row] = clinicalTable1Rows(records('extra', g1, g2));
    expect(row.test).toBe('Welch t-test');
    expect(row.p).toBeCloseTo(0.07939, 5);
    expect(row.ineffective).toBe('0.75 ± 1.79 (n\u00a0=\u00a010)'); // sd(g1) = 1.789010
    expect(row.effective).toBe('2.33 ± 2 (n\u00a0=\u00a010)'); // sd(g2) = 2.002249
  });
  it("2 × 2 with small expected counts: Fisher's exact test (R: fisher.test(matrix(c(3, 1, 1, 3), 2)) p-value = 0.4857)", () => {
    const [row] = clinicalTable1Rows(records('sex', ['F', 'F', 'F', 'M'], ['F', 'M', 'M', 'M']));
    expect(row.test).toBe("Fisher's exact test");
    expect(row.p).toBeCloseTo(0.4857, 4);
    expect(row.ineffective).toBe('F\u00a03\u00a0(75%), M\u00a01\u00a0(25%)');
    expect(row.effective).toBe('F\u00a01\u00a0(25%), M\u00a03\u00a0(75%)');
  });
  it("2 × 2 with expected counts ≥ 5: χ² with Yates' correction (N(|ad − bc| − N/2)² / Π margins = 5.4, p = 0.020137)", () => {
    const [row] = clinicalTable1Rows(
      records('ebv_positive', [...repeat(1, 20), ...repeat(0, 10)], [...repeat(1, 10), ...repeat(0, 20)]),
    );
    expect(row.test).toBe("χ² test (Yates' correction)");
    expect(row.p).toBeCloseTo(0.0201368, 6);
  });
  it('r × 2 with expected counts ≥ 5: Pearson χ² (R ?chisq.test example M: X-squared = 30.07, df = 2, p-value = 2.954e-07)', () => {
    const [row] = clinicalTable1Rows(
      records(
        'party',
        [...repeat('Democrat', 762), ...repeat('Independent', 327), ...repeat('Republican', 468)],
        [...repeat('Democrat', 484), ...repeat('Independent', 239), ...repeat('Republican', 477)],
      ),
    );
    expect(row.test).toBe('χ² test');
    expect(row.p! / 2.954e-7).toBeCloseTo(1, 3);
  });
  it("r × 2 with small expected counts: Fisher's exact test; levels in natural order; missing values counted", () => {
    const rows = clinicalTable1Rows(
      records('t_stage', ['T2', 'T10', 'T3', 'T3', null], ['T2', 'T2', 'T3', 'T10']),
    );
    expect(rows[0].test).toBe("Fisher's exact test");
    expect(rows[0].p).toBeGreaterThan(0);
    expect(rows[0].p).toBeLessThanOrEqual(1);
    expect(rows[0].ineffective).toBe(
      'T2\u00a01\u00a0(25%), T3\u00a02\u00a0(50%), T10\u00a01\u00a0(25%); missing 1',
    );
  });
  it('says why a row has no test, and rejects an outcome that is not 0/1', () => {
    expect(clinicalTable1Rows(records('site', ['A', 'A'], ['A']))[0]).toMatchObject({
      p: null,
      test: 'no test: one level',
    });
    expect(clinicalTable1Rows(records('age', [50, 51, 52], [60]))[0]).toMatchObject({
      p: null,
      test: 'Welch t-test: not computable (not enough observations)',
    });
    expect(() => clinicalTable1Rows([{ y: 2, clinical: { age: 3 } }])).toThrow(/record 0 has outcome 2/);
  });
});

describe('tableNumber', () => {
  it('gives significant digits, and exponents for tiny or huge magnitudes instead of columns of zeros', () => {
    expect(tableNumber(0.00000494123, 3)).toBe('4.94e-6');
    expect(tableNumber(0.000015, 3)).toBe('1.5e-5');
    expect(tableNumber(58.5649, 4)).toBe('58.56');
    expect(tableNumber(0, 3)).toBe('0');
    expect(tableNumber(-2.5e7, 3)).toBe('-2.5e7');
    expect(tableNumber(NaN, 3)).toBe('—');
  });
});
