/**
 * Neighbourhood machinery shared by every texture family, written once:
 * - the cropped texture grid built from a DiscretisedRoi (validated; levels 1..Ng inside, 0 outside),
 * - the 4 in-plane and 13 volumetric directions (GLCM, GLRLM),
 * - Chebyshev neighbourhoods of radius δ (NGTDM, NGLDM),
 * - connected zones of equal grey level (GLSZM, GLDZM: 8-connected in-plane, 26-connected in 3D),
 * - the distance-to-ROI-border map (GLDZM: 4-connected in-plane, 6-connected in 3D).
 *
 * A "slice" is an (i, j) plane at fixed k: the third voxel axis. 2D and 2.5D methods never look across k.
 */
import type { DiscretisedRoi } from '../types';

/** A voxel step (di, dj, dk). */
export type Offset = readonly [number, number, number];

/** In-plane method (per axial slice) or volumetric method. */
export type Dimensionality = '2D' | '3D';

/** The 4 unique in-plane directions (0°, 45°, 90°, 135°); the opposite directions are their negatives. */
export const DIRECTIONS_2D: readonly Offset[] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [-1, 1, 0],
];

/** The 13 unique 3D directions: one of each ± pair of the 26 neighbours (the 4 in-plane ones first). */
export const DIRECTIONS_3D: readonly Offset[] = [
  ...DIRECTIONS_2D,
  [-1, -1, 1],
  [0, -1, 1],
  [1, -1, 1],
  [-1, 0, 1],
  [0, 0, 1],
  [1, 0, 1],
  [-1, 1, 1],
  [0, 1, 1],
  [1, 1, 1],
];

/** Unique directions for a method: 4 in-plane or 13 volumetric. */
export function uniqueDirections(dim: Dimensionality): readonly Offset[] {
  return dim === '2D' ? DIRECTIONS_2D : DIRECTIONS_3D;
}

/** A direction scaled to Chebyshev distance δ (IBSI: neighbours at distance δ along each direction). */
export function scaleOffset(direction: Offset, distance: number): Offset {
  return [direction[0] * distance, direction[1] * distance, direction[2] * distance];
}

/** Every offset within Chebyshev distance δ of the centre, centre excluded (in-plane only for '2D'). */
export function chebyshevNeighbourhood(distance: number, dim: Dimensionality): Offset[] {
  checkDistance(distance);
  const out: Offset[] = [];
  const dkMax = dim === '2D' ? 0 : distance;
  for (let dk = -dkMax; dk <= dkMax; dk++)
    for (let dj = -distance; dj <= distance; dj++)
      for (let di = -distance; di <= distance; di++)
        if (di !== 0 || dj !== 0 || dk !== 0) out.push([di, dj, dk]);
  return out;
}

/** Offsets as flat typed arrays plus their linear index step on a grid: for tight per-voxel loops. */
export interface OffsetTable {
  count: number;
  di: Int32Array;
  dj: Int32Array;
  dk: Int32Array;
  /** di + nx · (dj + ny · dk) */
  step: Int32Array;
  /** Largest |di|, |dj|, |dk|: voxels at least this far from every grid face need no bounds check. */
  reach: number;
}

export function offsetTable(offsets: readonly Offset[], nx: number, ny: number): OffsetTable {
  return {
    count: offsets.length,
    di: Int32Array.from(offsets, (o) => o[0]),
    dj: Int32Array.from(offsets, (o) => o[1]),
    dk: Int32Array.from(offsets, (o) => o[2]),
    step: Int32Array.from(offsets, (o) => o[0] + nx * (o[1] + ny * o[2])),
    reach: offsets.reduce((m, o) => Math.max(m, Math.abs(o[0]), Math.abs(o[1]), Math.abs(o[2])), 0),
  };
}

/** Whether every offset of the table stays inside the grid from voxel (i, j, k) (in-plane tables ignore k). */
export function isInterior(
  t: OffsetTable,
  grid: { nx: number; ny: number; nz: number },
  i: number,
  j: number,
  k: number,
  inPlane: boolean,
): boolean {
  const r = t.reach;
  return i >= r && i < grid.nx - r && j >= r && j < grid.ny - r && (inPlane || (k >= r && k < grid.nz - r));
}

export function checkDistance(distance: number): void {
  if (!Number.isInteger(distance) || distance < 1)
    throw new Error(`texture distance must be a positive integer number of voxels, got ${distance}`);
}

/**
 * The ROI cropped to the bounding box of its intensity and morphological masks. Every texture builder works
 * on this, so loops run over the tumour, not the whole image.
 */
