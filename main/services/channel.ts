/**
 * What every channel binding uses: the API's error (ApiError and its kinds), `found` for a lookup that may
 * miss, and the shape of a domain's channel implementations. The bindings live with their domain
 * (patients.ts, imaging.ts, rois.ts, …); handlers.ts joins them and validates every call.
 */
import type { ApiErrorBody, ApiEvent, Channel, ChannelArgs, ChannelOutput } from '../../shared/api';

export type ApiErrorKind = ApiErrorBody['kind'];

/** An error a front reports to the renderer: 'bad-input' → HTTP 400, 'not-found' → 404, 'failed' → 500. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return this.kind === 'bad-input' ? 400 : this.kind === 'not-found' ? 404 : 500;
  }
}

/** `value`, or a not-found ApiError naming `what` when the lookup found nothing. */
export function found<T>(value: T | null, what: string): T {
  if (value === null) throw new ApiError('not-found', `${what} not found`);
  return value;
}

/** The implementations of some channels: validated arguments in, the contract's output out. */
export type ChannelImplementations<C extends Channel> = {
  [K in C]: (args: ChannelArgs<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

/** What a binding gets from the front that created the handlers. */
export interface ChannelContext {
  /** Pushes an event to the renderer(s). */
  emit?: (event: ApiEvent) => void;
  /** How often progress events may be sent (ms); a job's first and last states are always sent. */
  progressIntervalMs: number;
  /** Registers background work that `Handlers.settle()` waits for (tests, shutdown). */
  track(settle: () => Promise<void>): void;
}

/**
 * Implementations that refuse every call with 'failed' ("<channel>: not available in this host (<why>)"):
 * for service sets built without a domain (test fakes).
 */
export function unavailable<C extends Channel>(names: readonly C[], why: string): ChannelImplementations<C> {
  const refuse = (channel: string) => () => {
    throw new ApiError('failed', `${channel}: not available in this host (${why})`);
  };
  const refusals = Object.fromEntries(names.map((c) => [c, refuse(c)])) as Record<C, () => never>;
  return refusals;
}
