/**
 * Undecimated (stationary) separable wavelet transform, level 1, as PyRadiomics computes it with
 * pywt.swtn(level=1, start_level=0): along each axis the signal is filtered, without downsampling, by the
 * decomposition low-pass h (→ L) or high-pass g (→ H) with periodic extension,
 *   out[o] = Σ_j f[j] · x[(o + F/2 − j) mod N]   (pywt's periodization convolution, step 1),
 * g[k] = (−1)^{k+1} h[F−1−k]. 3D gives 8 responses LLL … HHH, 2D (per slice) 4: LL … HH. Letters follow the
 * axes i, j, k (PyRadiomics' `wavelet-LLH` is L along x, L along y, H along z).
 * Unlike PyRadiomics, odd axis lengths are not padded (numpy's resize there reorders voxels); the transform
 * is defined for any length.
 */
import type { Volume } from '../../image/volume';
import { filterAxes, filterAxis, type FilterDims } from './separable';

/** Decomposition low-pass filters (pywt dec_lo). */
const DEC_LO: Record<WaveletName, number[]> = {
  haar: [Math.SQRT1_2, Math.SQRT1_2],
  coif1: [
    -0.01565572813546454, -0.0727326195128539, 0.38486484686420286, 0.8525720202122554, 0.3378976624578092,
    -0.0727326195128539,
  ],
};
export type WaveletName = 'haar' | 'coif1';

/** Low- and high-pass decomposition filters of a wavelet. */
export function waveletFilters(name: WaveletName): { lo: Float64Array; hi: Float64Array } {
  const lo = DEC_LO[name];
  if (!lo) throw new Error(`unsupported wavelet "${name}" (available: ${Object.keys(DEC_LO).join(', ')})`);
  const f = lo.length;
  return {
    lo: Float64Array.from(lo),
    hi: Float64Array.from(lo, (_, k) => (k % 2 === 0 ? -1 : 1) * lo[f - 1 - k]),
  };
}

/**
 * pywt's periodic step-1 convolution is a correlation with the reversed filter: out[o] = Σ_t f[F−1−t] ·
 * x[o + t − (F − 1 − F/2)], so it runs through the shared separable filter with that kernel and centre.
 */
function asCorrelation(f: Float64Array): { kernel: Float64Array; centre: number } {
  const reversed = Float64Array.from(f).reverse();
  return { kernel: reversed, centre: f.length - 1 - Math.floor(f.length / 2) };
}

/** The 2^D level-1 responses, keyed by their letters (e.g. 'LLH'). */
export function waveletDecompositions(
  volume: Volume,
  wavelet: WaveletName,
  dims: FilterDims,
): Map<string, Volume> {
  const { lo, hi } = waveletFilters(wavelet);
  const passes = { L: asCorrelation(lo), H: asCorrelation(hi) };
  let current = new Map<string, Float64Array>([['', Float64Array.from(volume.data)]]);
  for (const axis of filterAxes(dims)) {
    const next = new Map<string, Float64Array>();
    for (const [key, data] of current)
      for (const band of ['L', 'H'] as const) {
        const { kernel, centre } = passes[band];
        next.set(key + band, filterAxis(data, volume.size, axis, kernel, centre, 'periodic'));
      }
    current = next;
  }
  return new Map([...current].map(([key, data]) => [key, { ...volume, data: Float32Array.from(data) }]));
}
