/** A 30 × 512² int16 series (written by our writer) scans and decodes well under a second. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { benchImport, saveFiles, writeImageSeries } from './index';

it('30 × 512² uncompressed: scan + decode < 1 s', async () => {
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
    // Best of three: the first run includes JIT warm-up, and the machine is shared.
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const t = await benchImport(dir);
      expect(t).toMatchObject({ files: 30, series: 1, instances: 30, skipped: 0, voxels: n * n * nz });
      best = Math.min(best, t.scanMs + t.decodeMs);
    }
    expect(best).toBeLessThan(1000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
