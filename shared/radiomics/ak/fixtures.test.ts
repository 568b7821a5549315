/**
 * The A.K. GLCM, run-length and first-order features against ITK 5.2.1's own values
 * (../shared/fixtures/ak/*.csv, README there): every row within 1e-6 relative, NaN = NaN.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeriesVolume, scanFolders } from '../../../main/dicom/index';
import { readVolumeFile } from '../../../main/io/readVolume';
import type { Volume } from '../../image/volume';
import type { FeatureValue } from '../types';
import { GLCM_FEATURES } from './glcm';
import { akFeatures } from './index';
import { prepareRoi } from './roi';
import { RUN_LENGTH_FEATURES } from './runLength';
import { resolveAkSettings, type AkSettings } from './settings';
import { directionalTexture } from './texture';

const FIXTURES = new URL('../../../../shared/fixtures/ak/', import.meta.url).pathname;
const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;

interface Row {
  family: string;
  feature: string;
  direction: string;
  offset: [number, number, number] | null;
  distance: number;
  stat: string;
  name: string;
  value: number;
}

function readFixture(file: string): Row[] {
  const lines = readFileSync(FIXTURES + file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  expect(lines[0]).toBe('family,feature,direction,offset_x,offset_y,offset_z,distance,stat,name,value');
  return lines.slice(1).map((line) => {
    const cells: string[] = [];
    for (const m of line.matchAll(/("[^"]*"|[^,]*)(,|$)/g)) {
      cells.push(m[1].replace(/^"|"$/g, ''));
      if (m[2] === '') break;
    }
    const [family, feature, direction, ox, oy, oz, distance, stat, name, value] = cells;
    return {
      family,
      feature,
      direction,
      offset: ox === '' ? null : [Number(ox), Number(oy), Number(oz)],
      distance: Number(distance),
      stat,
      name,
      value: value === 'NaN' ? NaN : Number(value),
    };
  });
}

/** A.K. name of an ITK row name: Energy → GLCMEnergy, Entropy → GLCMEntropy. */
const akName = (row: Row): string =>
  row.family === 'glcm' && (row.feature === 'Energy' || row.feature === 'Entropy')
    ? `GLCM${row.name}`
    : row.name;

function matches(ours: number, ref: number): boolean {
  if (Number.isNaN(ref) || Number.isNaN(ours)) return Number.isNaN(ref) && Number.isNaN(ours);
  if (ref === 0) return ours === 0;
  return Math.abs(ours - ref) <= 1e-6 * Math.max(Math.abs(ours), Math.abs(ref));
}

function expectAllMatch(pairs: { name: string; ours: number | undefined; ref: number }[]): void {
  const bad = pairs.filter((p) => p.ours === undefined || !matches(p.ours, p.ref));
  expect(bad.map((p) => `${p.name}: ours ${p.ours}, ITK ${p.ref}`)).toEqual([]);
}

const FIRST_ORDER: Record<string, string> = {
  Count: 'VolumeCount',
  Sum: 'VoxelValueSum',
  Mean: 'MeanValue',
  Minimum: 'MinIntensity',
  Maximum: 'MaxIntensity',
  Sigma: 'stdDeviation',
  Variance: 'Variance',
  MedianExact: 'MedianIntensity',
};

interface Case {
  file: string;
  image: string;
  mask: string;
  bins: number;
  /** `image` is a DICOM series folder, read with the app's DICOM module (main/dicom). */
  dicom?: boolean;
}

const CT_IMAGE = 'ibsi1-ct-phantom/nifti/image/phantom.nii.gz';
const CT_MASK = 'ibsi1-ct-phantom/nifti/mask/mask.nii.gz';
const CASES: Case[] = [
  {
    file: 'ibsi-digital-phantom_bins64.csv',
    image: 'ibsi1-digital-phantom/nifti/image/phantom.nii.gz',
    mask: 'ibsi1-digital-phantom/nifti/mask/mask.nii.gz',
    bins: 64,
  },
  {
    file: 'brain1_bins64.csv',
    image: 'pyradiomics-baseline/images/brain1_image.nrrd',
    mask: 'pyradiomics-baseline/images/brain1_label.nrrd',
    bins: 64,
  },
  {
    file: 'brain1_bins256.csv',
    image: 'pyradiomics-baseline/images/brain1_image.nrrd',
    mask: 'pyradiomics-baseline/images/brain1_label.nrrd',
    bins: 256,
  },
  {
    file: 'breast1_bins64.csv',
    image: 'pyradiomics-baseline/images/breast1_image.nrrd',
    mask: 'pyradiomics-baseline/images/breast1_label.nrrd',
    bins: 64,
  },
  { file: 'ibsi-ct-phantom_bins64.csv', image: CT_IMAGE, mask: CT_MASK, bins: 64 },
  // The DICOM series (slice spacing from the positions: 2.9999999999998486 mm) with the NIfTI mask.
  {
    file: 'ibsi-ct-phantom-dicom_bins64.csv',
    image: 'ibsi1-ct-phantom/dicom/image',
    mask: CT_MASK,
    bins: 64,
    dicom: true,
  },
];

