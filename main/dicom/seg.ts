/** DICOM SEG reading (BINARY 1-bit and FRACTIONAL): segment frames → a mask on an image grid. */
import { worldToIndex, type ImageGeometry, type MaskVolume, type Vec3 } from '../../shared/image/volume';
import { axesFromOrientation } from '../../shared/dicom/geometry';
import { sliceFinder } from '../../shared/roi/rasterize';
import { TAG, type ParsedFile } from './dataset';
import { decodeParsedFrames, pixelDataSizeProblem } from './decode';
import { frameGeometryOf } from './header';

export interface SegSegment {
  number: number;
  name: string;
}

export function readSegments(parsed: ParsedFile): SegSegment[] {
  return parsed.dataset.items(TAG.SegmentSequence).map((s) => {
    const number = s.number(TAG.SegmentNumber) ?? 0;
    return { number, name: s.string(TAG.SegmentLabel) || `Segment ${number}` };
  });
}

/** Unpacks 1-bit pixel data: frames are packed back to back, LSB first, not byte-aligned per frame. */
function unpackBits(packed: Uint8Array, count: number): Uint8Array {
  if (packed.length * 8 < count)
    throw new Error(`SEG pixel data holds ${packed.length * 8} bits, ${count} needed`);
  const out = new Uint8Array(count);
  for (let n = 0; n < count; n++) out[n] = (packed[n >> 3] >> (n & 7)) & 1;
  return out;
}

/**
 * Frames of `segmentNumber` → mask on `grid`: each SEG pixel centre goes to the nearest grid voxel
 * (the SEG normally shares the referenced image grid, so this is an exact copy). FRACTIONAL values
 * count as inside at ≥ 50 % of MaximumFractionalValue.
 */
export function segmentToMask(
  parsed: ParsedFile,
  segmentNumber: number,
  grid: ImageGeometry,
  slicePositions?: ArrayLike<number>,
): MaskVolume {
  const ds = parsed.dataset;
  const rows = ds.number(TAG.Rows) ?? 0;
  const columns = ds.number(TAG.Columns) ?? 0;
  const frames = Math.max(1, ds.number(TAG.NumberOfFrames) ?? 1);
  const bits = ds.number(TAG.BitsAllocated) ?? 1;
  const type = ds.string(TAG.SegmentationType) || 'BINARY';
  const pixel = parsed.image.getPixelData();
  if (!pixel) throw new Error('SEG without Pixel Data');
  const problem = pixelDataSizeProblem(parsed);
  if (problem) throw new Error(`SEG: ${problem}`);
  const frameLength = rows * columns;
  let inside: Uint8Array;
  if (bits === 1) {
    const view = pixel.value;
    if (!(view instanceof DataView)) throw new Error('SEG Pixel Data is empty');
    inside = unpackBits(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), frameLength * frames);
  } else {
    throw new Error('SEG with BitsAllocated 8 must be decoded asynchronously');
  }
  return placeFrames(parsed, inside, rows, columns, frames, segmentNumber, grid, type, slicePositions);
}

/** As segmentToMask, for any BitsAllocated (8-bit FRACTIONAL or compressed SEG frames need decoding). */
export async function segmentToMaskAsync(
  parsed: ParsedFile,
  segmentNumber: number,
  grid: ImageGeometry,
  slicePositions?: ArrayLike<number>,
): Promise<MaskVolume> {
  const ds = parsed.dataset;
  if ((ds.number(TAG.BitsAllocated) ?? 1) === 1)
    return segmentToMask(parsed, segmentNumber, grid, slicePositions);
  const stored = await decodeParsedFrames(parsed);
  const max = ds.number(TAG.MaximumFractionalValue) ?? 255;
  const type = ds.string(TAG.SegmentationType) || 'BINARY';
  const inside = new Uint8Array(stored.data.length);
  for (let n = 0; n < inside.length; n++)
    inside[n] = type === 'FRACTIONAL' ? (stored.data[n] * 2 >= max ? 1 : 0) : stored.data[n] > 0 ? 1 : 0;
  return placeFrames(
    parsed,
    inside,
    stored.rows,
    stored.columns,
    stored.frames,
    segmentNumber,
    grid,
    type,
    slicePositions,
  );
}

function placeFrames(
  parsed: ParsedFile,
  inside: Uint8Array,
  rows: number,
  columns: number,
  frames: number,
  segmentNumber: number,
  grid: ImageGeometry,
  type: string,
  slicePositions: ArrayLike<number> | undefined,
): MaskVolume {
  const findSlice = sliceFinder(grid.size[2], slicePositions);
  const ds = parsed.dataset;
  const perFrame = ds.items(TAG.PerFrameFunctionalGroupsSequence);
  const fg = frameGeometryOf(ds, frames);
  if (fg.positions.length !== frames)
    throw new Error(`SEG (${type}): no ImagePositionPatient for every frame`);
  if (fg.orientation.length < 6 || !fg.pixelSpacing)
    throw new Error('SEG without orientation or pixel spacing');
  const { row, column } = axesFromOrientation(fg.orientation);
  const [rowSpacing, colSpacing] = fg.pixelSpacing;
  const [nx, ny, nz] = grid.size;
  const data = new Uint8Array(nx * ny * nz);
  let outside = 0;
  for (let f = 0; f < frames; f++) {
    const seg =
      perFrame[f]?.item(TAG.SegmentIdentificationSequence)?.number(TAG.ReferencedSegmentNumber) ?? 1;
    if (seg !== segmentNumber) continue;
    const p = fg.positions[f];
    // Grid index of pixel (c, r) = base + c·dc + r·dr (affine, so computed from three points).
    const base = worldToIndex(grid, p);
    const atC = worldToIndex(grid, add(p, row, colSpacing));
    const atR = worldToIndex(grid, add(p, column, rowSpacing));
    const dc = [atC[0] - base[0], atC[1] - base[1], atC[2] - base[2]];
    const dr = [atR[0] - base[0], atR[1] - base[1], atR[2] - base[2]];
    const offset = f * rows * columns;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        if (!inside[offset + r * columns + c]) continue;
        const i = Math.round(base[0] + c * dc[0] + r * dr[0]);
        const j = Math.round(base[1] + c * dc[1] + r * dr[1]);
        const k = findSlice(base[2] + c * dc[2] + r * dr[2]);
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
          outside++;
          continue;
        }
        data[i + nx * (j + ny * k)] = 1;
      }
    }
  }
  if (outside > 0)
    throw new Error(`SEG segment ${segmentNumber}: ${outside} voxels fall outside the image grid`);
  return {
    size: [...grid.size],
    spacing: [...grid.spacing],
    origin: [...grid.origin],
    direction: [...grid.direction],
    data,
  };
}

function add(p: Vec3, axis: Vec3, length: number): Vec3 {
  return [p[0] + axis[0] * length, p[1] + axis[1] * length, p[2] + axis[2] * length];
}
