/** What every service function takes besides the store and its validated input. */
export interface ServiceOptions<P = unknown> {
  onProgress?: (progress: P) => void;
  signal?: AbortSignal;
  /** Who makes the change (audit log); defaults to the OS user. */
  actor?: string;
}

export { AbortError } from '../workers/pool';
import { AbortError } from '../workers/pool';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('cancelled');
}
