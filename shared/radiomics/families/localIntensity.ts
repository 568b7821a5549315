/**
 * Local intensity features (IBSI 4.1, family 9ST6). Both use the mean intensity inside a 1 cm³ sphere
 * (radius r = (3/(4π))^{1/3} cm ≈ 6.2 mm) centred on a voxel, over every image voxel whose centre lies within r
 * (ROI or not: the whole image counts).
 */
import type { Volume } from '../../image/volume';
import { PEAK_SPHERE_RADIUS_MM } from '../image/pipeline';
import type { FeatureValue } from '../types';

/** Offsets (di, dj, dk) of the voxels whose centres lie within the peak sphere. */
export function sphereOffsets(
  spacing: readonly number[],
  radius = PEAK_SPHERE_RADIUS_MM,
): [number, number, number][] {
  const r = spacing.map((s) => Math.floor(radius / s));
  const out: [number, number, number][] = [];
  for (let k = -r[2]; k <= r[2]; k++)
    for (let j = -r[1]; j <= r[1]; j++)
      for (let i = -r[0]; i <= r[0]; i++) {
        const d2 = (i * spacing[0]) ** 2 + (j * spacing[1]) ** 2 + (k * spacing[2]) ** 2;
        if (d2 <= radius * radius + 1e-9) out.push([i, j, k]);
      }
  return out;
}

/** Mean over the sphere centred on voxel (i, j, k); `linear` holds the offsets as index deltas for interior voxels. */
function sphereMean(
  img: Volume,
  offsets: [number, number, number][],
  linear: Int32Array,
  reach: number[],
  i: number,
  j: number,
  k: number,
): number {
  const [nx, ny, nz] = img.size;
  const n0 = i + nx * (j + ny * k);
  if (
    i >= reach[0] &&
    j >= reach[1] &&
    k >= reach[2] &&
    i < nx - reach[0] &&
    j < ny - reach[1] &&
    k < nz - reach[2]
  ) {
    let sum = 0;
    for (let t = 0; t < linear.length; t++) sum += img.data[n0 + linear[t]];
    return sum / linear.length;
  }
  let sum = 0;
  let n = 0;
  for (const [di, dj, dk] of offsets) {
    const a = i + di;
    const b = j + dj;
    const c = k + dk;
    if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
    sum += img.data[a + nx * (b + ny * c)];
    n++;
  }
  return sum / n;
}

/**
 * Local intensity peak (VJGA): the sphere mean centred on the ROI voxel(s) of maximum intensity (the highest
 * such mean if several voxels share the maximum).
 * Global intensity peak (0F91): the highest sphere mean over all ROI voxels.
 */
export function localIntensityFeatures(img: Volume, intensityMask: Uint8Array): FeatureValue[] {
  const offsets = sphereOffsets(img.spacing);
  const [nx, ny] = img.size;
  const linear = Int32Array.from(offsets.map(([di, dj, dk]) => di + nx * (dj + ny * dk)));
  const reach = [0, 1, 2].map((a) => Math.max(...offsets.map((o) => Math.abs(o[a]))));
  let maxIntensity = -Infinity;
  for (let n = 0; n < intensityMask.length; n++)
    if (intensityMask[n] && img.data[n] > maxIntensity) maxIntensity = img.data[n];
  let local = -Infinity;
  let global = -Infinity;
  for (let n = 0; n < intensityMask.length; n++) {
    if (!intensityMask[n]) continue;
    const i = n % nx;
    const j = Math.floor(n / nx) % ny;
    const k = Math.floor(n / (nx * ny));
    const m = sphereMean(img, offsets, linear, reach, i, j, k);
    if (m > global) global = m;
    if (img.data[n] === maxIntensity && m > local) local = m;
  }
  return [
    {
      name: 'Local intensity: Local intensity peak',
      tag: 'loc_peak_loc',
      ibsi_id: 'VJGA',
      family: 'local_intensity',
      aggregation: 'none',
      value: local,
    },
    {
      name: 'Local intensity: Global intensity peak',
      tag: 'loc_peak_glob',
      ibsi_id: '0F91',
      family: 'local_intensity',
      aggregation: 'none',
      value: global,
    },
  ];
}
