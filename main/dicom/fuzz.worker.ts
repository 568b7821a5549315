/**
 * Fuzz worker: examines one file per message and answers with the outcome, its time and the heap it holds
 * while the result is alive. Runs apart from the main thread so that a hang can be cut off (terminate)
 * and a crash or an out-of-memory death takes only this worker.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { examineDicomBytes } from './fuzzTarget';
import type { FuzzReply, FuzzRequest } from './fuzz';

/** Errors that mean a bug in our code (or daikon's) rather than a named problem of the file. */
const UNCLEAR = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'InternalError',
  'URIError',
  'EvalError',
]);

function heapMB(): number {
  return (getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers) / 2 ** 20;
}

parentPort?.on('message', async (req: FuzzRequest) => {
  const t0 = performance.now();
  let reply: FuzzReply;
  try {
    const result = await examineDicomBytes(req.bytes);
    reply = {
      id: req.id,
      outcome: 'parsed',
      reason: result.kind,
      ms: performance.now() - t0,
      heapMB: heapMB(),
    };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const reason = err.message.split('\n')[0] || err.name;
    const unclear = UNCLEAR.has(err.name) || !(e instanceof Error);
    reply = {
      id: req.id,
      outcome: unclear ? 'unclear' : 'rejected',
      reason: unclear ? `${err.name}: ${reason}` : reason,
      stack: unclear ? err.stack?.split('\n').slice(0, 6).join('\n') : undefined,
      ms: performance.now() - t0,
      heapMB: heapMB(),
    };
  }
  parentPort?.postMessage(reply);
});
