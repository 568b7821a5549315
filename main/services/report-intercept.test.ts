/**
 * An intercept-only model (the LASSO selects nothing, so every patient gets the same probability): pROC's
 * Youden threshold is −∞, stored as null in JSON. The stored document must read back, and the charts and
 * the report must say there is no cut-off instead of failing or drawing a meaningless Youden point.
 */
import { describe, expect, it } from 'vitest';
import { asChartFit, fitWarnings, formatThreshold, noCutoffReason } from '../../shared/charts/fit';
import { modelCharts } from '../../shared/charts/index';
import { rocChart } from '../../shared/charts/roc';
import { performanceRows } from '../../shared/charts/summary';
import { radscoreCutoff, waterfallBars, waterfallChart } from '../../shared/charts/waterfall';
import { fitPipeline } from '../../shared/modeling/pipeline';
import { parseFeatureTable } from '../../shared/modeling/table';
import { renderReport } from './report';

/** 24 patients, alternating outcomes, three uniform-noise features: cv.glmnet's λ min is the top of the path. */
function interceptOnlyTable(): string {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows = ['id,y,split,foldid,f1,f2,f3'];
  for (let i = 0; i < 24; i++) {
    rows.push(
      [
        `P${i}`,
        i % 2,
        i < 16 ? 'train' : 'validation',
        (Math.floor(i / 2) % 3) + 1,
        random().toFixed(4),
        random().toFixed(4),
        random().toFixed(4),
      ].join(','),
    );
  }
  return rows.join('\n');
}

const doc = fitPipeline(parseFeatureTable(interceptOnlyTable()), { softwareVersion: '0.1.0' });
const stored: unknown = JSON.parse(JSON.stringify(doc));

describe('an intercept-only fit document', () => {
  it('is what the pipeline makes of noise: nothing selected, Youden threshold −∞ stored as null', () => {
    expect(doc.selected).toEqual([]);
    expect(doc.train.threshold).toBe(-Infinity);
    expect((stored as { train: { threshold: unknown } }).train.threshold).toBeNull();
  });

  it('reads back with ±∞ from the operating point (null alone is NaN), without touching the input', () => {
    const fit = asChartFit(stored);
    expect(fit.train.threshold).toBe(-Infinity);
    expect(fit.validation!.threshold).toBe(-Infinity);
    expect((stored as { train: { threshold: unknown } }).train.threshold).toBeNull();
    const base = stored as { train: Record<string, unknown> };
    expect(
      asChartFit({ ...base, train: { ...base.train, sensitivity: 0, specificity: 1 } }).train.threshold,
    ).toBe(Infinity);
    expect(
      asChartFit({ ...base, train: { ...base.train, sensitivity: 0.5, specificity: 0.5 } }).train.threshold,
    ).toBeNaN();
    expect(() => asChartFit({ ...base, train: { ...base.train, threshold: 'x' } })).toThrow(
      /train\.threshold must be a number/,
    );
  });

  it('charts draw no Youden point and no waterfall, and say why', () => {
    const fit = asChartFit(stored);
    expect(noCutoffReason(fit)).toMatch(/^No cut-off: the LASSO selected no feature.*threshold −∞/);
    expect(fitWarnings(fit)[0]).toBe(noCutoffReason(fit));
    expect(radscoreCutoff(fit)).toBe(-Infinity);
    expect(() => waterfallBars(fit, 'train')).toThrow(/No cut-off/);
    const waterfall = waterfallChart(fit, 'train');
    expect(waterfall.plot).toBeNull();
    expect(waterfall.missing).toMatch(/Youden threshold is −∞ \(all effective\): no cut-off/);
    const roc = rocChart(fit);
    expect(roc.caption).toContain('No cut-off');
    // Marks: diagonal, one curve per split, then the Youden dots — whose data must be empty.
    const marks = (roc.plot as { marks: { data?: unknown }[] }).marks;
    const dots = marks[3].data as unknown[];
    expect(Array.isArray(dots) && dots.length).toBe(0);
    expect(performanceRows(fit).map((r) => r.threshold)).toEqual([
      '−∞ (all effective)',
      '−∞ (all effective)',
    ]);
    expect(modelCharts(fit).length).toBeGreaterThan(0);
  });

  it('renders a report with the note in place of the cut-off', () => {
    const html = renderReport(asChartFit(stored), {
      softwareVersion: '0.1.0',
      createdAt: '2026-11-26T22:00:00.000Z',
      modelName: 'noise',
    });
    expect(html).toContain('No cut-off: the LASSO selected no feature');
    expect(html).not.toContain('Cut-off (training Youden threshold)');
    expect(html).toContain('−∞ (all effective)');
    expect(html).toMatch(
      /<figure id="fig-waterfall-train"><h3>[^<]*<\/h3><p class="missing">Not drawn: the bars are drawn from the cut-off/,
    );
    expect(html).toContain('<figure id="fig-roc">');
  });

  it('formats thresholds for tables', () => {
    expect(formatThreshold(0.4567)).toBe('0.457');
    expect(formatThreshold(Infinity)).toBe('+∞ (all ineffective)');
    expect(formatThreshold(NaN)).toBe('—');
  });
});