async function load(c: Case): Promise<{ image: Volume; mask: Volume }> {
  const mask = readVolumeFile(DATA + c.mask);
  if (!c.dicom) return { image: readVolumeFile(DATA + c.image), mask };
  const scan = await scanFolders([DATA + c.image]);
  expect(scan.series.length).toBe(1);
  return { image: await loadSeriesVolume(scan.series[0]), mask };
}

const byName = (features: FeatureValue[]) => new Map(features.map((f) => [f.name, f.value]));

describe.each(CASES)('A.K. profile vs ITK 5.2.1: $file', (c) => {
  const rows = readFixture(c.file);
  let image: Volume;
  let mask: Volume;
  beforeAll(async () => {
    ({ image, mask } = await load(c));
  });
  const base: Partial<AkSettings> = { bins: c.bins, runLengthMax: c.bins, runLengthBins: c.bins };

  it('has the 820 rows the README describes', () => {
    expect(rows.length).toBe(820);
  });

  it('every per-direction GLCM and run-length row (13 directions × 3 distances), ITK13 AllDirection too', () => {
    const settings = resolveAkSettings({ ...base, allDirection: 'itk13' });
    const values = directionalTexture(prepareRoi(image, mask), settings);
    const perOffset = rows
      .filter((r) => r.family !== 'firstorder' && r.offset)
      .map((r) => {
        const o = r.offset as [number, number, number];
        const v = values.find(
          (x) => x.distance === r.distance && x.direction.every((d, a) => d * r.distance === o[a]),
        );
        const feature = akName(r).split('_')[0];
        const ours =
          r.family === 'glcm'
            ? v?.glcm[GLCM_FEATURES.indexOf(feature as (typeof GLCM_FEATURES)[number])]
            : v?.runLength[RUN_LENGTH_FEATURES.indexOf(feature as (typeof RUN_LENGTH_FEATURES)[number])];
        return { name: r.name, ours, ref: r.value };
      });
    expect(perOffset.length).toBe(13 * 3 * 18);
    expectAllMatch(perOffset);

    const features = byName(akFeatures(image, mask, { ...base, allDirection: 'itk13' }));
    const named = rows.filter((r) => r.family !== 'firstorder' && r.direction !== '3D');
    expect(named.length).toBe(324);
    expectAllMatch(named.map((r) => ({ name: akName(r), ours: features.get(akName(r)), ref: r.value })));
  });

  it('the paper preset: angle rows as ITK, AllDirection = mean and population SD of the 4 angles', () => {
    const features = byName(akFeatures(image, mask, base));
    const angleRows = rows.filter((r) => r.direction.startsWith('angle'));
    expect(angleRows.length).toBe(18 * 4 * 3);
    const pairs = angleRows.map((r) => ({ name: akName(r), ours: features.get(akName(r)), ref: r.value }));
    for (const r of rows.filter((x) => x.direction === 'AllDirection' && x.stat === 'mean')) {
      const name = akName(r);
      const prefix = name.replace(/_AllDirection_offset\d+$/, '');
      const four = ['angle0', 'angle45', 'angle90', 'angle135'].map(
        (a) => angleRows.find((x) => akName(x) === `${prefix}_${a}_offset${r.distance}`)?.value ?? NaN,
      );
      const mean = four.reduce((s, v) => s + v, 0) / 4;
      const sd = Math.sqrt(four.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
      pairs.push({ name, ours: features.get(name), ref: mean });
      pairs.push({ name: `${name}_SD`, ours: features.get(`${name}_SD`), ref: sd });
    }
    expect(pairs.length).toBe(324);
    expectAllMatch(pairs);

    const firstOrder = rows.filter((r) => FIRST_ORDER[r.name]);
    expect(firstOrder.length).toBe(8);
    expectAllMatch(
      firstOrder.map((r) => ({
        name: FIRST_ORDER[r.name],
        ours: features.get(FIRST_ORDER[r.name]),
        ref: r.value,
      })),
    );
  });
});
