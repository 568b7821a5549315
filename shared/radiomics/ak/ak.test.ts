/**
 * The A.K. profile's names, order and families, the paper's five features, the paper preset, and the
 * 72 non-ITK features against their references: PyRadiomics baseline (GLSZM, Haralick = glcm,
 * first order, shape with binCount 64) and the IBSI 1 digital phantom.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import paperPreset from '../../presets/paper.json';
import { syntheticAkCase } from './bench';
import { AK_FAMILY, akFeatures } from './index';
import { PAPER_SETTINGS, akSettingsFrom } from './settings';
import { AkSettingsSchema } from '../settings';

const SHARED = new URL('../../../../shared/', import.meta.url).pathname;
const IMAGES = `${SHARED}data/pyradiomics-baseline/images/`;

function pyradiomics(family: string, column: string): Map<string, number> {
  const lines = readFileSync(
    `${SHARED}data/pyradiomics-baseline/baseline/baseline_${family}.csv`,
    'utf8',
  ).split('\n');
  const header = lines[0].split(',');
  const col = header.indexOf(column);
  expect(col).toBeGreaterThan(0);
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    if (!line.startsWith('original_')) continue; // feature rows hold plain numbers: no quoted commas
    const cells = line.split(',');
    out.set(cells[0].replace(/^original_[a-z0-9]+_/i, ''), Number(cells[col]));
  }
  return out;
}

function relClose(ours: number | undefined, ref: number, tol: number): boolean {
  return ours !== undefined && Math.abs(ours - ref) <= tol * Math.max(Math.abs(ours), Math.abs(ref));
}

const load = (name: string) => ({
  image: readVolumeFile(`${IMAGES}${name}_image.nrrd`),
  mask: readVolumeFile(`${IMAGES}${name}_label.nrrd`),
});
const featureMap = (name: string) =>
  new Map(akFeatures(load(name).image, load(name).mask).map((f) => [f.name, f.value]));
const brain1 = featureMap('brain1');
const breast1 = featureMap('breast1');

describe('A.K. names', () => {
  const expected = readFileSync(`${SHARED}reference/ak-feature-names.txt`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t') as [keyof typeof AK_FAMILY, string]);
  const features = akFeatures(load('breast1').image, load('breast1').mask);

  it('gives the 396 names of ak-feature-names.txt, in order, with their families; tag = name', () => {
    expect(expected.length).toBe(396);
    expect(features.map((f) => f.name)).toEqual(expected.map((e) => e[1]));
    expect(features.map((f) => f.family)).toEqual(expected.map((e) => AK_FAMILY[e[0]]));
    for (const f of features) {
      expect(f.tag).toBe(f.name);
      expect(f.ibsi_id).toMatch(/^([0-9A-Z]{4})?$/);
      expect(f.aggregation).toBe('none');
    }
    expect(features.find((f) => f.name === 'Inertia_angle0_offset1')?.ibsi_id).toBe('ACUI');
    expect(features.find((f) => f.name === 'Correlation_angle0_offset1')?.ibsi_id).toBe('');
  });

  it("has the paper's five selected features, finite on brain1", () => {
    for (const name of [
      'stdDeviation',
      'ClusterProminence_angle135_offset4',
      'Correlation_angle135_offset4',
      'Inertia_angle135_offset4',
      'InverseDifferenceMoment_angle45_offset4',
    ]) {
      expect(Number.isFinite(brain1.get(name)), name).toBe(true);
    }
    // ITK's Sigma (n − 1) on brain1: ../shared/fixtures/ak/brain1_bins64.csv.
    expect(brain1.get('stdDeviation')).toBeCloseTo(156.6301674430853, 9);
  });
});

describe('paper preset', () => {
  it('shared/presets/paper.json gives the paper settings', () => {
    expect(akSettingsFrom(paperPreset, 'preset paper')).toEqual(PAPER_SETTINGS);
  });
  it('rejects unknown or bad A.K. settings with the name of the setting', () => {
    expect(() => akSettingsFrom({ ak: { bin: 64 } })).toThrow(/ak\.bin/);
    expect(() => akSettingsFrom({ ak: { allDirection: 'all' } })).toThrow(/allDirection/);
    expect(() => akSettingsFrom({ ak: { distances: [0] } })).toThrow(/distances/);
  });
  it('AkSettingsSchema accepts the ak block and rejects unknown keys', () => {
    expect(AkSettingsSchema.parse({ allDirection: 'itk13', distances: [1] })).toEqual({
      allDirection: 'itk13',
      distances: [1],
    });
    expect(AkSettingsSchema.safeParse({ bin: 64 }).success).toBe(false);
    expect(akSettingsFrom({ ak: AkSettingsSchema.parse({ allDirection: 'itk13' }) }).allDirection).toBe(
      'itk13',
    );
  });
  it('takes bins from a fixed-bin-number discretisation when the ak block has none', () => {
    expect(akSettingsFrom({ discretisation: { texture: { method: 'fbn', bins: 32 } } }).bins).toBe(32);
  });
});

describe.each([
  ['brain1', brain1],
  ['breast1', breast1],
])('%s against the PyRadiomics baseline (binCount 64)', (name, ours) => {
  it('GLSZM equals PyRadiomics glszm', () => {
    const ref = pyradiomics('glszm', `${name}_FBN`);
    const pairs: [string, string][] = [
      ['SmallAreaEmphasis', 'SmallAreaEmphasis'],
      ['LargeAreaEmphasis', 'LargeAreaEmphasis'],
      ['IntensityVariability', 'GrayLevelNonUniformity'],
      ['SizeZoneVariability', 'SizeZoneNonUniformity'],
      ['ZonePercentage', 'ZonePercentage'],
      ['LowIntensityEmphasis', 'LowGrayLevelZoneEmphasis'],
      ['HighIntensityEmphasis', 'HighGrayLevelZoneEmphasis'],
      ['LowIntensitySmallAreaEmphasis', 'SmallAreaLowGrayLevelEmphasis'],
      ['HighIntensitySmallAreaEmphasis', 'SmallAreaHighGrayLevelEmphasis'],
      ['LowIntensityLargeAreaEmphasis', 'LargeAreaLowGrayLevelEmphasis'],
      ['HighIntensityLargeAreaEmphasis', 'LargeAreaHighGrayLevelEmphasis'],
    ];
    const bad = pairs.filter(([a, p]) => !relClose(ours.get(a), ref.get(p) as number, 1e-12));
    expect(bad.map(([a, p]) => `${a}: ${ours.get(a)} vs ${ref.get(p)}`)).toEqual([]);
  });

  it('Haralick equals PyRadiomics glcm', () => {
    const ref = pyradiomics('glcm', `${name}_FBN`);
    const pairs: [string, string][] = [
      ['AngularSecondMoment', 'JointEnergy'],
      ['HaraEntroy', 'JointEntropy'],
      ['HaraVariance', 'SumSquares'],
      ['contrast', 'Contrast'],
      ['differenceEntropy', 'DifferenceEntropy'],
      ['differenceVariance', 'DifferenceVariance'],
      ['inverseDifferenceMoment', 'Idm'],
      ['sumAverage', 'SumAverage'],
      ['sumEntropy', 'SumEntropy'],
      ['sumVariance', 'ClusterTendency'],
    ];
    const bad = pairs.filter(([a, p]) => !relClose(ours.get(a), ref.get(p) as number, 1e-12));
    expect(bad.map(([a, p]) => `${a}: ${ours.get(a)} vs ${ref.get(p)}`)).toEqual([]);
  });

  it('histogram features equal PyRadiomics firstorder where the definitions agree', () => {
    const ref = pyradiomics('firstorder', name);
    const pairs: [string, number | undefined][] = [
      ['Skewness', ours.get('skewness')],
      ['Kurtosis', ours.get('kurtosis')],
      ['MeanAbsoluteDeviation', ours.get('MeanDeviation')],
      ['Median', ours.get('MedianIntensity')],
      ['10Percentile', ours.get('Percentile10')],
      ['90Percentile', ours.get('Percentile90')],
      ['InterquartileRange', (ours.get('Quantile0.75') as number) - (ours.get('Quantile0.25') as number)],
      ['Range', ours.get('Range')],
      ['Minimum', ours.get('MinIntensity')],
      ['Maximum', ours.get('MaxIntensity')],
      ['Mean', ours.get('MeanValue')],
    ];
    const bad = pairs.filter(([p, v]) => !relClose(v, ref.get(p) as number, 1e-10));
    expect(bad.map(([p, v]) => `${p}: ${v} vs ${ref.get(p)}`)).toEqual([]);
    expect(ours.get('Quantile0.5')).toBe(ours.get('MedianIntensity'));
    expect(ours.get('Percentile50')).toBe(ours.get('MedianIntensity'));
  });
});

describe('form factor', () => {
  it('breast1 equals PyRadiomics shape (mesh volume, area, sphericity, diameter)', () => {
    const ref = pyradiomics('shape', 'breast1');
    const pairs: [string, string][] = [
      ['VolumeMM', 'MeshVolume'],
      ['SurfaceArea', 'SurfaceArea'],
      ['SurfaceVolumeRatio', 'SurfaceVolumeRatio'],
      ['Sphericity', 'Sphericity'],
      ['Maximum3DDiameter', 'Maximum3DDiameter'],
    ];
    const bad = pairs.filter(([a, p]) => !relClose(breast1.get(a), ref.get(p) as number, 1e-9));
    expect(bad.map(([a, p]) => `${a}: ${breast1.get(a)} vs ${ref.get(p)}`)).toEqual([]);
    expect(
      relClose(
        brain1.get('Maximum3DDiameter'),
        pyradiomics('shape', 'brain1').get('Maximum3DDiameter') as number,
        1e-9,
      ),
    ).toBe(true);
  });

  it('the IBSI 1 digital phantom is within the IBSI reference tolerances', () => {
    const dir = `${SHARED}data/ibsi1-digital-phantom/nifti/`;
    const f = new Map(
      akFeatures(readVolumeFile(`${dir}image/phantom.nii.gz`), readVolumeFile(`${dir}mask/mask.nii.gz`)).map(
        (x) => [x.name, x.value],
      ),
    );
    const reference: [string, number, number][] = [
      ['VolumeMM', 556, 4],
      ['SurfaceArea', 388, 3],
      ['SurfaceVolumeRatio', 0.698, 0.004],
      ['Compactness1', 0.0411, 0.0003],
      ['Compactness2', 0.599, 0.004],
      ['SphericalDisproportion', 1.19, 0.01],
      ['Sphericity', 0.843, 0.005],
      ['Maximum3DDiameter', 13.1, 0.1],
      ['MeanValue', 2.1486, 0.00005],
      ['skewness', 1.08, 0.005],
      ['RMS', 2.77, 0.005],
      ['histogramEntropy', 1.27, 0.005],
      ['uniformity', 0.512, 0.0005],
      ['Percentile10', 1, 0],
      ['Percentile90', 4, 0],
      ['MedianIntensity', 1, 0],
      ['VolumeCount', 74, 0],
    ];
    const bad = reference.filter(([n, v, tol]) => !(Math.abs((f.get(n) as number) - v) <= tol));
    expect(bad.map(([n, v]) => `${n}: ${f.get(n)} vs ${v}`)).toEqual([]);
    expect((f.get('kurtosis') as number) - 3).toBeCloseTo(-0.355, 3); // IBSI's excess kurtosis + 3
    expect(f.get('VolumeCC')).toBeCloseTo((f.get('VolumeMM') as number) / 1000, 12);
  });
});

describe('speed case', () => {
  it('computes all 396 features on a 512×512×30 image with a 120×120×20 ROI', () => {
    const c = syntheticAkCase();
    expect(c.mask.data.reduce((s, v) => s + v, 0)).toBe(120 * 120 * 20);
    const features = akFeatures(c.image, c.mask);
    expect(features.length).toBe(396);
    const named = new Map(features.map((f) => [f.name, f.value]));
    // 20 slices: every in-plane GLCM has pairs, so nothing is NaN in the paper preset.
    expect(features.filter((f) => Number.isNaN(f.value)).map((f) => f.name)).toEqual([]);
    expect(named.get('VolumeCount')).toBe(288000);
    expect(named.get('VolumeMM')).toBeCloseTo(120 * 120 * 20 * 0.5 * 0.5 * 5, -4);
  });
});

describe('bad input', () => {
  const c = syntheticAkCase([20, 20, 4], [6, 6, 2]);
  it('names a mask whose grid does not match the image', () => {
    const mask = {
      ...c.mask,
      size: [20, 20, 3] as [number, number, number],
      data: c.mask.data.subarray(0, 1200),
    };
    expect(() => akFeatures(c.image, mask)).toThrow(/mask size 20×20×3 does not match image size 20×20×4/);
  });
  it('names an empty ROI', () => {
    expect(() => akFeatures(c.image, { ...c.mask, data: new Uint8Array(1600) })).toThrow(/ROI is empty/);
  });
  it('names a non-finite value inside the ROI', () => {
    const data = Float32Array.from(c.image.data);
    data[c.mask.data.indexOf(1)] = NaN;
    expect(() => akFeatures({ ...c.image, data }, c.mask)).toThrow(/non-finite value/);
  });
  it('names a bad setting', () => {
    expect(() => akFeatures(c.image, c.mask, { bins: 0 })).toThrow(/"bins"/);
  });
});
