import { describe, expect, it } from 'vitest';
import { bridgeHoles, traceSliceBoundaries, traceSliceLimited, type Loop } from './trace';
import { rasterizeContours, xorPolygonIntoSlice } from './rasterize';
import { IDENTITY_DIRECTION, type ImageGeometry } from '../image/volume';
import { mulberry32 } from '../random';

const grid = (nx: number, ny: number): ImageGeometry => ({
  size: [nx, ny, 1],
  spacing: [1, 1, 1],
  origin: [0, 0, 0],
  direction: [...IDENTITY_DIRECTION],
});

function roundTrip(slice: Uint8Array, nx: number, ny: number, maxPoints?: number): Uint8Array {
  const loops = maxPoints ? traceSliceLimited(slice, nx, ny, maxPoints) : traceSliceBoundaries(slice, nx, ny);
  const contours = loops.map((l) => l.xs.flatMap((x, n) => [x, l.ys[n], 0]));
  return rasterizeContours(contours, grid(nx, ny)).mask.data;
}

/** The union rule some receivers use (plastimatch): each polygon filled alone (even-odd), the fills OR-ed. */
function unionOf(loops: Loop[], nx: number, ny: number): Uint8Array {
  const out = new Uint8Array(nx * ny);
  for (const l of loops) {
    const one = new Uint8Array(nx * ny);
    xorPolygonIntoSlice(Float64Array.from(l.xs), Float64Array.from(l.ys), one, nx, ny);
    for (let n = 0; n < out.length; n++) out[n] |= one[n];
  }
  return out;
}

/** Twice the signed area; > 0 for the clockwise (outer) loops on screen. */
const area2 = (l: Loop) =>
  l.xs.reduce((s, x, a) => {
    const b = (a + 1) % l.xs.length;
    return s + x * l.ys[b] - l.xs[b] * l.ys[a];
  }, 0);

describe('traceSliceBoundaries + rasterizeContours give back the mask exactly', () => {
  it('a square with a hole and two islands, one touching the border and one touching a corner diagonally', () => {
    const nx = 12;
    const ny = 10;
    const s = new Uint8Array(nx * ny);
    for (let j = 2; j < 8; j++) for (let i = 2; i < 8; i++) s[i + nx * j] = 1;
    for (let j = 4; j < 6; j++) for (let i = 4; i < 6; i++) s[i + nx * j] = 0; // hole
    s[8 + nx * 8] = 1; // island touching the square's corner diagonally
    s[11 + nx * 0] = 1; // island on the border
    const loops = traceSliceBoundaries(s, nx, ny);
    // Outer boundary, hole and border island (the diagonal island may share a corner with the outer loop).
    expect(loops.length).toBeGreaterThanOrEqual(3);
    expect(Array.from(roundTrip(s, nx, ny))).toEqual(Array.from(s));
  });

  it('random noise masks (every pattern of diagonal contacts), also when loops are cut to ≤ 8 points', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 30; trial++) {
      const nx = 5 + Math.floor(random() * 30);
      const ny = 5 + Math.floor(random() * 30);
      const density = random();
      const s = new Uint8Array(nx * ny).map(() => (random() < density ? 1 : 0));
      expect(Array.from(roundTrip(s, nx, ny))).toEqual(Array.from(s));
      const limited = traceSliceLimited(s, nx, ny, 8);
      expect(limited.every((l) => l.xs.length <= 8)).toBe(true);
      expect(Array.from(roundTrip(s, nx, ny, 8))).toEqual(Array.from(s));
      // Holes bridged: the union of the polygons is the mask too, and every polygon is an outer loop.
      const bridged = traceSliceLimited(s, nx, ny, 100_000);
      expect(Array.from(unionOf(bridged, nx, ny))).toEqual(Array.from(s));
      expect(Array.from(roundTrip(s, nx, ny, 100_000))).toEqual(Array.from(s));
      expect(bridged.every((l) => area2(l) > 0)).toBe(true);
      expect(Array.from(unionOf(limited, nx, ny))).toEqual(Array.from(s));
    }
  });

  it('drops collinear corners: a 4×3 rectangle is 4 points', () => {
    const s = new Uint8Array(6 * 5);
    for (let j = 1; j < 4; j++) for (let i = 1; i < 5; i++) s[i + 6 * j] = 1;
    const loops = traceSliceBoundaries(s, 6, 5);
    expect(loops).toHaveLength(1);
    expect(loops[0].xs.length).toBe(4);
    expect(Math.min(...loops[0].xs)).toBe(0.5);
    expect(Math.max(...loops[0].ys)).toBe(3.5);
  });

  it('keyholes: a ring with an island in its hole, and a block with three holes, are one polygon each plus the island', () => {
    const nx = 30;
    const ny = 20;
    const s = new Uint8Array(nx * ny);
    const set = (i0: number, i1: number, j0: number, j1: number, v: number) => {
      for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) s[i + nx * j] = v;
    };
    set(1, 12, 1, 12, 1);
    set(3, 10, 3, 10, 0); // hole
    set(5, 7, 5, 7, 1); // island in the hole
    set(14, 29, 2, 18, 1);
    set(16, 18, 4, 6, 0);
    set(22, 25, 4, 14, 0);
    set(16, 20, 10, 16, 0);
    const loops = traceSliceBoundaries(s, nx, ny);
    expect(loops.filter((l) => area2(l) < 0)).toHaveLength(4); // four hole loops before bridging
    const bridged = bridgeHoles(loops);
    expect(bridged).toHaveLength(3); // ring, island, block
    expect(bridged.every((l) => area2(l) > 0)).toBe(true);
    expect(Array.from(unionOf(bridged, nx, ny))).toEqual(Array.from(s));
    expect(Array.from(roundTrip(s, nx, ny, 1000))).toEqual(Array.from(s));
  });
});
