/**
 * PyRadiomics 2D shape features (radiomics/shape2D.py), for a ROI of one slice (force2D). The contour is the
 * marching-squares iso-line at 0.5 on the zero-padded mask: vertices at the midpoints between inside and outside
 * pixels; two pixels touching only at a corner stay separate (as the 3D mesh, families/mesh.ts). A = area inside
 * the contour, P = its length, N_p = pixels, λ₁ ≥ λ₂ the eigenvalues of the (population) covariance of the
 * pixel-centre positions in mm. `size`/`spacing` are the 2 in-plane axes.
 */

export interface Shape2DInput {
  area: number;
  perimeter: number;
  pixelArea: number;
  pixels: number;
  /** Contour vertices (mm), xy interleaved. */
  vertices: Float64Array;
  eigen: [number, number];
}

type Shape2DFeature = (s: Shape2DInput) => number;

/** MeshSurface: A. */
export const meshSurface: Shape2DFeature = (s) => s.area;
/** PixelSurface: N_p · pixel area. */
export const pixelSurface: Shape2DFeature = (s) => s.pixels * s.pixelArea;
/** Perimeter: P. */
export const perimeter: Shape2DFeature = (s) => s.perimeter;
/** PerimeterSurfaceRatio: P / A. */
export const perimeterSurfaceRatio: Shape2DFeature = (s) => s.perimeter / s.area;
/** Sphericity: 2 √(π A) / P (circle perimeter of equal area over P). */
export const sphericity: Shape2DFeature = (s) => (2 * Math.sqrt(Math.PI * s.area)) / s.perimeter;
/** MaximumDiameter: largest distance between contour vertices. */
export const maximumDiameter: Shape2DFeature = (s) => {
  const v = s.vertices;
  let best = 0;
  for (let a = 0; a < v.length; a += 2)
    for (let b = a + 2; b < v.length; b += 2)
      best = Math.max(best, (v[a] - v[b]) ** 2 + (v[a + 1] - v[b + 1]) ** 2);
  return Math.sqrt(best);
};
/** MajorAxisLength: 4 √λ₁. */
export const majorAxisLength: Shape2DFeature = (s) => 4 * Math.sqrt(s.eigen[0]);
/** MinorAxisLength: 4 √λ₂. */
export const minorAxisLength: Shape2DFeature = (s) => 4 * Math.sqrt(s.eigen[1]);
/** Elongation: √(λ₂ / λ₁). */
export const elongation: Shape2DFeature = (s) => Math.sqrt(s.eigen[1] / s.eigen[0]);

export const SHAPE2D_FEATURES: readonly [string, string, Shape2DFeature][] = [
  ['MeshSurface', '', meshSurface],
  ['PixelSurface', '', pixelSurface],
  ['Perimeter', '', perimeter],
  ['PerimeterSurfaceRatio', '', perimeterSurfaceRatio],
  ['Sphericity', '', sphericity],
  ['MaximumDiameter', '', maximumDiameter],
  ['MajorAxisLength', '', majorAxisLength],
  ['MinorAxisLength', '', minorAxisLength],
  ['Elongation', '', elongation],
];

/** Area (in cell units) inside the iso-line for each marching-squares case, by inside-corner count/arrangement. */
function cellArea(c: number): number {
  const n = (c & 1) + ((c >> 1) & 1) + ((c >> 2) & 1) + ((c >> 3) & 1);
  if (n === 0) return 0;
  if (n === 4) return 1;
  if (n === 1) return 1 / 8;
  if (n === 3) return 7 / 8;
  return c === 5 || c === 10 ? 1 / 4 : 1 / 2; // diagonal pair: two cut-off corners
}

/** Contour, pixel count and axis eigenvalues of a 0/1 mask on an nx × ny grid. */
export function shape2DInput(mask: Uint8Array, nx: number, ny: number, sx: number, sy: number): Shape2DInput {
  const at = (i: number, j: number): number => (i < 0 || j < 0 || i >= nx || j >= ny ? 0 : mask[i + nx * j]);
  let area = 0;
  let perimeter = 0;
  const diagonal = Math.hypot(sx / 2, sy / 2);
  // corners: bit 0 (i, j), bit 1 (i+1, j), bit 2 (i+1, j+1), bit 3 (i, j+1)
  for (let j = -1; j < ny; j++)
    for (let i = -1; i < nx; i++) {
      const c = at(i, j) | (at(i + 1, j) << 1) | (at(i + 1, j + 1) << 2) | (at(i, j + 1) << 3);
      if (c === 0) continue;
      area += cellArea(c);
      const n = (c & 1) + ((c >> 1) & 1) + ((c >> 2) & 1) + ((c >> 3) & 1);
      if (n === 1 || n === 3) perimeter += diagonal;
      else if (c === 5 || c === 10) perimeter += 2 * diagonal;
      else if (n === 2) perimeter += c === 3 || c === 12 ? sx : sy; // a horizontal pair is cut by a segment along x
    }
  const verts: number[] = [];
  for (let j = -1; j < ny; j++)
    for (let i = -1; i < nx; i++) {
      if (at(i, j) !== at(i + 1, j) && j >= 0) verts.push((i + 0.5) * sx, j * sy);
      if (at(i, j) !== at(i, j + 1) && i >= 0) verts.push(i * sx, (j + 0.5) * sy);
    }
  let n = 0,
    mx = 0,
    my = 0,
    xx = 0,
    yy = 0,
    xy = 0;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++)
      if (mask[i + nx * j]) {
        const x = i * sx,
          y = j * sy;
        n++;
        mx += x;
        my += y;
        xx += x * x;
        yy += y * y;
        xy += x * y;
      }
  if (n === 0) throw new Error('2D shape features need a non-empty ROI');
  mx /= n;
  my /= n;
  const cxx = xx / n - mx * mx,
    cyy = yy / n - my * my,
    cxy = xy / n - mx * my;
  const mid = (cxx + cyy) / 2;
  const rad = Math.sqrt(((cxx - cyy) / 2) ** 2 + cxy * cxy);
  return {
    area: area * sx * sy,
    perimeter,
    pixelArea: sx * sy,
    pixels: n,
    vertices: Float64Array.from(verts),
    eigen: [mid + rad, Math.max(mid - rad, 0)],
  };
}

export function shape2DValues(input: Shape2DInput): Map<string, number> {
  return new Map(SHAPE2D_FEATURES.map(([name, , f]) => [name, f(input)]));
}
