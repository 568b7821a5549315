/** psych::ICC 2.2.9 references (../shared/fixtures/robustness/ref/icc_*.json) through the pure module. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { icc, ICC_FORMS, type IccRow } from './icc';

const FIXTURES = new URL('../../../shared/fixtures/robustness/', import.meta.url);
const CASES = ['icc_two_readers', 'icc_three_readers'];
const FIELDS = ['ICC', 'F', 'df1', 'df2', 'p', 'lower', 'upper'] as const;

interface IccRef {
  alpha: number;
  features: { feature: string; icc: Record<string, IccRow> }[];
}

/** The comparison rule of the fixtures' README: 1e-9 relative, or 1e-12 absolute near zero. */
export function closeTo(actual: number, expected: number): boolean {
  if (Number.isNaN(expected) || expected === null) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= Math.max(1e-9 * Math.abs(expected), 1e-12);
}

/** The long table → per feature an n × k matrix (subjects in first-seen order, raters sorted). */
function wide(csvText: string) {
  const [header, ...lines] = csvText.trim().split('\n');
  const cols = header.split(',');
  const rows = lines.map((l) => l.split(','));
  const subjects = [...new Set(rows.map((r) => r[0]))];
  const raters = [...new Set(rows.map((r) => r[1]))].sort();
  const features = cols.slice(2);
  return features.map((f, fi) => {
    const m = subjects.map(() => new Float64Array(raters.length).fill(NaN));
    for (const r of rows) m[subjects.indexOf(r[0])][raters.indexOf(r[1])] = Number(r[2 + fi]);
    return { feature: f, m };
  });
}

describe('ICC as psych::ICC(lmer = FALSE)', () => {
  for (const name of CASES) {
    it(`every field of ref/${name}.json`, () => {
      const ref = JSON.parse(readFileSync(new URL(`ref/${name}.json`, FIXTURES), 'utf8')) as IccRef;
      const tables = wide(readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8'));
      expect(tables.map((t) => t.feature)).toEqual(ref.features.map((f) => f.feature));
      const bad: string[] = [];
      let compared = 0;
      tables.forEach((t, i) => {
        const res = icc(t.m, ref.alpha);
        expect(res.excludedRows).toEqual([]);
        for (const form of ICC_FORMS) {
          for (const field of FIELDS) {
            const e = ref.features[i].icc[form][field];
            const a = res.icc[form][field];
            compared++;
            if (!closeTo(a, e)) bad.push(`${t.feature} ${form}.${field}: ${a} vs R ${e}`);
          }
          expect(res.icc[form].type).toBe(form);
        }
      });
      expect(bad).toEqual([]);
      expect(compared).toBe(ref.features.length * 6 * 7);
    });
  }

  it('leaves out subjects missing a rater and says which (= ICC(na.omit(m)))', () => {
    const t = wide(readFileSync(new URL('cases/icc_three_readers.csv', FIXTURES), 'utf8'))[0];
    const withNa = t.m.map((r) => Float64Array.from(r));
    withNa[3][1] = NaN;
    withNa[7][0] = NaN;
    const res = icc(withNa);
    expect(res.excludedRows).toEqual([3, 7]);
    const direct = icc(t.m.filter((_, i) => i !== 3 && i !== 7));
    expect(res.icc).toEqual(direct.icc);
    expect(res.anova.n).toBe(t.m.length - 2);
  });

  it('raters in exact agreement: ICC and bounds 1 (psych: 1, 1, 1), p 0, even when the residual is exactly 0', () => {
    const x = [0.3, -1.2, 2.5, 0.8, -0.4, 1.9];
    for (const k of [2, 3]) {
      const res = icc(x.map((v) => new Array<number>(k).fill(v)));
      if (k === 2) expect(res.anova.MSE).toBe(0); // F = ∞ here; R's F is rounding noise (~1e31)
      for (const form of ICC_FORMS)
        for (const field of ['ICC', 'lower', 'upper', 'p'] as const)
          expect(res.icc[form][field], `${k} raters ${form}.${field}`).toBeCloseTo(field === 'p' ? 0 : 1, 12);
    }
    // a constant offset between raters: consistency (ICC3) perfect, absolute agreement (ICC2) not
    const shifted = icc(x.map((v) => [v, v + 1]));
    expect(shifted.icc.ICC3.ICC).toBe(1);
    expect(shifted.icc.ICC3.lower).toBe(1);
    expect(shifted.icc.ICC2.ICC).toBeLessThan(1);
    expect(Number.isFinite(shifted.icc.ICC2.lower)).toBe(true);
  });

  it('rejects tables it cannot compute', () => {
    expect(() => icc([[1], [2]])).toThrow(/at least 2 raters/);
    expect(() =>
      icc([
        [1, 2],
        [NaN, 3],
      ]),
    ).toThrow(/at least 2 subjects/);
    expect(() =>
      icc([
        [1, 2],
        [Infinity, 3],
        [1, 1],
      ]),
    ).toThrow(/infinite/);
  });
});
