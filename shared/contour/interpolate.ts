/**
 * "Fill between slices": shape-based interpolation of the ROI on the slices between contoured (key) slices,
 * in the spirit of 3D Slicer's effect. Each key slice becomes a signed distance map in mm (distance.ts);
 * a slice at fraction t between keys A and B gets the voxels where (1 − t)·sdA + t·sdB < 0 (a tie goes to
 * the nearer key's own voxel). Shapes therefore morph — shift, grow, shrink — rather than being copied.
 * Only voxels are added; key slices are never changed.
 */
import type { MaskVolume } from '../image/volume';
import { signedDistance } from './distance';
import { EditRecorder, type MaskEdit } from './edit';
import { checkMaskFits, planeLayout, planeAxes, type Orientation } from './plane';

export interface FillBetweenOptions {
  /** Slices are interpolated along this view's normal (axial → k). */
  orientation: Orientation;
  /** The key slices (each must hold ROI voxels); default: every slice that holds ROI voxels. */
  keySlices?: readonly number[];
  /** Value written into filled voxels (default 1). */
  value?: number;
}

interface PlaneBox {
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

/** In-plane bounding box of the ROI on every slice along the orientation's normal (null = empty), in one pass. */
function sliceBoxes(mask: MaskVolume, orientation: Orientation): (PlaneBox | null)[] {
  const axes = planeAxes(orientation);
  const [nx, ny, nz] = mask.size;
  const boxes: (PlaneBox | null)[] = new Array<PlaneBox | null>(mask.size[axes.normal]).fill(null);
  const c: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < nz; k++) {
    c[2] = k;
    for (let j = 0; j < ny; j++) {
      c[1] = j;
      for (let i = 0; i < nx; i++, n++) {
        if (!mask.data[n]) continue;
        c[0] = i;
        const u = c[axes.u];
        const v = c[axes.v];
        const s = c[axes.normal];
        const box = boxes[s];
        if (!box) boxes[s] = { u0: u, u1: u, v0: v, v1: v };
        else {
          if (u < box.u0) box.u0 = u;
          if (u > box.u1) box.u1 = u;
          if (v < box.v0) box.v0 = v;
          if (v > box.v1) box.v1 = v;
        }
      }
    }
  }
  return boxes;
}

/** Slices along the orientation's normal that hold at least one ROI voxel, ascending. */
export function contouredSlices(mask: MaskVolume, orientation: Orientation): number[] {
  checkMaskFits(mask, mask.data);
  const out: number[] = [];
  sliceBoxes(mask, orientation).forEach((box, s) => box && out.push(s));
  return out;
}

/** Interpolates every gap between successive key slices; returns the edit (added voxels). */
export function fillBetweenSlices(mask: MaskVolume, options: FillBetweenOptions): MaskEdit {
  checkMaskFits(mask, mask.data);
  const { orientation } = options;
  const value = options.value ?? 1;
  if (!Number.isInteger(value) || value < 1 || value > 255)
    throw new Error(`fill value must be an integer 1…255, got ${value}`);
  const allBoxes = sliceBoxes(mask, orientation);
  const keys = options.keySlices
    ? [...new Set(options.keySlices)].sort((a, b) => a - b)
    : [...allBoxes.keys()].filter((slice) => allBoxes[slice] !== null);
  if (keys.length < 2)
    throw new Error(
      `fill between slices needs at least two contoured ${orientation} slices, found ${keys.length}`,
    );
  const boxes = keys.map((slice) => {
    if (!Number.isInteger(slice) || slice < 0 || slice >= allBoxes.length)
      throw new Error(`key ${orientation} slice ${slice} is outside the volume (0…${allBoxes.length - 1})`);
    const box = allBoxes[slice];
    if (!box) throw new Error(`key ${orientation} slice ${slice} holds no ROI voxels`);
    return box;
  });
  const recorder = new EditRecorder(mask.data);
  for (let n = 0; n + 1 < keys.length; n++) {
    const ka = keys[n];
    const kb = keys[n + 1];
    if (kb - ka < 2) continue;
    const la = planeLayout(mask, { orientation, slice: ka });
    const lb = planeLayout(mask, { orientation, slice: kb });
    // Work on the union box of both keys plus a one-pixel margin: the result lies inside A ∪ B, and the
    // margin (all outside) makes the cropped distances equal the full-plane ones.
    const u0 = Math.max(0, Math.min(boxes[n].u0, boxes[n + 1].u0) - 1);
    const u1 = Math.min(la.nu - 1, Math.max(boxes[n].u1, boxes[n + 1].u1) + 1);
    const v0 = Math.max(0, Math.min(boxes[n].v0, boxes[n + 1].v0) - 1);
    const v1 = Math.min(la.nv - 1, Math.max(boxes[n].v1, boxes[n + 1].v1) + 1);
    const cu = u1 - u0 + 1;
    const cv = v1 - v0 + 1;
    const planeA = new Uint8Array(cu * cv);
    const planeB = new Uint8Array(cu * cv);
    for (let v = 0; v < cv; v++) {
      for (let u = 0; u < cu; u++) {
        planeA[u + cu * v] = mask.data[la.index(u + u0, v + v0)] ? 1 : 0;
        planeB[u + cu * v] = mask.data[lb.index(u + u0, v + v0)] ? 1 : 0;
      }
    }
    const sdA = signedDistance(planeA, cu, cv, la.su, la.sv);
    const sdB = signedDistance(planeB, cu, cv, la.su, la.sv);
    for (let s = ka + 1; s < kb; s++) {
      const t = (s - ka) / (kb - ka);
      const nearer = t <= 0.5 ? planeA : planeB;
      const layout = planeLayout(mask, { orientation, slice: s });
      for (let v = 0; v < cv; v++) {
        for (let u = 0; u < cu; u++) {
          const q = u + cu * v;
          const d = (1 - t) * sdA[q] + t * sdB[q];
          if (d < 0 || (d === 0 && nearer[q])) {
            const index = layout.index(u + u0, v + v0);
            if (!mask.data[index]) recorder.set(index, value);
          }
        }
      }
    }
  }
  return recorder.finish();
}
