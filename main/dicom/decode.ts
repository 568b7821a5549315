/**
 * Pixel decoding: stored values of every frame (before rescale), for every transfer syntax we accept.
 * Uncompressed / deflated: read directly. RLE, JPEG lossless/baseline, JPEG-LS: daikon's decoders.
 * JPEG 2000 (.4.90/.4.91): OpenJPEG (WASM), because daikon's JPX decoder is wrong on some files.
 */
import daikon from 'daikon';
import { fileMeta, parseDicomBytes, parseDicomPrefix, readDicomFile, TAG, type ParsedFile } from './dataset';
import { rescaleProblem } from '../../shared/dicom/seriesUsability';
import { errorMessage } from '../../shared/errorMessage';

export type StoredArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface StoredFrames {
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  photometric: string;
  /** Stored values, frame-major then row-major (samples interleaved for colour). */
  data: StoredArray;
  rescaleSlope: number;
  rescaleIntercept: number;
}

const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
} as const;

const UNCOMPRESSED = new Set<string>([TS.implicitLE, TS.explicitLE, TS.deflatedLE, TS.explicitBE]);

/** Compressed syntaxes daikon decodes correctly (ENVIRONMENT.md §3), besides JPEG 2000 (OpenJPEG). */
const DAIKON_DECODED: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/**
 * Why pixels of this transfer syntax / bit depth cannot be decoded reliably, or undefined when they can.
 * Used at scan time (skip with a reason) and before decoding.
 */
export function transferSyntaxProblem(ts: string, bitsStored: number): string | undefined {
  const uid = ts || TS.implicitLE;
  if (UNCOMPRESSED.has(uid) || uid === TS.jpeg2000 || uid === TS.jpeg2000Lossless) return undefined;
  if (uid === '1.2.840.10008.1.2.4.50' && bitsStored > 8)
    return `JPEG Baseline with ${bitsStored} bits stored is not valid`;
  if (uid in DAIKON_DECODED) return undefined;
  if (uid === '1.2.840.10008.1.2.4.51')
    return 'JPEG Extended (12-bit lossy, 1.2.840.10008.1.2.4.51) is not supported: its decoder gives biased values';
  return `unsupported transfer syntax ${uid}`;
}

interface OpenJpegDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  };
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => OpenJpegDecoder;
}

let openJpeg: Promise<OpenJpegModule> | undefined;
function loadOpenJpeg(): Promise<OpenJpegModule> {
  openJpeg ??= import('@cornerstonejs/codec-openjpeg/decodewasmjs').then((m) => {
    // The WASM build prints [INFO] lines through these; keep stdout clean for --json.
    return m.default({ print() {}, printErr() {} }) as Promise<OpenJpegModule>;
  });
  return openJpeg;
}

/** daikon's JPEG-LS decoder class (typed in daikon.d.ts) and one decoded frame. */
type JpegLsDecoder = typeof import('daikon/lib/jpeg-ls.js').default;
type JpegLsFrame = ReturnType<InstanceType<JpegLsDecoder>['decodeJPEGLS']>;

let jpegLs: Promise<JpegLsDecoder> | undefined;
/**
 * daikon's JPEG-LS decoder (CharLS compiled to 2.4 MB of asm.js), loaded the first time a JPEG-LS file is
 * decoded. The bundles leave it out of daikon itself (scripts/build.mjs), so that a worker does not parse it
 * at start-up for the uncompressed series most cohorts are.
 */
function loadJpegLs(): Promise<JpegLsDecoder> {
  jpegLs ??= import('daikon/lib/jpeg-ls.js').then(
    (m: { default?: unknown }) => (m.default ?? m) as JpegLsDecoder,
  );
  return jpegLs;
}

async function decodeJpegLs(
  image: daikon.Image,
  out: StoredArray,
  frameLength: number,
  frames: number,
  signed: boolean,
): Promise<void> {
  const Decoder = await loadJpegLs();
  const streams = image.getJpegs();
  if (streams.length < frames)
    throw new Error(`JPEG-LS: ${streams.length} code streams for ${frames} frames`);
  for (let f = 0; f < frames; f++) {
    let frame: JpegLsFrame;
    try {
      frame = new Decoder().decodeJPEGLS(new Uint8Array(streams[f]), signed);
    } catch (e) {
      // CharLS throws strings.
      throw new Error(`JPEG-LS frame ${f}: ${errorMessage(e)}`);
    }
    if (frame.pixelData.length !== frameLength)
      throw new Error(`JPEG-LS frame ${f}: ${frame.pixelData.length} samples, expected ${frameLength}`);
    // Element by element: the typed array conversion keeps the stored bits (as daikon's little-endian copy did).
    const at = f * frameLength;
    for (let n = 0; n < frameLength; n++) out[at + n] = frame.pixelData[n];
  }
}

