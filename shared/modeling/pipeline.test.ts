/**
 * fitPipeline against the R oracle (fixtures/modeling/ref/<case>.json, made with glmnet 4.1-6, pROC 1.18.0):
 * every number of the reference that the fit document carries, per field group.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitPipeline, predictCase, type FitDocument, type SplitMetrics } from './pipeline';
import { decisionCurve } from './calibration';
import { parseFeatureTable } from './table';

const FIXTURES = new URL('../../../shared/fixtures/modeling/', import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- the oracle JSON is untyped by nature */
type Ref = any;

function loadCase(name: string): { doc: FitDocument; ref: Ref; csv: string } {
  const csv = readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8');
  const ref = JSON.parse(readFileSync(new URL(`ref/${name}.json`, FIXTURES), 'utf8'));
  return { doc: fitPipeline(parseFeatureTable(csv)), ref, csv };
}

/** R encodes NaN as "NaN", NA as null, ±Inf as strings. */
function rnum(v: unknown): number {
  if (v === 'NaN' || v === null) return NaN;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return v as number;
}

function close(actual: number, expected: unknown, tol: { rel?: number; abs?: number }, what: string): void {
  const e = rnum(expected);
  if (Number.isNaN(e)) {
    expect(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`).toBe(true);
    return;
  }
  if (!Number.isFinite(e)) {
    expect(actual, what).toBe(e);
    return;
  }
  const err = Math.abs(actual - e);
  const bound = Math.max(tol.abs ?? 0, (tol.rel ?? 0) * Math.abs(e));
  expect(
    err <= bound,
    `${what}: ${actual} vs R ${e} (|Δ| ${err.toExponential(2)} > ${bound.toExponential(2)})`,
  ).toBe(true);
}

function closeArray(
  actual: ArrayLike<number>,
  expected: unknown[],
  tol: { rel?: number; abs?: number },
  what: string,
): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], tol, `${what}[${i}]`);
}

const TIGHT = { rel: 1e-9, abs: 1e-12 };

/** `separated`: the glm did not converge, so its probabilities (~1e-37) agree with R only to ~1e-6. */
function checkSplit(m: SplitMetrics, roc: Ref, cal: Ref, label: string, separated: boolean): void {
  const g = roc.glm_prob;
  const probTol = separated ? { rel: 1e-5, abs: 1e-300 } : { rel: 1e-9, abs: 1e-14 };
  expect(m.n).toBe(g.n_controls + g.n_cases);
  expect(m.events).toBe(g.n_cases);
  expect(m.direction).toBe(g.direction);
  close(m.auc, g.auc, TIGHT, `${label} auc`);
  close(m.auc_ci[0], g.ci_delong.lower, TIGHT, `${label} ci lower`);
  close(m.auc_ci[1], g.ci_delong.upper, TIGHT, `${label} ci upper`);
  close(m.auc_var, g.var_delong, { rel: 1e-8, abs: 1e-15 }, `${label} var`);
  close(m.auc_direction_lt, g.direction_lt.auc, TIGHT, `${label} auc <`);
  close(m.auc_ci_direction_lt[0], g.direction_lt.ci_delong.lower, TIGHT, `${label} ci < lower`);
  close(m.auc_ci_direction_lt[1], g.direction_lt.ci_delong.upper, TIGHT, `${label} ci < upper`);
  expect(m.youden_ties).toBe(g.youden_best.n_tied);
  close(m.threshold, g.youden_best.threshold[0], TIGHT, `${label} Youden threshold`);
  close(m.sensitivity, g.youden_best.sensitivity[0], TIGHT, `${label} sensitivity`);
  close(m.specificity, g.youden_best.specificity[0], TIGHT, `${label} specificity`);
  close(m.lasso_auc, roc.lasso_min_radscore.auc, TIGHT, `${label} lasso auc`);
  close(m.lasso_auc_ci[0], roc.lasso_min_radscore.ci_delong.lower, TIGHT, `${label} lasso ci lower`);
  close(m.lasso_auc_ci[1], roc.lasso_min_radscore.ci_delong.upper, TIGHT, `${label} lasso ci upper`);
  close(m.brier, cal.brier, { rel: 1e-9, abs: 1e-15 }, `${label} brier`);
  const vp = cal.rms_val_prob;
  const ourVp = m.val_prob;
  if (!ourVp) throw new Error(`${label}: val.prob missing: ${m.val_prob_error}`);
  for (const [k, v] of Object.entries(vp) as [string, number | null][]) {
    if (v === null || k === 'D:p') continue; // D:p is NA in rms 6.5
    const key = (k === 'C (ROC)' ? 'C' : k) as keyof NonNullable<SplitMetrics['val_prob']>;
    const ours = ourVp[key] as number;
    // recalibration coefficients: lrm.fit stops ~1e-5 from the optimum; under separation they are artefacts
    if (
      key === 'Intercept' ||
      key === 'Slope' ||
      key === 'U:Chi-sq' ||
      key === 'U' ||
      key === 'Q' ||
      key === 'U:p'
    ) {
      if (!separated) close(ours, v, { abs: key === 'U:p' ? 1e-3 : 1e-4 }, `${label} val.prob ${k}`);
      continue;
    }
    close(
      ours,
      v,
      separated ? { rel: 1e-5, abs: 1e-9 } : { rel: 1e-8, abs: 1e-12 },
      `${label} val.prob ${k}`,
    );
  }
  expect(ourVp.warnings.filter((w) => w.includes('deleted'))).toEqual(cal.rms_val_prob_warnings);
  const hl = cal.hosmer_lemeshow;
  close(m.hosmer_lemeshow.statistic, hl.statistic, { rel: 1e-8, abs: 1e-12 }, `${label} HL statistic`);
  close(m.hosmer_lemeshow_p, hl.p_value, { rel: 1e-8, abs: 1e-12 }, `${label} HL p`);
  expect(m.hosmer_lemeshow.df).toBe(hl.df);
  expect(m.hosmer_lemeshow.n_groups).toBe(hl.n_groups);
  closeArray(m.hosmer_lemeshow.breaks, hl.breaks, probTol, `${label} HL breaks`);
  m.calibration.forEach((row, k) => {
    const r = hl.groups[k];
    expect(row.interval).toBe(r.interval);
    expect(row.n).toBe(r.n);
    expect(row.observed_events).toBe(r.observed_events);
    close(row.expected_events, r.expected_events, probTol, `${label} group ${k + 1} expected`);
    close(row.mean_predicted, r.mean_predicted, probTol, `${label} group ${k + 1} mean`);
    close(row.observed_rate, r.observed_rate, TIGHT, `${label} group ${k + 1} rate`);
  });
}

describe.each(['a_paper', 'c_tall', 'd_tiny', 'e_hard'])('fitPipeline on %s matches R', (name) => {
  let doc: FitDocument;
  let ref: Ref;
  beforeAll(() => {
    ({ doc, ref } = loadCase(name));
  });

  it('preprocessing statistics and dropped features', () => {
    const pr = ref.preprocessing;
    expect(doc.preprocessing.features).toEqual(pr.features);
    for (const k of ['raw_mean', 'raw_sd', 'median', 'clean_mean', 'clean_sd'] as const) {
      closeArray(doc.preprocessing[k], pr[k], { rel: 1e-12, abs: 1e-300 }, k);
    }
    // m1 ∓ 3·s1 cancels: compare on the scale of the column
    for (const k of ['lower', 'upper'] as const) {
      doc.preprocessing[k].forEach((v, j) =>
        close(v, pr[k][j], { abs: 1e-12 * (Math.abs(pr.raw_mean[j]) + 3 * pr.raw_sd[j]) }, `${k}[${j}]`),
      );
    }
    expect(doc.preprocessing.n_outliers_train).toEqual(pr.n_outliers_train);
    expect(doc.preprocessing.n_outliers_validation).toEqual(pr.n_outliers_validation);
    expect(doc.preprocessing.dropped_features).toEqual(pr.dropped_features);
    expect(doc.preprocessing.total_outliers_train).toBe(pr.total_outliers_train);
    expect(doc.preprocessing.total_outliers_validation).toBe(pr.total_outliers_validation);
  });

  it('λ sequence, full-data path and its stopping point', () => {
    const g = ref.glmnet;
    expect(doc.lasso.lambda.length).toBe(g.n_lambda);
    closeArray(doc.lasso.lambda, g.lambda, { rel: 1e-12 }, 'lambda');
    expect(doc.lasso.lambda_min_ratio).toBe(g.call.lambda_min_ratio);
    expect(doc.lasso.nzero).toEqual(g.nzero);
    closeArray(doc.lasso.dev_ratio, g.fit.dev_ratio, { abs: 1e-9 }, 'dev.ratio');
    closeArray(doc.lasso.path.a0, g.fit.a0, { abs: 1e-6 }, 'a0');
    close(doc.lasso.nulldev, g.fit.nulldev, { rel: 1e-12 }, 'nulldev');
    expect(doc.lasso.npasses).toBe(g.fit.npasses);
  });

  it('path coefficients (ref/<case>_path.csv)', () => {
    const lines = readFileSync(new URL(`ref/${name}_path.csv`, FIXTURES), 'utf8')
      .trim()
      .split('\n');
    const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
    expect(lines.length - 1).toBe(doc.lasso.lambda.length);
    lines.slice(1).forEach((line, l) => {
      const v = line.split(',').map(Number);
      close(doc.lasso.path.a0[l], v[1], { abs: 1e-6 }, `a0 λ${l + 1}`);
      for (let c = 2; c < header.length; c++)
        close(doc.lasso.path.beta[l][header[c]] ?? 0, v[c], { abs: 1e-6 }, `${header[c]} λ${l + 1}`);
    });
  });

  it('cross-validation: cvm, cvsd, λ.min, λ.1se, coefficients', () => {
    const g = ref.glmnet;
    closeArray(doc.lasso.cvm, g.cvm, { abs: 1e-9 }, 'cvm');
    closeArray(doc.lasso.cvsd, g.cvsd, { abs: 1e-9 }, 'cvsd');
    expect(doc.lasso.fold_sizes).toEqual(g.fold_sizes);
    expect(doc.lasso.index_min).toBe(g.index_min);
    expect(doc.lasso.index_1se).toBe(g.index_1se);
    close(doc.lasso.lambda_min, g.lambda_min, { rel: 1e-12 }, 'lambda.min');
    close(doc.lasso.lambda_1se, g.lambda_1se, { rel: 1e-12 }, 'lambda.1se');
    for (const [key, r] of [
      ['coef_min', g.coef_lambda_min],
      ['coef_1se', g.coef_lambda_1se],
    ] as const) {
      const ours = doc.lasso[key];
      expect(Object.keys(ours)).toEqual(r.names);
      r.names.forEach((nm: string, k: number) => close(ours[nm], r.values[k], { abs: 1e-6 }, `${key} ${nm}`));
    }
    expect(doc.selected).toEqual(g.coef_lambda_min.names.slice(1));
  });

  it('glm refit (estimates, SE, Wald p; separation detected)', () => {
    const gl = ref.glm;
    expect(doc.glm.converged).toBe(gl.converged);
    expect(doc.glm.iterations).toBe(gl.iterations);
    expect(doc.glm.warnings).toEqual(gl.warnings);
    if (!gl.converged) return; // estimates after 25 iterations under separation are artefacts (README pitfall 15)
    gl.names.forEach((raw: string, k: number) => {
      const nm = raw.replace(/`/g, '');
      close(doc.glm.coef[nm] ?? NaN, gl.estimate[k], { rel: 1e-8 }, `coef ${nm}`);
      close(doc.glm.se[nm] ?? NaN, gl.std_error[k], { rel: 1e-8 }, `se ${nm}`);
      close(doc.glm.z[nm] ?? NaN, gl.z_value[k], { rel: 1e-8 }, `z ${nm}`);
      close(doc.glm.p[nm] ?? NaN, gl.p_value[k], { rel: 1e-7, abs: 1e-300 }, `p ${nm}`);
    });
    close(doc.glm.deviance, gl.deviance, { rel: 1e-10 }, 'deviance');
    close(doc.glm.null_deviance, gl.null_deviance, { rel: 1e-12 }, 'null deviance');
    close(doc.glm.aic, gl.aic, { rel: 1e-10 }, 'aic');
  });

  it('Rad-scores per row', () => {
    const rs = ref.radscore;
    expect(doc.scores.map((s) => s.id)).toEqual(rs.id);
    expect(doc.scores.map((s) => s.split)).toEqual(rs.split);
    expect(doc.scores.map((s) => s.y)).toEqual(rs.y);
    closeArray(
      doc.scores.map((s) => s.radscore_lasso),
      rs.lasso_lambda_min,
      { abs: 1e-6 },
      'lasso λ.min',
    );
    closeArray(
      doc.scores.map((s) => s.radscore_lasso_1se),
      rs.lasso_lambda_1se,
      { abs: 1e-6 },
      'lasso λ.1se',
    );
    closeArray(
      doc.scores.map((s) => s.probability),
      rs.glm_prob,
      { abs: 1e-9 },
      'glm probability',
    );
    if (ref.glm.converged)
      closeArray(
        doc.scores.map((s) => s.radscore),
        rs.glm_link,
        { rel: 1e-9, abs: 1e-9 },
        'glm link',
      );
  });

  it('discrimination and calibration on train and validation', () => {
    const separated = !ref.glm.converged;
    checkSplit(doc.train, ref.roc.train, ref.calibration.train, 'train', separated);
    if (ref.roc.validation) {
      expect(doc.validation).not.toBeNull();
      checkSplit(
        doc.validation as SplitMetrics,
        ref.roc.validation,
        ref.calibration.validation,
        'validation',
        separated,
      );
    } else expect(doc.validation).toBeNull();
  });

  it('paired DeLong tests', () => {
    expect(doc.roc_test.single_feature).toBe(ref.roc_test.single_feature);
    for (const key of ['glm_vs_single_feature', 'lasso_min_vs_lasso_1se'] as const) {
      for (const [split, r] of Object.entries(ref.roc_test[key]) as [string, Ref][]) {
        const ours = doc.roc_test[key][split];
        expect(ours && !('error' in ours), `${key} ${split}`).toBe(true);
        if (!ours || 'error' in ours) continue;
        close(ours.auc1, r.auc1, TIGHT, `${key} ${split} auc1`);
        close(ours.auc2, r.auc2, TIGHT, `${key} ${split} auc2`);
        close(ours.statistic_Z, r.statistic_Z, { rel: 1e-8, abs: 1e-12 }, `${key} ${split} Z`);
        close(ours.p_value, r.p_value, { rel: 1e-7, abs: 1e-15 }, `${key} ${split} p`);
      }
    }
  });

  it('Table 1 statistics', () => {
    expect(Object.keys(doc.table1)).toEqual(ref.table1.columns);
    const tol = { rel: 1e-9, abs: 1e-300 };
    for (const [col, r] of Object.entries(ref.table1.stats) as [string, Ref][]) {
      const m = doc.table1[col] as Ref;
      expect(m.n).toEqual(r.n);
      for (const k of ['mean', 'sd', 'median'])
        for (const g of ['y0', 'y1']) close(m[k][g], r[k][g], { rel: 1e-12 }, `${col} ${k} ${g}`);
      for (const t of ['welch_t', 'student_t']) {
        if (r[t].error) {
          expect(m[t].error, `${col} ${t}`).toBeDefined();
          continue;
        }
        close(m[t].statistic_t, r[t].statistic_t, tol, `${col} ${t} t`);
        close(m[t].df, r[t].df, tol, `${col} ${t} df`);
        close(m[t].p_value, r[t].p_value, { rel: 1e-8, abs: 1e-300 }, `${col} ${t} p`);
        closeArray(m[t].conf_int, r[t].conf_int, { rel: 1e-8, abs: 1e-12 }, `${col} ${t} CI`);
      }
      for (const w of ['mann_whitney_default', 'mann_whitney_normal_cc', 'mann_whitney_normal_nocc']) {
        close(m[w].W, r[w].W, tol, `${col} ${w} W`);
        close(m[w].p_value, r[w].p_value, { rel: 1e-8, abs: 1e-300 }, `${col} ${w} p`);
        expect(m[w].method).toBe(r[w].method);
      }
      const bm = r.binary_above_median;
      expect(m.binary_above_median.table).toEqual(bm.table);
      for (const c of ['chisq_yates', 'chisq_no_yates']) {
        close(m.binary_above_median[c].statistic, bm[c].statistic, tol, `${col} ${c}`);
        close(m.binary_above_median[c].p_value, bm[c].p_value, { rel: 1e-8, abs: 1e-300 }, `${col} ${c} p`);
      }
      close(m.binary_above_median.fisher_p_value, bm.fisher_p_value, { rel: 1e-8 }, `${col} Fisher`);
      if (r.tertiles.error) expect(m.tertiles.error).toBeDefined();
      else {
        closeArray(m.tertiles.breaks, r.tertiles.breaks, { rel: 1e-12 }, `${col} tertile breaks`);
        expect(m.tertiles.table).toEqual(r.tertiles.table);
        close(m.tertiles.chisq.statistic, r.tertiles.chisq.statistic, tol, `${col} tertile χ²`);
        close(m.tertiles.chisq.p_value, r.tertiles.chisq.p_value, { rel: 1e-8 }, `${col} tertile p`);
      }
    }
  });
});

