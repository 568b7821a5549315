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
export function autocorrelationDirect(
  data: Float32Array,
  mask: Uint8Array,
  size: Vec3,
  spacing: Vec3,
): AutocorrelationSums {
  const { n, mean } = maskedMean(data, mask);
  const pos: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    pos.push(
      (k % size[0]) * spacing[0],
      (Math.floor(k / size[0]) % size[1]) * spacing[1],
      Math.floor(k / (size[0] * size[1])) * spacing[2],
    );
    y.push(data[k] - mean);
  }
  let weightSum = 0;
  let cross = 0;
  let squaredDiff = 0;
  let deviation = 0;
  for (let a = 0; a < n; a++) {
    deviation += y[a] * y[a];
    for (let b = a + 1; b < n; b++) {
      const w =
        1 /
        Math.hypot(pos[3 * a] - pos[3 * b], pos[3 * a + 1] - pos[3 * b + 1], pos[3 * a + 2] - pos[3 * b + 2]);
      weightSum += 2 * w;
      cross += 2 * w * y[a] * y[b];
      squaredDiff += 2 * w * (y[a] - y[b]) ** 2;
    }
  }
  return { n, weightSum, cross, squaredDiff, deviation };
}

interface FftPlan {
  reverse: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

const plans = new Map<number, FftPlan>();

function fftPlan(len: number): FftPlan {
  let plan = plans.get(len);
  if (plan) return plan;
  const bits = Math.round(Math.log2(len));
  const reverse = new Uint32Array(len);
  for (let i = 0; i < len; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    reverse[i] = r;
  }
  const cos = new Float64Array(len / 2);
  const sin = new Float64Array(len / 2);
  for (let t = 0; t < len / 2; t++) {
    cos[t] = Math.cos((2 * Math.PI * t) / len);
    sin[t] = -Math.sin((2 * Math.PI * t) / len);
  }
  plan = { reverse, cos, sin };
  plans.set(len, plan);
  return plan;
}

/** Radix-2 complex FFT of `len` samples starting at `offset` with `stride`, in place (inverse without 1/N). */
function fftLine(
  re: Float64Array | Float32Array,
  im: Float64Array | Float32Array,
  offset: number,
  stride: number,
  len: number,
  inverse: boolean,
  bufRe: Float64Array,
  bufIm: Float64Array,
): void {
  if (len === 1) return;
  const { reverse, cos, sin } = fftPlan(len);
  for (let t = 0; t < len; t++) {
    const r = reverse[t];
    bufRe[r] = re[offset + t * stride];
    bufIm[r] = im[offset + t * stride];
  }
  const sign = inverse ? -1 : 1;
  for (let size = 2; size <= len; size <<= 1) {
    const half = size >> 1;
    const step = len / size;
    for (let start = 0; start < len; start += size) {
      for (let t = 0; t < half; t++) {
        const cr = cos[t * step];
        const ci = sign * sin[t * step];
        const a = start + t;
        const b = a + half;
        const xr = bufRe[b] * cr - bufIm[b] * ci;
        const xi = bufRe[b] * ci + bufIm[b] * cr;
        bufRe[b] = bufRe[a] - xr;
        bufIm[b] = bufIm[a] - xi;
        bufRe[a] += xr;
        bufIm[a] += xi;
      }
    }
  }
  for (let t = 0; t < len; t++) {
    re[offset + t * stride] = bufRe[t];
    im[offset + t * stride] = bufIm[t];
  }
}

/**
 * FFT along a strided axis, a whole row (`rowLen` contiguous samples) per butterfly operand: `len` rows start
 * at `base + r·rowStride`. Working on contiguous rows keeps the strided passes cache friendly.
 */
function fftRows(
  re: Float64Array | Float32Array,
  im: Float64Array | Float32Array,
  base: number,
  rowStride: number,
  len: number,
  rowLen: number,
): void {
  if (len === 1) return;
  const { reverse, cos, sin } = fftPlan(len);
  for (let r = 0; r < len; r++) {
    const q = reverse[r];
    if (q <= r) continue;
    const a = base + r * rowStride;
    const b = base + q * rowStride;
    for (let x = 0; x < rowLen; x++) {
      const tr = re[a + x];
      re[a + x] = re[b + x];
      re[b + x] = tr;
      const ti = im[a + x];
      im[a + x] = im[b + x];
      im[b + x] = ti;
    }
  }
  for (let size = 2; size <= len; size <<= 1) {
    const half = size >> 1;
    const step = len / size;
    for (let start = 0; start < len; start += size) {
      for (let t = 0; t < half; t++) {
        const cr = cos[t * step];
        const ci = sin[t * step];
        const a = base + (start + t) * rowStride;
        const b = a + half * rowStride;
        for (let x = 0; x < rowLen; x++) {
          const br = re[b + x];
          const bi = im[b + x];
          const xr = br * cr - bi * ci;
          const xi = br * ci + bi * cr;
          re[b + x] = re[a + x] - xr;
          im[b + x] = im[a + x] - xi;
          re[a + x] += xr;
          im[a + x] += xi;
        }
      }
    }
  }
}

/** Forward 3D FFT in place. Only the first `extent` (j, k) rows hold data before the transform, so the first passes skip the zero rows. */
function fft3d(
  re: Float64Array | Float32Array,
  im: Float64Array | Float32Array,
  size: Vec3,
  extent: Vec3,
): void {
  const [px, py, pz] = size;
  const bufRe = new Float64Array(px);
  const bufIm = new Float64Array(px);
  for (let k = 0; k < extent[2]; k++)
    for (let j = 0; j < extent[1]; j++) fftLine(re, im, px * (j + py * k), 1, px, false, bufRe, bufIm);
  for (let k = 0; k < extent[2]; k++) fftRows(re, im, px * py * k, px, py, px);
  for (let j = 0; j < py; j++) fftRows(re, im, px * j, px * py, pz, px);
}

/** Beyond this padded size (1 GB of float32 spectra) Moran's I and Geary's C are reported as NaN. */
const MAX_FFT_POINTS = 64 * 1024 * 1024;

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * Exact sums through the frequency domain (zero padding to ≥ 2n − 1 per axis, so no wrap-around).
 * By Parseval, Σ_a u_a (w ∗ v)_a = (1/P) Σ_f conj(U_f) V_f K_f for real u, v and the real, even kernel w.
 * Two complex transforms carry four real signals: F = FFT(m + i·y), G = FFT(w + i·y²), separated with
 * U_f = (F_f + conj F_−f)/2 and V_f = (F_f − conj F_−f)/2i.
 */
export function autocorrelationFft(
  data: Float32Array,
  mask: Uint8Array,
  size: Vec3,
  spacing: Vec3,
): AutocorrelationSums {
  const { n, mean } = maskedMean(data, mask);
  const p: Vec3 = [nextPow2(2 * size[0] - 1), nextPow2(2 * size[1] - 1), nextPow2(2 * size[2] - 1)];
  const total = p[0] * p[1] * p[2];
  if (total > MAX_FFT_POINTS) return { n, weightSum: NaN, cross: NaN, squaredDiff: NaN, deviation: NaN };
  // Above 8 M points the spectra are stored in float32 (arithmetic stays float64) to halve the memory.
  const Store = total > 8 * 1024 * 1024 ? Float32Array : Float64Array;
  const fr = new Store(total);
  const fi = new Store(total);
  const gr = new Store(total);
  const gi = new Store(total);
  let deviation = 0;
  for (let k = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++) {
        const s = i + size[0] * (j + size[1] * k);
        if (!mask[s]) continue;
        const t = i + p[0] * (j + p[1] * k);
        const y = data[s] - mean;
        fr[t] = 1;
        fi[t] = y;
        gi[t] = y * y;
        deviation += y * y;
      }
  for (let k = -(size[2] - 1); k < size[2]; k++)
    for (let j = -(size[1] - 1); j < size[1]; j++)
      for (let i = -(size[0] - 1); i < size[0]; i++) {
        if (i === 0 && j === 0 && k === 0) continue;
        const t = ((i + p[0]) % p[0]) + p[0] * (((j + p[1]) % p[1]) + p[1] * ((k + p[2]) % p[2]));
        gr[t] = 1 / Math.sqrt((i * spacing[0]) ** 2 + (j * spacing[1]) ** 2 + (k * spacing[2]) ** 2);
      }
  fft3d(fr, fi, p, size);
  fft3d(gr, gi, p, p);
  let mm = 0; // Σ m (w∗m)
  let yy = 0; // Σ y (w∗y)
  let qm = 0; // Σ y² (w∗m)
  for (let k = 0; k < p[2]; k++) {
    const kn = (p[2] - k) % p[2];
    for (let j = 0; j < p[1]; j++) {
      const jn = (p[1] - j) % p[1];
      for (let i = 0; i < p[0]; i++) {
        const t = i + p[0] * (j + p[1] * k);
        const tn = ((p[0] - i) % p[0]) + p[0] * (jn + p[1] * kn);
        // M = (F + conj F−)/2, Y = (F − conj F−)/2i; likewise K (real) and Q from G
        const mr = (fr[t] + fr[tn]) / 2;
        const mi = (fi[t] - fi[tn]) / 2;
        const yr = (fi[t] + fi[tn]) / 2;
        const yi = -(fr[t] - fr[tn]) / 2;
        const kk = (gr[t] + gr[tn]) / 2;
        const qr = (gi[t] + gi[tn]) / 2;
        const qi = -(gr[t] - gr[tn]) / 2;
        mm += (mr * mr + mi * mi) * kk;
        yy += (yr * yr + yi * yi) * kk;
        qm += (qr * mr + qi * mi) * kk;
      }
    }
  }
  const weightSum = mm / total;
  const cross = yy / total;
  const sq = qm / total;
  return { n, weightSum, cross, squaredDiff: 2 * sq - 2 * cross, deviation };
}

/** Direct sums for small ROIs, FFT otherwise. */
export function autocorrelationSums(
  data: Float32Array,
  mask: Uint8Array,
  size: Vec3,
  spacing: Vec3,
): AutocorrelationSums {
  let n = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) n++;
  return n <= 2000
    ? autocorrelationDirect(data, mask, size, spacing)
    : autocorrelationFft(data, mask, size, spacing);
}
