import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './calibration';
import { decisionCurve } from '../modeling/calibration';
import { decisionCurveChart } from './decisionCurve';
import type { FitDocument } from '../modeling/pipeline';
import { asChartFit, fitWarnings, scoresOf, type ChartFit } from './fit';
import { modelCharts } from './index';
import { renderChartSvg } from './render';
import { chosenLambdaRule } from './lasso';
import { fitFromReference, type ReferenceJson } from './referenceFit';
import { rocPoints } from './roc';
import { formatAucWithCi, formatP, pEquals } from './theme';
import { radscoreCutoff, waterfallBars } from './waterfall';

const REF = new URL('../../../shared/fixtures/modeling/ref/', import.meta.url);
const raw = JSON.parse(readFileSync(new URL('a_paper.json', REF), 'utf8')) as ReferenceJson & {
  roc: Record<
    string,
    { glm_prob: { curve: { threshold: (number | string)[]; sensitivity: number[]; specificity: number[] } } }
  >;
};
const fit = fitFromReference(raw, readFileSync(new URL('a_paper_path.csv', REF), 'utf8'));

describe('rocPoints', () => {
  for (const split of ['train', 'validation'] as const) {
    it(`reproduces pROC's curve on a_paper ${split} (glm probabilities)`, () => {
      const rows = scoresOf(fit, split);
      const curve = rocPoints(
        rows.map((r) => r.y),
        rows.map((r) => r.probability),
      );
      const ref = raw.roc[split].glm_prob.curve;
      expect(curve.length).toBe(ref.sensitivity.length);
      expect(curve.map((p) => p.sensitivity)).toEqual(ref.sensitivity);
      expect(curve.map((p) => p.specificity)).toEqual(ref.specificity);
      ref.threshold.forEach((t, i) => {
        const want = t === '-Inf' ? -Infinity : t === 'Inf' ? Infinity : Number(t);
        if (Number.isFinite(want)) expect(curve[i].threshold).toBeCloseTo(want, 12);
        else expect(curve[i].threshold).toBe(want);
      });
    });
  }
  it('rejects a curve without both classes', () => {
    expect(() => rocPoints([1, 1], [0.2, 0.3])).toThrow(/both classes/);
  });
});

describe('calibration intervals', () => {
  it('matches the Wilson score interval (values as R binom::binom.wilson gives them)', () => {
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775328, 6);
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).toBeCloseTo(0.2365931, 6);
    expect(hi).toBeCloseTo(0.7634069, 6);
    expect(() => wilsonInterval(3, 2)).toThrow(/events ≤ n/);
  });
});

describe('decision curve', () => {
  it('draws the stored curve when the document has one, else computes it from the scores', () => {
    const rows = scoresOf(fit, 'validation');
    const computed = decisionCurve(
      rows.map((r) => r.y),
      rows.map((r) => r.probability),
    );
    // Hand check at pt = 0.5: NB = TP/n − FP/n.
    const tp = rows.filter((r) => r.y === 1 && r.probability >= 0.5).length;
    const fp = rows.filter((r) => r.y === 0 && r.probability >= 0.5).length;
    expect(computed[49].model).toBeCloseTo(tp / rows.length - fp / rows.length, 14);
    const stored = {
      ...fit,
      validation: { ...fit.validation!, decision_curve: computed.map((d) => ({ ...d, model: 0.123 })) },
    };
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const flat = renderChartSvg(decisionCurveChart(stored, 'validation'), document as unknown as Document);
    const own = renderChartSvg(decisionCurveChart(fit, 'validation'), document as unknown as Document);
    expect(flat).not.toBe(own);
  });
});

describe('waterfall', () => {
  it('bars above zero are exactly the patients at or above the training Youden threshold', () => {
    expect(radscoreCutoff(fit)).toBeCloseTo(Math.log(0.3160457391181347 / (1 - 0.3160457391181347)), 14);
    for (const split of ['train', 'validation'] as const) {
      const bars = waterfallBars(fit, split);
      const byId = new Map(scoresOf(fit, split).map((s) => [s.id, s]));
      expect(bars).toHaveLength(byId.size);
      for (let i = 1; i < bars.length; i++) expect(bars[i].value).toBeGreaterThanOrEqual(bars[i - 1].value);
      for (const b of bars) expect(b.value >= 0).toBe(byId.get(b.id)!.probability >= fit.train.threshold);
      // Training: sensitivity at the cut-off from the bars equals pROC's Youden sensitivity.
      if (split === 'train') {
        const cases = bars.filter((b) => b.outcome === 'effective');
        expect(cases.filter((b) => b.value >= 0).length / cases.length).toBe(fit.train.sensitivity);
      }
    }
  });
});

