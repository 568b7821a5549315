/** Bad input to the modelling pipeline fails with a clear message and no partial result. */
import { describe, expect, it } from 'vitest';
import { FitInputError, fitPipeline } from './pipeline';
import { parseFeatureTable, TableError } from './table';

function table(rows: string[]): string {
  return ['id,y,split,foldid,f1,f2', ...rows].join('\n');
}

describe('parseFeatureTable', () => {
  it('names the row and column of a non-numeric cell', () => {
    const csv = table(['P1,1,train,1,0.5,1.2', 'P2,0,train,2,abc,1.0']);
    expect(() => parseFeatureTable(csv)).toThrow(TableError);
    expect(() => parseFeatureTable(csv)).toThrow(/line 3 \(P2\), column "f1": "abc" is not a number/);
  });

  it('rejects an outcome that is not 0/1', () => {
    expect(() => parseFeatureTable(table(['P1,2,train,1,0.5,1.2']))).toThrow(
      /outcome "y" must be 0 or 1, got "2"/,
    );
    expect(() => parseFeatureTable(table(['P1,yes,train,1,0.5,1.2']))).toThrow(/must be 0 or 1/);
  });

  it('rejects bad split labels, ragged rows, duplicate ids and a missing outcome column', () => {
    expect(() => parseFeatureTable(table(['P1,1,test,1,0.5,1.2']))).toThrow(
      /split must be "train" or "validation"/,
    );
    expect(() => parseFeatureTable(table(['P1,1,train,1,0.5']))).toThrow(/5 cells, the header has 6/);
    expect(() => parseFeatureTable(table(['P1,1,train,1,0.5,1', 'P1,0,train,2,0.5,1']))).toThrow(
      /appears twice/,
    );
    expect(() => parseFeatureTable(table(['P1,1,train,1,0.5,1']), { outcome: 'response' })).toThrow(
      /column "response" not found/,
    );
  });

  it('reads NA as missing and honours custom column names', () => {
    const t = parseFeatureTable('pid,resp,a,b\nX,1,NA,2\nY,0,1,', { id: 'pid', outcome: 'resp' });
    expect(t.ids).toEqual(['X', 'Y']);
    expect(t.split).toBeNull();
    expect(t.foldid).toBeNull();
    expect(Number.isNaN(t.columns[0][0])).toBe(true);
    expect(Number.isNaN(t.columns[1][1])).toBe(true);
  });
});

function synthetic(n: number, events: number): string {
  const rows = ['id,y,f1,f2,f3'];
  for (let i = 0; i < n; i++) {
    const y = i < events ? 1 : 0;
    rows.push(`P${i},${y},${(Math.sin(i) + y).toFixed(4)},${Math.cos(i * 3).toFixed(4)},${(i % 7) / 3}`);
  }
  return rows.join('\n');
}

describe('fitPipeline input checks', () => {
  it('all patients in one class', () => {
    expect(() => fitPipeline(parseFeatureTable(synthetic(20, 0)))).toThrow(FitInputError);
    expect(() => fitPipeline(parseFeatureTable(synthetic(20, 20)))).toThrow(/both classes are needed/);
  });

  it('fewer than K patients per class for K folds', () => {
    // 60 patients, 12 events: ~8 training events < 10 folds
    expect(() => fitPipeline(parseFeatureTable(synthetic(60, 12)), { folds: 10 })).toThrow(
      /at least 10 training patients per class/,
    );
  });

  it('rejects fewer than 3 folds', () => {
    expect(() => fitPipeline(parseFeatureTable(synthetic(60, 30)), { folds: 2 })).toThrow(/≥ 3/);
  });
});
