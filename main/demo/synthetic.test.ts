import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_OPTIONS,
  demoCohort,
  demoLatents,
  effectiveCount,
  makeDemoPatient,
  normalQuantile,
} from './synthetic';

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

describe('balanced outcomes', () => {
  it('normalQuantile inverts the normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 7);
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
  });

  it('every cohort of 8…60 patients, any seed, has ~55% responders and ≥ 4 of each class', () => {
    for (let seed = 0; seed < 40; seed++) {
      for (const patients of [8, 9, 12, 17, 40, 60]) {
        const latents = demoLatents({ seed, patients });
        const effective = latents.filter((l) => l.effective).length;
        expect(effective).toBe(effectiveCount(patients));
        expect(effective).toBeGreaterThanOrEqual(4);
        expect(patients - effective).toBeGreaterThanOrEqual(4);
        expect(effective / patients).toBeGreaterThanOrEqual(0.5);
        expect(effective / patients).toBeLessThanOrEqual(0.625);
      }
    }
  });

  it('stratifies h (one draw per quantile stratum) and keeps responders less heterogeneous, with overlap', () => {
    const n = 40;
    let overlapSeeds = 0;
    for (let seed = 0; seed < 20; seed++) {
      const latents = demoLatents({ seed, patients: n });
      const strata = latents
        .map((l) => Math.floor(n * (0.5 * (1 + erf(l.heterogeneity / Math.SQRT2)))))
        .sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const hEff = latents.filter((l) => l.effective).map((l) => l.heterogeneity);
      const hNon = latents.filter((l) => !l.effective).map((l) => l.heterogeneity);
      expect(mean(hEff)).toBeLessThan(mean(hNon));
      if (Math.max(...hEff) > Math.min(...hNon)) overlapSeeds++;
    }
    // realistic: h does not separate the classes perfectly
    expect(overlapSeeds).toBeGreaterThan(15);
  });

  it('the patient reads its class from the cohort latents', () => {
    const opts = { ...small, patients: 12, seed: 5 };
    const latents = demoLatents(opts);
    for (let i = 0; i < 12; i++) {
      const p = makeDemoPatient(i, opts);
      expect(p.heterogeneity).toBe(latents[i].heterogeneity);
      expect(p.response === 'CR' || p.response === 'PR').toBe(latents[i].effective);
    }
    expect(() => makeDemoPatient(12, opts)).toThrow(/outside the cohort of 12/);
  });
});

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough to find a value's stratum away from edges. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