describe('chart specs', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const charts = modelCharts(fit);
  it('has every chart of the report, all drawable from the reference fit', () => {
    expect(charts.map((c) => c.id)).toEqual([
      'lasso-path',
      'lasso-cv',
      'lasso-coefficients',
      'roc',
      'calibration',
      'waterfall-train',
      'waterfall-validation',
      'decision-curve-train',
      'decision-curve-validation',
    ]);
    for (const c of charts) expect(c.plot, c.id).not.toBeNull();
    expect(chosenLambdaRule(fit)).toBe('min');
  });
  it('renders each to an <svg> with labelled axes and, for ROC, AUCs with CIs in the legend', () => {
    const labels: Record<string, string[]> = {
      'lasso-path': ['log(λ)', 'Coefficient (per SD of feature)', 'f334', 'λ min', 'λ 1se'],
      'lasso-cv': ['log(λ)', 'Binomial deviance', 'λ min'],
      'lasso-coefficients': ['Coefficient (per SD of feature)', 'f362', '0.387'],
      roc: [
        '1 − Specificity (false-positive rate)',
        'Sensitivity (true-positive rate)',
        formatAucWithCi(0.9347442680776014, [0.8863037868227847, 0.9831847493324181]),
        '0.785 (95% CI 0.651–0.918)',
        'Se 0.75 / Sp 0.73',
      ],
      calibration: [
        'Predicted probability of effective response',
        'Observed proportion effective',
        `Hosmer–Lemeshow p = 0.428`,
        `p ${formatP(0.0007)}`,
      ],
      'waterfall-train': [
        'Rad-score − cut-off (log-odds)',
        'Patients sorted by Rad-score (n = 96)',
        'Effective (CR/PR), n = 42',
        'Ineffective (SD/PD), n = 54',
      ],
      'waterfall-validation': ['Patients sorted by Rad-score (n = 46)', 'Effective (CR/PR), n = 20'],
      'decision-curve-train': [
        'Threshold probability',
        'Net benefit (true positives per patient)',
        'Treat all as effective',
        'Treat none',
      ],
      'decision-curve-validation': ['Threshold probability', 'Rad-score model'],
    };
    for (const c of charts) {
      const svg = renderChartSvg(c, document as unknown as Document);
      expect(svg.startsWith('<svg'), c.id).toBe(true);
      for (const l of labels[c.id])
        expect(svg, `${c.id}: ${l}`).toContain(l.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
      expect(svg).not.toMatch(/https?:/);
    }
    expect(formatAucWithCi(0.9347442680776014, [0.8863037868227847, 0.9831847493324181])).toBe(
      '0.935 (95% CI 0.886–0.983)',
    );
  });
  it('renders the same bytes twice', () => {
    const a = charts.map((c) => renderChartSvg(c, document as unknown as Document)).join('');
    const b = modelCharts(fit)
      .map((c) => renderChartSvg(c, document as unknown as Document))
      .join('');
    expect(a).toBe(b);
  });
  it('says what is missing instead of drawing an empty path chart', () => {
    const noPath = { ...fit, lasso: { ...fit.lasso, path: undefined } };
    const spec = modelCharts(noPath)[0];
    expect(spec.plot).toBeNull();
    expect(spec.missing).toMatch(/lasso\.path/);
    expect(() => renderChartSvg(spec, document as unknown as Document)).toThrow(/cannot be drawn/);
  });
});

/** Compile-time contract: the modelling module's FitDocument is a ChartFit (tsc fails here if they drift apart). */
export const fitDocumentIsChartFit = (d: FitDocument): ChartFit => d;

