/**
 * How binary payloads and drawn masks travel: the raw-bytes envelope of the binary channels (volumes, masks)
 * over HTTP, and the run-length form of a 0/1 mask (roi.save). Pure, no zod.
 */
import type { RunLengthMask } from './rois';

// ---------------------------------------------------------------------------------------------------------
// The binary envelope: "RSB1" | uint32 LE meta length | meta JSON (UTF-8) | zero pad to 8 | raw array bytes.

const MAGIC = [0x52, 0x53, 0x42, 0x31]; // "RSB1"
export type BinaryDType = 'float32' | 'uint8';

export interface BinaryPayload<M = unknown> {
  meta: M;
  data: Float32Array | Uint8Array;
}

export function encodeBinary(payload: BinaryPayload): Uint8Array {
  const dtype: BinaryDType = payload.data instanceof Float32Array ? 'float32' : 'uint8';
  const metaBytes = new TextEncoder().encode(JSON.stringify({ dtype, meta: payload.meta }));
  const headerEnd = 8 + metaBytes.length;
  const dataStart = Math.ceil(headerEnd / 8) * 8; // keeps the Float32Array view aligned
  const out = new Uint8Array(dataStart + payload.data.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, metaBytes.length, true);
  out.set(metaBytes, 8);
  out.set(new Uint8Array(payload.data.buffer, payload.data.byteOffset, payload.data.byteLength), dataStart);
  return out;
}

export function decodeBinary(buffer: ArrayBuffer): BinaryPayload {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 8 || MAGIC.some((b, n) => bytes[n] !== b)) throw new Error('binary payload: bad magic');
  const metaLength = new DataView(buffer).getUint32(4, true);
  if (8 + metaLength > bytes.length) throw new Error('binary payload: truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + metaLength))) as {
    dtype: BinaryDType;
    meta: unknown;
  };
  const dataStart = Math.ceil((8 + metaLength) / 8) * 8;
  const raw = buffer.slice(dataStart);
  if (header.dtype === 'float32') {
    if (raw.byteLength % 4 !== 0) throw new Error('binary payload: float32 data not a multiple of 4 bytes');
    return { meta: header.meta, data: new Float32Array(raw) };
  }
  if (header.dtype === 'uint8') return { meta: header.meta, data: new Uint8Array(raw) };
  throw new Error(`binary payload: unknown dtype ${String(header.dtype)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Run-length masks

/** Encodes a 0/1 mask (any non-zero counts as 1) as alternating run lengths, starting with a 0-run. */
export function encodeRuns(data: Uint8Array): RunLengthMask {
  const runs: number[] = [];
  let current = 0;
  let length = 0;
  for (let n = 0; n < data.length; n++) {
    const v = data[n] ? 1 : 0;
    if (v === current) length++;
    else {
      runs.push(length);
      current = v;
      length = 1;
    }
  }
  runs.push(length);
  return { encoding: 'runs01', runs };
}

/** Decodes run lengths into a mask of exactly `voxels` values; throws when the runs do not add up. */
export function decodeRuns(mask: RunLengthMask, voxels: number): Uint8Array {
  let total = 0;
  for (const r of mask.runs) total += r;
  if (total !== voxels) throw new Error(`mask runs cover ${total} voxels but the series has ${voxels}`);
  const out = new Uint8Array(voxels);
  let at = 0;
  mask.runs.forEach((run, n) => {
    if (n % 2 === 1) out.fill(1, at, at + run);
    at += run;
  });
  return out;
}
