/**
 * What the fuzzer runs on each (mutated) file: everything import does with one file — parse, classify,
 * header facts, and the pixel decode (images), contours rasterised (RTSTRUCT), segments placed (SEG).
 * It either returns what it parsed or throws an Error whose message is the one-line reason.
 */
import { rasterizeContours } from '../../shared/roi/rasterize';
import { stackSlices } from '../../shared/dicom/geometry';
import type { ImageGeometry } from '../../shared/image/volume';
import { parseDicomBytes, SOP_CLASS, sopClassOf, TAG, type ParsedFile } from './dataset';
import { decodeParsedFrames, frameRescalesOf } from './decode';
import { frameGeometryOf, imageInstanceOf, roiObjectOf } from './header';
import { readRtstructRois } from './rtstruct';
import { readSegments, segmentToMaskAsync } from './seg';

export interface ExaminedFile {
  kind: 'image' | 'RTSTRUCT' | 'SEG';
  /** e.g. voxels decoded, contours rasterised. */
  values: number;
}

/** Grid edge for rasterising contours: enough to exercise the polygon code, small enough to stay fast. */
const CONTOUR_GRID = 48;

export async function examineDicomBytes(bytes: Uint8Array): Promise<ExaminedFile> {
  const parsed = parseDicomBytes(bytes, 'fuzzed file');
  const ds = parsed.dataset;
  const sopClass = sopClassOf(ds);
  if (sopClass === SOP_CLASS.RTStructureSet) {
    roiObjectOf('fuzzed', parsed);
    const contours = readRtstructRois(ds).flatMap((r) => r.contours);
    if (contours.length === 0) throw new Error('RTSTRUCT without closed planar contours');
    const { mask } = rasterizeContours(contours, contourGrid(contours));
    return { kind: 'RTSTRUCT', values: mask.data.reduce((n, v) => n + v, 0) };
  }
  if (sopClass === SOP_CLASS.Segmentation) {
    const roi = roiObjectOf('fuzzed', parsed);
    const grid = segGrid(parsed);
    let values = 0;
    for (const segment of readSegments(parsed).slice(0, 4)) {
      values += (await segmentToMaskAsync(parsed, segment.number, grid)).data.reduce((n, v) => n + v, 0);
    }
    if (roi.roiNames.length === 0) throw new Error('SEG without segments');
    return { kind: 'SEG', values };
  }
  const inst = imageInstanceOf('fuzzed', parsed);
  if ('reason' in inst) throw new Error(inst.reason);
  const frames = await decodeParsedFrames(parsed);
  frameRescalesOf(parsed, frames.frames);
  return { kind: 'image', values: frames.data.length };
}

/** A CONTOUR_GRID³ grid over the contours' bounding box. */
function contourGrid(contours: number[][]): ImageGeometry {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const c of contours) {
    for (let n = 0; n + 2 < c.length; n += 3) {
      for (let a = 0; a < 3; a++) {
        const v = c[n + a];
        if (!Number.isFinite(v)) throw new Error(`contour coordinate ${v} is not a number`);
        lo[a] = Math.min(lo[a], v);
        hi[a] = Math.max(hi[a], v);
      }
    }
  }
  if (!Number.isFinite(lo[0])) throw new Error('RTSTRUCT contours hold no points');
  const spacing = hi.map((h, a) => Math.max((h - lo[a]) / (CONTOUR_GRID - 1), 1e-3)) as [
    number,
    number,
    number,
  ];
  return {
    size: [CONTOUR_GRID, CONTOUR_GRID, CONTOUR_GRID],
    spacing,
    origin: [lo[0], lo[1], lo[2]],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
}

/** The grid a SEG's own frames form (as the scan would stack an image series). */
function segGrid(parsed: ParsedFile): ImageGeometry {
  const ds = parsed.dataset;
  const rows = ds.number(TAG.Rows) ?? 0;
  const columns = ds.number(TAG.Columns) ?? 0;
  const frames = Math.max(1, ds.number(TAG.NumberOfFrames) ?? 1);
  const g = frameGeometryOf(ds, frames);
  if (g.positions.length !== frames) throw new Error('SEG: no ImagePositionPatient for every frame');
  if (g.orientation.length < 6 || !g.pixelSpacing)
    throw new Error('SEG without orientation or pixel spacing');
  const stack = stackSlices(
    g.positions.map((position, ref) => ({ position, ref })),
    g.orientation,
    g.pixelSpacing,
    columns,
    rows,
  );
  return { size: stack.size, spacing: stack.spacing, origin: stack.origin, direction: stack.direction };
}
