/**
 * GLSZM of the A.K. profile (ak-features.md §8, IBSI 3D): zones are 26-connected sets of ROI voxels
 * with the same fixed-bin level g. s(i, j) = number of zones of level i and size j voxels; Nz = Σ s,
 * N = ROI voxels. Equal to PyRadiomics `glszm` with binCount 64.
 */

/** Zones found in the ROI: level and size of each, plus the ROI voxel count. */
export interface Zones {
  level: Int32Array;
  size: Int32Array;
  voxels: number;
  /** Σ_j s per level (index g − 1) and Σ_i s per size (index j). */
  perLevel: Float64Array;
  perSize: Float64Array;
}

/** Flood-fills 26-connected zones of equal level; `levels` is 0 outside the ROI. */
export function findZones(levels: Int32Array, size: readonly number[], bins: number): Zones {
  const [nx, ny, nz] = size;
  // Levels with a one-voxel border of 0, so that neighbours never need a bounds check.
  const px = nx + 2;
  const pxy = px * (ny + 2);
  const padded = new Int32Array(pxy * (nz + 2));
  for (let z = 0, c = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = 1 + px * (y + 1) + pxy * (z + 1);
      for (let x = 0; x < nx; x++, c++) padded[row + x] = levels[c];
    }
  }
  const neighbours: number[] = [];
  for (let dz = -1; dz <= 1; dz++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) if (dx || dy || dz) neighbours.push(dx + px * dy + pxy * dz);
  const stack = new Int32Array(padded.length);
  const zoneLevel: number[] = [];
  const zoneSize: number[] = [];
  let voxels = 0;
  for (let start = 0; start < padded.length; start++) {
    const g = padded[start];
    if (g <= 0) continue;
    padded[start] = -g; // visited: negated
    let top = 0;
    stack[top++] = start;
    let count = 0;
    while (top > 0) {
      const c = stack[--top];
      count++;
      for (let n = 0; n < 26; n++) {
        const m = c + neighbours[n];
        if (padded[m] !== g) continue;
        padded[m] = -g;
        stack[top++] = m;
      }
    }
    zoneLevel.push(g);
    zoneSize.push(count);
    voxels += count;
  }
  const perLevel = new Float64Array(bins);
  const perSize = new Float64Array(voxels + 1);
  for (let z = 0; z < zoneLevel.length; z++) {
    perLevel[zoneLevel[z] - 1]++;
    perSize[zoneSize[z]]++;
  }
  return { level: Int32Array.from(zoneLevel), size: Int32Array.from(zoneSize), voxels, perLevel, perSize };
}

function zoneMean(z: Zones, weight: (i: number, j: number) => number): number {
  let s = 0;
  for (let k = 0; k < z.level.length; k++) s += weight(z.level[k], z.size[k]);
  return s / z.level.length;
}

function squaredSum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}

/** SmallAreaEmphasis (IBSI 5QRC): Σ s/j² / Nz. */
export const smallAreaEmphasis = (z: Zones): number => zoneMean(z, (_i, j) => 1 / (j * j));
/** LargeAreaEmphasis (IBSI 48P8): Σ s·j² / Nz. */
export const largeAreaEmphasis = (z: Zones): number => zoneMean(z, (_i, j) => j * j);
/** IntensityVariability (IBSI JNSA, grey level non-uniformity): Σ_i (Σ_j s)² / Nz. */
export const intensityVariability = (z: Zones): number => squaredSum(z.perLevel) / z.level.length;
/** SizeZoneVariability (IBSI 4JP3, zone size non-uniformity): Σ_j (Σ_i s)² / Nz. */
export const sizeZoneVariability = (z: Zones): number => squaredSum(z.perSize) / z.level.length;
/** ZonePercentage (IBSI P30P): Nz / N. */
export const zonePercentage = (z: Zones): number => z.level.length / z.voxels;
/** LowIntensityEmphasis (IBSI XMSY): Σ s/i² / Nz. */
export const lowIntensityEmphasis = (z: Zones): number => zoneMean(z, (i) => 1 / (i * i));
/** HighIntensityEmphasis (IBSI 5GN9): Σ s·i² / Nz. */
export const highIntensityEmphasis = (z: Zones): number => zoneMean(z, (i) => i * i);
/** LowIntensitySmallAreaEmphasis (IBSI 5RAI): Σ s/(i²j²) / Nz. */
export const lowIntensitySmallAreaEmphasis = (z: Zones): number => zoneMean(z, (i, j) => 1 / (i * i * j * j));
/** HighIntensitySmallAreaEmphasis (IBSI HW1V): Σ s·i²/j² / Nz. */
export const highIntensitySmallAreaEmphasis = (z: Zones): number => zoneMean(z, (i, j) => (i * i) / (j * j));
/** LowIntensityLargeAreaEmphasis (IBSI YH51): Σ s·j²/i² / Nz. */
export const lowIntensityLargeAreaEmphasis = (z: Zones): number => zoneMean(z, (i, j) => (j * j) / (i * i));
/** HighIntensityLargeAreaEmphasis (IBSI J17V): Σ s·i²·j² / Nz. */
export const highIntensityLargeAreaEmphasis = (z: Zones): number => zoneMean(z, (i, j) => i * i * j * j);

export const GLSZM_FEATURES: readonly { name: string; ibsi: string; compute: (z: Zones) => number }[] = [
  { name: 'SmallAreaEmphasis', ibsi: '5QRC', compute: smallAreaEmphasis },
  { name: 'LargeAreaEmphasis', ibsi: '48P8', compute: largeAreaEmphasis },
  { name: 'IntensityVariability', ibsi: 'JNSA', compute: intensityVariability },
  { name: 'SizeZoneVariability', ibsi: '4JP3', compute: sizeZoneVariability },
  { name: 'ZonePercentage', ibsi: 'P30P', compute: zonePercentage },
  { name: 'LowIntensityEmphasis', ibsi: 'XMSY', compute: lowIntensityEmphasis },
  { name: 'HighIntensityEmphasis', ibsi: '5GN9', compute: highIntensityEmphasis },
  { name: 'LowIntensitySmallAreaEmphasis', ibsi: '5RAI', compute: lowIntensitySmallAreaEmphasis },
  { name: 'HighIntensitySmallAreaEmphasis', ibsi: 'HW1V', compute: highIntensitySmallAreaEmphasis },
  { name: 'LowIntensityLargeAreaEmphasis', ibsi: 'YH51', compute: lowIntensityLargeAreaEmphasis },
  { name: 'HighIntensityLargeAreaEmphasis', ibsi: 'J17V', compute: highIntensityLargeAreaEmphasis },
];
