/**
 * Series decoding off the main thread: a small decode.worker pool plus an LRU of recent volumes, so the
 * Electron main process / browser host stays responsive while a series (e.g. J2K, seconds) decodes.
 */
import type { Volume } from '../../shared/image/volume';
import { getSeriesByUid, seriesForLoading, type Store } from '../store/index';
import type { DecodeInput } from '../workers/decode.worker';
import { WorkerPool } from '../workers/pool';

export interface SeriesLoader {
  /** The decoded series, or null when the UID is unknown. Repeated calls share one decode. */
  load(seriesUid: string, signal?: AbortSignal): Promise<Volume | null>;
  close(): Promise<void>;
}

export function createSeriesLoader(
  store: Store,
  opts: { workers?: number; cacheSize?: number } = {},
): SeriesLoader {
  const pool = new WorkerPool<DecodeInput, Volume>('decode.worker', { size: opts.workers ?? 2 });
  const cacheSize = opts.cacheSize ?? 3;
  const cache = new Map<string, Promise<Volume>>();
  return {
    async load(seriesUid, signal) {
      const hit = cache.get(seriesUid);
      if (hit) {
        cache.delete(seriesUid); // re-insert: most recently used last
        cache.set(seriesUid, hit);
        return hit;
      }
      const series = getSeriesByUid(store, seriesUid);
      if (!series) return null;
      const pending = pool.run(seriesForLoading(store, series.id), { signal });
      cache.set(seriesUid, pending);
      pending.catch(() => cache.delete(seriesUid));
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
      return pending;
    },
    async close() {
      cache.clear();
      await pool.close();
    },
  };
}
