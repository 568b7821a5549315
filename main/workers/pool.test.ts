import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, WorkerPool } from './pool';
import type { ArithInput } from './testing/arith.worker';

let pool: WorkerPool<ArithInput, unknown, number> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('WorkerPool', () => {
  it('runs tasks on up to `size` workers, reports progress, survives a failing task, transfers buffers', async () => {
    pool = new WorkerPool<ArithInput, unknown, number>('testing/arith.worker', { size: 2 });
    const squares = await Promise.all([1, 2, 3, 4, 5].map((n) => pool!.run({ op: 'square', n })));
    expect(squares).toEqual([1, 4, 9, 16, 25]);

    const seen: number[] = [];
    expect(await pool.run({ op: 'count', to: 5 }, { onProgress: (p) => seen.push(p) })).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);

    await expect(pool.run({ op: 'fail', message: 'bad input: x' })).rejects.toThrow('bad input: x');
    expect(await pool.run({ op: 'square', n: 7 })).toBe(49);

    const arr = (await pool.run({ op: 'fill', length: 1000, value: 2.5 })) as Float32Array;
    expect(arr).toBeInstanceOf(Float32Array);
    expect(arr.length).toBe(1000);
    expect(arr[999]).toBe(2.5);
  });

  it('cancels queued and running tasks and keeps serving', async () => {
    pool = new WorkerPool<ArithInput, unknown, number>('testing/arith.worker', { size: 1 });
    await pool.run({ op: 'square', n: 1 }); // warm the worker up
    const running = new AbortController();
    const queued = new AbortController();
    const t0 = Date.now();
    const a = pool.run({ op: 'spin', ms: 20_000 }, { signal: running.signal });
    const b = pool.run({ op: 'square', n: 3 }, { signal: queued.signal });
    const c = pool.run({ op: 'square', n: 4 });
    queued.abort();
    await expect(b).rejects.toBeInstanceOf(AbortError);
    setTimeout(() => running.abort(), 100);
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(await c).toBe(16);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(pool.pending).toBe(0);
    const pre = new AbortController();
    pre.abort();
    await expect(pool.run({ op: 'square', n: 2 }, { signal: pre.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('replaces a crashed worker and fails only its task', async () => {
    pool = new WorkerPool<ArithInput, unknown, number>('testing/arith.worker', { size: 1 });
    await expect(pool.run({ op: 'crash' })).rejects.toThrow(/boom outside any task/);
    expect(await pool.run({ op: 'square', n: 6 })).toBe(36);
  });

  it('rejects a bad size and tasks after close', async () => {
    expect(() => new WorkerPool('testing/arith.worker', { size: 0 })).toThrow(/positive integer/);
    const p = new WorkerPool<ArithInput, unknown>('testing/arith.worker', { size: 1 });
    await p.close();
    await expect(p.run({ op: 'square', n: 1 })).rejects.toThrow(/closed/);
  });
});
