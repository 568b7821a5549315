/**
 * Filter building blocks: boundary rules, the mean filter, LoG conventions and the undecimated wavelet
 * (checked against pywt.swt values worked by hand, its energy identity, and constant images).
 */
import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../../image/volume';
import { prepareRoi } from '../image/pipeline';
import { parseSettings, resolveSettings } from '../settings';
import { filterMargin, processedImage, responseMaps, responseMapsOfContext, sigmaLabel } from './index';
import { logFilter } from './log';
import { meanFilter } from './mean';
import { boundaryIndex } from './separable';
import { waveletDecompositions, waveletFilters } from './wavelet';

function volume(
  size: Vec3,
  f: (i: number, j: number, k: number) => number,
  spacing: Vec3 = [1, 1, 1],
): Volume {
  const data = new Float32Array(size[0] * size[1] * size[2]);
  for (let k = 0, n = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++) data[n++] = f(i, j, k);
  return { size, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

describe('boundary rules (IBSI 2)', () => {
  it('mirror repeats the edge voxel, periodic wraps, nearest clamps, constant is zero', () => {
    expect([-3, -2, -1, 4, 5, 6].map((p) => boundaryIndex(p, 4, 'mirror'))).toEqual([2, 1, 0, 3, 2, 1]);
    expect([-1, 4].map((p) => boundaryIndex(p, 4, 'periodic'))).toEqual([3, 0]);
    expect([-2, 5].map((p) => boundaryIndex(p, 4, 'nearest'))).toEqual([0, 3]);
    expect(boundaryIndex(-1, 4, 'constant')).toBe(-1);
  });
});

describe('mean filter', () => {
  it('averages a 3-voxel window with mirror padding at the edges', () => {
    const v = volume([4, 1, 1], (i) => [1, 2, 3, 10][i]);
    const out = meanFilter(v, { support: 3, dims: '2D' });
    // x-axis: [1,1,2]/3, [1,2,3]/3, [2,3,10]/3, [3,10,10]/3; y-axis of a single row mirrors onto itself
    expect(Array.from(out.data)).toEqual([4 / 3, 2, 5, 23 / 3].map(Math.fround));
  });
  it('refuses an even support', () => {
    expect(() =>
      meanFilter(
        volume([3, 3, 3], () => 0),
        { support: 4, dims: '3D' },
      ),
    ).toThrow(/odd positive integer/);
  });
});

describe('Laplacian of Gaussian', () => {
  it('a quadratic x² has Laplacian 2 away from the edges (per voxel², IBSI); PyRadiomics scales by σ² in mm', () => {
    const spacing: Vec3 = [0.5, 0.5, 0.5];
    const v = volume([31, 31, 31], (i) => (i - 15) ** 2, spacing);
    const centre = 15 + 31 * (15 + 31 * 15);
    const ibsi = logFilter(v, { sigma: 1, dims: '3D' }).data[centre];
    // x² in voxels → ∂²/∂i² = 2 per voxel²; sampling and the 4σ truncation cost well under 1%
    expect(Math.abs(ibsi - 2)).toBeLessThan(0.02);
    const mm = volume([31, 31, 31], (i) => ((i - 15) * 0.5) ** 2, spacing);
    const py = logFilter(mm, { sigma: 1, dims: '3D', convention: 'pyradiomics' }).data[centre];
    expect(Math.abs(py - 2)).toBeLessThan(0.02); // ∇²(x² in mm) = 2 per mm², × σ² = 1 mm²
  });
  it('names σ the PyRadiomics way and needs a positive σ', () => {
    expect(sigmaLabel(1)).toBe('1-0');
    expect(sigmaLabel(2.5)).toBe('2-5');
    expect(() =>
      logFilter(
        volume([3, 3, 3], () => 0),
        { sigma: 0, dims: '3D' },
      ),
    ).toThrow(/sigma must be positive/);
  });
});

describe('undecimated wavelet (pywt.swtn level 1)', () => {
  it('haar along one axis: pywt.swt([1, 2, 3, 4], "haar") values', () => {
    const v = volume([4, 1, 1], (i) => i + 1);
    const maps = waveletDecompositions(v, 'haar', '2D');
    const s = Math.SQRT1_2;
    // y has length 1: its low pass doubles by √2 (periodic 1-sample line), its high pass is 0
    const ll = Array.from(maps.get('LL')?.data ?? []);
    const hl = Array.from(maps.get('HL')?.data ?? []);
    expect(ll.map((x) => x / (2 * s))).toEqual([3, 5, 7, 5].map((x) => expect.closeTo(x * s, 5)));
    expect(hl.map((x) => x / (2 * s))).toEqual([-1, -1, -1, 3].map((x) => expect.closeTo(x * s, 5)));
    expect(Array.from(maps.get('LH')?.data ?? []).every((x) => Math.abs(x) < 1e-6)).toBe(true);
  });
  it('coif1: high pass is the alternating flip of the low pass; Σ h = √2, Σ g = 0', () => {
    const { lo, hi } = waveletFilters('coif1');
    expect(lo.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.SQRT2, 12);
    expect(hi.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(hi[0]).toBeCloseTo(-lo[5], 15);
    expect(hi[1]).toBeCloseTo(lo[4], 15);
  });
  it('8 responses whose energies add to 2³ times the image energy (orthonormal filters, periodic)', () => {
    const v = volume([8, 6, 4], (i, j, k) => Math.sin(i * 1.3) + ((j * k) % 5) - 0.2 * i * k);
    const maps = waveletDecompositions(v, 'coif1', '3D');
    expect([...maps.keys()].sort()).toEqual(['HHH', 'HHL', 'HLH', 'HLL', 'LHH', 'LHL', 'LLH', 'LLL']);
    const energy = (d: Float32Array): number => d.reduce((s, x) => s + x * x, 0);
    const total = [...maps.values()].reduce((s, m) => s + energy(m.data), 0);
    expect(total / energy(v.data)).toBeCloseTo(8, 4);
  });
  it('a constant image: LLL = 2√2·c, every other band 0', () => {
    const maps = waveletDecompositions(
      volume([6, 6, 6], () => 5),
      'coif1',
      '3D',
    );
    expect(maps.get('LLL')?.data[100]).toBeCloseTo(5 * 2 * Math.SQRT2, 4);
    for (const [key, m] of maps)
      if (key !== 'LLL') expect(Math.max(...Array.from(m.data, Math.abs))).toBeLessThan(1e-5);
  });
});

describe('image types', () => {
  it('names maps as PyRadiomics does and sizes the crop margin from the largest kernel', () => {
    const v = volume([10, 10, 10], (i, j, k) => i + j + k);
    const names = responseMaps(
      v,
      { Original: {}, LoG: { sigma: [1, 2.5] }, Wavelet: { wavelet: 'haar' } },
      { dims: '3D', logConvention: 'pyradiomics' },
    ).map((m) => m.imageType);
    expect(names).toEqual([
      'original',
      'log-sigma-1-0-mm-3D',
      'log-sigma-2-5-mm-3D',
      ...['LLL', 'LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH'].map((k) => `wavelet-${k}`),
    ]);
    expect(filterMargin({ LoG: { sigma: [2] } }, [0.5, 1, 2], '3D')).toEqual([16, 8, 4]);
    expect(filterMargin({ LoG: { sigma: [2] } }, [0.5, 1, 2], '2D')).toEqual([16, 8, 0]);
  });
});

describe('response maps of a profile context', () => {
  it('filter the interpolated whole image; on the ROI grid they equal the whole-image response', () => {
    const image = volume([20, 18, 10], (i, j, k) => Math.sin(i) * 40 + j * j - 3 * k + ((i * j * k) % 7));
    const mask = { ...image, data: new Uint8Array(image.data.length) };
    for (let k = 3; k < 7; k++)
      for (let j = 5; j < 12; j++) for (let i = 6; i < 14; i++) mask.data[i + 20 * (j + 18 * k)] = 1;
    const settings = parseSettings({
      resampling: { spacing: [0.7, 0.7, 0.7], interpolator: 'linear' },
      imageTypes: { Mean: { support: 3 }, LoG: { sigma: [1] } },
    });
    const resolved = resolveSettings(settings);
    const prepared = prepareRoi(image, mask, resolved);
    const maps = responseMapsOfContext(
      { prepared, settings: resolved, source: { volume: image, mask, settings } },
      { dims: '3D', logConvention: 'ibsi' },
    );
    expect(maps.map((m) => m.imageType)).toEqual(['log-sigma-1-0-mm-3D', 'mean-3-3D']);
    const whole = processedImage(image, resolved);
    const offset = prepared.image.origin.map((o, a) => Math.round((o - whole.origin[a]) / whole.spacing[a]));
    for (const [m, reference] of [
      [maps[0], logFilter(whole, { sigma: 1, dims: '3D' })],
      [maps[1], meanFilter(whole, { support: 3, dims: '3D' })],
    ] as const) {
      const [sx, sy] = prepared.image.size;
      let compared = 0;
      prepared.intensityMask.forEach((inside, n) => {
        if (!inside) return;
        const i = (n % sx) + offset[0],
          j = (Math.floor(n / sx) % sy) + offset[1],
          k = Math.floor(n / (sx * sy)) + offset[2];
        expect(m.image.data[n]).toBeCloseTo(reference.data[i + whole.size[0] * (j + whole.size[1] * k)], 3);
        compared++;
      });
      expect(compared).toBeGreaterThan(100);
    }
    expect(
      responseMapsOfContext({ prepared, settings: resolved }, { dims: '3D', logConvention: 'ibsi' }),
    ).toEqual([]);
  });
});
