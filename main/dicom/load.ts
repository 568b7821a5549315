/** loadSeriesVolume: decodes the instances of a scanned series into one float32 volume (rescale applied). */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { worldToIndex, type Volume } from '../../shared/image/volume';
import { frameRefs, placeOnGrid, unusableReasons } from '../../shared/dicom/seriesUsability';
import {
  decodeParsedFrames,
  frameRescalesOf,
  parseForDecode,
  rescaleProblemOf,
  type StoredArray,
} from './decode';
import type { DicomInstanceInfo, DicomSeriesInfo } from './types';

/**
 * Each frame goes to the slice index the scan gave it: the same pure stacking (sort along the normal,
 * gaps kept) is re-run on the instances' positions, so file order, multi-frame order and uneven steps need
 * no special cases. Slices with no frame (a missing slice, warned about at scan time) stay 0.
 */
export interface LoadOptions {
  /**
   * Buffers kept from one call to the next by a caller that loads series one after another, never two at once
   * (a worker thread; files are then read synchronously, as the thread has nothing else to do meanwhile): the
   * voxels (the returned volume is a view of them, valid until the next call), the file bytes (re-used while
   * large enough) and the decoded slice. Without them each
   * series and slice allocated its buffers afresh, and the external memory they churned set off a garbage
   * collection every few slices.
   */
  reuse?: LoadBuffers;
  /** Called after each decoded instance. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between instances with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Refuse a series not usable for extraction (a slice without an image, a file whose rescale gives no real
   * values) instead of loading it with those slices 0: what the feature worker asks for; a viewer shows it.
   */
  forExtraction?: boolean;
}

export interface LoadBuffers {
  volume?: Float32Array;
  file?: Buffer;
  frames?: StoredArray;
}

/**
 * Reads a whole file into the start of `reuse.file` (grown when too small) and returns those bytes. Files of
 * a series differ in size by a few header bytes, so the buffer is kept by capacity, not by exact size.
 */
function readFileInto(path: string, reuse: LoadBuffers): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (!reuse.file || reuse.file.length < size) reuse.file = Buffer.allocUnsafeSlow(size);
    const bytes = reuse.file.subarray(0, size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) throw new Error(`file shrank while being read (${at} of ${size} bytes)`);
      at += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

export async function loadSeriesVolume(
  series: Pick<DicomSeriesInfo, 'instances' | 'geometry'>,
  options: LoadOptions = {},
): Promise<Volume> {
  const g = series.geometry;
  const [nx, ny, nz] = g.size;
  const sliceLength = nx * ny;
  const length = sliceLength * nz;
  const reuse = options.reuse;
  if (reuse && !(reuse.volume && reuse.volume.length >= length)) reuse.volume = new Float32Array(length);
  const data = reuse ? reuse.volume!.subarray(0, length) : new Float32Array(length);
  const { frames: sliceOf, empty } = placeFramesOnGrid(series);
  if (options.forExtraction && empty.length > 0)
    throw new Error(`not usable for extraction: ${unusableReasons(nz, empty, []).join('; ')}`);
  let done = 0;
  for (const inst of series.instances) {
    options.signal?.throwIfAborted();
    let frames;
    let rescales;
    let problem: string | undefined;
    try {
      const parsed = parseForDecode(
        reuse ? readFileInto(inst.file, reuse) : await readFile(inst.file),
        inst.file,
      );
      frames = await decodeParsedFrames(parsed, reuse?.frames);
      if (reuse) reuse.frames = frames.data;
      rescales = frameRescalesOf(parsed, frames.frames);
      if (options.forExtraction) problem = rescaleProblemOf(parsed);
    } catch (e) {
      throw new Error(`cannot decode ${inst.file}: ${(e as Error).message}`);
    }
    if (problem)
      throw new Error(
        `not usable for extraction: ${unusableReasons(nz, [], [{ file: inst.file, problem }]).join('; ')}`,
      );
    if (frames.columns !== nx || frames.rows !== ny) {
      throw new Error(
        `${inst.file}: ${frames.columns}×${frames.rows} pixels, the series grid is ${nx}×${ny}`,
      );
    }
    if (frames.samplesPerPixel !== 1) throw new Error(`${inst.file}: colour images are not supported`);
    for (let f = 0; f < frames.frames; f++) {
      const { slope, intercept } = rescales[f];
      const k = sliceOf.get(inst)?.get(f);
      if (k === undefined) continue; // a frame repeating another's position (dropped at scan time)
      const src = frames.data;
      const offset = f * sliceLength;
      const dst = k * sliceLength;
      if (slope === 1 && intercept === 0) {
        data.set(src.subarray(offset, offset + sliceLength), dst); // converts to float32 natively
      } else {
        for (let n = 0; n < sliceLength; n++) data[dst + n] = src[offset + n] * slope + intercept;
      }
    }
    options.onProgress?.(++done, series.instances.length);
  }
  return {
    size: [...g.size],
    spacing: [...g.spacing],
    origin: [...g.origin],
    direction: [...g.direction],
    data,
  };
}

/**
 * Slice index k of every (instance, frame), from the positions, exactly as scanFolders stacked them
 * (placeOnGrid), and the slices no frame fills.
 */
export function placeFramesOnGrid(series: Pick<DicomSeriesInfo, 'instances' | 'geometry'>): {
  frames: Map<DicomInstanceInfo, Map<number, number>>;
  empty: number[];
} {
  const first = series.instances[0];
  if (!first) throw new Error('the series has no instances');
  const slices = frameRefs(series.instances);
  if (slices.length !== series.instances.reduce((n, i) => n + i.frames, 0)) {
    throw new Error('an instance has fewer positions than frames');
  }
  const grid = placeOnGrid(series.geometry, slices, first.orientation, first.pixelSpacing);
  const frames = new Map<DicomInstanceInfo, Map<number, number>>();
  for (const { ref, k } of grid.placed) {
    const of = frames.get(ref.instance) ?? new Map<number, number>();
    of.set(ref.frame, k);
    frames.set(ref.instance, of);
  }
  return { frames, empty: grid.empty };
}

/** Slice index k of every (instance, frame) (placeFramesOnGrid). */
export function placeFrames(
  series: Pick<DicomSeriesInfo, 'instances' | 'geometry'>,
): Map<DicomInstanceInfo, Map<number, number>> {
  return placeFramesOnGrid(series).frames;
}

/**
 * Where each slice k really lies along the grid's k axis, in (fractional) slice units — k itself for an
 * evenly spaced series; NaN for a missing slice. For rasterising contours onto unevenly spaced series.
 */
export function slicePositionsOf(series: Pick<DicomSeriesInfo, 'instances' | 'geometry'>): Float64Array {
  const nz = series.geometry.size[2];
  const out = new Float64Array(nz).fill(NaN);
  for (const [inst, frames] of placeFrames(series)) {
    for (const [frame, k] of frames) {
      if (Number.isNaN(out[k])) out[k] = worldToIndex(series.geometry, inst.positions[frame])[2];
    }
  }
  return out;
}
