/**
 * Whether a stored series can be extracted from: every slice of its grid has an image, and every image's
 * rescale gives real values. A series failing either is "not usable for extraction", with reasons a user
 * can act on (the worklist, the viewer's warnings and the extraction summary show them). Pure; no I/O.
 */
import type { ImageGeometry, Vec3 } from '../image/volume';
import { worldToIndex } from '../image/volume';
import { stackSlices, type SliceRef } from './geometry';

export interface GridPlacement<T> {
  /** Grid slice k of each frame that has one (frames repeating a position are left out, as at scan time). */
  placed: { ref: T; k: number }[];
  /** Slices of the grid no frame fills (a file missing, dropped as a duplicate, or never imported). */
  empty: number[];
}

/**
 * Where each frame of a stored series lies on the series grid: the frames are stacked as the scan stacked
 * them (stackSlices: sorted along the normal, gaps kept), then shifted to the grid slice of the first one,
 * k₀ = round(((p₀ − origin) · normal) / spacing_k), so a missing first or last file leaves its slice empty
 * instead of shifting the others. Throws when the frames do not fit the grid.
 */
export function placeOnGrid<T>(
  geometry: ImageGeometry,
  frames: SliceRef<T>[],
  orientation: number[],
  pixelSpacing: [number, number],
): GridPlacement<T> {
  const nz = geometry.size[2];
  if (frames.length === 0) return { placed: [], empty: Array.from({ length: nz }, (_, k) => k) };
  const stack = stackSlices(
    frames,
    orientation,
    pixelSpacing,
    geometry.size[0],
    geometry.size[1],
    geometry.spacing[2],
  );
  const first = worldToIndex(geometry, stack.origin)[2];
  const offset = Math.round(first);
  const last = offset + stack.size[2] - 1;
  if (!(Math.abs(first - offset) < 0.5 && offset >= 0 && last < nz)) {
    throw new Error(
      `the instances' positions give ${stack.size[2]} slices from slice ${+first.toFixed(2)}, the series geometry ${nz}`,
    );
  }
  const placed = stack.sorted.map((s, n) => ({ ref: s.ref, k: stack.indices[n] + offset }));
  const filled = new Set(placed.map((p) => p.k));
  const empty: number[] = [];
  for (let k = 0; k < nz; k++) if (!filled.has(k)) empty.push(k);
  return { placed, empty };
}

/**
 * Why a file's rescale makes its pixels unusable, or undefined. Modality LUT (PS3.3 C.11.1): value =
 * stored × RescaleSlope + RescaleIntercept, so a slope of 0 maps every pixel to the intercept (an all-flat
 * image) and a non-finite slope or intercept to NaN / ±∞. `slope` / `intercept` are the element's numbers as
 * read (several for per-frame values); absent means 1 / 0.
 */
export function rescaleProblem(slope: readonly number[], intercept: readonly number[]): string | undefined {
  const badSlope = slope.find((s) => !Number.isFinite(s));
  if (badSlope !== undefined) return `RescaleSlope ${badSlope} is not a finite number`;
  const badIntercept = intercept.find((b) => !Number.isFinite(b));
  if (badIntercept !== undefined) return `RescaleIntercept ${badIntercept} is not a finite number`;
  if (slope.some((s) => s === 0)) return 'RescaleSlope 0 makes every pixel the same value (the intercept)';
  return undefined;
}

/** The last part of a path (shared/ has no node:path). */
const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** "a, b, c and 4 more". */
function someOf(items: readonly string[], shown = 3): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

/**
 * The reasons a series is refused for extraction, for the user to resolve (import the missing file; replace
 * the unusable ones): its empty slices (0-based k, shown 1-based as a viewer numbers them) and its files with a
 * problem. Empty when the series is usable.
 */
export function unusableReasons(
  sliceCount: number,
  emptySlices: readonly number[],
  fileProblems: readonly { file: string; problem: string }[],
): string[] {
  const reasons: string[] = [];
  if (emptySlices.length > 0) {
    const which = someOf(emptySlices.map((k) => String(k + 1)));
    reasons.push(
      `${emptySlices.length === 1 ? `slice ${which}` : `slices ${which}`} of ${sliceCount} ${emptySlices.length === 1 ? 'has' : 'have'} ` +
        'no image (a gap in the slice positions: a file is missing or was not imported)',
    );
  }
  const byProblem = new Map<string, string[]>();
  for (const f of fileProblems) byProblem.set(f.problem, [...(byProblem.get(f.problem) ?? []), f.file]);
  for (const [problem, files] of byProblem) {
    reasons.push(
      `${files.length === 1 ? '1 file' : `${files.length} files`}: ${problem} (${someOf(files.map(fileName))})`,
    );
  }
  return reasons;
}

/** The frame positions of stored instances as slice references (for placeOnGrid). */
export function frameRefs<T extends { positions: Vec3[] }>(
  instances: readonly T[],
): SliceRef<{ instance: T; frame: number }>[] {
  return instances.flatMap((instance) =>
    instance.positions.map((position, frame) => ({ position, ref: { instance, frame } })),
  );
}
