/** Messages between the pool (main thread) and a worker. Kept tiny and structured-clone friendly. */
export type ToWorker =
  | { type: 'run'; id: number; input: unknown }
  /** Forget a queued task that has not started (a prefetched task that was cancelled). */
  | { type: 'drop'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'done'; id: number; output: unknown }
  | { type: 'error'; id: number; message: string; stack?: string };

/** A worker result with buffers to transfer (not copy) back to the main thread. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: ArrayBuffer[],
  ) {}
}
