/** benchImport scans and decodes a 30 × 512² int16 series written by our writer (`npm run bench` prints its time). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { benchImport, saveFiles, writeImageSeries } from './index';

it('30 × 512² uncompressed: every file scanned and decoded into one series', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'radscore-bench-'));
  try {
    const [n, nz] = [512, 30];
    const data = new Float32Array(n * n * nz);
    for (let v = 0; v < data.length; v++) data[v] = ((v * 7) % 2000) - 500;
    const written = writeImageSeries(
      {
        size: [n, n, nz],
        spacing: [0.5, 0.5, 3],
        origin: [0, 0, 0],
        direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
        data,
      },
      { patientId: 'bench' },
    );
    await saveFiles(dir, written.files);
    const t = await benchImport(dir);
    expect(t).toMatchObject({ files: 30, series: 1, instances: 30, skipped: 0, voxels: n * n * nz });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
