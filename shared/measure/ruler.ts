/**
 * Length measurement (the viewer's ruler) as pure functions. A ruler's endpoints are continuous voxel indices
 * (i, j, k) on the series grid — what a view's screen → index mapping yields, whichever of the three views it
 * was drawn on — and its length is the patient-space distance between them through the full geometry
 * (spacing and direction cosines), so anisotropic voxels and oblique series measure true millimetres.
 */
import { indexToWorld, type ImageGeometry, type Vec3 } from '../image/volume';

/** Patient-space distance (mm) between two continuous voxel indices of a grid. */
export function rulerLengthMm(geometry: ImageGeometry, a: readonly number[], b: readonly number[]): number {
  // Differences of world positions (not of indices × spacing): also right for a non-orthogonal direction matrix.
  const pa = indexToWorld(geometry, a[0], a[1], a[2]);
  const pb = indexToWorld(geometry, b[0], b[1], b[2]);
  return Math.hypot(pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]);
}

/** A length rounded to 0.1 mm, the precision RECIST diameters are recorded with. */
export function roundToTenthMm(mm: number): number {
  return Math.round(mm * 10) / 10;
}

/** The label a ruler shows: "23.4 mm". */
export function formatLengthMm(mm: number): string {
  return `${roundToTenthMm(mm).toFixed(1)} mm`;
}

/**
 * Keeps a point on the image: each index within the outer voxel edges (−0.5 … n − 0.5), so a drag that
 * leaves the image ends the ruler at the image border rather than in empty space.
 */
export function clampToImage(size: readonly number[], p: readonly number[]): Vec3 {
  return [0, 1, 2].map((d) => Math.min(Math.max(p[d], -0.5), size[d] - 0.5)) as Vec3;
}

export type RulerEnd = 'a' | 'b';

/** A ruler as a view shows it: its endpoints in screen (CSS) pixels. */
export interface ScreenSegment {
  a: readonly [number, number];
  b: readonly [number, number];
}

/**
 * The endpoint nearest to a screen point among `segments`, if it lies within `maxDistance` pixels
 * (ties: the later segment, i.e. the one drawn on top).
 */
export function nearestEndpoint(
  segments: readonly ScreenSegment[],
  point: readonly [number, number],
  maxDistance: number,
): { index: number; end: RulerEnd } | null {
  let best: { index: number; end: RulerEnd } | null = null;
  let bestDistance = maxDistance;
  segments.forEach((s, index) => {
    for (const end of ['a', 'b'] as const) {
      const d = Math.hypot(s[end][0] - point[0], s[end][1] - point[1]);
      if (d <= bestDistance) {
        bestDistance = d;
        best = { index, end };
      }
    }
  });
  return best;
}
