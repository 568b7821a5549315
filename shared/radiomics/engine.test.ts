/** Unit checks of the IBSI engine's building blocks against closed-form results. */
import { describe, expect, it } from 'vitest';
import type { MaskVolume, Vec3, Volume } from '../image/volume';
import { IDENTITY_DIRECTION } from '../image/volume';
import { autocorrelationDirect, autocorrelationFft } from './families/autocorrelation';
import { convexHull, maxDiameter } from './families/convexHull';
import { meshRoi } from './families/mesh';
import { ellipsoidArea } from './families/morphology';
import { discretise } from './image/discretise';
import { checkInputs } from './image/pipeline';
import { alignedGrid, bsplinePrefilter, resampleImage, roundHalfEven } from './image/resample';
import { fromPyradiomicsParams, parseSettings } from './settings';
import { computeFeatures } from './profiles';

function volume(size: Vec3, spacing: Vec3, f: (i: number, j: number, k: number) => number): Volume {
  const data = new Float32Array(size[0] * size[1] * size[2]);
  for (let k = 0, n = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++, n++) data[n] = f(i, j, k);
  return { size, spacing, origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION], data };
}

function maskOf(v: Volume, f: (i: number, j: number, k: number) => boolean): MaskVolume {
  const m = volume(v.size, v.spacing, (i, j, k) => (f(i, j, k) ? 1 : 0));
  return { ...m, origin: [...v.origin] as Vec3, data: Uint8Array.from(m.data) };
}

describe('interpolation grid and interpolators', () => {
  it('aligns the IBSI grid on the centre with the extent rounded up (CT phantom → 100×99×90 at 2 mm)', () => {
    const g = alignedGrid(
      {
        size: [204, 201, 60],
        spacing: [0.977, 0.977, 3],
        origin: [0, 0, 0],
        direction: [...IDENTITY_DIRECTION],
      },
      [2, 2, 2],
    );
    expect(g.geometry.size).toEqual([100, 99, 90]);
    // centres coincide: (n − 1)/2 old voxels = (n′ − 1)/2 new voxels from the respective origins
    const centreOld = ((204 - 1) / 2) * 0.977;
    const centreNew = g.geometry.origin[0] + ((100 - 1) / 2) * 2;
    expect(centreNew).toBeCloseTo(centreOld, 9);
  });

  it('cubic B-spline interpolation passes through the samples and reproduces a quadratic inside the grid', () => {
    const v = volume([40, 1, 1], [1, 1, 1], (i) => 0.05 * i * i - 3 * i + 2);
    const same = resampleImage(v, alignedGrid(v, [1, null, null]), 'cubic', false);
    for (let i = 0; i < 40; i++) expect(same.data[i]).toBeCloseTo(v.data[i], 3);
    const half = resampleImage(v, alignedGrid(v, [0.5, null, null]), 'cubic', false);
    // new voxel m sits at old index −0.25 + m/2; away from the mirrored ends the spline is exact for quadratics
    for (let m = 30; m < 50; m++) {
      const x = -0.25 + m / 2;
      expect(half.data[m]).toBeCloseTo(0.05 * x * x - 3 * x + 2, 3);
    }
  });

  it('prefilter of a constant is the constant (B-spline partition of unity)', () => {
    const c = new Float64Array(9).fill(5);
    bsplinePrefilter(c);
    for (const v of c) expect(v).toBeCloseTo(5, 10);
  });

  it('rounds half to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, -3]);
  });
});

describe('discretisation', () => {
  const data = Float32Array.from([-500, -475.5, -475, 0, 400]);
  const mask = Uint8Array.from([1, 1, 1, 1, 1]);
  it('fixed bin size starts at the re-segmentation bound', () => {
    expect([...discretise(data, mask, { method: 'fbs', width: 25 }, -500).levels]).toEqual([1, 1, 2, 21, 37]);
  });
  it('fixed bin number puts the maximum in the last bin', () => {
    const d = discretise(data, mask, { method: 'fbn', bins: 4 }, null);
    expect([...d.levels]).toEqual([1, 1, 1, 3, 4]);
    expect(d.nLevels).toBe(4);
  });
  it('"none" refuses non-integer intensities', () => {
    expect(() => discretise(data, mask, { method: 'none' }, null)).toThrow(/positive integer/);
  });
});

