/** A tiny worker for the pool's own tests (not bundled: it lives below main/workers/). */
import { threadId } from 'node:worker_threads';
import { serveTasks } from '../serve';
import { Transfer } from '../protocol';

export type ArithInput =
  | { op: 'square'; n: number }
  | { op: 'count'; to: number }
  | { op: 'fail'; message: string }
  | { op: 'spin'; ms: number }
  | { op: 'fill'; length: number; value: number }
  | { op: 'crash' }
  /** Sets flag[0] to 1 and wakes a thread waiting on it (Atomics.wait), on shared memory. */
  | { op: 'signal'; flag: Int32Array }
  /** The worker's thread id (a replaced worker has a new one). */
  | { op: 'thread' };

serveTasks<ArithInput, unknown, number>(async (input, ctx) => {
  switch (input.op) {
    case 'square':
      return input.n * input.n;
    case 'count':
      for (let n = 1; n <= input.to; n++) ctx.progress(n);
      return input.to;
    case 'fail':
      throw new Error(input.message);
    case 'spin': {
      const end = Date.now() + input.ms;
      while (Date.now() < end); // busy: only termination can stop it
      return 'spun';
    }
    case 'fill': {
      const a = new Float32Array(input.length).fill(input.value);
      return new Transfer(a, [a.buffer]);
    }
    case 'signal':
      Atomics.store(input.flag, 0, 1);
      Atomics.notify(input.flag, 0);
      return 'signalled';
    case 'thread':
      return threadId;
    case 'crash':
      setTimeout(() => {
        throw new Error('boom outside any task');
      });
      return new Promise(() => {});
  }
});
