/**
 * Exact Euclidean distance transform of a 2D plane in mm (Felzenszwalb & Huttenlocher, "Distance transforms
 * of sampled functions", 2012): separable lower envelopes of parabolas, one pass per axis, with the axis
 * spacing in the parabolas so anisotropic pixels are measured correctly. O(pixels).
 */

/** Squared distance scale used for "no target pixel at all" (finite, so interpolation never yields NaN). */
export const FAR = 1e20;

/** 1D squared distance transform of f (values FAR = no site) along samples spaced `step` mm apart. */
function transform1d(
  f: Float64Array,
  n: number,
  step: number,
  out: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  const s2 = step * step;
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    // Intersection (in sample units) of the parabola rooted at q with the lowest one so far; z[0] = −∞ ends the loop.
    let s = (f[q] + s2 * q * q - (f[v[k]] + s2 * v[k] * v[k])) / (2 * s2 * (q - v[k]));
    while (s <= z[k]) {
      k--;
      s = (f[q] + s2 * q * q - (f[v[k]] + s2 * v[k] * v[k])) / (2 * s2 * (q - v[k]));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const d = q - v[k];
    out[q] = Math.min(FAR, s2 * d * d + f[v[k]]);
  }
}

/**
 * Squared distance (mm²) from each pixel of a nu × nv plane (u fastest) to the nearest pixel whose `plane`
 * value equals `target` (0 at those pixels); FAR when there is none.
 */
export function squaredDistanceTo(
  plane: ArrayLike<number>,
  nu: number,
  nv: number,
  su: number,
  sv: number,
  target: number,
): Float64Array {
  const dist = new Float64Array(nu * nv);
  const n = Math.max(nu, nv);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let q = 0; q < nu * nv; q++) dist[q] = plane[q] === target ? 0 : FAR;
  for (let row = 0; row < nv; row++) {
    for (let u = 0; u < nu; u++) f[u] = dist[u + nu * row];
    transform1d(f, nu, su, out, v, z);
    for (let u = 0; u < nu; u++) dist[u + nu * row] = out[u];
  }
  for (let col = 0; col < nu; col++) {
    for (let r = 0; r < nv; r++) f[r] = dist[col + nu * r];
    transform1d(f, nv, sv, out, v, z);
    for (let r = 0; r < nv; r++) dist[col + nu * r] = out[r];
  }
  return dist;
}

/**
 * Signed distance (mm) of a binary plane: outside pixels carry +distance to the nearest inside pixel, inside
 * pixels −distance to the nearest outside pixel (non-zero = inside). Never exactly 0.
 */
export function signedDistance(
  plane: ArrayLike<number>,
  nu: number,
  nv: number,
  su: number,
  sv: number,
): Float64Array {
  const binary = new Uint8Array(nu * nv);
  for (let q = 0; q < nu * nv; q++) binary[q] = plane[q] ? 1 : 0;
  const toInside = squaredDistanceTo(binary, nu, nv, su, sv, 1);
  const toOutside = squaredDistanceTo(binary, nu, nv, su, sv, 0);
  const sd = new Float64Array(nu * nv);
  for (let q = 0; q < nu * nv; q++) sd[q] = binary[q] ? -Math.sqrt(toOutside[q]) : Math.sqrt(toInside[q]);
  return sd;
}
