/**
 * A seeded DICOM mutator: damages real files the ways broken exporters, cut transfers and hostile inputs
 * do — bit flips, truncation at element boundaries, huge / odd / zero lengths, wrong VRs, absurd image
 * dimensions, deep sequence nesting, undefined-length items without delimiters, a swapped transfer syntax.
 * Pure byte work (no I/O), deterministic for a given random source.
 */

/** One element header found in a file (offsets into the bytes). */
export interface ElementSpan {
  start: number;
  group: number;
  element: number;
  /** Offset of the explicit VR (-1 when implicit or an item / delimiter). */
  vrAt: number;
  lengthAt: number;
  lengthBytes: 2 | 4;
  valueAt: number;
  /** Declared length (0xFFFFFFFF = undefined). */
  length: number;
  littleEndian: boolean;
}

const UNDEFINED = 0xffffffff;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
const TS_EXPLICIT_BE = '1.2.840.10008.1.2.2';
const TS_DEFLATED = '1.2.840.10008.1.2.1.99';

const latin1 = new TextDecoder('latin1');

function hasPreamble(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/**
 * Element headers of a file in file order, descending into sequences and items (encapsulated pixel
 * fragments are skipped). Stops quietly at the first thing that does not parse: a map, not a validator.
 */
export function walkElements(bytes: Uint8Array, maxElements = 200_000): ElementSpan[] {
  const out: ElementSpan[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = hasPreamble(bytes) ? 132 : 0;
  let explicit = true;
  let little = true;
  let inMeta = hasPreamble(bytes);
  let fragments = false;
  while (at + 8 <= bytes.length && out.length < maxElements) {
    let group = dv.getUint16(at, true);
    if (inMeta && group !== 0x0002) {
      inMeta = false;
      const ts = out.find((e) => e.group === 0x0002 && e.element === 0x0010);
      const uid = ts
        ? latin1.decode(bytes.subarray(ts.valueAt, ts.valueAt + ts.length)).replace(/[\0 ]+$/, '')
        : '';
      if (uid === TS_DEFLATED) return out; // the data set is compressed: only the meta header is mapped
      explicit = uid !== TS_IMPLICIT_LE;
      little = uid !== TS_EXPLICIT_BE;
    }
    group = dv.getUint16(at, little);
    const element = dv.getUint16(at + 2, little);
    if (group === 0xfffe) {
      const length = dv.getUint32(at + 4, little);
      out.push({
        start: at,
        group,
        element,
        vrAt: -1,
        lengthAt: at + 4,
        lengthBytes: 4,
        valueAt: at + 8,
        length,
        littleEndian: little,
      });
      if (element === 0xe0dd) fragments = false;
      // Fragment items (and defined-length items we cannot tell apart) are skipped in fragment mode.
      at += 8 + (fragments && element === 0xe000 && length !== UNDEFINED ? length : 0);
      continue;
    }
    let vr = '';
    let lengthAt: number;
    let lengthBytes: 2 | 4;
    if (explicit || inMeta) {
      vr = String.fromCharCode(bytes[at + 4], bytes[at + 5]);
      if (!/^[A-Z]{2}$/.test(vr)) return out;
      if (LONG_VRS.has(vr)) {
        lengthAt = at + 8;
        lengthBytes = 4;
      } else {
        lengthAt = at + 6;
        lengthBytes = 2;
      }
    } else {
      lengthAt = at + 4;
      lengthBytes = 4;
    }
    if (lengthAt + lengthBytes > bytes.length) return out;
    const length = lengthBytes === 2 ? dv.getUint16(lengthAt, little) : dv.getUint32(lengthAt, little);
    const valueAt = lengthAt + lengthBytes;
    out.push({
      start: at,
      group,
      element,
      vrAt: explicit || inMeta ? at + 4 : -1,
      lengthAt,
      lengthBytes,
      valueAt,
      length,
      littleEndian: little,
    });
    if (length === UNDEFINED) {
      if (group === 0x7fe0 && element === 0x0010) fragments = true;
      at = valueAt; // descend: items / fragments follow inline
    } else if (vr === 'SQ') {
      at = valueAt; // descend into a defined-length sequence
    } else {
      at = valueAt + length;
    }
  }
  return out;
}

export type MutationKind =
  | 'bit-flip'
  | 'truncate'
  | 'huge-length'
  | 'odd-length'
  | 'zero-length'
  | 'wrong-vr'
  | 'dimensions'
  | 'deep-nesting'
  | 'undelimited-items'
  | 'transfer-syntax';

export const MUTATION_KINDS: MutationKind[] = [
  'bit-flip',
  'truncate',
  'huge-length',
  'odd-length',
  'zero-length',
  'wrong-vr',
  'dimensions',
  'deep-nesting',
  'undelimited-items',
  'transfer-syntax',
];

export interface Mutation {
  kinds: MutationKind[];
  bytes: Uint8Array;
}

type Random = () => number;
const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const int = (rand: Random, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

function setLength(bytes: Uint8Array, e: ElementSpan, value: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.lengthBytes === 2) dv.setUint16(e.lengthAt, value & 0xffff, e.littleEndian);
  else dv.setUint32(e.lengthAt, value >>> 0, e.littleEndian);
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Header bytes: tag (group, element), explicit VR when given, then the length in 2 or 4 bytes (little endian). */
function header(group: number, element: number, vr: string | undefined, length: number): Uint8Array {
  const long = vr === undefined || LONG_VRS.has(vr);
  const b = new Uint8Array(vr === undefined ? 8 : long ? 12 : 8);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, group, true);
  dv.setUint16(2, element, true);
  if (vr === undefined) {
    dv.setUint32(4, length >>> 0, true);
  } else {
    b[4] = vr.charCodeAt(0);
    b[5] = vr.charCodeAt(1);
    if (long) dv.setUint32(8, length >>> 0, true);
    else dv.setUint16(6, length, true);
  }
  return b;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Elements of the data set proper (not the meta header, not items), where inserted content stays well-formed for a walker. */
function datasetElements(spans: ElementSpan[]): ElementSpan[] {
  return spans.filter((e) => e.group !== 0x0002 && e.group !== 0xfffe);
}

const TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5',
  '1.2.3.4.5.6.7',
  '',
];

const DIMENSION_TAGS = [
  0x00280010, 0x00280011, 0x00280008, 0x00280100, 0x00280101, 0x00280102, 0x00280002, 0x00280103,
];

/** Applies one mutation of `kind`; returns undefined when the file offers nothing for it (e.g. no explicit VRs). */
export function mutateOnce(bytes: Uint8Array, kind: MutationKind, rand: Random): Uint8Array | undefined {
  const spans = walkElements(bytes);
  const body = hasPreamble(bytes) ? 132 : 0;
  switch (kind) {
    case 'bit-flip': {
      const out = bytes.slice();
      const flips = int(rand, 1, 8);
      // Most flips land in the first 4 KiB, where the header (and the interesting parsing) is.
      const hi = rand() < 0.7 ? Math.min(out.length, 4096) : out.length;
      for (let n = 0; n < flips && hi > body; n++) out[int(rand, body, hi - 1)] ^= 1 << int(rand, 0, 7);
      return out;
    }
    case 'truncate': {
      if (spans.length === 0) return bytes.slice(0, int(rand, 0, bytes.length - 1));
      const e = pick(rand, spans);
      // At the element start (a clean cut between elements), or inside its header or value.
      const cut = pick(rand, [
        e.start,
        e.start,
        e.valueAt,
        Math.min(bytes.length - 1, e.valueAt + int(rand, 1, 16)),
        e.lengthAt,
      ]);
      return bytes.slice(0, cut);
    }
    case 'huge-length':
    case 'odd-length':
    case 'zero-length': {
      if (spans.length === 0) return undefined;
      const e = pick(rand, spans);
      const out = bytes.slice();
      const value =
        kind === 'zero-length'
          ? 0
          : kind === 'odd-length'
            ? e.length === UNDEFINED
              ? int(rand, 0, 4000) * 2 + 1
              : (e.length + pick(rand, [1, -1, 3])) | 1
            : e.lengthBytes === 2
              ? pick(rand, [0xffff, 0xfffe, 0x8001])
              : pick(rand, [0xfffffffe, 0x7fffffff, 0xfffffff0, UNDEFINED, bytes.length * 2, 0x10000000]);
      setLength(out, e, value);
      return out;
    }
    case 'wrong-vr': {
      const explicit = spans.filter((e) => e.vrAt >= 0);
      if (explicit.length === 0) return undefined;
      const e = pick(rand, explicit);
      const out = bytes.slice();
      const vr = pick(rand, ['SQ', 'OB', 'UN', 'UT', 'US', 'FD', 'AT', 'SS', 'DS', 'XX', '\0\0', 'ob']);
      out[e.vrAt] = vr.charCodeAt(0);
      out[e.vrAt + 1] = vr.charCodeAt(1);
      return out;
    }
    case 'dimensions': {
      const dims = spans.filter(
        (e) =>
          DIMENSION_TAGS.includes(((e.group << 16) | e.element) >>> 0) &&
          e.length > 0 &&
          e.length <= 16 &&
          e.valueAt + e.length <= bytes.length,
      );
      if (dims.length === 0) return undefined;
      const e = pick(rand, dims);
      const out = bytes.slice();
      const dv = new DataView(out.buffer);
      if (e.group === 0x0028 && e.element === 0x0008) {
        // NumberOfFrames is an IS string: replace its digits, keeping the length.
        const v = pick(rand, ['2147483647', '999999999', '0', '-1', '65536', 'NaN', '1e9'])
          .slice(0, e.length)
          .padEnd(e.length, ' ');
        for (let n = 0; n < e.length; n++) out[e.valueAt + n] = v.charCodeAt(n);
      } else if (e.length >= 2) {
        dv.setUint16(e.valueAt, pick(rand, [0, 1, 3, 7, 64, 4096, 32768, 65535]), e.littleEndian);
      }
      return out;
    }
    case 'deep-nesting': {
      const ds = datasetElements(spans);
      if (ds.length === 0 || ds[0].vrAt < 0 || !ds[0].littleEndian) return undefined;
      const depth = pick(rand, [64, 1000, 10_000, 50_000]);
      const closed = rand() < 0.5;
      const parts: Uint8Array[] = [];
      for (let n = 0; n < depth; n++) {
        parts.push(header(0x0009, 0x1010, 'SQ', UNDEFINED)); // private sequence
        parts.push(header(0xfffe, 0xe000, undefined, UNDEFINED));
      }
      if (closed) {
        for (let n = 0; n < depth; n++) {
          parts.push(header(0xfffe, 0xe00d, undefined, 0));
          parts.push(header(0xfffe, 0xe0dd, undefined, 0));
        }
      }
      const at = pick(rand, ds).start;
      return splice(bytes, at, 0, concat(parts));
    }
    case 'undelimited-items': {
      const ds = datasetElements(spans);
      if (ds.length === 0 || ds[0].vrAt < 0 || !ds[0].littleEndian) return undefined;
      const items = int(rand, 1, 3);
      const parts: Uint8Array[] = [header(0x0008, 0x1115, 'SQ', UNDEFINED)];
      for (let n = 0; n < items; n++) {
        parts.push(header(0xfffe, 0xe000, undefined, UNDEFINED));
        const uid = new TextEncoder().encode('1.2.3.4\0');
        parts.push(header(0x0020, 0x000e, 'UI', uid.length), uid);
      }
      // No item or sequence delimiters: the following elements (or the end of file) swallow the rest.
      const at = rand() < 0.5 ? bytes.length : pick(rand, ds).start;
      return splice(bytes, at, 0, concat(parts));
    }
    case 'transfer-syntax': {
      const ts = spans.find((e) => e.group === 0x0002 && e.element === 0x0010);
      if (!ts || ts.length === UNDEFINED || ts.valueAt + ts.length > bytes.length) return undefined;
      let uid = pick(rand, TRANSFER_SYNTAXES);
      if (uid.length % 2 === 1) uid += '\0';
      const value = new TextEncoder().encode(uid);
      const out = splice(bytes, ts.valueAt, ts.length, value);
      setLength(out, { ...ts }, value.length);
      // Keep (0002,0000) group length consistent, so only the syntax itself is wrong.
      const groupLength = spans.find((e) => e.group === 0x0002 && e.element === 0x0000 && e.length === 4);
      if (groupLength) {
        const dv = new DataView(out.buffer);
        dv.setUint32(
          groupLength.valueAt,
          dv.getUint32(groupLength.valueAt, true) + value.length - ts.length,
          true,
        );
      }
      return out;
    }
  }
}

/** One to three mutations of random kinds (seeded by `rand`); kinds the file cannot take are redrawn. */
export function mutate(bytes: Uint8Array, rand: Random): Mutation {
  const count = rand() < 0.7 ? 1 : int(rand, 2, 3);
  const kinds: MutationKind[] = [];
  let current = bytes;
  for (let attempts = 0; kinds.length < count && attempts < 20; attempts++) {
    const kind = pick(rand, MUTATION_KINDS);
    const next = mutateOnce(current, kind, rand);
    if (!next) continue;
    kinds.push(kind);
    current = next;
  }
  if (kinds.length === 0) {
    kinds.push('bit-flip');
    current = mutateOnce(current, 'bit-flip', rand) ?? current;
  }
  return { kinds, bytes: current };
}
