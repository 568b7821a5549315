import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_OPTIONS, demoCohort, makeDemoPatient } from './synthetic';

const small = { ...DEFAULT_DEMO_OPTIONS, matrix: 128, slices: 16, patients: 30 };

function tumourSd(p: ReturnType<typeof makeDemoPatient>): number {
  let n = 0;
  let s = 0;
  let ss = 0;
  p.tumour.data.forEach((m, v) => {
    if (m) {
      n++;
      s += p.image.data[v];
      ss += p.image.data[v] ** 2;
    }
  });
  return Math.sqrt(ss / n - (s / n) ** 2);
}

describe('synthetic demo cohort', () => {
  it('is deterministic in the seed', () => {
    const a = makeDemoPatient(3, small);
    const b = makeDemoPatient(3, small);
    expect(a.image.data).toEqual(b.image.data);
    expect(a.response).toBe(b.response);
    expect(makeDemoPatient(4, small).image.data).not.toEqual(a.image.data);
  });

  it('has tumours of plausible size, both outcome classes, and texture that tracks heterogeneity', () => {
    const patients = [...demoCohort(small)];
    const effective = patients.filter((p) => p.response === 'CR' || p.response === 'PR').length;
    expect(effective).toBeGreaterThan(5);
    expect(effective).toBeLessThan(25);
    const sds = patients.map(tumourSd);
    for (const p of patients) {
      const voxels = p.tumour.data.reduce((a, b) => a + b, 0);
      const ml = (voxels * p.image.spacing[0] * p.image.spacing[1] * p.image.spacing[2]) / 1000;
      expect(ml).toBeGreaterThan(2);
      expect(ml).toBeLessThan(80);
    }
    // rank correlation between h and tumour SD must be strongly positive
    const rank = (xs: number[]) => {
      const order = xs.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
      const r = new Array<number>(xs.length);
      order.forEach(([, i], k) => (r[i] = k));
      return r;
    };
    const rh = rank(patients.map((p) => p.heterogeneity));
    const rs = rank(sds);
    const n = rh.length;
    const d2 = rh.reduce((s, r, i) => s + (r - rs[i]) ** 2, 0);
    const spearman = 1 - (6 * d2) / (n * (n * n - 1));
    expect(spearman).toBeGreaterThan(0.7);
  });
});
