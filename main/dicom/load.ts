/** loadSeriesVolume: decodes the instances of a scanned series into one float32 volume (rescale applied). */
import { readFile } from 'node:fs/promises';
import { worldToIndex, type Volume } from '../../shared/image/volume';
import { parseDicomBytes } from './dataset';
import { decodeParsedFrames, frameRescalesOf } from './decode';
import type { DicomSeriesInfo } from './types';

/**
 * Each frame goes to the slice k its ImagePositionPatient falls on (nearest index along the normal), so
 * file order, multi-frame order and gaps need no special cases. Slices with no frame (a missing slice,
 * warned about at scan time) stay 0.
 */
export async function loadSeriesVolume(series: Pick<DicomSeriesInfo, 'instances' | 'geometry'>): Promise<Volume> {
  const g = series.geometry;
  const [nx, ny, nz] = g.size;
  const sliceLength = nx * ny;
  const data = new Float32Array(sliceLength * nz);
  const filled = new Uint8Array(nz);
  for (const inst of series.instances) {
    let frames;
    let rescales;
    try {
      const parsed = parseDicomBytes(await readFile(inst.file), inst.file);
      frames = await decodeParsedFrames(parsed);
      rescales = frameRescalesOf(parsed, frames.frames);
    } catch (e) {
      throw new Error(`cannot decode ${inst.file}: ${(e as Error).message}`);
    }
    if (frames.columns !== nx || frames.rows !== ny) {
      throw new Error(`${inst.file}: ${frames.columns}×${frames.rows} pixels, the series grid is ${nx}×${ny}`);
    }
    if (frames.samplesPerPixel !== 1) throw new Error(`${inst.file}: colour images are not supported`);
    for (let f = 0; f < frames.frames; f++) {
      const { slope, intercept } = rescales[f];
      const position = inst.positions[f];
      if (!position) throw new Error(`${inst.file}: no position for frame ${f + 1}`);
      const kf = worldToIndex(g, position)[2];
      const k = Math.round(kf);
      if (k < 0 || k >= nz || Math.abs(kf - k) > 0.45) continue; // a repeated/dropped frame, not on the grid
      if (filled[k]) continue; // the scan kept the first frame at a repeated position
      filled[k] = 1;
      const src = frames.data;
      const offset = f * sliceLength;
      const dst = k * sliceLength;
      if (slope === 1 && intercept === 0) {
        data.set(src.subarray(offset, offset + sliceLength), dst); // converts to float32 natively
      } else {
        for (let n = 0; n < sliceLength; n++) data[dst + n] = src[offset + n] * slope + intercept;
      }
    }
  }
  return { size: [...g.size], spacing: [...g.spacing], origin: [...g.origin], direction: [...g.direction], data };
}
