/**
 * Reading a DICOM file into an element tree with daikon, and typed access to elements and sequences.
 * Everything above this file works with `Dataset`, never with daikon directly.
 */
import { constants, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import daikon from 'daikon';

/** A tag as one number: (group << 16) | element, e.g. 0x00200032 for ImagePositionPatient. */
export type TagNumber = number;

export const TAG = {
  TransferSyntaxUID: 0x00020010,
  MediaStorageSOPClassUID: 0x00020002,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  AccessionNumber: 0x00080050,
  Modality: 0x00080060,
  Manufacturer: 0x00080070,
  StudyDescription: 0x00081030,
  SeriesDescription: 0x0008103e,
  OperatorsName: 0x00081070,
  PatientName: 0x00100010,
  PatientID: 0x00100020,
  PatientBirthDate: 0x00100030,
  PatientSex: 0x00100040,
  SliceThickness: 0x00180050,
  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  SeriesNumber: 0x00200011,
  InstanceNumber: 0x00200013,
  ImagePositionPatient: 0x00200032,
  ImageOrientationPatient: 0x00200037,
  FrameOfReferenceUID: 0x00200052,
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  PixelSpacing: 0x00280030,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelRepresentation: 0x00280103,
  RescaleIntercept: 0x00281052,
  RescaleSlope: 0x00281053,
  PixelData: 0x7fe00010,
  // Enhanced multi-frame functional groups
  SharedFunctionalGroupsSequence: 0x52009229,
  PerFrameFunctionalGroupsSequence: 0x52009230,
  PlanePositionSequence: 0x00209113,
  PlaneOrientationSequence: 0x00209116,
  PixelMeasuresSequence: 0x00289110,
  PixelValueTransformationSequence: 0x00289145,
  // RT Structure Set
  ReferencedFrameOfReferenceSequence: 0x30060010,
  RTReferencedStudySequence: 0x30060012,
  RTReferencedSeriesSequence: 0x30060014,
  StructureSetROISequence: 0x30060020,
  ROINumber: 0x30060022,
  ReferencedFrameOfReferenceUID: 0x30060024,
  ROIName: 0x30060026,
  ROIContourSequence: 0x30060039,
  ContourSequence: 0x30060040,
  ContourGeometricType: 0x30060042,
  ContourData: 0x30060050,
  ReferencedROINumber: 0x30060084,
  StructureSetLabel: 0x30060002,
  // SEG
  ReferencedSeriesSequence: 0x00081115,
  SegmentationType: 0x00620001,
  SegmentSequence: 0x00620002,
  SegmentNumber: 0x00620004,
  SegmentLabel: 0x00620005,
  SegmentIdentificationSequence: 0x0062000a,
  ReferencedSegmentNumber: 0x0062000b,
  MaximumFractionalValue: 0x0062000e,
  ContentCreatorName: 0x00700084,
} as const;

export const SOP_CLASS = {
  RTStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
  Segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  MediaStorageDirectory: '1.2.840.10008.1.3.10',
  MRImage: '1.2.840.10008.5.1.4.1.1.4',
  EnhancedMRImage: '1.2.840.10008.5.1.4.1.1.4.1',
} as const;

/** daikon turns DA values into local-time Date objects; give them back as DICOM YYYYMMDD. */
function dicomDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getFullYear()).padStart(4, '0')}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UI',
  'UT',
  'UC',
  'UR',
]);

