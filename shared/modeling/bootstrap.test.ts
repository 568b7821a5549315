/**
 * Optimism bootstrap, pure core: apparent figures against the fit and R's bootstrap.R, the intercept-only
 * convention, skipped and failed resamples, selection frequencies, per-patient folds, and independence from
 * how the resamples are shared out. The B = 500 comparison with R runs in the worker pool
 * (main/workers/bootstrap.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apparentPerformance,
  bootstrapOptimism,
  bootstrapPerformance,
  bootstrapProblemFromFit,
  drawResample,
  resampleSeeds,
  runResamples,
  summariseBootstrap,
} from './bootstrap';
import { fitPipeline } from './pipeline';
import { parseFeatureTable, type FeatureTable } from './table';
import { mulberry32 } from '../random';

const FIXTURES = new URL('../../../shared/fixtures/modeling/', import.meta.url);
const R_B500 = JSON.parse(readFileSync(new URL('bootstrap/a_paper_B500.json', FIXTURES), 'utf8'));

function fixture(name: string): FeatureTable {
  return parseFeatureTable(readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8'));
}

/** n × p standard-normal features; y logistic in f1 with the given strength (weak: LASSO often selects nothing). */
function noiseTable(n: number, p: number, seed: number, signal: number): FeatureTable {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-300))) * Math.cos(2 * Math.PI * rnd());
  const columns = Array.from({ length: p }, () => Float64Array.from({ length: n }, gauss));
  const y = Array.from({ length: n }, (_, i) =>
    rnd() < 1 / (1 + Math.exp(-signal * columns[0][i])) ? 1 : 0,
  );
  return {
    ids: y.map((_, i) => `P${i + 1}`),
    y,
    split: null,
    foldid: null,
    features: columns.map((_, j) => `f${j + 1}`),
    columns,
  };
}

describe('bootstrap apparent performance', () => {
  it('a_paper: equals the fit’s own training figures, and R’s apparent figures (bootstrap.R)', () => {
    const table = fixture('a_paper');
    const doc = fitPipeline(table);
    const app = apparentPerformance(doc);
    expect(app.auc).toBe(doc.train.auc);
    expect(app.auc).toBe(doc.train.auc_direction_lt);
    expect(app.brier).toBe(doc.train.brier);
    // glm(y ~ lp) on the training rows; rms::val.prob fits the same recalibration on logit(plogis(lp))
    expect(Math.abs(app.slope - (doc.train.val_prob?.Slope ?? NaN))).toBeLessThan(1e-9);
    for (const m of ['auc', 'slope', 'brier'] as const)
      expect(Math.abs(app[m] - R_B500.apparent[m])).toBeLessThan(1e-6);
    expect(doc.selected).toHaveLength(R_B500.n_selected_apparent);
  });
});

describe('bootstrapPerformance', () => {
  it('a constant linear predictor (intercept-only model) has AUC 0.5 and slope 1; Brier as usual', () => {
    const y = [0, 1, 1, 0, 1];
    const lp = Math.log(0.6 / 0.4);
    const perf = bootstrapPerformance(y, [lp, lp, lp, lp, lp]);
    expect(perf.auc).toBe(0.5);
    expect(perf.slope).toBe(1);
    expect(perf.brier).toBeCloseTo((2 * 0.6 ** 2 + 3 * 0.4 ** 2) / 5, 15);
  });

  it('AUC with direction "<" (no flip below 0.5) and the slope of glm(y ~ lp)', () => {
    const y = [1, 1, 0, 0, 1, 0];
    const lp = [-2, -1, 0.5, 1, 1.5, 2];
    const perf = bootstrapPerformance(y, lp);
    expect(perf.auc).toBeCloseTo(2 / 9, 15); // 2 of the 9 case–control pairs have the case higher
    expect(perf.slope).toBeLessThan(0);
  });
});

