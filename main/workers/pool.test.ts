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
    const before = await pool.run({ op: 'thread' }); // (also warms the worker up)
    const running = new AbortController();
    const queued = new AbortController();
    const a = pool.run({ op: 'spin', ms: 20_000 }, { signal: running.signal });
    const b = pool.run({ op: 'square', n: 3 }, { signal: queued.signal });
    const c = pool.run({ op: 'square', n: 4 });
    queued.abort();
    await expect(b).rejects.toBeInstanceOf(AbortError);
    setTimeout(() => running.abort(), 100);
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(await c).toBe(16);
    // The spinning task was stopped, not waited for: its worker was replaced.
    expect(await pool.run({ op: 'thread' })).not.toBe(before);
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

  describe('with prefetch', () => {
    it('hands a busy worker its next task before the current one ends', async () => {
      pool = new WorkerPool<ArithInput, unknown, number>('testing/arith.worker', { size: 1, prefetch: true });
      await pool.run({ op: 'square', n: 1 }); // start the worker
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const spin = pool.run({ op: 'spin', ms: 200 });
      const next = pool.run({ op: 'signal', flag });
      // This thread blocks until the second task has run: only a task handed over before the first one ended
      // can (without prefetch it would be sent when this thread handles the first result, which it cannot).
      // The 60 s cap only keeps a broken pool from hanging the suite.
      expect(Atomics.wait(flag, 0, 0, 60_000)).not.toBe('timed-out');
      expect(await spin).toBe('spun');
      expect(await next).toBe('signalled');
    });

    it('cancels a waiting task without stopping the running one, and a running one without losing the waiting one', async () => {
      pool = new WorkerPool<ArithInput, unknown, number>('testing/arith.worker', { size: 1, prefetch: true });
      const thread = await pool.run({ op: 'thread' });
      const waitingCancel = new AbortController();
      const running = pool.run({ op: 'spin', ms: 300 });
      const waiting = pool.run({ op: 'square', n: 5 }, { signal: waitingCancel.signal });
      const after = pool.run({ op: 'square', n: 6 });
      waitingCancel.abort();
      await expect(waiting).rejects.toBeInstanceOf(AbortError);
      expect(await running).toBe('spun');
      expect(await after).toBe(36);
      expect(await pool.run({ op: 'thread' })).toBe(thread); // the worker was not restarted

      const runningCancel = new AbortController();
      const long = pool.run({ op: 'spin', ms: 20_000 }, { signal: runningCancel.signal });
      const behind = pool.run({ op: 'square', n: 7 });
      setTimeout(() => runningCancel.abort(), 100);
      await expect(long).rejects.toBeInstanceOf(AbortError);
      expect(await behind).toBe(49);
      expect(pool.pending).toBe(0);
    });

    it('gives the tasks waiting in a crashed worker to its replacement', async () => {
      pool = new WorkerPool<ArithInput, unknown, number>('testing/arith.worker', { size: 1, prefetch: true });
      const crash = pool.run({ op: 'crash' });
      const behind = pool.run({ op: 'square', n: 8 });
      await expect(crash).rejects.toThrow(/boom outside any task/);
      expect(await behind).toBe(64);
    });
  });
});