type StoredArrayType = new (length: number) => StoredArray;

/** The typed array holding stored values of this width and sign. */
function storedArrayType(bitsAllocated: number, signed: boolean): StoredArrayType {
  if (bitsAllocated === 8) return signed ? Int8Array : Uint8Array;
  if (bitsAllocated === 16) return signed ? Int16Array : Uint16Array;
  if (bitsAllocated === 32) return signed ? Int32Array : Uint32Array;
  throw new Error(`unsupported BitsAllocated ${bitsAllocated} (expected 8, 16 or 32)`);
}

/** Copies `count` values of `bytesPer` bytes from a DataView (given endianness) into `out` at `at`. */
function readWords(view: DataView, little: boolean, out: StoredArray, at: number, count: number): void {
  const bytesPer = out.BYTES_PER_ELEMENT;
  const available = Math.floor(view.byteLength / bytesPer);
  if (available < count)
    throw new Error(`pixel data too short: ${available} values present, ${count} needed`);
  if (bytesPer === 1) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, count);
    out.set(out instanceof Int8Array ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes, at);
    return;
  }
  if (little && view.byteOffset % bytesPer === 0) {
    // Native little-endian layout: a typed view copies at memcpy speed.
    const Ctor = out.constructor as new (b: ArrayBufferLike, o: number, l: number) => StoredArray;
    out.set(new Ctor(view.buffer, view.byteOffset, count), at);
    return;
  }
  const signed = out instanceof Int16Array || out instanceof Int32Array;
  for (let n = 0; n < count; n++) {
    const o = n * bytesPer;
    out[at + n] =
      bytesPer === 2
        ? signed
          ? view.getInt16(o, little)
          : view.getUint16(o, little)
        : signed
          ? view.getInt32(o, little)
          : view.getUint32(o, little);
  }
}

/** Keeps the low `bitsStored` bits (sign-extended when signed), as pydicom / DICOM PS3.5 §8 do. */
function applyBitsStored(
  data: StoredArray,
  bitsAllocated: number,
  bitsStored: number,
  signed: boolean,
): void {
  if (bitsStored >= bitsAllocated || bitsStored <= 0) return;
  const mask = 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  for (let n = 0; n < data.length; n++) {
    let v = data[n] & mask;
    if (signed && v >= signBit) v -= 2 ** bitsStored;
    data[n] = v;
  }
}

async function decodeJpeg2000(
  image: daikon.Image,
  out: StoredArray,
  frameLength: number,
  frames: number,
): Promise<void> {
  const codec = await loadOpenJpeg();
  const streams = image.getJpegs();
  if (streams.length < frames)
    throw new Error(`JPEG 2000: ${streams.length} code streams for ${frames} frames`);
  for (let f = 0; f < frames; f++) {
    const decoder = new codec.J2KDecoder();
    try {
      const encoded = new Uint8Array(streams[f]);
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      decoder.decode();
      const info = decoder.getFrameInfo();
      const decoded = decoder.getDecodedBuffer();
      const pixels = info.width * info.height * info.componentCount;
      if (pixels !== frameLength)
        throw new Error(`JPEG 2000 frame ${f}: ${pixels} samples, expected ${frameLength}`);
      const bytesPer = info.bitsPerSample <= 8 ? 1 : 2;
      const view = new DataView(decoded.buffer, decoded.byteOffset, pixels * bytesPer);
      if (bytesPer === out.BYTES_PER_ELEMENT) {
        readWords(
          new DataView(decoded.slice(0, pixels * bytesPer).buffer),
          true,
          out,
          f * frameLength,
          frameLength,
        );
      } else {
        for (let n = 0; n < frameLength; n++) {
          out[f * frameLength + n] =
            bytesPer === 1
              ? info.isSigned
                ? view.getInt8(n)
                : view.getUint8(n)
              : info.isSigned
                ? view.getInt16(2 * n, true)
                : view.getUint16(2 * n, true);
        }
      }
    } finally {
      decoder.delete();
    }
  }
}