describe('resampling', () => {
  it('draws n rows with replacement and keeps all copies of a patient in one fold; folds balanced over patients', () => {
    for (const seed of resampleSeeds(3, 20)) {
      const { rows, foldid } = drawResample(96, 10, seed);
      expect(rows).toHaveLength(96);
      expect(rows.every((r) => Number.isInteger(r) && r >= 0 && r < 96)).toBe(true);
      const foldOf = new Map<number, number>();
      rows.forEach((r, a) => {
        if (foldOf.has(r)) expect(foldid[a]).toBe(foldOf.get(r));
        foldOf.set(r, foldid[a]);
      });
      const patientsPerFold = Array.from(
        { length: 10 },
        (_, k) => [...foldOf.values()].filter((f) => f === k + 1).length,
      );
      expect(Math.max(...patientsPerFold) - Math.min(...patientsPerFold)).toBeLessThanOrEqual(1);
      expect(foldOf.size).toBeLessThan(96); // with replacement: some patients repeat
    }
  });

  it('results do not depend on how the resamples are shared out (chunks = worker threads)', () => {
    const table = noiseTable(60, 10, 2, 1);
    const doc = fitPipeline(table, { trainFraction: 1, folds: 5 });
    const problem = bootstrapProblemFromFit(table, doc);
    const whole = runResamples(problem, 11, 0, 12);
    const parts = [
      ...runResamples(problem, 11, 7, 12),
      ...runResamples(problem, 11, 0, 3),
      ...runResamples(problem, 11, 3, 7),
    ];
    const app = apparentPerformance(doc);
    const a = summariseBootstrap(problem, app, doc.selected.length, whole, 12, 11);
    const b = summariseBootstrap(problem, app, doc.selected.length, parts, 12, 11);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('bootstrap summary', () => {
  // a weak signal in 10 noise features: the LASSO selects nothing in about a third of the resamples
  const table = noiseTable(60, 10, 2, 1);
  const doc = fitPipeline(table, { trainFraction: 1, folds: 5 });
  const problem = bootstrapProblemFromFit(table, doc);
  const B = 40;
  const outcomes = runResamples(problem, 7, 0, B);
  const iv = summariseBootstrap(problem, apparentPerformance(doc), doc.selected.length, outcomes, B, 7);

  it('intercept-only resamples: AUC 0.5 and slope 1 on both sets, Brier of logit(mean y of the resample); counted', () => {
    const nothing = outcomes.filter((o) => o.status === 'ok' && o.selected.length === 0);
    expect(nothing.length).toBeGreaterThan(5);
    expect(iv.n_boot_selecting_nothing).toBe(nothing.length);
    const seeds = resampleSeeds(7, B);
    for (const o of nothing) {
      if (o.status !== 'ok') continue;
      const { rows } = drawResample(60, 5, seeds[o.resample]);
      const yb = rows.map((i) => table.y[i]);
      const pb = yb.reduce((s, v) => s + v, 0) / yb.length;
      const brierOf = (y: number[]) => y.reduce((s, v) => s + (pb - v) ** 2, 0) / y.length;
      expect(o.onResample).toEqual({ auc: 0.5, slope: 1, brier: expect.closeTo(brierOf(yb), 14) });
      expect(o.onOriginal).toEqual({ auc: 0.5, slope: 1, brier: expect.closeTo(brierOf(table.y), 14) });
    }
  });

  it('optimism is the mean of resample − original over the used resamples; corrected = apparent − optimism', () => {
    const ok = outcomes.flatMap((o) => (o.status === 'ok' ? [o] : []));
    expect(iv.B_used).toBe(ok.length);
    for (const m of ['auc', 'slope', 'brier'] as const) {
      const d = ok.map((o) => o.onResample[m] - o.onOriginal[m]);
      const mean = d.reduce((s, v) => s + v, 0) / d.length;
      const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1));
      expect(iv.optimism[m]).toBeCloseTo(mean, 14);
      expect(iv.optimism_sd[m]).toBeCloseTo(sd, 12);
      expect(iv.monte_carlo_se[m]).toBeCloseTo(sd / Math.sqrt(ok.length), 12);
      expect(iv.corrected[m]).toBe(iv.apparent[m] - iv.optimism[m]);
    }
  });

  it('selection frequencies: one per candidate feature, in [0, 1], summing to the mean number selected', () => {
    const ok = outcomes.flatMap((o) => (o.status === 'ok' ? [o] : []));
    const freq = iv.selection_frequency;
    expect(Object.keys(freq).sort()).toEqual([...table.features].sort());
    const values = Object.values(freq);
    expect(values.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect([...values].sort((a, b) => b - a)).toEqual(values); // largest first
    const meanSelected = ok.reduce((s, o) => s + o.selected.length, 0) / ok.length;
    expect(values.reduce((s, f) => s + f, 0)).toBeCloseTo(meanSelected, 12);
    for (const f of table.features)
      expect(freq[f] * ok.length).toBeCloseTo(ok.filter((o) => o.selected.includes(f)).length, 9);
  });

  it('a resample with one outcome class is skipped, one the pipeline cannot fit is reported; neither is used', () => {
    // 3 events in 24: some resamples draw none (skipped, as bootstrap.R does) and some leave a fold's
    // training part with ≤ 1 event (glmnet's error: reported with its reason)
    const rare = noiseTable(24, 4, 5, 0);
    rare.y = rare.y.map((_, i) => (i < 3 ? 1 : 0));
    const d = fitPipeline(rare, { trainFraction: 1, folds: 3 });
    const res = bootstrapOptimism(rare, d, { B: 60, seed: 2 });
    expect(res.n_boot_one_class).toBeGreaterThan(0);
    expect(res.failed.length).toBeGreaterThan(0);
    expect(res.failed[0].reason).toMatch(/1 or 0 observations/);
    expect(res.B_used).toBe(60 - res.n_boot_one_class - res.failed.length);
  });

  it('rejects B and seeds that are not integers of the allowed range', () => {
    expect(() => bootstrapOptimism(table, doc, { B: 0, seed: 1 })).toThrow(/positive integer/);
    expect(() => bootstrapOptimism(table, doc, { B: 2.5, seed: 1 })).toThrow(/positive integer/);
    expect(() => bootstrapOptimism(table, doc, { B: 5, seed: -1 })).toThrow(/seed/);
  });
});
