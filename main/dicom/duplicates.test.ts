/**
 * Files not usable as they are (#14.5, #14.6), at the scan and load level: a file repeating a SOP Instance UID
 * is named with the file holding it and whether the pixel data differ; a series that misses a slice because
 * of it keeps the slice's place (a gap) and is refused when loaded for extraction; a file with RescaleSlope 0
 * or a non-finite rescale is named and its series refused likewise. A viewer load still shows them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeriesVolume, scanFolders } from './index';
import { defaultPixel, writeTestSlice, type TestSlice } from './testing/slices';

const root = mkdtempSync(join(tmpdir(), 'radscore-dup-scan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SLICE = 16 * 12;

/** Slices 0…n−1 of one series in `folder`; `edit` changes slice k's fields. */
function writeSeries(
  folder: string,
  id: string,
  n: number,
  edit: (k: number) => Partial<TestSlice> = () => ({}),
): string[] {
  return Array.from({ length: n }, (_, k) =>
    writeTestSlice(join(root, folder, `IM${k}.dcm`), {
      patientId: `P-${id}`,
      studyUid: `1.2.826.0.1.3680043.9.7.${id.length}.1`,
      seriesUid: `1.2.826.0.1.3680043.9.7.${id.length}.2`,
      sopUid: `1.2.826.0.1.3680043.9.7.${id.length}.3.${k}`,
      k,
      ...edit(k),
    }),
  );
}

describe('duplicate SOP Instance UIDs in one scan', () => {
  it('names the file holding the UID, says a copy is a copy, and keeps the series whole', async () => {
    const files = writeSeries('copy/a', 'c', 6);
    const copy = writeTestSlice(join(root, 'copy/b/again.dcm'), {
      patientId: 'P-c',
      studyUid: '1.2.826.0.1.3680043.9.7.1.1',
      seriesUid: '1.2.826.0.1.3680043.9.7.1.2',
      sopUid: '1.2.826.0.1.3680043.9.7.1.3.2',
      k: 2,
    });
    const scan = await scanFolders([join(root, 'copy')]);
    expect(scan.skipped).toEqual([
      {
        file: copy,
        reason: `duplicate SOP Instance UID of ${files[2]} (1.2.826.0.1.3680043.9.7.1.3.2; same pixel data: a copy)`,
      },
    ]);
    expect(scan.series.map((s) => [s.instances.length, s.geometry.size[2]])).toEqual([[6, 6]]);
    await expect(loadSeriesVolume(scan.series[0], { forExtraction: true })).resolves.toBeDefined();
  });

  it('says when the pixel data differ, and the series that misses that image is refused for extraction', async () => {
    // Ten slices; the last one was written with the UID of slice 3 (a UID reused by a faulty export).
    const files = writeSeries('reused', 'reuse', 10, (k) =>
      k === 9 ? { sopUid: '1.2.826.0.1.3680043.9.7.5.3.3' } : {},
    );
    const scan = await scanFolders([join(root, 'reused')]);
    expect(scan.skipped).toEqual([
      {
        file: files[9],
        reason: `duplicate SOP Instance UID of ${files[3]} (1.2.826.0.1.3680043.9.7.5.3.3; the pixel data differ: this image is not imported, its series misses it)`,
      },
    ]);
    const [series] = scan.series;
    // The grid keeps the slice the dropped image had: 10 slices, 9 images.
    expect([series.instances.length, series.geometry.size[2]]).toEqual([9, 10]);
    await expect(loadSeriesVolume(series, { forExtraction: true })).rejects.toThrow(
      'not usable for extraction: slice 10 of 10 has no image (a gap in the slice positions: a file is missing or was not imported)',
    );
    // A viewer still loads it, the missing slice 0.
    const volume = await loadSeriesVolume(series);
    expect(Array.from(volume.data.subarray(9 * SLICE, 10 * SLICE)).every((v) => v === 0)).toBe(true);
    expect(volume.data[3 * SLICE + 5]).toBe(defaultPixel(3, 5));
  });

  it('refuses for extraction a series with a slice missing in the middle', async () => {
    const files = writeSeries('gap', 'gapped', 8);
    rmSync(files[4]);
    const scan = await scanFolders([join(root, 'gap')]);
    expect(scan.series[0].geometry.size[2]).toBe(8);
    await expect(loadSeriesVolume(scan.series[0], { forExtraction: true })).rejects.toThrow(
      /^not usable for extraction: slice 5 of 8 has no image/,
    );
  });
});

describe('rescale that gives no real values', () => {
  for (const [name, slope, intercept, problem] of [
    ['slope 0', '0', '0', 'RescaleSlope 0 makes every pixel the same value (the intercept)'],
    ['slope NaN', 'NaN', '0', 'RescaleSlope NaN is not a finite number'],
    ['intercept Infinity', '1', '1e999', 'RescaleIntercept Infinity is not a finite number'],
  ] as const) {
    it(`names the file (${name}) and refuses the series for extraction`, async () => {
      const folder = `rescale-${name.replace(/ /g, '-')}`;
      const files = writeSeries(folder, folder, 5, (k) => (k === 1 ? { slope, intercept } : {}));
      const scan = await scanFolders([join(root, folder)]);
      expect(scan.skipped).toEqual([]);
      expect(scan.warnings).toEqual([
        {
          series: scan.series[0].seriesInstanceUid,
          message: `${files[1]}: ${problem}; the series is not usable for extraction`,
        },
      ]);
      await expect(loadSeriesVolume(scan.series[0], { forExtraction: true })).rejects.toThrow(
        `not usable for extraction: 1 file: ${problem} (IM1.dcm)`,
      );
      await expect(loadSeriesVolume(scan.series[0])).resolves.toBeDefined();
    });
  }
});
