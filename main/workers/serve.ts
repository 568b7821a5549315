/**
 * The worker side of the pool: `serveTasks(handler)` runs one task at a time, forwards progress,
 * and reports a failing task as an error message (the worker keeps serving).
 */
import { parentPort } from 'node:worker_threads';
import { Transfer, type FromWorker, type ToWorker } from './protocol';

export interface TaskContext<P> {
  progress(p: P): void;
}

export function serveTasks<In, Out, P = unknown>(
  handler: (input: In, ctx: TaskContext<P>) => Promise<Out | Transfer<Out>> | Out | Transfer<Out>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  // The pool may send the next task before this one ends (prefetch): tasks wait here and run one at a time,
  // in order, because handlers reuse per-worker buffers.
  const waiting: { id: number; input: unknown }[] = [];
  let running = false;
  const runOne = async (id: number, input: unknown) => {
    try {
      const out = await handler(input as In, {
        progress: (progress) => send({ type: 'progress', id, progress }),
      });
      if (out instanceof Transfer) send({ type: 'done', id, output: out.value }, out.list);
      else send({ type: 'done', id, output: out });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'error', id, message: e.message, stack: e.stack });
    }
  };
  const drain = async () => {
    running = true;
    while (waiting.length) {
      const next = waiting.shift()!;
      await runOne(next.id, next.input);
    }
    running = false;
  };
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'drop') {
      const i = waiting.findIndex((t) => t.id === msg.id);
      if (i >= 0) waiting.splice(i, 1);
      return;
    }
    if (msg.type !== 'run') return;
    waiting.push({ id: msg.id, input: msg.input });
    if (!running) void drain();
  });
}
