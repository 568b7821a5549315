/**
 * What the screen and the report show of a fit beyond the AUC, on R's own a_paper fit (the modelling
 * fixtures' reference, which predates these figures, so they are computed from its scores): the training
 * cut-off applied to validation (pROC coords, modeling/testdata/modelview.reference.json), the validation
 * group's own Youden point as a secondary figure (pROC youden_best), the calibration slope (rms::val.prob),
 * both coefficient sets with their models named, and the fit settings as rows.
 */
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  atTrainingCutoff,
  calibrationFitOf,
  classificationRows,
  cutoffSentence,
  formatProportion,
  ownYoudenSentence,
  performanceCsv,
} from './classification';
import { calibrationPlotData } from './calibration';
import { coefficientRows, coefficientsChart, signFlipNote } from './coefficients';
import type { ChartFit } from './fit';
import { fitFromReference, type ReferenceJson } from './referenceFit';
import { renderChartSvg } from './render';
import { fitSettingsRows } from './settingsTable';

const REF = new URL('../../../shared/fixtures/modeling/ref/', import.meta.url);
const raw = JSON.parse(readFileSync(new URL('a_paper.json', REF), 'utf8')) as ReferenceJson & {
  roc: Record<string, { glm_prob: { youden_best: { sensitivity: number[]; specificity: number[] } } }>;
  calibration: Record<string, { rms_val_prob: { Slope: number; Intercept: number } }>;
};
const fit = fitFromReference(raw);
const R = JSON.parse(
  readFileSync(new URL('../modeling/testdata/modelview.reference.json', import.meta.url), 'utf8'),
) as {
  operating: Record<string, number | string>[];
  calibration: Record<string, { g: number; groups: { n: number }[] }>;
};

describe('classification at the training cut-off', () => {
  it('validation: the training Youden threshold applied unchanged, as pROC coords gives it', () => {
    const want = R.operating.find((r) => r.case === 'a_paper' && r.split === 'validation')!;
    const op = atTrainingCutoff(fit, 'validation')!;
    expect(op.threshold).toBe(fit.train.threshold);
    expect([op.tp, op.fp, op.tn, op.fn]).toEqual(
      [want.tp, want.fp, want.tn, want.fn].map((v) => Math.round(Number(v))),
    );
    expect(formatProportion(op.sensitivity)).toBe('0.800 (16/20)');
    expect(formatProportion(op.specificity)).toBe('0.577 (15/26)');
    // training at its own cut-off is the training Youden point of the reference
    const tr = atTrainingCutoff(fit, 'train')!;
    expect(tr.sensitivity.estimate).toBe(raw.roc.train.glm_prob.youden_best.sensitivity[0]);
    expect(tr.specificity.estimate).toBe(raw.roc.train.glm_prob.youden_best.specificity[0]);
    expect(classificationRows(fit).map((r) => r.label)).toEqual(['Training', 'Validation']);
    expect(cutoffSentence(fit)).toBe(
      "Predicted effective when the probability is ≥ 0.316 (the training group's Youden cut-off), applied unchanged to validation.",
    );
  });

  it("the validation group's own Youden point is a labelled secondary figure with its counts", () => {
    // pROC on validation alone: sensitivity 0.75 (15/20), specificity 0.731 (19/26)
    expect(ownYoudenSentence(fit)).toBe(
      "Secondary, optimistic: the validation group's own Youden cut-off (p = 0.510, chosen on validation itself) would give " +
        'sensitivity 0.750 (15/20) and specificity 0.731 (19/26). The figures above use the training cut-off.',
    );
  });

  it('the CSV carries every proportion with k, n and its CI, and the calibration slope', () => {
    const csv = performanceCsv(fit).split('\r\n');
    expect(csv[0]).toBe('group,measure,estimate,k,n,ci_lower,ci_upper,cutoff,note');
    const sens = csv.find((l) => l.startsWith('validation,sensitivity,'))!.split(',');
    expect(sens.slice(2, 5)).toEqual(['0.8', '16', '20']);
    expect(Number(sens[7])).toBe(fit.train.threshold);
    const slope = csv.find((l) => l.startsWith('validation,calibration_slope,'))!.split(',');
    expect(Math.abs(Number(slope[2]) - raw.calibration.validation.rms_val_prob.Slope)).toBeLessThan(1e-6);
  });
});

describe('calibration on small groups', () => {
  it('slope and intercept are rms::val.prob’s; groups of at least 5 as cut2 makes them', () => {
    const cal = calibrationFitOf(fit, 'validation');
    if ('error' in cal) return expect.fail(cal.error);
    expect(Math.abs(cal.slope.estimate - raw.calibration.validation.rms_val_prob.Slope)).toBeLessThan(1e-6);
    expect(Math.abs(cal.intercept.estimate - raw.calibration.validation.rms_val_prob.Intercept)).toBeLessThan(
      1e-6,
    );
    const { grouped, smooth } = calibrationPlotData(fit, 'validation');
    expect(grouped.groups.map((g) => g.n)).toEqual(
      R.calibration['a_paper.validation'].groups.map((g) => g.n),
    );
    expect(smooth.x).toHaveLength(46);
  });
});

describe('coefficients: two models, kept apart', () => {
  it('names the model of each chart and flags a sign flip in both', () => {
    expect(coefficientRows(fit).every((r) => !r.signFlip)).toBe(true);
    expect(signFlipNote(fit)).toBeNull();
    const flipped: ChartFit = { ...fit, glm: { ...fit.glm, coef: { ...fit.glm.coef, f095: -27.78 } } };
    expect(
      coefficientRows(flipped)
        .filter((r) => r.signFlip)
        .map((r) => r.feature),
    ).toEqual(['f095']);
    expect(signFlipNote(flipped)).toMatch(/^Sign flips between the LASSO and the logistic refit: f095\./);
    const chart = coefficientsChart(flipped);
    expect(chart.title).toBe(
      'Coefficients of the two models: LASSO (λ min) and the logistic refit (the Rad-score)',
    );
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const svg = renderChartSvg(chart, document as unknown as Document);
    // both panels named by their model, the flipped feature marked on its name and on both values
    expect(svg).toContain('>LASSO (λ min)<');
    expect(svg).toContain('>Logistic refit (the Rad-score)<');
    expect(svg).toContain('⚠ f095');
    expect(svg).toContain('-27.780 ⚠');
    expect(svg).toContain(`${fit.lasso.coef_min.f095.toFixed(3)} ⚠`);
    expect(chart.caption).toContain('the sign flips between the two models (f095)');
  });
});

describe('fit settings as rows', () => {
  it('the training fraction reads 0.676, not 0.676056338028169', () => {
    const rows = fitSettingsRows(
      { train_fraction: 96 / 142, lambda: 'min', roi: null, folds: 10, extra: { a: 1 } },
      { ...fit, n: { train: 96, total: 142 } } as ChartFit,
    );
    expect(rows).toEqual([
      { setting: 'ROI', value: 'any ROI name' },
      { setting: 'Training fraction', value: '0.676 — 96 of 142 patients' },
      { setting: 'Cross-validation folds', value: '10' },
      { setting: 'Penalty (λ) rule', value: 'λ min (the lowest cross-validated deviance)' },
      { setting: 'extra', value: '{"a":1}' },
    ]);
  });
});
