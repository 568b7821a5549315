/**
 * What ships, without a browser: the bundled decode worker (out/main/workers/decode.worker.js) decodes the
 * compressed reference files to their reference values. The bundles leave daikon's codecs out and load
 * JPEG-LS (CharLS) and JPEG 2000 (OpenJPEG) on first use (scripts/build.mjs), a path the unit tests, which
 * run the TypeScript sources, cannot see.
 */
import { test, expect } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Volume } from '../shared/image/volume';
import type { DecodeInput } from '../main/workers/decode.worker';
import type { FromWorker, ToWorker } from '../main/workers/protocol';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const DATA = resolve(repo, '../shared/data/dicom-transfer-syntaxes');

interface Row {
  file: string;
  ts: string;
  rows: number;
  columns: number;
  frames: number;
  slope: number;
  intercept: number;
  min: number;
  max: number;
  sum: number;
}

/** The reference rows of the codecs the bundles load on demand: JPEG-LS, JPEG 2000; RLE as a control. */
function referenceRows(): Row[] {
  const [header, ...lines] = readFileSync(join(DATA, 'decoded_pixel_checks.csv'), 'utf8').trim().split('\n');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines
    .map((line) => line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '')))
    .filter((f) => /^1\.2\.840\.10008\.1\.2\.(4\.(80|81|90|91)|5)$/.test(f[at('transfer_syntax_uid')]))
    .map((f) => ({
      file: f[at('file')],
      ts: f[at('transfer_syntax_uid')],
      rows: Number(f[at('rows')]),
      columns: Number(f[at('columns')]),
      frames: Number(f[at('frames')]),
      slope: f[at('rescale_slope')] ? Number(f[at('rescale_slope')]) : 1,
      intercept: f[at('rescale_intercept')] ? Number(f[at('rescale_intercept')]) : 0,
      min: Number(f[at('stored_min')]),
      max: Number(f[at('stored_max')]),
      sum: Number(f[at('stored_sum')]),
    }));
}

function decodeInput(row: Row): DecodeInput {
  const file = join(DATA, row.file);
  return {
    instances: [
      {
        file,
        sopInstanceUid: `1.2.3.${row.file.length}`,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
        transferSyntaxUid: row.ts,
        instanceNumber: 1,
        frames: row.frames,
        rows: row.rows,
        columns: row.columns,
        positions: Array.from({ length: row.frames }, (_, k) => [0, 0, k] as [number, number, number]),
        orientation: [1, 0, 0, 0, 1, 0],
        pixelSpacing: [1, 1],
        fileSize: statSync(file).size,
      },
    ],
    geometry: {
      size: [row.columns, row.rows, row.frames],
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    },
  };
}

test('the bundled decode worker loads JPEG-LS and JPEG 2000 on demand and decodes them exactly', async () => {
  const rows = referenceRows();
  expect(rows.map((r) => r.ts)).toEqual(
    expect.arrayContaining(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.90']),
  );
  const worker = new Worker(join(repo, 'out/main/workers/decode.worker.js'));
  try {
    for (const [n, row] of rows.entries()) {
      const volume = await new Promise<Volume>((resolveTask, reject) => {
        const onMessage = (m: FromWorker) => {
          if (m.id !== n + 1 || m.type === 'progress') return;
          worker.off('message', onMessage);
          if (m.type === 'done') resolveTask(m.output as Volume);
          else reject(new Error(`${row.file}: ${m.message}`));
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'run', id: n + 1, input: decodeInput(row) } satisfies ToWorker);
      });
      expect(volume.data.length, row.file).toBe(row.rows * row.columns * row.frames);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const v of volume.data) {
        const stored = Math.round((v - row.intercept) / row.slope) + 0; // no -0
        if (stored < min) min = stored;
        if (stored > max) max = stored;
        sum += stored;
      }
      expect({ file: row.file, min, max, sum }).toEqual({
        file: row.file,
        min: row.min,
        max: row.max,
        sum: row.sum,
      });
    }
  } finally {
    await worker.terminate();
  }
});
