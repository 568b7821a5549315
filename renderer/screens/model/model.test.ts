import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fitFromReference, type ReferenceJson } from '../../../shared/charts/referenceFit';
import { compareOnValidation } from './compare';
import { ApplyModel } from './ApplyModel';
import { ModelScreen } from './ModelScreen';
import { referenceScreenProps, withScores } from './screenFixture';
import { DEFAULT_FIT_SETTINGS, fitOptions, validateFitSettings } from './settings';

const REF = new URL('../../../../shared/fixtures/modeling/ref/', import.meta.url);
const raw = JSON.parse(readFileSync(new URL('a_paper.json', REF), 'utf8')) as ReferenceJson & {
  radscore: { lasso_lambda_1se: number[] };
  roc_test: {
    lasso_min_vs_lasso_1se: {
      validation: { auc1: number; auc2: number; statistic_Z: number; p_value: number };
    };
  };
};
const fit = fitFromReference(raw, readFileSync(new URL('a_paper_path.csv', REF), 'utf8'));

describe('fit settings', () => {
  it('accepts the defaults and names each bad field', () => {
    expect(validateFitSettings(DEFAULT_FIT_SETTINGS)).toEqual({});
    const bad = validateFitSettings({
      ...DEFAULT_FIT_SETTINGS,
      splitSeed: 1.5,
      trainFraction: 1,
      folds: 2,
      foldSeed: -1,
    });
    expect(Object.keys(bad).sort()).toEqual(['foldSeed', 'folds', 'splitSeed', 'trainFraction']);
    expect(validateFitSettings({ ...DEFAULT_FIT_SETTINGS, trainFraction: 0.3 }).trainFraction).toMatch(
      /at least 0\.5/,
    );
    expect(fitOptions(DEFAULT_FIT_SETTINGS)).toMatchObject({
      split_seed: 1,
      train_fraction: 96 / 142,
      folds: 10,
      lambda: 'min',
    });
  });
});

describe('compareOnValidation', () => {
  it("reproduces pROC's paired DeLong test (a_paper, LASSO λmin vs λ1se Rad-scores on validation)", () => {
    const ref = raw.roc_test.lasso_min_vs_lasso_1se.validation;
    const r = compareOnValidation(
      withScores(fit, raw.radscore.lasso_lambda_min, 1),
      withScores(fit, raw.radscore.lasso_lambda_1se, 2),
    );
    expect(r.n).toBe(46);
    expect(r.events).toBe(20);
    expect(r.unpaired).toBe(0);
    expect(r.auc1).toBeCloseTo(ref.auc1, 12);
    expect(r.auc2).toBeCloseTo(ref.auc2, 12);
    expect(r.statistic_Z).toBeCloseTo(ref.statistic_Z, 9);
    expect(r.p_value).toBeCloseTo(ref.p_value, 9);
  });
  it('refuses versions without shared validation patients or with changed labels', () => {
    const otherSplit = { ...fit, scores: fit.scores.map((s) => ({ ...s, id: `X${s.id}` })) };
    expect(() => compareOnValidation(fit, otherSplit)).toThrow(/share no validation patients/);
    const relabelled = {
      ...fit,
      scores: fit.scores.map((s) => ({ ...s, y: s.split === 'validation' ? 1 - s.y : s.y })),
    };
    expect(() => compareOnValidation(fit, relabelled)).toThrow(/labels changed/);
  });
});

