/**
 * Spatial autocorrelation of ROI intensities (IBSI Moran's I N365, Geary's C NPT7) with inverse-distance
 * weights w_ab = 1/‖x_a − x_b‖ (mm) over all voxel pairs a ≠ b of the intensity mask.
 *
 * All-pairs sums are O(N²); for large ROIs they are computed exactly as convolutions with the weight kernel
 * via FFT: Σ_ab w_ab y_a y_b = Σ_a y_a (w ∗ y)_a, with y = (X − μ) on the mask.
 */
import type { Vec3 } from '../../image/volume';

export interface AutocorrelationSums {
  n: number;
  /** Σ_{a≠b} w_ab. */
  weightSum: number;
  /** Σ_{a≠b} w_ab (X_a − μ)(X_b − μ). */
  cross: number;
  /** Σ_{a≠b} w_ab (X_a − X_b)². */
  squaredDiff: number;
  /** Σ_a (X_a − μ)². */
  deviation: number;
}

/** Moran's I (N365): (N / W) Σ w_ab (X_a − μ)(X_b − μ) / Σ (X_a − μ)². */
export function moransI(s: AutocorrelationSums): number {
  return ((s.n / s.weightSum) * s.cross) / s.deviation;
}

/** Geary's C (NPT7): ((N − 1) / 2W) Σ w_ab (X_a − X_b)² / Σ (X_a − μ)². */
export function gearysC(s: AutocorrelationSums): number {
  return (((s.n - 1) / (2 * s.weightSum)) * s.squaredDiff) / s.deviation;
}

function maskedMean(data: Float32Array, mask: Uint8Array): { n: number; mean: number } {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < mask.length; k++)
    if (mask[k]) {
      n++;
      sum += data[k];
    }
  return { n, mean: sum / n };
}

/** Direct O(N²) sums. */
export function autocorrelationDirect(data: Float32Array, mask: Uint8Array, size: Vec3, spacing: Vec3): AutocorrelationSums {
  const { n, mean } = maskedMean(data, mask);
  const pos: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    pos.push((k % size[0]) * spacing[0], (Math.floor(k / size[0]) % size[1]) * spacing[1], Math.floor(k / (size[0] * size[1])) * spacing[2]);
    y.push(data[k] - mean);
  }
  let weightSum = 0;
  let cross = 0;
  let squaredDiff = 0;
  let deviation = 0;
  for (let a = 0; a < n; a++) {
    deviation += y[a] * y[a];
    for (let b = a + 1; b < n; b++) {
      const w = 1 / Math.hypot(pos[3 * a] - pos[3 * b], pos[3 * a + 1] - pos[3 * b + 1], pos[3 * a + 2] - pos[3 * b + 2]);
      weightSum += 2 * w;
      cross += 2 * w * y[a] * y[b];
      squaredDiff += 2 * w * (y[a] - y[b]) ** 2;
    }
  }
  return { n, weightSum, cross, squaredDiff, deviation };
}

