/**
 * DICOM byte building: Explicit VR Little Endian data sets with defined lengths, Part 10 meta header.
 * Pure functions over plain objects (no I/O). Elements are sorted by tag when encoded.
 */
import { createHash, randomUUID } from 'node:crypto';

export type VR =
  | 'AE'
  | 'AS'
  | 'AT'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'DT'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'PN'
  | 'SH'
  | 'ST'
  | 'TM'
  | 'UI'
  | 'UT'
  | 'US'
  | 'UL'
  | 'SS'
  | 'SL'
  | 'FL'
  | 'FD'
  | 'OB'
  | 'OW'
  | 'SQ';

export type ElementValue = string | number[] | Uint8Array | Element[][];

export interface Element {
  tag: number;
  vr: VR;
  value: ElementValue;
}

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const IMPLEMENTATION_CLASS_UID = '2.25.215364793316935392716442313418040367617';
export const IMPLEMENTATION_VERSION = 'RADSCORE_1';

/** VRs with a 2-byte reserved field and a 4-byte length in Explicit VR (PS3.5 §7.1.2). */
const LONG_VRS = new Set<VR>(['OB', 'OW', 'SQ', 'UT']);

const utf8 = new TextEncoder();

/** A growable byte buffer. */
class ByteWriter {
  private chunks: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
  u16(v: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.push(b);
  }
  u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.push(b);
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function numbersBytes(vr: VR, values: number[]): Uint8Array {
  if (vr === 'AT') {
    // Attribute tags: group then element, each a 16-bit little-endian word (PS3.5 §6.2).
    const b = new Uint8Array(values.length * 4);
    const dv = new DataView(b.buffer);
    values.forEach((tag, n) => {
      dv.setUint16(4 * n, tag >>> 16, true);
      dv.setUint16(4 * n + 2, tag & 0xffff, true);
    });
    return b;
  }
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const b = new Uint8Array(values.length * size);
  const dv = new DataView(b.buffer);
  values.forEach((v, n) => {
    const o = n * size;
    if (vr === 'US') dv.setUint16(o, v, true);
    else if (vr === 'SS') dv.setInt16(o, v, true);
    else if (vr === 'UL') dv.setUint32(o, v, true);
    else if (vr === 'SL') dv.setInt32(o, v, true);
    else if (vr === 'FL') dv.setFloat32(o, v, true);
    else dv.setFloat64(o, v, true);
  });
  return b;
}

function valueBytes(el: Element): Uint8Array {
  const { vr, value } = el;
  if (vr === 'SQ') {
    const w = new ByteWriter();
    for (const item of value as Element[][]) {
      const body = encodeDataset(item);
      w.u16(0xfffe);
      w.u16(0xe000);
      w.u32(body.length);
      w.push(body);
    }
    return w.bytes();
  }
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (Array.isArray(value)) bytes = numbersBytes(vr, value as number[]);
  else bytes = utf8.encode(value);
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  // UI and binary values pad with NUL, text with a space (PS3.5 §6.2).
  padded[bytes.length] = vr === 'UI' || vr === 'OB' || vr === 'OW' ? 0 : 0x20;
  return padded;
}

function tagName(tag: number): string {
  return `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`.toUpperCase();
}

/** Encodes elements (any order) as an Explicit VR Little Endian data set. */
export function encodeDataset(elements: Element[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  const w = new ByteWriter();
  for (let n = 0; n < sorted.length; n++) {
    const el = sorted[n];
    if (n > 0 && sorted[n - 1].tag === el.tag) throw new Error(`element ${tagName(el.tag)} given twice`);
    const bytes = valueBytes(el);
    w.u16(el.tag >>> 16);
    w.u16(el.tag & 0xffff);
    w.push(utf8.encode(el.vr));
    if (LONG_VRS.has(el.vr)) {
      w.u16(0);
      w.u32(bytes.length);
    } else {
      if (bytes.length > 0xfffe)
        throw new Error(`element ${tagName(el.tag)} (${el.vr}) is ${bytes.length} bytes; at most 65534 fit`);
      w.u16(bytes.length);
    }
    w.push(bytes);
  }
  return w.bytes();
}

/** A Part 10 file: 128-byte preamble, "DICM", File Meta Information (group 2), then the data set. */
export function encodePart10(sopClassUid: string, sopInstanceUid: string, dataset: Element[]): Uint8Array {
  const metaBody = encodeDataset([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    { tag: 0x00020013, vr: 'SH', value: IMPLEMENTATION_VERSION },
  ]);
  const groupLength = encodeDataset([{ tag: 0x00020000, vr: 'UL', value: [metaBody.length] }]);
  const body = encodeDataset(dataset);
  const out = new Uint8Array(132 + groupLength.length + metaBody.length + body.length);
  out.set(utf8.encode('DICM'), 128);
  out.set(groupLength, 132);
  out.set(metaBody, 132 + groupLength.length);
  out.set(body, 132 + groupLength.length + metaBody.length);
  return out;
}

/** A Decimal String value (≤ 16 characters) with at most `decimals` decimals. */
export function formatDS(x: number, decimals = 6): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} as a DICOM decimal string`);
  for (let d = decimals; d >= 0; d--) {
    let s = x.toFixed(d);
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (s === '-0') s = '0';
    if (s.length <= 16) return s;
  }
  const e = x.toExponential(8);
  if (e.length <= 16) return e;
  throw new Error(`cannot write ${x} in 16 characters`);
}

export const ds = (values: number[], decimals = 6): string =>
  values.map((v) => formatDS(v, decimals)).join('\\');

/**
 * UID maker under the "2.25" root (UUID-derived UIDs, PS3.5 §B.2): random by default; deterministic
 * when seeded (the same seed gives the same UIDs, for reproducible demo data).
 */
export function createUidGenerator(seed?: string): () => string {
  let counter = 0;
  return () => {
    const hex =
      seed === undefined
        ? randomUUID().replace(/-/g, '')
        : createHash('sha256').update(`${seed}/${counter++}`).digest('hex').slice(0, 32);
    return `2.25.${BigInt(`0x${hex}`).toString()}`;
  };
}

/** DICOM date (YYYYMMDD) and time (HHMMSS) of a moment, in UTC. */
export function dicomDateTime(d: Date): { date: string; time: string } {
  const iso = d.toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}