describe('ModelScreen', () => {
  it('renders settings, versions, comparison, results with every chart, and the patient on the ROC', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const html = renderToStaticMarkup(
      createElement(ModelScreen, referenceScreenProps(fit, raw.radscore, document as unknown as Document)),
    );
    expect(html.match(/<svg\b/g)).toHaveLength(10); // 9 model charts + the patient's ROC
    for (const label of [
      'Split seed',
      'Training fraction',
      'stratified by outcome',
      'Folds',
      'Fold seed',
      'λ min',
      'λ 1se',
    ])
      expect(html).toContain(label);
    expect(html).toContain(
      '≈ 96 training / 46 validation of 142 (rounded per outcome); the paper’s 96 of 142',
    );
    // The default split is sent exactly (96/142) but shown rounded.
    expect(html).toMatch(/id="fit-train-fraction"[^>]*value="0\.676"/);
    expect(html).toContain('0.785 (95% CI 0.651–0.918)');
    expect(html).toContain('Z = 0.087, p = 0.931');
    expect(html).toContain('Rad-score = -0.42114427');
    expect(html).toContain('Ineffective (SD/PD)');
    expect(html).toContain('P0003 on the validation ROC curve');
    expect(html.match(/>SVG</g)).toHaveLength(10);
    expect(html.match(/>PNG</g)).toHaveLength(10);
    expect(html).not.toContain('fit-warnings');
    // Table 1: the clinical rows with the test chosen per variable (shared/charts/table1.test.ts checks them against R).
    expect(html).toContain('Table 1: characteristics by outcome (training group)');
    expect(html).toMatch(
      /<td><code>age<\/code><\/td><td>[\d.]+ ± [\d.]+ \(n\s=\s42\)<\/td><td>[\d.]+ ± [\d.]+ \(n\s=\s54\)<\/td><td class="num">[^<]+<\/td><td>Welch t-test<\/td>/,
    );
    expect(html).toMatch(
      /<td><code>t_<wbr\/>stage<\/code><\/td><td>T1\s\d+\s\(\d+%\), T2\s\d+\s\(\d+%\), T3\s\d+\s\(\d+%\), T4\s\d+\s\(\d+%\)<\/td>/,
    );
  });
  it('says the clinical Table 1 is loading, empty or failed', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const props = referenceScreenProps(fit, raw.radscore, document as unknown as Document);
    const render = (extra: object) =>
      renderToStaticMarkup(createElement(ModelScreen, { ...props, ...extra }));
    expect(render({ clinicalTable1: null })).toContain('Loading the clinical variables');
    expect(render({ clinicalTable1: [] })).toContain('No clinical variables were recorded');
    expect(render({ clinicalTable1: null, clinicalTable1Error: 'no such channel' })).toContain(
      'Clinical variables not available: no such channel',
    );
  });
  it('applies an intercept-only model without printing an infinite cut-off', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const props = referenceScreenProps(fit, raw.radscore, document as unknown as Document);
    const interceptOnly = {
      ...props.fit!,
      selected: [],
      train: { ...props.fit!.train, threshold: -Infinity, sensitivity: 1, specificity: 0 },
    };
    const html = renderToStaticMarkup(
      createElement(ApplyModel, {
        fit: interceptOnly,
        patients: props.patients,
        prediction: props.prediction,
        onPredict: () => undefined,
        doc: document as unknown as Document,
      }),
    );
    expect(html).not.toContain('Infinity');
    expect(html).toContain('(no cut-off: training threshold −∞ (all effective))');
    expect(html).toContain('No cut-off: the model does not separate patients');
  });
  it('warns when the applied patient lies outside the training data, and only then', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const props = referenceScreenProps(fit, raw.radscore, document as unknown as Document);
    const render = (warnings: string[]) =>
      renderToStaticMarkup(
        createElement(ApplyModel, {
          fit: props.fit!,
          patients: props.patients,
          prediction: { ...props.prediction!, warnings },
          onPredict: () => undefined,
          doc: document as unknown as Document,
        }),
      );
    expect(render([])).not.toContain('prediction-warnings');
    const html = render(['X = 9 is outside the training range used by the model (mean ± 3 SD: 1 to 2)']);
    expect(html).toContain('Use with care — this patient lies outside the model’s training data');
    expect(html).toContain('X = 9 is outside the training range');
  });
  it('a version marked not for use: mark in the list, banner, Apply only after "Apply anyway"; the prediction says so', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const props = referenceScreenProps(fit, raw.radscore, document as unknown as Document);
    const mark = 'did not converge, complete separation — not for use';
    const problems = [
      { code: 'not_converged', label: 'did not converge', message: 'The logistic refit did not converge.' },
    ];
    const html = renderToStaticMarkup(
      createElement(ModelScreen, {
        ...props,
        versions: props.versions.map((v) => (v.id === 1 ? { ...v, notForUse: mark } : v)),
        notForUse: mark,
        problems,
        prediction: { ...props.prediction!, notForUse: mark },
      }),
    );
    expect(html).toContain(`<div class="not-for-use-mark" role="note"`);
    expect(html).toContain(`Model 1: ${mark}</h2>`);
    expect(html).toContain('<li>The logistic refit did not converge.</li>');
    expect(html).toMatch(/<button type="submit" class="primary" disabled="">Apply model<\/button>/);
    expect(html).toContain('Apply anyway: this model is marked “' + mark + '”');
    expect(html).toContain(
      `<tr class="prediction-not-for-use"><th>Model</th><td><strong role="alert">${mark}`,
    );
    const usable = renderToStaticMarkup(createElement(ModelScreen, props));
    expect(usable).not.toContain('not-for-use');
    expect(usable).not.toContain('apply-override');
  });
  it('classification at the training cut-off, coefficients of both models, how the model was made', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const props = referenceScreenProps(fit, raw.radscore, document as unknown as Document);
    const html = renderToStaticMarkup(
      createElement(ModelScreen, {
        ...props,
        extraction: {
          featureSetId: 3,
          profile: 'ak',
          preset: 'paper',
          presetDescription: 'The settings of the source study.',
          settings: [{ setting: 'Resampling', value: 'none' }],
        },
        fitSettings: { split_seed: 1, train_fraction: 96 / 142, lambda: 'min' },
      }),
    );
    // pROC coords at the training threshold 0.316 on validation: 16/20 and 15/26
    expect(html).toContain('<th scope="row">Sensitivity</th><td class="num">0.952 (40/42)');
    expect(html).toContain('0.800 (16/20)<div class="muted small">95% CI 0.563–0.943</div>');
    expect(html).toContain('own Youden cut-off (p = 0.510, chosen on validation itself)');
    expect(html).toContain('Logistic refit (the Rad-score): coefficient');
    expect(html).toContain('LASSO (λ min): coefficient');
    expect(html).toContain('data-testid="model-preset">paper</strong>');
    expect(html).toContain('<th scope="row">Training fraction</th><td>0.676</td>');
  });
  it('shows the fit warnings of a separated refit', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const props = referenceScreenProps(fit, raw.radscore, document as unknown as Document);
    const html = renderToStaticMarkup(
      createElement(ModelScreen, {
        ...props,
        fit: { ...props.fit!, glm: { ...props.fit!.glm, converged: false } },
      }),
    );
    expect(html).toContain('did not converge');
  });
});