/** In-place radix-2 complex FFT of `len` samples starting at `offset` with `stride` (inverse without 1/N). */
function fftLine(re: Float64Array, im: Float64Array, offset: number, stride: number, len: number, inverse: boolean, bufRe: Float64Array, bufIm: Float64Array): void {
  for (let t = 0; t < len; t++) {
    bufRe[t] = re[offset + t * stride];
    bufIm[t] = im[offset + t * stride];
  }
  for (let i = 1, j = 0; i < len; i++) {
    let bit = len >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [bufRe[i], bufRe[j]] = [bufRe[j], bufRe[i]];
      [bufIm[i], bufIm[j]] = [bufIm[j], bufIm[i]];
    }
  }
  for (let size = 2; size <= len; size <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / size;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let start = 0; start < len; start += size) {
      let cr = 1;
      let ci = 0;
      const half = size >> 1;
      for (let t = 0; t < half; t++) {
        const a = start + t;
        const b = a + half;
        const xr = bufRe[b] * cr - bufIm[b] * ci;
        const xi = bufRe[b] * ci + bufIm[b] * cr;
        bufRe[b] = bufRe[a] - xr;
        bufIm[b] = bufIm[a] - xi;
        bufRe[a] += xr;
        bufIm[a] += xi;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
  for (let t = 0; t < len; t++) {
    re[offset + t * stride] = bufRe[t];
    im[offset + t * stride] = bufIm[t];
  }
}

function fft3d(re: Float64Array, im: Float64Array, size: Vec3, inverse: boolean): void {
  const [px, py, pz] = size;
  const maxLen = Math.max(px, py, pz);
  const bufRe = new Float64Array(maxLen);
  const bufIm = new Float64Array(maxLen);
  for (let k = 0; k < pz; k++) for (let j = 0; j < py; j++) fftLine(re, im, px * (j + py * k), 1, px, inverse, bufRe, bufIm);
  for (let k = 0; k < pz; k++) for (let i = 0; i < px; i++) fftLine(re, im, i + px * py * k, px, py, inverse, bufRe, bufIm);
  for (let j = 0; j < py; j++) for (let i = 0; i < px; i++) fftLine(re, im, i + px * j, px * py, pz, inverse, bufRe, bufIm);
}

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** Exact sums by FFT convolution with the inverse-distance kernel (zero-padded, no wrap-around). */
export function autocorrelationFft(data: Float32Array, mask: Uint8Array, size: Vec3, spacing: Vec3): AutocorrelationSums {
  const { n, mean } = maskedMean(data, mask);
  const p: Vec3 = [nextPow2(2 * size[0] - 1), nextPow2(2 * size[1] - 1), nextPow2(2 * size[2] - 1)];
  const total = p[0] * p[1] * p[2];
  // signal: real = mask, imaginary = y, so one transform convolves both
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  let deviation = 0;
  for (let k = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++) {
        const s = i + size[0] * (j + size[1] * k);
        if (!mask[s]) continue;
        const t = i + p[0] * (j + p[1] * k);
        re[t] = 1;
        im[t] = data[s] - mean;
        deviation += im[t] * im[t];
      }
  const kr = new Float64Array(total);
  const ki = new Float64Array(total);
  for (let k = -(size[2] - 1); k < size[2]; k++)
    for (let j = -(size[1] - 1); j < size[1]; j++)
      for (let i = -(size[0] - 1); i < size[0]; i++) {
        if (i === 0 && j === 0 && k === 0) continue;
        const t = ((i + p[0]) % p[0]) + p[0] * (((j + p[1]) % p[1]) + p[1] * ((k + p[2]) % p[2]));
        kr[t] = 1 / Math.hypot(i * spacing[0], j * spacing[1], k * spacing[2]);
      }
  fft3d(re, im, p, false);
  fft3d(kr, ki, p, false);
  for (let t = 0; t < total; t++) {
    // the kernel is real and even, so its spectrum is real: kr (ki ≈ 0)
    re[t] *= kr[t];
    im[t] *= kr[t];
  }
  fft3d(re, im, p, true);
  let weightSum = 0;
  let cross = 0;
  let sq = 0;
  for (let k = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++) {
        const s = i + size[0] * (j + size[1] * k);
        if (!mask[s]) continue;
        const t = i + p[0] * (j + p[1] * k);
        const wm = re[t] / total;
        const wy = im[t] / total;
        const y = data[s] - mean;
        weightSum += wm;
        cross += y * wy;
        sq += y * y * wm;
      }
  return { n, weightSum, cross, squaredDiff: 2 * sq - 2 * cross, deviation };
}

/** Direct sums for small ROIs, FFT otherwise. */
export function autocorrelationSums(data: Float32Array, mask: Uint8Array, size: Vec3, spacing: Vec3): AutocorrelationSums {
  let n = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) n++;
  return n <= 2000 ? autocorrelationDirect(data, mask, size, spacing) : autocorrelationFft(data, mask, size, spacing);
}
