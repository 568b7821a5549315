/**
 * NIfTI-1 reader (.nii / .nii.gz) → Volume in LPS patient space.
 * Orientation: sform when sform_code > 0, else qform when qform_code > 0, else pixdim only (NIfTI "method 1").
 */
import { readFileSync } from 'node:fs';
import { gunzipBounded } from './gunzip';
import type { Vec3, Volume } from '../../shared/image/volume';

const NIFTI_TYPES: Record<number, { bytes: number; read: (v: DataView, o: number, le: boolean) => number }> =
  {
    2: { bytes: 1, read: (v, o) => v.getUint8(o) },
    4: { bytes: 2, read: (v, o, le) => v.getInt16(o, le) },
    8: { bytes: 4, read: (v, o, le) => v.getInt32(o, le) },
    16: { bytes: 4, read: (v, o, le) => v.getFloat32(o, le) },
    64: { bytes: 8, read: (v, o, le) => v.getFloat64(o, le) },
    256: { bytes: 1, read: (v, o) => v.getInt8(o) },
    512: { bytes: 2, read: (v, o, le) => v.getUint16(o, le) },
    768: { bytes: 4, read: (v, o, le) => v.getUint32(o, le) },
  };

export function parseNifti(bytes: Uint8Array): Volume {
  if (bytes.byteLength < 352)
    throw new Error(`not a NIfTI-1 file: ${bytes.byteLength} bytes is shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le = true;
  if (view.getInt32(0, true) !== 348) {
    if (view.getInt32(0, false) !== 348) throw new Error('not a NIfTI-1 file: sizeof_hdr is not 348');
    le = false;
  }
  const ndim = view.getInt16(40, le);
  if (ndim < 1 || ndim > 7) throw new Error(`NIfTI dim[0] = ${ndim} is invalid`);
  const dims = [1, 1, 1].map((_, n) => (n < ndim ? view.getInt16(42 + 2 * n, le) : 1)) as Vec3;
  for (let n = 3; n < ndim; n++) {
    if (view.getInt16(42 + 2 * n, le) > 1)
      throw new Error('NIfTI images with more than 3 dimensions are not supported');
  }
  const datatype = view.getInt16(70, le);
  const type = NIFTI_TYPES[datatype];
  if (!type) throw new Error(`NIfTI datatype ${datatype} is not supported`);
  const pixdim = Array.from({ length: 8 }, (_, n) => view.getFloat32(76 + 4 * n, le));
  const voxOffset = Math.round(view.getFloat32(108, le));
  let slope = view.getFloat32(112, le);
  const inter = view.getFloat32(116, le);
  if (!Number.isFinite(slope) || slope === 0) slope = 1;
  const qformCode = view.getInt16(252, le);
  const sformCode = view.getInt16(254, le);

  // affine (RAS) as 3 columns a_i, a_j, a_k and translation t
  let cols: [Vec3, Vec3, Vec3];
  let t: Vec3;
  if (sformCode > 0) {
    const row = (o: number) => [0, 1, 2, 3].map((n) => view.getFloat32(o + 4 * n, le));
    const rx = row(280);
    const ry = row(296);
    const rz = row(312);
    cols = [
      [rx[0], ry[0], rz[0]],
      [rx[1], ry[1], rz[1]],
      [rx[2], ry[2], rz[2]],
    ];
    t = [rx[3], ry[3], rz[3]];
  } else if (qformCode > 0) {
    const b = view.getFloat32(256, le);
    const c = view.getFloat32(260, le);
    const d = view.getFloat32(264, le);
    const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
    const qfac = pixdim[0] < 0 ? -1 : 1;
    const r = [
      [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
      [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
      [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
    ];
    const s = [pixdim[1], pixdim[2], pixdim[3] * qfac];
    cols = [0, 1, 2].map((col) => [r[0][col] * s[col], r[1][col] * s[col], r[2][col] * s[col]]) as [
      Vec3,
      Vec3,
      Vec3,
    ];
    t = [view.getFloat32(268, le), view.getFloat32(272, le), view.getFloat32(276, le)];
  } else {
    cols = [
      [pixdim[1], 0, 0],
      [0, pixdim[2], 0],
      [0, 0, pixdim[3]],
    ];
    t = [0, 0, 0];
  }
  // RAS → LPS: negate x and y.
  const toLps = (v: Vec3): Vec3 => [-v[0], -v[1], v[2]];
  const lpsCols = cols.map(toLps);
  const spacing = lpsCols.map((v) => Math.hypot(v[0], v[1], v[2]) || 1) as Vec3;
  const direction = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => lpsCols[col][row] / spacing[col] + 0));

  const count = dims[0] * dims[1] * dims[2];
  if (voxOffset + count * type.bytes > bytes.byteLength) {
    throw new Error(
      `NIfTI file is truncated: needs ${voxOffset + count * type.bytes} bytes, has ${bytes.byteLength}`,
    );
  }
  const data = new Float32Array(count);
  for (let n = 0; n < count; n++) data[n] = type.read(view, voxOffset + n * type.bytes, le) * slope + inter;
  return { size: dims, spacing, origin: toLps(t), direction, data };
}

/** A .nii or .nii.gz file's bytes → Volume (gzip recognised by its magic bytes, inflated within a bound). */
export function parseNiftiFile(file: Uint8Array): Volume {
  return parseNifti(file[0] === 0x1f && file[1] === 0x8b ? gunzipBounded(file, 'NIfTI') : file);
}

export function readNifti(path: string): Volume {
  return parseNiftiFile(readFileSync(path));
}