describe('fitPipeline determinism and options', () => {
  it('fitting twice gives byte-identical JSON', () => {
    const csv = readFileSync(new URL('cases/e_hard.csv', FIXTURES), 'utf8');
    const a = JSON.stringify(fitPipeline(parseFeatureTable(csv)));
    const b = JSON.stringify(fitPipeline(parseFeatureTable(csv)));
    expect(a).toBe(b);
  });

  it('seeded split and folds when the table has none (fraction 96/142, both classes per fold)', () => {
    const csv = readFileSync(new URL('cases/d_tiny.csv', FIXTURES), 'utf8');
    const lines = csv.trim().split('\n');
    // drop split and foldid: the pipeline draws both
    const stripped = lines
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 2 && i !== 3)
          .join(','),
      )
      .join('\n');
    const t = parseFeatureTable(stripped);
    expect(t.split).toBeNull();
    const doc = fitPipeline(t, { splitSeed: 7, foldSeed: 3, folds: 4, trainFraction: 0.7 });
    expect(doc.split.source).toBe('seeded');
    expect(doc.n.train).toBe(Math.round(13 * 0.7) + Math.round(17 * 0.7));
    expect(doc.folds.K).toBe(4);
    const again = fitPipeline(parseFeatureTable(stripped), {
      splitSeed: 7,
      foldSeed: 3,
      folds: 4,
      trainFraction: 0.7,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
    const other = fitPipeline(parseFeatureTable(stripped), {
      splitSeed: 8,
      foldSeed: 3,
      folds: 4,
      trainFraction: 0.7,
    });
    expect(JSON.stringify(other.split)).not.toBe(JSON.stringify(doc.split));
  });

  it('predictCase on a training row reproduces its stored scores', () => {
    const csv = readFileSync(new URL('cases/a_paper.csv', FIXTURES), 'utf8');
    const t = parseFeatureTable(csv);
    const doc = fitPipeline(t);
    for (const i of [0, 5, 100]) {
      const raw = Object.fromEntries(t.features.map((f, j) => [f, t.columns[j][i]]));
      const pr = predictCase(doc, raw);
      expect(pr.radscore).toBeCloseTo(doc.scores[i].radscore, 12);
      expect(pr.probability).toBeCloseTo(doc.scores[i].probability, 12);
      expect(pr.radscore_lasso).toBeCloseTo(doc.scores[i].radscore_lasso, 12);
    }
  });

  it('decision curve: net benefit of a perfect model equals prevalence at every threshold; treat-all formula', () => {
    const y = [0, 0, 1, 1, 0, 1];
    const rows = decisionCurve(y, [0, 0, 1, 1, 0, 1], [0.1, 0.5, 0.9]);
    for (const r of rows) {
      expect(r.model).toBeCloseTo(0.5, 15);
      expect(r.treat_all).toBeCloseTo(0.5 - 0.5 * (r.threshold / (1 - r.threshold)), 15);
    }
  });

  it('λ.1se option selects the λ.1se features', () => {
    const csv = readFileSync(new URL('cases/d_tiny.csv', FIXTURES), 'utf8');
    const doc = fitPipeline(parseFeatureTable(csv), { lambda: '1se' });
    expect(doc.selected).toEqual(['f003', 'f006']);
    expect(doc.lasso.lambda_used).toBe(doc.lasso.lambda_1se);
  });
});