describe('mesh, hull and ellipsoid geometry', () => {
  it('meshes a single voxel as the octahedron through its face centres', () => {
    const m = meshRoi(Uint8Array.from([1]), [1, 1, 1], [1, 1, 1]);
    expect(m.volume).toBeCloseTo(1 / 6, 12);
    expect(m.area).toBeCloseTo(Math.sqrt(3), 12);
    expect(m.vertices.length / 3).toBe(6);
  });

  it('finds the hull of a cube with interior and face points', () => {
    const pts: number[] = [];
    for (let x = 0; x <= 2; x++) for (let y = 0; y <= 2; y++) for (let z = 0; z <= 2; z++) pts.push(x, y, z);
    const p = Float64Array.from(pts);
    const hull = convexHull(p);
    expect(hull.volume).toBeCloseTo(8, 9);
    expect(hull.area).toBeCloseTo(24, 9);
    expect(maxDiameter(p, hull.vertices)).toBeCloseTo(Math.sqrt(12), 12);
  });

  it('gives 4πr² for a sphere (the IBSI series; the phantom tests check the general case)', () => {
    expect(ellipsoidArea(3, 3, 3)).toBeCloseTo(4 * Math.PI * 9, 9);
  });
});

describe("Moran's I / Geary's C sums", () => {
  it('FFT sums equal the direct all-pairs sums', () => {
    const size: Vec3 = [9, 7, 5];
    let seed = 11;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const v = volume(size, [0.8, 1.1, 2.5], (i, j) => Math.round(rnd() * 50 + i * 3 - j));
    const mask = Uint8Array.from(v.data, () => (rnd() > 0.25 ? 1 : 0));
    const a = autocorrelationDirect(v.data, mask, size, v.spacing);
    const b = autocorrelationFft(v.data, mask, size, v.spacing);
    for (const key of ['weightSum', 'cross', 'squaredDiff'] as const)
      expect(b[key] / a[key]).toBeCloseTo(1, 9);
  });
});

describe('input checks name the problem', () => {
  const img = volume([4, 4, 4], [1, 1, 1], (i) => i);
  it('different grids', () => {
    const m = maskOf(
      volume([4, 4, 3], [1, 1, 1], () => 0),
      () => true,
    );
    expect(() => checkInputs(img, m)).toThrow(/different grids/);
  });
  it('NaN in the image', () => {
    const bad = { ...img, data: Float32Array.from(img.data) };
    bad.data[5] = NaN;
    expect(() =>
      checkInputs(
        bad,
        maskOf(img, () => true),
      ),
    ).toThrow(/NaN/);
  });
  it('empty ROI', () => {
    expect(() =>
      computeFeatures(
        img,
        maskOf(img, () => false),
        undefined,
        'ibsi',
      ),
    ).toThrow(/ROI is empty/);
  });
  it('empty after re-segmentation', () => {
    expect(() =>
      computeFeatures(
        img,
        maskOf(img, () => true),
        { resegmentation: { range: [100, 200] } },
        'ibsi',
      ),
    ).toThrow(/re-segmentation/);
  });
  it('an unknown profile lists the known ones', () => {
    expect(() =>
      computeFeatures(
        img,
        maskOf(img, () => true),
        undefined,
        'nope',
      ),
    ).toThrow(/available: .*ibsi/);
  });
});

describe('settings', () => {
  it('names the offending field', () => {
    expect(() => parseSettings({ resampling: { spacing: [2, 2, -1] } })).toThrow(/resampling\.spacing\.2/);
    expect(() => parseSettings({ discretisation: { texture: { method: 'fbs' } } })).toThrow(
      /discretisation\.texture/,
    );
    expect(() => parseSettings({ binWidth: 25 })).toThrow(/binWidth/);
  });
  it('maps a PyRadiomics parameter file', () => {
    const s = fromPyradiomicsParams({
      setting: {
        binWidth: 10,
        resampledPixelSpacing: [1, 1, 1],
        interpolator: 'sitkBSpline',
        resegmentRange: [-3, 3],
        resegmentMode: 'sigma',
        force2D: true,
      },
      featureClass: { glcm: null },
    });
    expect(s).toMatchObject({
      discretisation: { texture: { method: 'fbs', width: 10 } },
      resampling: { spacing: [1, 1, 1], interpolator: 'cubic' },
      resegmentation: { outlierSigma: 3 },
      aggregation: ['2D'],
    });
    expect(parseSettings({ setting: { binCount: 16 } }).discretisation?.texture).toEqual({
      method: 'fbn',
      bins: 16,
    });
  });
});
