/**
 * Connected components of a mask (non-zero = ROI) with 6- or 26-connectivity, and the island clean-ups
 * built on them: remove islands smaller than N voxels, keep only the largest island.
 */
import type { MaskVolume } from '../image/volume';
import { EditRecorder, type MaskEdit } from './edit';
import { maskBoundingBox, type IndexBox } from './stats';

export type Connectivity = 6 | 26;

export interface Components {
  /** The ROI's bounding box (null for an empty mask); labels cover only this box. */
  box: IndexBox | null;
  /** Per voxel of the box (i fastest): 0 = background, else component number 1…count. */
  labels: Int32Array;
  /** sizes[c] = voxels of component c (sizes[0] = 0). */
  sizes: number[];
  count: number;
}

/**
 * Labels the connected components (breadth-first, numbered in order of their first voxel by linear index).
 * Works inside the ROI's bounding box, so memory follows the ROI, not the volume.
 */
export function connectedComponents(mask: MaskVolume, connectivity: Connectivity): Components {
  if (connectivity !== 6 && connectivity !== 26)
    throw new Error(`connectivity must be 6 or 26, got ${String(connectivity)}`);
  const box = maskBoundingBox(mask);
  if (!box) return { box, labels: new Int32Array(0), sizes: [0], count: 0 };
  const [bx, by, bz] = [0, 1, 2].map((d) => box.max[d] - box.min[d] + 1);
  const bxy = bx * by;
  const inRoi = new Uint8Array(bxy * bz);
  const [nx, ny] = mask.size;
  for (let c = 0; c < bz; c++) {
    for (let b = 0; b < by; b++) {
      const from = box.min[0] + nx * (box.min[1] + b + ny * (box.min[2] + c));
      for (let a = 0; a < bx; a++) inRoi[a + bx * b + bxy * c] = mask.data[from + a] ? 1 : 0;
    }
  }
  const labels = new Int32Array(inRoi.length);
  const sizes = [0];
  const queue = new Int32Array(inRoi.length);
  const offsets: [number, number, number][] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const manhattan = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (manhattan === 0 || (connectivity === 6 && manhattan > 1)) continue;
        offsets.push([di, dj, dk]);
      }
    }
  }
  for (let seed = 0; seed < inRoi.length; seed++) {
    if (!inRoi[seed] || labels[seed]) continue;
    const label = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    labels[seed] = label;
    while (head < tail) {
      const n = queue[head++];
      const c = Math.floor(n / bxy);
      const b = Math.floor((n - c * bxy) / bx);
      const a = n - c * bxy - b * bx;
      for (const [di, dj, dk] of offsets) {
        const x = a + di,
          y = b + dj,
          z = c + dk;
        if (x < 0 || y < 0 || z < 0 || x >= bx || y >= by || z >= bz) continue;
        const m = x + bx * y + bxy * z;
        if (inRoi[m] && !labels[m]) {
          labels[m] = label;
          queue[tail++] = m;
        }
      }
    }
    sizes.push(tail);
  }
  return { box, labels, sizes, count: sizes.length - 1 };
}

function clearComponents(
  mask: MaskVolume,
  components: Components,
  remove: (label: number) => boolean,
): MaskEdit {
  const recorder = new EditRecorder(mask.data);
  const { labels, box } = components;
  if (!box) return recorder.finish();
  const [bx, by] = [box.max[0] - box.min[0] + 1, box.max[1] - box.min[1] + 1];
  const [nx, ny] = mask.size;
  for (let n = 0; n < labels.length; n++) {
    if (!labels[n] || !remove(labels[n])) continue;
    const c = Math.floor(n / (bx * by));
    const b = Math.floor((n - c * bx * by) / bx);
    const a = n - c * bx * by - b * bx;
    recorder.set(box.min[0] + a + nx * (box.min[1] + b + ny * (box.min[2] + c)), 0);
  }
  return recorder.finish();
}

/** Clears every island with fewer than `minVoxels` voxels. */
export function removeSmallIslands(
  mask: MaskVolume,
  minVoxels: number,
  connectivity: Connectivity,
): MaskEdit {
  if (!Number.isInteger(minVoxels) || minVoxels < 1)
    throw new Error(`minimum island size must be a positive integer of voxels, got ${minVoxels}`);
  const components = connectedComponents(mask, connectivity);
  return clearComponents(mask, components, (label) => components.sizes[label] < minVoxels);
}

/** Keeps only the largest island (the first found, by linear index, when several are equally large). */
export function keepLargestIsland(mask: MaskVolume, connectivity: Connectivity): MaskEdit {
  const components = connectedComponents(mask, connectivity);
  let largest = 0;
  for (let c = 1; c <= components.count; c++)
    if (components.sizes[c] > components.sizes[largest]) largest = c;
  return clearComponents(mask, components, (label) => label !== largest);
}
