import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeriesVolume } from '../dicom/index';
import { importFolders } from '../services/import';
import { listSeries, openStore, seriesForLoading, type Store } from '../store/index';
import type { Volume } from '../../shared/image/volume';
import type { DecodeInput } from './decode.worker';
import { WorkerPool } from './pool';

const STS = join(__dirname, '../../../shared/data/mr-series-sts001-t1/dicom');
let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-decode-'));
  store = openStore(join(dir, 'db.sqlite'));
  await importFolders(store, [STS]);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('decode.worker', () => {
  it('decodes the stored STS_001 series in a worker to the same voxels as the main thread', async () => {
    const input = seriesForLoading(store, listSeries(store)[0].id);
    const pool = new WorkerPool<DecodeInput, Volume>('decode.worker', { size: 1 });
    try {
      const [inWorker, inThread] = await Promise.all([pool.run(input), loadSeriesVolume(input)]);
      expect(inWorker.data).toBeInstanceOf(Float32Array);
      expect(inWorker.size).toEqual(inThread.size);
      expect(inWorker.data.length).toBe(inThread.size[0] * inThread.size[1] * 59);
      expect(Buffer.from(inWorker.data.buffer).equals(Buffer.from(inThread.data.buffer))).toBe(true);
      // A file that vanished fails its task only.
      const broken = {
        ...input,
        instances: input.instances.map((i, n) => (n === 3 ? { ...i, file: join(dir, 'gone.dcm') } : i)),
      };
      await expect(pool.run(broken)).rejects.toThrow(/gone\.dcm/);
      expect((await pool.run(input)).data.length).toBe(inThread.data.length);
    } finally {
      await pool.close();
    }
  });
});

describe('createSeriesLoader', () => {
  it('decodes in the pool, shares concurrent requests, returns null for unknown series', async () => {
    const { createSeriesLoader } = await import('../services/volumes');
    const loader = createSeriesLoader(store, { workers: 1 });
    try {
      const uid = listSeries(store)[0].seriesUid;
      const [a, b] = await Promise.all([loader.load(uid), loader.load(uid)]);
      expect(a).toBe(b);
      expect(a?.size[2]).toBe(59);
      expect(await loader.load('1.2.3.nope')).toBeNull();
    } finally {
      await loader.close();
    }
  });
});