describe('asChartFit', () => {
  it('accepts the reference-derived fit and names the first bad field otherwise', () => {
    expect(asChartFit(JSON.parse(JSON.stringify(fit))).selected).toEqual(fit.selected);
    expect(() => asChartFit({ ...fit, lasso: { ...fit.lasso, cvm: 'x' } })).toThrow(
      /lasso\.cvm must be an array of numbers/,
    );
    expect(() => asChartFit({ ...fit, train: { ...fit.train, auc: null } })).toThrow(
      /train\.auc must be a number/,
    );
    expect(() => asChartFit([])).toThrow(/\(root\) must be an object/);
  });
  it('reads a stored undefined Hosmer–Lemeshow p (NaN → null in JSON) back as NaN, without touching the input', () => {
    const stored = JSON.parse(
      JSON.stringify({ ...fit, validation: { ...fit.validation, hosmer_lemeshow_p: NaN } }),
    ) as { validation: { hosmer_lemeshow_p: unknown } };
    expect(stored.validation.hosmer_lemeshow_p).toBeNull();
    expect(asChartFit(stored).validation!.hosmer_lemeshow_p).toBeNaN();
    expect(stored.validation.hosmer_lemeshow_p).toBeNull();
  });
});

describe('patient on the validation ROC', () => {
  it('gives the curve point at the patient probability as cut-off', async () => {
    const { patientOperatingPoint, patientRocChart } = await import('./roc');
    // At the validation Youden threshold the operating point is pROC's Youden point (0.75 / 0.731).
    const p = raw.roc.validation.glm_prob as unknown as {
      youden_best: { threshold: number[]; sensitivity: number[]; specificity: number[] };
    };
    const pt = patientOperatingPoint(fit, p.youden_best.threshold[0]);
    expect(pt.split).toBe('validation');
    expect(pt.sensitivity).toBe(p.youden_best.sensitivity[0]);
    expect(pt.specificity).toBe(p.youden_best.specificity[0]);
    expect(pt.predictedEffective).toBe(true);
    expect(() => patientOperatingPoint(fit, 1.5)).toThrow(/not in \[0, 1\]/);
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    expect(renderChartSvg(patientRocChart(fit, 0.5), document as unknown as Document)).toContain(
      'This patient: p = 0.500',
    );
  });
});

describe('fitWarnings: val.prob not computable on probabilities of exactly 0 or 1', () => {
  it('names the split and says the other validation figures are there', () => {
    const fit = fitFromReference(
      JSON.parse(readFileSync(new URL('a_paper.json', REF), 'utf8')) as ReferenceJson,
      readFileSync(new URL('a_paper_path.csv', REF), 'utf8'),
    );
    expect(fitWarnings(fit).some((w) => w.includes('val.prob'))).toBe(false);
    const reason =
      'rms::val.prob not computable: 5 of 10 probabilities are exactly 0 or 1 and the 5 rows left all have outcome 0 for the logistic calibration';
    const flagged: ChartFit = {
      ...fit,
      validation: fit.validation && { ...fit.validation, val_prob_error: reason },
    };
    expect(fitWarnings(flagged)).toContain(
      `Validation: ${reason} (the ROC, DeLong CI, Youden point, Hosmer\u2013Lemeshow and Brier figures are computed)`,
    );
  });
});

/** Every text mark of a rendered chart with its anchor point (the `<g>` offset applied) and text anchor. */
function textMarks(
  svgMarkup: string,
): { text: string; x: number; y: number; anchor: string; topAnchored: boolean }[] {
  const { document: doc } = parseHTML(`<!doctype html><html><body>${svgMarkup}</body></html>`);
  const xy = (t: string | null) =>
    (t?.match(/translate\(([-\d.e]+),([-\d.e]+)\)/) ?? [0, '0', '0']).slice(1, 3).map(Number);
  return [...doc.querySelectorAll('g[aria-label="text"]')].flatMap((g) => {
    const [gx, gy] = xy(g.getAttribute('transform'));
    return [...g.querySelectorAll('text')].map((t) => {
      const [x, y] = xy(t.getAttribute('transform'));
      return {
        text: t.textContent ?? '',
        x: x + gx,
        y: y + gy,
        anchor: g.getAttribute('text-anchor') ?? 'middle',
        topAnchored: t.getAttribute('y') === '0.71em',
      };
    });
  });
}