/** Most bytes a decoded image may take: far above any MR series file, far below what would exhaust memory. */
const MAX_DECODED_BYTES = 1024 * 2 ** 20;
/** Compressed data expands at most this much (RLE runs of 128 from 2 bytes give 64×; JPEG-LS runs more on flat images). */
const MAX_EXPANSION = 1000;

/**
 * Why the declared image size (Rows × Columns × samples × frames × BitsAllocated) does not fit the Pixel Data
 * element, or undefined. Checked before anything is allocated, at scan and at decode time, so a damaged or
 * hostile header can never make us allocate more than the file can fill.
 */
export function pixelDataSizeProblem(parsed: ParsedFile): string | undefined {
  const ds = parsed.dataset;
  const rows = ds.number(TAG.Rows) ?? 0;
  const columns = ds.number(TAG.Columns) ?? 0;
  const frames = ds.number(TAG.NumberOfFrames) ?? 1;
  const samples = ds.number(TAG.SamplesPerPixel) ?? 1;
  const bits = ds.number(TAG.BitsAllocated) ?? 0;
  if (!(rows > 0 && columns > 0 && Number.isInteger(rows) && Number.isInteger(columns)))
    return `invalid image size ${rows}×${columns}`;
  if (!(Number.isInteger(frames) && frames >= 1)) return `invalid NumberOfFrames ${frames}`;
  if (!(Number.isInteger(samples) && samples >= 1 && samples <= 4))
    return `invalid SamplesPerPixel ${samples}`;
  if (![1, 8, 16, 32].includes(bits)) return `unsupported BitsAllocated ${bits} (expected 8, 16 or 32)`;
  const pixel = parsed.image.getPixelData();
  if (!pixel) return 'no Pixel Data element';
  const needed = Math.ceil((rows * columns * samples * frames * bits) / 8);
  const declared = `${columns}×${rows}${frames > 1 ? `×${frames} frames` : ''}${samples > 1 ? `×${samples} samples` : ''} at ${bits} bits`;
  if (needed > MAX_DECODED_BYTES)
    return `declared image size ${declared} needs ${mb(needed)}, more than the ${mb(MAX_DECODED_BYTES)} an image may take`;
  const length = pixel.offsetEnd - pixel.offsetValue;
  const undefinedLength = length === 0xffffffff || length < 0;
  const ts = parsed.dataset.string(TAG.TransferSyntaxUID) || TS.implicitLE;
  if (UNCOMPRESSED.has(ts) && !undefinedLength && length < needed) {
    return `Pixel Data holds ${length} bytes; ${declared} needs ${needed}`;
  }
  if (!UNCOMPRESSED.has(ts)) {
    const present = Math.max(0, Math.min(pixel.offsetEnd, parsed.byteLength) - pixel.offsetValue);
    if (!parsed.headerOnly && needed > Math.max(16 * 2 ** 20, MAX_EXPANSION * present)) {
      return `declared image size ${declared} (${mb(needed)}) is implausible for ${present} bytes of compressed pixel data`;
    }
  }
  return undefined;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 3 : 0)} MB`;

/** Width × height a JPEG (SOF marker) or JPEG 2000 (SIZ marker) code stream declares, or undefined if none is found early. */
export function codestreamSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const limit = Math.min(bytes.length - 1, 65536);
  for (let at = 0; at + 12 < limit; at++) {
    if (bytes[at] !== 0xff) continue;
    const marker = bytes[at + 1];
    // SOF0–SOF15 except DHT (C4), JPG (C8), DAC (CC); SOF55 (F7) for JPEG-LS.
    if (
      (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) ||
      marker === 0xf7
    ) {
      return { height: dv.getUint16(at + 5), width: dv.getUint16(at + 7) };
    }
    if (marker === 0x51 && at + 22 <= bytes.length) {
      // SIZ: Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz (big endian).
      const width = dv.getUint32(at + 6) - dv.getUint32(at + 14);
      const height = dv.getUint32(at + 10) - dv.getUint32(at + 18);
      return { width, height };
    }
  }
  return undefined;
}

/** Every JPEG / JPEG 2000 frame must declare the header's size: a decoder allocates what the code stream says. */
function checkCodestreams(
  image: daikon.Image,
  ts: string,
  rows: number,
  columns: number,
  frames: number,
): void {
  if (ts === '1.2.840.10008.1.2.5') return; // RLE: daikon decodes into the header's size
  let streams: ArrayBuffer[];
  try {
    streams = image.getJpegs();
  } catch (e) {
    throw new Error(`cannot read the compressed frames: ${errorMessage(e)}`);
  }
  if (streams.length < frames)
    throw new Error(`${streams.length} compressed frames for NumberOfFrames ${frames}`);
  for (let f = 0; f < frames; f++) {
    const size = codestreamSize(new Uint8Array(streams[f]));
    if (!size) throw new Error(`compressed frame ${f + 1} has no JPEG / JPEG 2000 frame header`);
    if (size.width !== columns || size.height !== rows) {
      throw new Error(
        `compressed frame ${f + 1} is ${size.width}×${size.height}, the header says ${columns}×${rows}`,
      );
    }
  }
}

/**
 * Stored pixel values of every frame of a parsed file (no rescale applied).
 * @param into an array to decode into (a view of its first values) when it has the needed type and room —
 *   a caller decoding slice after slice reuses one instead of allocating one per file.
 */
/** Header bytes parseForDecode tries first; a longer header takes the whole-file parse. */
const DECODE_PREFIX_BYTES = 32 * 1024;

/**
 * Parses a whole file's bytes for decoding. For uncompressed pixel data the header is parsed from a copy of
 * the first bytes and the Pixel Data value then points into `buf` itself, which must not change until the
 * frames are decoded: daikon copies every element value it meets, a native Pixel Data element twice, and
 * at a cohort's scale (142 cases of 24 slices of 512²) those copies kept V8's garbage collector marking about
 * once a case, a fifth of the extraction's CPU. Compressed and deflated files, headers longer than the prefix
 * and damaged files take the whole-file parse (parseDicomBytes), which also names any problem.
 */
export function parseForDecode(buf: Uint8Array, name: string): ParsedFile {
  // The transfer syntax from the meta group first, so that a compressed file's header is not parsed twice.
  const metaTs = fileMeta(buf)?.ts || TS.implicitLE;
  if (buf.byteLength > 2 * DECODE_PREFIX_BYTES && UNCOMPRESSED.has(metaTs) && metaTs !== TS.deflatedLE) {
    let header: ParsedFile | undefined;
    try {
      header = parseDicomPrefix(buf.subarray(0, DECODE_PREFIX_BYTES), name, buf.byteLength);
    } catch {
      header = undefined; // not enough: the whole-file parse below decides
    }
    const pixel = header?.image.getPixelData();
    const ts = header?.dataset.string(TAG.TransferSyntaxUID) || TS.implicitLE;
    const sopClass = header?.dataset.has(TAG.SOPClassUID) || header?.dataset.has(TAG.MediaStorageSOPClassUID);
    if (
      header &&
      pixel &&
      sopClass &&
      UNCOMPRESSED.has(ts) &&
      ts !== TS.deflatedLE &&
      pixel.offsetValue >= 0 &&
      pixel.offsetEnd <= buf.byteLength
    ) {
      pixel.value = new DataView(
        buf.buffer,
        buf.byteOffset + pixel.offsetValue,
        pixel.offsetEnd - pixel.offsetValue,
      );
      pixel.sublist = false;
      return { ...header, byteLength: buf.byteLength, fileSize: buf.byteLength, headerOnly: false };
    }
  }
  return parseDicomBytes(buf, name);
}

export async function decodeParsedFrames(parsed: ParsedFile, into?: StoredArray): Promise<StoredFrames> {
  const { dataset: ds, image } = parsed;
  if (parsed.headerOnly) throw new Error('internal: pixel data of a header-only parse cannot be decoded');
  const rows = ds.number(TAG.Rows) ?? 0;
  const columns = ds.number(TAG.Columns) ?? 0;
  const frames = Math.max(1, ds.number(TAG.NumberOfFrames) ?? 1);
  const samplesPerPixel = ds.number(TAG.SamplesPerPixel) ?? 1;
  const bitsAllocated = ds.number(TAG.BitsAllocated) ?? 0;
  const bitsStored = ds.number(TAG.BitsStored) ?? bitsAllocated;
  const pixelRepresentation = ds.number(TAG.PixelRepresentation) ?? 0;
  const photometric = ds.string(TAG.PhotometricInterpretation) || 'MONOCHROME2';
  const pixel = image.getPixelData();
  if (!pixel) throw new Error('no Pixel Data element');
  const ts = ds.string(TAG.TransferSyntaxUID) || TS.implicitLE;
  const problem = transferSyntaxProblem(ts, bitsStored) ?? pixelDataSizeProblem(parsed);
  if (problem) throw new Error(problem);
  const signed = pixelRepresentation === 1;
  const frameLength = rows * columns * samplesPerPixel;
  if (!UNCOMPRESSED.has(ts)) checkCodestreams(image, ts, rows, columns, frames);
  const needed = frameLength * frames;
  const Stored = storedArrayType(bitsAllocated, signed);
  const out =
    into && into.constructor === Stored && into.length >= needed
      ? into.subarray(0, needed)
      : new Stored(needed);

  if (UNCOMPRESSED.has(ts)) {
    const view = pixel.value;
    if (!(view instanceof DataView)) throw new Error('Pixel Data is empty');
    readWords(view, image.littleEndian !== false && ts !== TS.explicitBE, out, 0, out.length);
  } else if (ts === TS.jpeg2000 || ts === TS.jpeg2000Lossless) {
    await decodeJpeg2000(image, out, frameLength, frames);
  } else if (ts === TS.jpegLsLossless || ts === TS.jpegLsNearLossless) {
    await decodeJpegLs(image, out, frameLength, frames, signed);
  } else {
    try {
      image.decompress();
    } catch (e) {
      throw new Error(`cannot decode transfer syntax ${ts}: ${errorMessage(e)}`);
    }
    const view = image.getPixelData()?.value;
    if (!(view instanceof DataView)) throw new Error(`transfer syntax ${ts} is not supported`);
    readWords(view, true, out, 0, out.length);
  }
  applyBitsStored(out, bitsAllocated, bitsStored, signed);
  return {
    rows,
    columns,
    frames,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    photometric,
    data: out,
    rescaleSlope: rescaleOf(parsed).slope,
    rescaleIntercept: rescaleOf(parsed).intercept,
  };
}

/** Rescale slope/intercept: top level, else the Enhanced MR functional groups; default 1 / 0. */
export function rescaleOf(parsed: ParsedFile): { slope: number; intercept: number } {
  const ds = parsed.dataset;
  let slope = ds.number(TAG.RescaleSlope);
  let intercept = ds.number(TAG.RescaleIntercept);
  if (slope === undefined) {
    const shared = ds.item(TAG.SharedFunctionalGroupsSequence)?.item(TAG.PixelValueTransformationSequence);
    slope = shared?.number(TAG.RescaleSlope);
    intercept = shared?.number(TAG.RescaleIntercept);
  }
  return { slope: slope ?? 1, intercept: intercept ?? 0 };
}

/**
 * Why this file's rescale makes its pixels unusable (RescaleSlope 0, a non-finite slope or intercept, at the
 * top level or in any functional group), or undefined. rescaleOf would read a non-finite value as absent.
 */
export function rescaleProblemOf(parsed: ParsedFile): string | undefined {
  const ds = parsed.dataset;
  const groups = [
    ds,
    ds.item(TAG.SharedFunctionalGroupsSequence)?.item(TAG.PixelValueTransformationSequence),
    ...ds
      .items(TAG.PerFrameFunctionalGroupsSequence)
      .map((f) => f.item(TAG.PixelValueTransformationSequence)),
  ];
  return rescaleProblem(
    groups.flatMap((g) => g?.numbers(TAG.RescaleSlope) ?? []),
    groups.flatMap((g) => g?.numbers(TAG.RescaleIntercept) ?? []),
  );
}

/**
 * Rescale of each frame: Enhanced objects may carry it per frame (Per-frame Functional Groups), which
 * then overrides the shared / top-level value.
 */
export function frameRescalesOf(parsed: ParsedFile, frames: number): { slope: number; intercept: number }[] {
  const fallback = rescaleOf(parsed);
  const perFrame = parsed.dataset.items(TAG.PerFrameFunctionalGroupsSequence);
  return Array.from({ length: frames }, (_, f) => {
    const t = perFrame[f]?.item(TAG.PixelValueTransformationSequence);
    const slope = t?.number(TAG.RescaleSlope);
    return slope === undefined ? fallback : { slope, intercept: t?.number(TAG.RescaleIntercept) ?? 0 };
  });
}

/** Reads a file and returns its stored pixel values (frame-major, row-major). */
export async function decodeStoredFrames(file: string): Promise<StoredFrames> {
  return decodeParsedFrames(readDicomFile(file));
}
