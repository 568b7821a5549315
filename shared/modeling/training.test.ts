/**
 * trainModel, the training pipeline the fit and the bootstrap share: training rows that repeat (a bootstrap
 * resample) give the statistics of the materialised resample (R's prep(X[i, ])), and a stage before
 * preprocessing is fitted on the training rows only and applied to every row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preprocess } from './preprocess';
import { parseFeatureTable } from './table';
import { trainModel, type FeatureStage, type TrainingTable } from './training';

const FIXTURES = new URL('../../../shared/fixtures/modeling/', import.meta.url);

function trainingTable(): TrainingTable {
  const t = parseFeatureTable(readFileSync(new URL('cases/a_paper.csv', FIXTURES), 'utf8'));
  const rows = t.ids.flatMap((_, i) => (t.split?.[i] === 'train' ? [i] : []));
  return {
    features: t.features,
    columns: t.columns.map((c) => Float64Array.from(rows, (i) => c[i])),
    y: rows.map((i) => t.y[i]),
  };
}

describe('trainModel', () => {
  const table = trainingTable();
  const n = table.y.length;
  // a resample: every third row twice, the rows after 80 not at all
  const rows = Array.from({ length: 80 }, (_, i) => i).flatMap((i) => (i % 3 === 0 ? [i, i] : [i]));
  const foldid = rows.map((_, a) => (a % 10) + 1);

  it('repeated training rows: the preprocessing statistics of the materialised resample', () => {
    const model = trainModel(table, rows, foldid, { lambda: 'min' });
    const materialised = preprocess(
      table.features,
      table.columns.map((c) => Float64Array.from(rows, (i) => c[i])),
      rows.map(() => true),
    );
    const a = model.preprocessing.stats;
    const b = materialised.stats;
    expect(a.raw_mean).toEqual(b.raw_mean);
    expect(a.raw_sd).toEqual(b.raw_sd);
    expect(a.median).toEqual(b.median);
    expect(a.clean_mean).toEqual(b.clean_mean);
    expect(a.clean_sd).toEqual(b.clean_sd);
    expect(model.preprocessing.nRows).toBe(n); // z for every row of the table, the unused ones included
    expect(model.cv.foldSizes.reduce((s, k) => s + k, 0)).toBe(rows.length);
  });

  it('a stage before preprocessing (the extension point) is fitted on the training rows and applied to all rows', () => {
    const calls: (readonly number[])[] = [];
    // keeps the 20 features with the largest training variance: stands in for the robustness filter
    const keepTop20: FeatureStage = {
      name: 'top-variance filter',
      fit(t, trainRows) {
        calls.push(trainRows);
        const variance = t.columns.map((c) => {
          const v = trainRows.map((i) => c[i]);
          const m = v.reduce((s, x) => s + x, 0) / v.length;
          return v.reduce((s, x) => s + (x - m) ** 2, 0);
        });
        const keep = t.features
          .map((_, j) => j)
          .sort((p, q) => variance[q] - variance[p])
          .slice(0, 20)
          .sort((p, q) => p - q);
        return {
          name: 'top-variance filter',
          report: { kept: keep.map((j) => t.features[j]) },
          apply: (u) => ({
            features: keep.map((j) => u.features[j]),
            columns: keep.map((j) => u.columns[j]),
            y: u.y,
          }),
        };
      },
    };
    const model = trainModel(table, rows, foldid, { lambda: 'min', stages: [keepTop20] });
    expect(calls).toEqual([rows]);
    expect(model.stages).toHaveLength(1);
    expect(model.staged.features).toHaveLength(20);
    expect(model.preprocessing.stats.features).toEqual(model.staged.features);
    expect(model.selected.every((f) => model.staged.features.includes(f))).toBe(true);
  });

  it('rejects fold ids that do not match the training rows', () => {
    expect(() => trainModel(table, rows, foldid.slice(1), { lambda: 'min' })).toThrow(/fold ids/);
  });
});