export interface TextureGrid {
  nx: number;
  ny: number;
  nz: number;
  /** Grey level 1..nLevels inside the intensity mask, 0 outside; index = i + nx * (j + ny * k). */
  levels: Int32Array;
  nLevels: number;
  /** Morphological mask united with the intensity mask (1 inside): GLDZM distances are measured on it. */
  morphMask: Uint8Array;
  /** Number of voxels in the intensity mask. */
  voxelCount: number;
  /** Position of the crop's voxel (0, 0, 0) in the original grid. */
  cropOrigin: [number, number, number];
}

/** Validates a DiscretisedRoi and crops it to its bounding box. */
export function prepareTextureGrid(roi: DiscretisedRoi): TextureGrid {
  const [sx, sy, sz] = roi.size;
  for (const s of roi.size)
    if (!Number.isInteger(s) || s < 0)
      throw new Error(`DiscretisedRoi: size must be non-negative integers, got ${roi.size.join('×')}`);
  const n = sx * sy * sz;
  if (roi.levels.length !== n)
    throw new Error(
      `DiscretisedRoi: levels has ${roi.levels.length} values but size ${sx}×${sy}×${sz} needs ${n}`,
    );
  if (!Number.isInteger(roi.nLevels) || roi.nLevels < 1)
    throw new Error(`DiscretisedRoi: nLevels must be a positive integer, got ${roi.nLevels}`);
  const morph = roi.morphMask;
  if (morph !== undefined && morph.length !== n)
    throw new Error(`DiscretisedRoi: morphMask has ${morph.length} values but the grid has ${n}`);

  let i0 = sx,
    j0 = sy,
    k0 = sz,
    i1 = -1,
    j1 = -1,
    k1 = -1;
  let voxelCount = 0;
  const nLevels = roi.nLevels;
  for (let k = 0, v = 0; k < sz; k++)
    for (let j = 0; j < sy; j++)
      for (let i = 0; i < sx; i++, v++) {
        const g = roi.levels[v];
        if (g < 0 || g > nLevels)
          throw new Error(
            `DiscretisedRoi: grey level ${g} at voxel (${i}, ${j}, ${k}) is outside 0..${nLevels}`,
          );
        if (g > 0) voxelCount++;
        if (g > 0 || (morph !== undefined && morph[v] !== 0)) {
          if (i < i0) i0 = i;
          if (i > i1) i1 = i;
          if (j < j0) j0 = j;
          if (j > j1) j1 = j;
          if (k < k0) k0 = k;
          if (k > k1) k1 = k;
        }
      }
  if (i1 < 0) {
    return {
      nx: 0,
      ny: 0,
      nz: 0,
      levels: new Int32Array(0),
      nLevels,
      morphMask: new Uint8Array(0),
      voxelCount: 0,
      cropOrigin: [0, 0, 0],
    };
  }
  const nx = i1 - i0 + 1,
    ny = j1 - j0 + 1,
    nz = k1 - k0 + 1;
  const levels = new Int32Array(nx * ny * nz);
  const morphMask = new Uint8Array(nx * ny * nz);
  for (let k = 0, w = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const rowStart = i0 + sx * (j0 + j + sy * (k0 + k));
      for (let i = 0; i < nx; i++, w++) {
        const g = roi.levels[rowStart + i];
        levels[w] = g;
        morphMask[w] = g > 0 || (morph !== undefined && morph[rowStart + i] !== 0) ? 1 : 0;
      }
    }
  return { nx, ny, nz, levels, nLevels, morphMask, voxelCount, cropOrigin: [i0, j0, k0] };
}

/** Number of intensity-mask voxels in slice k. */
export function sliceVoxelCount(grid: TextureGrid, k: number): number {
  const plane = grid.nx * grid.ny;
  let n = 0;
  for (let v = k * plane, end = v + plane; v < end; v++) if (grid.levels[v] > 0) n++;
  return n;
}

/** Connected zones of equal grey level. */
export interface Zones {
  count: number;
  /** Zone number (0-based) of each grid voxel; -1 outside the intensity mask. */
  zoneOf: Int32Array;
  /** Per zone: grey level, voxel count, and slice k (the zone's first voxel's; meaningful for '2D' zones). */
  level: Int32Array;
  size: Int32Array;
  slice: Int32Array;
}

/**
 * Labels zones: maximal sets of connected voxels sharing one grey level. '2D': 8-connected within each slice;
 * '3D': 26-connected (IBSI GLSZM/GLDZM). Zones are numbered in raster order of their first voxel.
 */