const CHARSETS: Record<string, string> = {
  '': 'latin1',
  'ISO_IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/**
 * Text decoder for a Specific Character Set value, or undefined when the set needs ISO 2022 code
 * extensions (then daikon's own decoding is used). We decode text ourselves because daikon rewrites
 * person names ("^" → " ") and does not decode UTF-8.
 */
function textDecoderFor(charset: string): TextDecoder | undefined {
  // Code extensions limited to ASCII / Latin-1 ("ISO 2022 IR 6\\ISO 2022 IR 100") decode as Latin-1.
  const terms = charset.split('\\').map((t) => t.trim().replace(/^ISO 2022 IR (6|100)$/, 'ISO_IR $1'));
  const labels = new Set(terms.map((t) => CHARSETS[t]));
  if (labels.size !== 1) return undefined;
  const [label] = labels;
  return label ? new TextDecoder(label) : undefined;
}

/** A parsed data set (top level or a sequence item). */
export class Dataset {
  private readonly byTag = new Map<TagNumber, daikon.Tag>();

  /**
   * @param bytes the buffer the tags' offsets point into (for raw text decoding)
   * @param decoder the data set's character set decoder (undefined: use daikon's strings)
   */
  constructor(
    tags: Iterable<daikon.Tag>,
    private readonly bytes?: Uint8Array,
    private readonly decoder?: TextDecoder,
  ) {
    for (const t of tags) {
      const key = ((t.group << 16) | t.element) >>> 0;
      if (!this.byTag.has(key)) this.byTag.set(key, t);
    }
  }

  /** The raw text of a string element (multi-values separated by "\\"), or undefined. */
  private text(t: daikon.Tag): string | undefined {
    if (!this.bytes || !this.decoder || !TEXT_VRS.has(t.vr)) return undefined;
    const end = Math.min(t.offsetEnd, this.bytes.length);
    if (t.offsetValue > end) return undefined;
    return this.decoder
      .decode(this.bytes.subarray(t.offsetValue, end))
      .split('\\')
      .map((v) => v.replace(/[\0 ]+$/, '').trim())
      .join('\\');
  }

  /** A string element, multi-values joined with "\\", trimmed ('' when absent). */
  string(tag: TagNumber): string {
    const t = this.byTag.get(tag);
    if (!t) return '';
    const raw = this.text(t);
    if (raw !== undefined) return raw;
    const v = t.value;
    if (v == null) return '';
    if (Array.isArray(v))
      return v
        .map((x) => (x instanceof Date ? dicomDate(x) : String(x).replace(/\0/g, '').trim()))
        .join('\\');
    if (typeof v === 'string' || typeof v === 'number') return String(v).replace(/\0/g, '').trim();
    return '';
  }

  has(tag: TagNumber): boolean {
    return this.byTag.has(tag);
  }

  raw(tag: TagNumber): daikon.Tag | undefined {
    return this.byTag.get(tag);
  }

  /** Numeric values of a number-like element (DS/IS/US/SS/UL/FL/FD or numeric strings). */
  numbers(tag: TagNumber): number[] {
    const v = this.byTag.get(tag)?.value;
    if (v == null) return [];
    const list: unknown[] = Array.isArray(v) ? v : [v];
    const out: number[] = [];
    for (const x of list) {
      if (typeof x === 'number') out.push(x);
      else if (typeof x === 'string') {
        for (const part of x.split('\\')) {
          const s = part.trim();
          if (s !== '') out.push(Number(s));
        }
      }
    }
    return out;
  }

  number(tag: TagNumber): number | undefined {
    const n = this.numbers(tag);
    return n.length > 0 && Number.isFinite(n[0]) ? n[0] : undefined;
  }

  /** The items of a sequence element (empty when absent). */
  items(tag: TagNumber): Dataset[] {
    const v = this.byTag.get(tag)?.value;
    if (!Array.isArray(v)) return [];
    const out: Dataset[] = [];
    for (const item of v as daikon.Tag[]) {
      // Items are (FFFE,E000); delimiters (FFFE,E00D / E0DD) are skipped.
      if (item && item.group === 0xfffe && item.element === 0xe000 && Array.isArray(item.value)) {
        out.push(new Dataset(item.value as daikon.Tag[], this.bytes, this.decoder));
      }
    }
    return out;
  }

  /** First item of a sequence, or undefined. */
  item(tag: TagNumber): Dataset | undefined {
    return this.items(tag)[0];
  }
}

export interface ParsedFile {
  dataset: Dataset;
  image: daikon.Image;
  /** The bytes daikon parsed (inflated for deflated transfer syntax). */
  byteLength: number;
  fileSize: number;
  /** Parsed from the first bytes only: pixel data incomplete, not for decoding. */
  headerOnly: boolean;
}

/** Why a file is not a usable DICOM object (thrown by readDicomFile as DicomFileError). */
export class DicomFileError extends Error {}

function hasDicmPreamble(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
/** Most a deflated data set may inflate to: a few hundred times a real file, far below exhausting memory. */
const MAX_INFLATED_BYTES = 512 * 2 ** 20;

/**
 * The File Meta Information's transfer syntax UID and where the data set starts; undefined without the Part 10
 * preamble or when the meta group runs past the bytes. ts is '' when the group does not name one.
 */
export function fileMeta(buf: Uint8Array): { ts: string; dataSetStart: number } | undefined {
  if (!hasDicmPreamble(buf)) return undefined;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 132;
  let ts = '';
  while (at + 8 <= buf.length && dv.getUint16(at, true) === 0x0002) {
    const element = dv.getUint16(at + 2, true);
    const vr = String.fromCharCode(buf[at + 4], buf[at + 5]);
    const long = ['OB', 'OW', 'UN', 'SQ', 'UT', 'UC', 'UR'].includes(vr);
    if (long && at + 12 > buf.length) return undefined;
    const length = long ? dv.getUint32(at + 8, true) : dv.getUint16(at + 6, true);
    const value = at + (long ? 12 : 8);
    if (value + length > buf.length) return undefined;
    if (element === 0x0010)
      ts = new TextDecoder('latin1').decode(buf.subarray(value, value + length)).replace(/[\0 ]+$/, '');
    at = value + length;
  }
  return { ts, dataSetStart: at };
}

/** The deflated bytes after the File Meta Information when the transfer syntax is Deflated Explicit VR LE, else undefined. */
export function deflatedPartOf(buf: Uint8Array): Uint8Array | undefined {
  const meta = fileMeta(buf);
  return meta?.ts === DEFLATED_LE ? buf.subarray(meta.dataSetStart) : undefined;
}

/** Refuses a deflated data set that would inflate beyond MAX_INFLATED_BYTES (a "zip bomb"), before daikon inflates it. */
export function checkInflatedSize(deflated: Uint8Array, limit = MAX_INFLATED_BYTES): void {
  try {
    inflateRawSync(deflated, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DicomFileError(`deflated data set inflates to more than ${limit / 2 ** 20} MB`);
    }
    throw new DicomFileError(`deflated data set cannot be inflated (${(e as Error).message})`);
  }
}

/** Parses bytes already in memory (see readDicomFile). */
export function parseDicomBytes(buf: Uint8Array, name = 'buffer'): ParsedFile {
  return parseBytes(buf, name, undefined);
}

/**
 * Parses the header of a file of `fileSize` bytes from its first bytes (`headerOnly` result: its Pixel Data
 * value is incomplete). Throws when the prefix is not enough (a longer header, deflate, damage, no Pixel Data).
 */
export function parseDicomPrefix(prefix: Uint8Array, name: string, fileSize: number): ParsedFile {
  return parseBytes(prefix, name, fileSize);
}

/**
 * @param totalSize set when `buf` is only the first bytes of a file of that size (header scan): then any
 *   doubt (an error, deflate, no Pixel Data, an element past the prefix) throws, and the caller reads it all.
 */
function parseBytes(buf: Uint8Array, name: string, totalSize: number | undefined): ParsedFile {
  if (buf.byteLength === 0) throw new DicomFileError('empty file (0 bytes)');
  if (!hasDicmPreamble(buf)) {
    // Files without the Part 10 preamble are accepted only when they start like a raw data set
    // (group 0x0008, little endian) — anything else is not DICOM.
    const startsLikeDataset = buf.byteLength >= 8 && buf[0] === 0x08 && buf[1] === 0x00;
    if (!startsLikeDataset) {
      throw new DicomFileError(
        buf.byteLength < 132
          ? `not a DICOM file (${buf.byteLength} bytes, no DICM preamble)`
          : 'not a DICOM file (no DICM preamble)',
      );
    }
  }
  // daikon ignores DataView.byteOffset (ENVIRONMENT.md §3), so hand it a buffer of its own. A copy through
  // Uint8Array: Buffer#slice shares memory, and small files sit in Node's shared pool beside other files' bytes.
  const ab =
    buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength
      ? (buf.buffer as ArrayBuffer)
      : new Uint8Array(buf).buffer;
  const deflated = deflatedPartOf(buf);
  if (deflated && totalSize === undefined) checkInflatedSize(deflated);
  const parser = new daikon.Parser();
  const image = parser.parse(new DataView(ab));
  if (!image) throw new DicomFileError('not a DICOM file (no data set could be parsed)');
  if (parser.hasError()) {
    const err = parser.error instanceof Error ? parser.error.message : String(parser.error);
    if (parser.error instanceof RangeError && /call stack/i.test(err)) {
      throw new DicomFileError('sequences nested too deeply to parse (a damaged or hostile file)');
    }
    if (parser.error instanceof RangeError) {
      throw new DicomFileError(
        `truncated file: the data set ends inside an element (${buf.byteLength} bytes)`,
      );
    }
    if (deflated && !parser.inflated)
      throw new DicomFileError(`deflated data set cannot be inflated (${err})`);
    if (parser.error instanceof TypeError) {
      // daikon walks into nothing when a length or VR does not match what follows (e.g. an item without its delimiter).
      throw new DicomFileError(
        `damaged element structure: a length or VR does not match the bytes that follow (${err})`,
      );
    }
    throw new DicomFileError(`corrupt DICOM data (${err})`);
  }
  const prefixOnly = totalSize !== undefined;
  if (prefixOnly && (parser.inflated || !image.getPixelData()))
    throw new DicomFileError('header prefix is not enough');
  const parsedBytes = new Uint8Array(parser.inflated ?? ab);
  const charsetTag = image.getTag(0x0008, 0x0005);
  const charset = charsetTag
    ? new TextDecoder('latin1')
        .decode(parsedBytes.subarray(charsetTag.offsetValue, charsetTag.offsetEnd))
        .replace(/[\0 ]+$/, '')
        .trim()
    : '';
  const dataset = new Dataset(Object.values(image.tags), parsedBytes, textDecoderFor(charset));
  const pixel = image.getPixelData();
  const parsedLength = parser.inflated ? parser.inflated.byteLength : ab.byteLength;
  // daikon stops quietly at the end of the buffer; an element running past it means the file was cut.
  for (const t of Object.values(image.tags)) {
    if (t !== pixel && t.offsetEnd > parsedLength) {
      throw new DicomFileError(
        `truncated file: element (${t.id.slice(0, 4)},${t.id.slice(4)}) runs past the end of the file (${buf.byteLength} bytes)`,
      );
    }
  }
  if (prefixOnly) {
    if (!pixel || pixel.offsetEnd > (totalSize ?? 0)) throw new DicomFileError('header prefix is not enough');
    return { dataset, image, byteLength: parsedLength, fileSize: totalSize ?? 0, headerOnly: true };
  }
  if (pixel && pixel.offsetEnd > parsedLength && pixel.offsetEnd - pixel.offsetValue !== 0xffffffff) {
    throw new DicomFileError(
      `truncated file: Pixel Data needs ${pixel.offsetEnd - pixel.offsetValue} bytes, only ${Math.max(0, parsedLength - pixel.offsetValue)} present`,
    );
  }
  if (!dataset.has(TAG.SOPClassUID) && !dataset.has(TAG.MediaStorageSOPClassUID)) {
    throw new DicomFileError(`not a DICOM object (no SOP Class UID) in ${name}`);
  }
  return { dataset, image, byteLength: parsedLength, fileSize: buf.byteLength, headerOnly: false };
}

/** Bytes read for a header-only parse; files larger than this are parsed from their first bytes when possible. */
const HEADER_PREFIX_BYTES = 128 * 1024;

/**
 * The largest file read whole when its first bytes do not hold the header (an RTSTRUCT has no Pixel Data to
 * stop at, a deflated data set must be inflated, a long header): beyond it the file is skipped with a reason.
 */
export const MAX_HEADER_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Why a file that starts with these bytes cannot be DICOM, or undefined when it may be: a Part 10 file has
 * "DICM" at byte 128; a raw data set (no preamble) starts with a group 0x0008 element, little endian.
 */
export function notDicomReason(first: Uint8Array, fileSize: number): string | undefined {
  if (fileSize === 0) return 'empty file (0 bytes)';
  if (hasDicmPreamble(first)) return undefined;
  if (first.byteLength >= 8 && first[0] === 0x08 && first[1] === 0x00) return undefined;
  return fileSize < 132
    ? `not a DICOM file (${fileSize} bytes, no DICM preamble)`
    : 'not a DICOM file (no DICM preamble)';
}

/**
 * Parses a file's header without reading all of its pixel data when it can (scan). The result's pixel
 * data may be incomplete (`headerOnly`); decode from readDicomFile / parseDicomBytes instead. What is not
 * DICOM is decided from the first bytes; a file is read whole only when it may be DICOM and its header is
 * not in the first HEADER_PREFIX_BYTES, and only up to MAX_HEADER_FILE_BYTES.
 */
export async function readDicomHeader(file: string): Promise<ParsedFile> {
  // O_NONBLOCK: a path swapped for a FIFO after the folder listing does not block on open.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new DicomFileError('not a regular file');
    const size = info.size;
    const prefix = Buffer.alloc(Math.min(size, HEADER_PREFIX_BYTES));
    const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0);
    const first = prefix.subarray(0, bytesRead);
    const notDicom = notDicomReason(first, size);
    if (notDicom) throw new DicomFileError(notDicom);
    if (size <= HEADER_PREFIX_BYTES && bytesRead === size) return parseBytes(first, file, undefined);
    try {
      return parseBytes(first, file, size);
    } catch {
      // Not enough (large header, RTSTRUCT, deflate, damage): parse the whole file, which names any problem.
    }
    if (size > MAX_HEADER_FILE_BYTES)
      throw new DicomFileError(
        `its header is not within the first ${HEADER_PREFIX_BYTES / 1024} kB, and at ${(size / 2 ** 30).toFixed(1)} GB it is not read whole to find it`,
      );
    return parseBytes(await handle.readFile(), file, undefined);
  } finally {
    await handle.close();
  }
}

/** Reads and parses one file. Throws DicomFileError naming the problem for empty / not-DICOM / truncated files. */
export function readDicomFile(file: string): ParsedFile {
  return parseDicomBytes(readFileSync(file), file);
}

export function sopClassOf(ds: Dataset): string {
  return ds.string(TAG.SOPClassUID) || ds.string(TAG.MediaStorageSOPClassUID);
}