describe('chart layout: nothing hidden, nothing clipped', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const charts = modelCharts(fit);
  const LEGEND_GLYPH = /^(■|━━|●|╍╍) /;
  it('draws every legend outside the frame (above it, or in the right margin beside it)', () => {
    let legends = 0;
    for (const c of charts) {
      const plot = c.plot!;
      const frameRight = plot.width! - plot.marginRight!;
      for (const t of textMarks(renderChartSvg(c, document as unknown as Document)).filter((m) =>
        LEGEND_GLYPH.test(m.text),
      )) {
        legends++;
        const bottom = t.topAnchored ? t.y + 12 : t.y;
        const besideFrame = t.anchor === 'start' && t.x >= frameRight;
        expect(
          bottom <= plot.marginTop! || besideFrame,
          `${c.id}: legend "${t.text}" at (${t.x}, ${t.y}) inside the frame`,
        ).toBe(true);
        expect(t.y, `${c.id}: legend "${t.text}" above the chart`).toBeGreaterThanOrEqual(0);
      }
    }
    expect(legends).toBeGreaterThanOrEqual(12);
  });
  it('labels λ min and λ 1se on separate rows above the frame, each running away from the nearer edge', () => {
    for (const id of ['lasso-cv', 'lasso-path']) {
      const c = charts.find((s) => s.id === id)!;
      const marks = textMarks(renderChartSvg(c, document as unknown as Document));
      const min = marks.find((m) => m.text === 'λ min')!;
      const se = marks.find((m) => m.text === 'λ 1se')!;
      expect(Math.abs(min.y - se.y), id).toBeGreaterThanOrEqual(12);
      for (const l of [min, se]) {
        expect(l.y, `${id} ${l.text}`).toBeLessThanOrEqual(c.plot!.marginTop!);
        expect(l.y - 12, `${id} ${l.text}`).toBeGreaterThanOrEqual(0);
        const width = 7 * l.text.length;
        const [left, right] = l.anchor === 'end' ? [l.x - width, l.x] : [l.x, l.x + width];
        expect(left, `${id} ${l.text}`).toBeGreaterThanOrEqual(c.plot!.marginLeft!);
        expect(right, `${id} ${l.text}`).toBeLessThanOrEqual(c.plot!.width! - c.plot!.marginRight!);
      }
    }
  });
  it('gives the feature-count row of the CV chart an axis label, on a row of its own', () => {
    const c = charts.find((s) => s.id === 'lasso-cv')!;
    const marks = textMarks(renderChartSvg(c, document as unknown as Document));
    const label = marks.find((m) => m.text === 'Features in model')!;
    const count = marks.find((m) => m.text === '62')!;
    const lambdaRows = marks.filter((m) => m.text.startsWith('λ')).map((m) => m.y);
    expect(label.y).toBeLessThan(count.y - 11);
    expect(label.y - 11).toBeGreaterThanOrEqual(0);
    expect(count.y).toBeLessThan(Math.min(...lambdaRows) - 11);
  });
});

describe('calibration: why Hosmer–Lemeshow p is missing', () => {
  it('says "HL p: n/a (…)" with the reason, and the p-value otherwise', async () => {
    const { hosmerLemeshowLabel } = await import('./calibration');
    const v = fit.validation!;
    expect(hosmerLemeshowLabel(v)).toBe(`Hosmer–Lemeshow ${pEquals(v.hosmer_lemeshow_p)}`);
    expect(hosmerLemeshowLabel({ ...v, n: 8, hosmer_lemeshow_p: NaN })).toBe(
      'HL p: n/a (8 patients < 10 groups)',
    );
    expect(hosmerLemeshowLabel({ ...v, hosmer_lemeshow_p: NaN, calibration: [] })).toBe(
      'HL p: n/a (all p equal)',
    );
    const zeroGroup = [
      { n: 5, observed_events: 0, expected_events: 0, mean_predicted: 0, observed_rate: 0 },
      ...v.calibration.slice(1),
    ];
    expect(hosmerLemeshowLabel({ ...v, hosmer_lemeshow_p: NaN, calibration: zeroGroup })).toBe(
      'HL p: n/a (p = 0 or 1 in a group)',
    );
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const small: ChartFit = { ...fit, validation: { ...v, n: 8, hosmer_lemeshow_p: NaN } };
    expect(
      renderChartSvg(
        modelCharts(small).find((c) => c.id === 'calibration')!,
        document as unknown as Document,
      ),
    ).toContain('Validation (HL p: n/a (8 patients &lt; 10 groups))');
  });
});