export function labelZones(grid: TextureGrid, dim: Dimensionality): Zones {
  const { nx, ny, nz, levels } = grid;
  // Flood fill on a copy of the levels with a one-voxel border of 0, so that a neighbour never needs a bounds
  // check; a visited voxel's level is negated. Zone numbers are written on the padded grid, then copied back.
  const px = nx + 2;
  const pxy = px * (ny + 2);
  const padded = new Int32Array(pxy * (nz + 2));
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++, v += nx)
      padded.set(levels.subarray(v, v + nx), 1 + px * (j + 1) + pxy * (k + 1));
  const paddedZone = new Int32Array(padded.length).fill(-1);
  const stack = new Int32Array(Math.max(1, grid.voxelCount));
  const neighbours = chebyshevNeighbourhood(1, dim);
  const steps = Int32Array.from(neighbours, (o) => o[0] + px * (o[1] + (ny + 2) * o[2]));
  const nSteps = steps.length;
  let level = new Int32Array(64),
    size = new Int32Array(64),
    slice = new Int32Array(64);
  let count = 0;
  // Seeds in raster order; the border holds 0, so it is skipped like any voxel outside the mask.
  for (let seed = 0; seed < padded.length; seed++) {
    const g = padded[seed];
    if (g <= 0) continue; // outside the mask, or already in a zone
    if (count === level.length) {
      level = grow(level);
      size = grow(size);
      slice = grow(slice);
    }
    const zone = count++;
    padded[seed] = -g;
    paddedZone[seed] = zone;
    let top = 0;
    stack[top++] = seed;
    let voxels = 0;
    while (top > 0) {
      const v = stack[--top];
      voxels++;
      for (let o = 0; o < nSteps; o++) {
        const w = v + steps[o];
        if (padded[w] !== g) continue;
        padded[w] = -g;
        paddedZone[w] = zone;
        stack[top++] = w;
      }
    }
    level[zone] = g;
    size[zone] = voxels;
    slice[zone] = Math.floor(seed / pxy) - 1;
  }
  // Every voxel of the mask is in a zone now; the others kept −1.
  const zoneOf = new Int32Array(levels.length);
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++, v += nx) {
      const row = 1 + px * (j + 1) + pxy * (k + 1);
      zoneOf.set(paddedZone.subarray(row, row + nx), v);
    }
  return {
    count,
    zoneOf,
    level: level.slice(0, count),
    size: size.slice(0, count),
    slice: slice.slice(0, count),
  };
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Distance of every morphological-mask voxel to the ROI border (IBSI GLDZM): the least number of face steps
 * (4-connected in-plane for '2D', 6-connected for '3D') to leave the mask, so voxels on the border have
 * distance 1 and voxels outside the mask 0. Beyond the grid counts as outside. Multi-source breadth-first
 * search from the border voxels; this equals the taxicab distance to the nearest outside voxel.
 */
export function borderDistanceMap(grid: TextureGrid, dim: Dimensionality): Int32Array {
  const { nx, ny, nz, morphMask } = grid;
  const n = morphMask.length;
  const dist = new Int32Array(n);
  const queue = new Int32Array(Math.max(1, n));
  const faces: Offset[] = [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
  ];
  if (dim === '3D') faces.push([0, 0, 1], [0, 0, -1]);
  const t = offsetTable(faces, nx, ny);
  const inPlane = dim === '2D';
  let tail = 0;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (morphMask[v] === 0) continue;
        if (!isInterior(t, grid, i, j, k, inPlane)) {
          dist[v] = 1; // a face on the grid edge: the outside is one step away
          queue[tail++] = v;
          continue;
        }
        for (let o = 0; o < t.count; o++)
          if (morphMask[v + t.step[o]] === 0) {
            dist[v] = 1;
            queue[tail++] = v;
            break;
          }
      }
  // Border voxels were queued first, so breadth-first order assigns each inner voxel its least distance;
  // inner voxels are interior (their faces all lie in the mask, hence in the grid).
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    const next = dist[v] + 1;
    if (next === 2) {
      // Border voxels may sit on the grid edge: check bounds for them only.
      const k = Math.floor(v / (nx * ny));
      const rem = v - k * nx * ny;
      const j = Math.floor(rem / nx);
      const i = rem - j * nx;
      for (let o = 0; o < t.count; o++) {
        const a = i + t.di[o],
          b = j + t.dj[o],
          c = k + t.dk[o];
        if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
        const w = v + t.step[o];
        if (morphMask[w] !== 0 && dist[w] === 0) {
          dist[w] = next;
          queue[tail++] = w;
        }
      }
      continue;
    }
    for (let o = 0; o < t.count; o++) {
      const w = v + t.step[o];
      if (morphMask[w] !== 0 && dist[w] === 0) {
        dist[w] = next;
        queue[tail++] = w;
      }
    }
  }
  return dist;
}
