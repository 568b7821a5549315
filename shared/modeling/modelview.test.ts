/**
 * The model-results statistics against R (testdata/modelview.reference.json, made by modelview.reference.R):
 * Clopper–Pearson intervals (binom.test), the operating point at the training cut-off (pROC coords),
 * calibration on small groups (lowess, Hmisc cut2, glm recalibration, rms::val.prob) and separation
 * (lpSolve on the same linear programmes; glm's convergence).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationFit, cut2Groups, groupedCalibration, smoothCalibration } from './calibrationCurve';
import { glmLogistic } from './glm';
import { operatingPoint } from './operatingPoint';
import { clopperPearson, proportion, qbeta } from './proportion';
import { detectSeparation } from './separation';
import { diagnoseFit, diagnoseStoredFit, notForUseMark } from './fitDiagnostics';
import { fitPipeline } from './pipeline';
import { parseFeatureTable } from './table';

interface WaldRef {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
}
interface Reference {
  binom: { k: number; n: number; lower: number; upper: number }[];
  operating: (Record<'tp' | 'fp' | 'tn' | 'fn', number> &
    Record<'threshold' | 'sensitivity' | 'specificity' | 'ppv' | 'npv' | 'accuracy', number> & {
      case: string;
      split: string;
      direction: '<' | '>';
    })[];
  calibration: Record<
    string,
    {
      n: number;
      p: number[];
      y: number[];
      lowess: { x: number[]; y: number[] };
      g: number;
      groups: {
        n: number;
        events: number;
        mean_predicted: number;
        observed_rate: number;
        lower: number;
        upper: number;
        members: number[];
      }[];
      intercept: WaldRef;
      slope: WaldRef;
      in_the_large: WaldRef;
      val_prob: { Intercept: number; Slope: number };
    }
  >;
  separation: {
    name: string;
    y: number[];
    columns: number[][];
    find_objective: number;
    margin: number;
    glm_converged: boolean;
    glm_iterations: number;
  }[];
}

const REF = JSON.parse(
  readFileSync(new URL('testdata/modelview.reference.json', import.meta.url), 'utf8'),
) as Reference;
const FIXTURES = new URL('../../../shared/fixtures/modeling/ref/', import.meta.url);

interface FixtureRef {
  radscore: { split: string[]; y: number[]; glm_prob: number[] };
}
const fixture = (c: string) => JSON.parse(readFileSync(new URL(`${c}.json`, FIXTURES), 'utf8')) as FixtureRef;

const close = (a: number, b: number, rel: number) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300));

describe('Clopper–Pearson intervals (binom.test)', () => {
  it('every (k, n) of the reference to 1e-12', () => {
    for (const r of REF.binom) {
      const [lo, hi] = clopperPearson(r.k, r.n);
      if (r.lower === 0) expect(lo).toBe(0);
      else close(lo, r.lower, 1e-12);
      if (r.upper === 1) expect(hi).toBe(1);
      else close(hi, r.upper, 1e-12);
    }
  });

  it('"0.844 (27/32)": the estimate carries its counts', () => {
    const p = proportion(27, 32);
    expect(p).toMatchObject({ k: 27, n: 32 });
    expect(p.estimate.toFixed(3)).toBe('0.844');
    expect(proportion(0, 0).estimate).toBeNaN();
  });

  it('qbeta inverts pbeta at the ends and refuses impossible shapes', () => {
    expect(qbeta(0, 2, 3)).toBe(0);
    expect(qbeta(1, 2, 3)).toBe(1);
    expect(qbeta(0.5, 0, 3)).toBeNaN();
    // Beta(1, 1) is uniform
    close(qbeta(0.3, 1, 1), 0.3, 1e-14);
    expect(() => clopperPearson(5, 4)).toThrow(/0 ≤ k ≤ n/);
  });
});

describe('operating point at the training cut-off (pROC coords, input = "threshold")', () => {
  it('counts and proportions of training and validation at the training Youden threshold', () => {
    for (const r of REF.operating) {
      const f = fixture(r.case).radscore;
      const rows = f.split.map((s, i) => (s === r.split ? i : -1)).filter((i) => i >= 0);
      const op = operatingPoint(
        rows.map((i) => f.y[i]),
        rows.map((i) => f.glm_prob[i]),
        r.threshold,
        r.direction,
      );
      const label = `${r.case} ${r.split}`;
      expect([op.tp, op.fp, op.tn, op.fn], label).toEqual([r.tp, r.fp, r.tn, r.fn].map(Math.round));
      for (const key of ['sensitivity', 'specificity', 'ppv', 'npv', 'accuracy'] as const)
        close(op[key].estimate, r[key], 1e-12);
      expect(op.sensitivity.n).toBe(op.tp + op.fn);
      expect(op.accuracy.n).toBe(rows.length);
    }
  });

  it('is the training Youden point on the training group itself', () => {
    const train = REF.operating.find((r) => r.case === 'a_paper' && r.split === 'train')!;
    // ref/a_paper.json roc.train.glm_prob.youden_best: sensitivity 40/42, specificity 46/54
    expect([train.tp, train.fn, train.tn, train.fp].map(Math.round)).toEqual([40, 2, 46, 8]);
  });
});

describe('calibration on small groups (lowess, cut2, glm, rms::val.prob)', () => {
  for (const [name, c] of Object.entries(REF.calibration)) {
    it(`${name}: n = ${c.n}`, () => {
      const sm = smoothCalibration(c.p, c.y);
      expect(sm.x).toEqual(c.lowess.x);
      sm.y.forEach((v, i) => expect(Math.abs(v - c.lowess.y[i])).toBeLessThan(1e-12));

      const grouped = groupedCalibration(c.p, c.y);
      expect(grouped.g).toBe(c.g);
      expect(grouped.groups.map((g) => [g.n, g.events])).toEqual(c.groups.map((g) => [g.n, g.events]));
      grouped.groups.forEach((g, k) => {
        close(g.mean_predicted, c.groups[k].mean_predicted, 1e-12);
        close(g.observed_rate, c.groups[k].observed_rate, 1e-15);
        if (c.groups[k].lower > 0) close(g.observed_ci[0], c.groups[k].lower, 1e-11);
        if (c.groups[k].upper < 1) close(g.observed_ci[1], c.groups[k].upper, 1e-11);
        expect(g.n).toBeGreaterThanOrEqual(5);
      });
      // cut2's group members (R indices are 1-based)
      const ids = cut2Groups(c.p, c.g);
      c.groups.forEach((g, k) =>
        expect(g.members.map((i) => ids[i - 1])).toEqual(g.members.map(() => k + 1)),
      );

      const fit = calibrationFit(c.p, c.y);
      for (const key of ['intercept', 'slope', 'in_the_large'] as const) {
        const r = c[key];
        expect(Math.abs(fit[key].estimate - r.estimate), key).toBeLessThan(1e-8 * (1 + Math.abs(r.estimate)));
        close(fit[key].se, r.se, 1e-7);
        expect(Math.abs(fit[key].ci[0] - r.lower)).toBeLessThan(1e-7 * (1 + Math.abs(r.lower)));
        expect(Math.abs(fit[key].ci[1] - r.upper)).toBeLessThan(1e-7 * (1 + Math.abs(r.upper)));
      }
      // rms::val.prob's Intercept and Slope are the same recalibration (lrm.fit stops a little earlier)
      expect(Math.abs(fit.slope.estimate - c.val_prob.Slope)).toBeLessThan(1e-6);
      expect(Math.abs(fit.intercept.estimate - c.val_prob.Intercept)).toBeLessThan(1e-6);
    });
  }

  it('13 validation patients make 2 groups of 7 and 6, never deciles', () => {
    const c = REF.calibration['a_paper.validation13'];
    expect(groupedCalibration(c.p, c.y).groups.map((g) => g.n)).toEqual([7, 6]);
    expect(groupedCalibration(c.p.slice(0, 4), c.y.slice(0, 4))).toEqual({ g: 0, min_size: 5, groups: [] });
  });

  it('refuses a recalibration that does not exist, with the reason', () => {
    expect(() => calibrationFit([0.2, 0.3, 0.4], [1, 1, 1])).toThrow(/3 of them effective/);
    expect(() => calibrationFit([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toThrow(/separates the outcomes/);
  });
});

describe('separation (lpSolve on the same linear programmes)', () => {
  for (const s of REF.separation) {
    it(`${s.name}: find ${s.find_objective.toPrecision(6)}, margin ${s.margin.toPrecision(6)}`, () => {
      const r = detectSeparation(s.columns, s.y);
      expect(Math.abs(r.find_objective - s.find_objective)).toBeLessThan(1e-9 * (1 + s.find_objective));
      expect(Math.abs(r.margin - s.margin)).toBeLessThan(1e-9);
      expect(r.kind).toBe(s.margin > 0 ? 'complete' : s.find_objective > 0 ? 'quasi-complete' : 'none');
      const names = s.columns.map((_, j) => `x${j + 1}`);
      const g = glmLogistic(s.columns, names, s.y);
      expect([g.converged, g.iterations]).toEqual([s.glm_converged, s.glm_iterations]);
    });
  }

  it('the cases are what they claim: e_hard (R: did not converge) is completely separated, a_paper not', () => {
    const kind = (n: string) => {
      const s = REF.separation.find((c) => c.name === n)!;
      return detectSeparation(s.columns, s.y).kind;
    };
    expect(['complete', 'quasi', 'joint', 'none', 'a_paper', 'e_hard'].map(kind)).toEqual([
      'complete',
      'quasi-complete',
      'complete',
      'none',
      'none',
      'complete',
    ]);
  });
});

describe('fit diagnostics', () => {
  const e = REF.separation.find((c) => c.name === 'e_hard')!;
  const names = e.columns.map((_, j) => `x${j + 1}`);

  it('e_hard: did not converge and completely separated — not for use', () => {
    const g = glmLogistic(e.columns, names, e.y);
    const eta = e.y.map((_, i) => g.estimate.reduce((s, b, j) => s + b * (j ? e.columns[j - 1][i] : 1), 0));
    const d = diagnoseFit({
      converged: g.converged,
      iterations: g.iterations,
      se: g.stdError,
      separation: { ...detectSeparation(e.columns, e.y), method: 'linear programme' },
      trainProbabilities: eta.map((v) => 1 / (1 + Math.exp(-v))),
      validationY: [0, 1, 1],
    });
    expect(d.not_for_use).toBe(true);
    expect(d.problems.map((p) => p.code)).toEqual(['not_converged', 'complete_separation']);
    expect(notForUseMark(d)).toBe('did not converge, complete separation \u2014 not for use');
    expect(d.max_se).toBeGreaterThan(1e3);
    expect(d.fitted_extreme).toBeGreaterThan(0);
  });

  it('a stored document without the block: separation read from the training linear predictor', () => {
    const scores = [
      { split: 'train', y: 0, radscore: -40, probability: 0 },
      { split: 'train', y: 1, radscore: 35, probability: 1 },
      { split: 'train', y: 1, radscore: 20, probability: 1 },
      { split: 'validation', y: 1, radscore: 3, probability: 0.95 },
      { split: 'validation', y: 1, radscore: 2, probability: 0.88 },
    ];
    const d = diagnoseStoredFit({
      glm: { converged: true, iterations: 22, se: { '(Intercept)': 2e6, f: 2e6 } },
      scores,
      validation: { n: 2, events: 2 },
    });
    expect(d.separation).toEqual({ kind: 'complete', method: 'training linear predictor' });
    expect(d.problems.map((p) => p.code)).toEqual(['complete_separation', 'validation_single_class']);
    scores[1].radscore = -50; // overlap: no separation
    const ok = diagnoseStoredFit({
      glm: { converged: true, iterations: 5, se: { '(Intercept)': 0.3 } },
      scores,
      validation: null,
    });
    expect(ok.problems.map((p) => p.code)).toEqual(['validation_single_class']);
    expect(notForUseMark({ problems: [] })).toBeNull();
  });
});

describe('the fit document carries them (fitPipeline on the fixtures R fitted)', () => {
  const fitCase = (name: string) =>
    fitPipeline(parseFeatureTable(readFileSync(new URL(`../cases/${name}.csv`, FIXTURES), 'utf8')));

  it('a_paper: validation at the training cut-off as pROC coords; recalibration as glm; no separation', () => {
    const doc = fitCase('a_paper');
    const want = REF.operating.find((r) => r.case === 'a_paper' && r.split === 'validation')!;
    const v = doc.validation!;
    // the contract's fields keep the validation group's OWN Youden point (R: roc.validation youden_best)
    expect([v.sensitivity, v.specificity]).toEqual([0.75, 0.7307692307692307]);
    const cut = v.at_training_cutoff!;
    expect(cut.threshold).toBe(doc.train.threshold);
    expect([cut.tp, cut.fp, cut.tn, cut.fn]).toEqual([want.tp, want.fp, want.tn, want.fn].map(Math.round));
    const c = REF.calibration['a_paper.validation'];
    expect(Math.abs(v.calibration_fit!.slope.estimate - c.slope.estimate)).toBeLessThan(1e-8);
    expect(v.calibration_groups!.groups.map((g) => g.n)).toEqual(c.groups.map((g) => g.n));
    expect(doc.diagnostics).toMatchObject({ not_for_use: false, problems: [] });
    expect(doc.diagnostics!.separation.kind).toBe('none');
  });

  it('e_hard: R reports "did not converge"; the document says why the model is not for use', () => {
    const doc = fitCase('e_hard');
    expect(doc.glm.converged).toBe(false);
    expect(doc.diagnostics!.problems.map((p) => p.code)).toEqual(['not_converged', 'complete_separation']);
    expect(doc.diagnostics!.not_for_use).toBe(true);
  });
});
