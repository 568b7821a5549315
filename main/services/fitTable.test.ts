/** The modelling service runs the pipeline in a worker with progress, giving the in-process result. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeModelingWorkers, fitCsv, type FitProgress } from './fitTable';

const CASES = new URL('../../../shared/fixtures/modeling/cases/', import.meta.url);

afterAll(() => closeModelingWorkers());

describe('modeling service', () => {
  it('worker and in-process fits are byte-identical; progress reaches K + 1 of K + 1', async () => {
    const csv = readFileSync(new URL('e_hard.csv', CASES), 'utf8');
    const progress: FitProgress[] = [];
    const inWorker = await fitCsv(csv, {}, {}, { onProgress: (p) => progress.push(p) });
    const inProcess = await fitCsv(csv, {}, {}, { worker: false });
    expect(JSON.stringify(inWorker)).toBe(JSON.stringify(inProcess));
    expect(progress.at(-1)).toEqual({ done: 11, total: 11, label: 'fold 10/10' });
  });

  it('a bad table rejects from the worker with the parse error', async () => {
    await expect(fitCsv('id,y,f1\nA,1,1\nB,0,x', {}, {}, {})).rejects.toThrow(/"x" is not a number/);
  });
});
