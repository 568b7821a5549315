/**
 * `radscore features --image DIR --mask RS.dcm` (no database) computes features from a DICOM folder: a series
 * missing a slice is refused with the reason, as an extraction from the database is, instead of being
 * computed with that slice all zeros (#14.5's sibling outside the database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveFiles, writeImageSeries, writeRtstruct } from '../dicom/write';
import type { MaskVolume, Volume } from '../../shared/image/volume';
import { featuresForFiles } from './features';

const root = mkdtempSync(join(tmpdir(), 'radscore-features-unusable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('features for a DICOM folder', () => {
  it('refuses a series with a slice missing', async () => {
    const g = {
      size: [16, 12, 6] as [number, number, number],
      spacing: [1, 1, 3] as [number, number, number],
      origin: [0, 0, 0] as [number, number, number],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const volume: Volume = { ...g, data: new Float32Array(16 * 12 * 6).map((_, n) => 100 + (n % 37)) };
    const mask: MaskVolume = { ...g, data: new Uint8Array(16 * 12 * 6).map((_, n) => (n % 16 > 4 ? 1 : 0)) };
    const series = writeImageSeries(volume, { patientId: 'F1' }, {}, {}, { uidSeed: 'features-gap' });
    const files = await saveFiles(
      join(root, 'images'),
      series.files.filter((_, k) => k !== 2),
    );
    expect(files).toHaveLength(5);
    const rs = writeRtstruct([{ name: 'GTV', mask }], series.ref, { uidSeed: 'features-gap' });
    const [rsFile] = await saveFiles(join(root, 'rs'), [rs.file]);
    await expect(featuresForFiles({ image: join(root, 'images'), mask: rsFile })).rejects.toThrow(
      'not usable for extraction: slice 3 of 6 has no image (a gap in the slice positions: a file is missing or was not imported)',
    );
  });
});
