/**
 * The worker side of the pool: `serveTasks(handler)` runs one task at a time, forwards progress,
 * and reports a failing task as an error message (the worker keeps serving).
 */
import { parentPort } from 'node:worker_threads';
import { Transfer, type FromWorker, type ToWorker } from './protocol';

export interface TaskContext<P> {
  progress(p: P): void;
}

export function serveTasks<In, Out, P = unknown>(handler: (input: In, ctx: TaskContext<P>) => Promise<Out | Transfer<Out>> | Out | Transfer<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on('message', async (msg: ToWorker) => {
    if (msg.type !== 'run') return;
    const { id } = msg;
    try {
      const out = await handler(msg.input as In, { progress: (progress) => send({ type: 'progress', id, progress }) });
      if (out instanceof Transfer) send({ type: 'done', id, output: out.value }, out.list);
      else send({ type: 'done', id, output: out });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'error', id, message: e.message, stack: e.stack });
    }
  });
}
