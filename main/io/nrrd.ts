/**
 * NRRD reader (attached data; raw or gzip encoding) → Volume in LPS patient space.
 */
import { readFileSync } from 'node:fs';
import { gunzipBounded } from './gunzip';
import type { Vec3, Volume } from '../../shared/image/volume';

const NRRD_TYPES: Record<string, { bytes: number; read: (v: DataView, o: number, le: boolean) => number }> =
  {};
const defineType = (
  names: string[],
  bytes: number,
  read: (v: DataView, o: number, le: boolean) => number,
) => {
  for (const n of names) NRRD_TYPES[n] = { bytes, read };
};
defineType(['signed char', 'int8', 'int8_t'], 1, (v, o) => v.getInt8(o));
defineType(['uchar', 'unsigned char', 'uint8', 'uint8_t'], 1, (v, o) => v.getUint8(o));
defineType(['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t'], 2, (v, o, le) =>
  v.getInt16(o, le),
);
defineType(['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t'], 2, (v, o, le) =>
  v.getUint16(o, le),
);
defineType(['int', 'signed int', 'int32', 'int32_t'], 4, (v, o, le) => v.getInt32(o, le));
defineType(['uint', 'unsigned int', 'uint32', 'uint32_t'], 4, (v, o, le) => v.getUint32(o, le));
defineType(['float'], 4, (v, o, le) => v.getFloat32(o, le));
defineType(['double'], 8, (v, o, le) => v.getFloat64(o, le));

function parseVector(s: string): number[] {
  const m = s.trim().match(/^\((.*)\)$/);
  if (!m) throw new Error(`NRRD vector "${s}" is malformed`);
  return m[1].split(',').map((x) => Number(x));
}

export function parseNrrd(bytes: Uint8Array): Volume {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (!magic.startsWith('NRRD000')) throw new Error('not a NRRD file: missing NRRD000x magic');
  // header ends at the first blank line
  let end = -1;
  for (let n = 0; n < Math.min(bytes.byteLength - 1, 1 << 20); n++) {
    if (bytes[n] === 10 && bytes[n + 1] === 10) {
      end = n + 2;
      break;
    }
    if (bytes[n] === 10 && bytes[n + 1] === 13 && bytes[n + 2] === 10) {
      end = n + 3;
      break;
    }
  }
  if (end < 0) throw new Error('NRRD header has no terminating blank line');
  const header = new TextDecoder().decode(bytes.subarray(0, end));
  const fields = new Map<string, string>();
  for (const line of header.split(/\r?\n/).slice(1)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(': ');
    if (i > 0) fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 2).trim());
  }
  if (fields.has('data file') || fields.has('datafile'))
    throw new Error('detached NRRD data files are not supported');
  const dimension = Number(fields.get('dimension'));
  if (dimension !== 3) throw new Error(`NRRD dimension ${dimension} is not supported (3 is)`);
  const sizes = (fields.get('sizes') ?? '').split(/\s+/).map(Number) as Vec3;
  const typeName = (fields.get('type') ?? '').toLowerCase();
  const type = NRRD_TYPES[typeName];
  if (!type) throw new Error(`NRRD type "${typeName}" is not supported`);
  const le = (fields.get('endian') ?? 'little') !== 'big';
  const encoding = (fields.get('encoding') ?? 'raw').toLowerCase();
  let payload = bytes.subarray(end);
  if (encoding === 'gzip' || encoding === 'gz') payload = gunzipBounded(payload, 'NRRD');
  else if (encoding !== 'raw') throw new Error(`NRRD encoding "${encoding}" is not supported`);

  const space = (fields.get('space') ?? 'left-posterior-superior').toLowerCase();
  const flip = space === 'right-anterior-superior' || space === 'ras' ? [-1, -1, 1] : [1, 1, 1];
  let cols: number[][];
  const dirField = fields.get('space directions');
  if (dirField) {
    cols = (dirField.match(/\([^)]*\)/g) ?? []).map(parseVector);
    if (cols.length !== 3) throw new Error('NRRD space directions must give 3 vectors');
  } else {
    const sp = (fields.get('spacings') ?? '1 1 1').split(/\s+/).map(Number);
    cols = [
      [sp[0], 0, 0],
      [0, sp[1], 0],
      [0, 0, sp[2]],
    ];
  }
  cols = cols.map((c) => c.map((x, n) => x * flip[n]));
  const spacing = cols.map((c) => Math.hypot(c[0], c[1], c[2]) || 1) as Vec3;
  const direction = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => cols[col][row] / spacing[col] + 0));
  const originField = fields.get('space origin');
  const origin = (originField ? parseVector(originField).map((x, n) => x * flip[n]) : [0, 0, 0]) as Vec3;

  const count = sizes[0] * sizes[1] * sizes[2];
  if (payload.byteLength < count * type.bytes) throw new Error('NRRD data is truncated');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const data = new Float32Array(count);
  for (let n = 0; n < count; n++) data[n] = type.read(view, n * type.bytes, le);
  return { size: sizes, spacing, origin, direction, data };
}

export function readNrrd(path: string): Volume {
  return parseNrrd(readFileSync(path));
}
