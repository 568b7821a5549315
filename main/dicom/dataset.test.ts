/** Header-only reading: large files are parsed from their first bytes, with the same answers and errors. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDicomBytes, readDicomFile, readDicomHeader, TAG } from './dataset';
import { decodeParsedFrames } from './decode';
import { writeImageSeries } from './write';

let dir = '';
let bytes: Uint8Array = new Uint8Array(0);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'radscore-header-'));
  const n = 400; // 320 KB of pixels: larger than the header prefix
  const data = new Float32Array(n * n).map((_, v) => v % 1000);
  bytes = writeImageSeries(
    { size: [n, n, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data },
    { patientId: 'H^1' },
  ).files[0].bytes;
  await writeFile(join(dir, 'whole.dcm'), bytes);
  await writeFile(join(dir, 'cut.dcm'), bytes.subarray(0, bytes.length - 1000));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('reads the header of a large file from its first bytes, marked header-only', async () => {
  const header = await readDicomHeader(join(dir, 'whole.dcm'));
  const full = parseDicomBytes(bytes);
  expect(header.headerOnly).toBe(true);
  expect(full.headerOnly).toBe(false);
  expect(header.fileSize).toBe(bytes.length);
  for (const tag of [TAG.PatientID, TAG.SOPInstanceUID, TAG.ImagePositionPatient, TAG.Rows])
    expect(header.dataset.string(tag)).toBe(full.dataset.string(tag));
  expect(header.dataset.string(TAG.PatientID)).toBe('H^1');
  await expect(decodeParsedFrames(header)).rejects.toThrow(/header-only/);
  expect((await decodeParsedFrames(full)).data.length).toBe(400 * 400);
});

it('still reports a large file cut in its pixel data as truncated', async () => {
  await expect(readDicomHeader(join(dir, 'cut.dcm'))).rejects.toThrow(
    /^truncated file: Pixel Data needs 320000 bytes, only 319000 present$/,
  );
});

it('decodes text by Specific Character Set, person names kept as stored', () => {
  const withCharset = (charset: string, name: Uint8Array): Uint8Array => {
    // A minimal Part 10 file: meta + (0008,0005) + (0008,0016) + (0010,0010).
    const enc = new TextEncoder();
    const el = (g: number, e: number, vr: string, v: Uint8Array): number[] => {
      const value = v.length % 2 ? [...v, 0x20] : [...v];
      return [
        g & 0xff,
        g >> 8,
        e & 0xff,
        e >> 8,
        ...enc.encode(vr),
        value.length & 0xff,
        value.length >> 8,
        ...value,
      ];
    };
    const ts = enc.encode('1.2.840.10008.1.2.1\0');
    const body = [
      ...el(0x0002, 0x0010, 'UI', ts),
      ...el(0x0008, 0x0005, 'CS', enc.encode(charset)),
      ...el(0x0008, 0x0016, 'UI', enc.encode('1.2.3\0')),
      ...el(0x0010, 0x0010, 'PN', name),
    ];
    const out = new Uint8Array(132 + body.length);
    out.set(enc.encode('DICM'), 128);
    out.set(body, 132);
    return out;
  };
  const utf8 = parseDicomBytes(withCharset('ISO_IR 192', new TextEncoder().encode('Müller^Zoë')));
  expect(utf8.dataset.string(TAG.PatientName)).toBe('Müller^Zoë');
  const latin1 = parseDicomBytes(
    withCharset(
      'ISO 2022 IR 6\\ISO 2022 IR 100',
      new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x5e, 0x41]),
    ),
  );
  expect(latin1.dataset.string(TAG.PatientName)).toBe('Müller^A');
});

it('parses each small file from its own bytes (Node pools small reads; Buffer#slice would share the pool)', async () => {
  const grid = {
    size: [2, 2, 1] as [number, number, number],
    spacing: [1, 1, 1] as [number, number, number],
    origin: [0, 0, 0] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const names = ['P-ONE', 'P-TWO', 'P-THREE'];
  for (const id of names) {
    await writeFile(
      join(dir, `${id}.dcm`),
      writeImageSeries({ ...grid, data: new Float32Array(4) }, { patientId: id }).files[0].bytes,
    );
  }
  expect(names.map((id) => readDicomFile(join(dir, `${id}.dcm`)).dataset.string(TAG.PatientID))).toEqual(
    names,
  );
});
