/**
 * The `pyradiomics` profile through the app's entry point (computeFeatures + presets + parameter files):
 * PyRadiomics' baseline columns, image types with PyRadiomics' names, filters on the ROI crop equal to filters
 * on the whole image, and label selection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readVolumeFile } from '../../../main/io/readVolume';
import type { MaskVolume } from '../../image/volume';
import { loadPreset } from '../../presets/index';
import { logFilter } from '../filters/log';
import { waveletDecompositions } from '../filters/wavelet';
import { prepareRoi } from '../image/pipeline';
import { computeFeatures, profileNames } from '../profiles/index';
import { mergeSettings, parseSettings, resolveSettings } from '../settings';
import { pyradiomicsFeatures } from './extract';
import { selectLabel } from './profile';

const base = join(__dirname, '../../../../shared/data/pyradiomics-baseline');

function baselineColumn(cls: string, column: string): Map<string, number> {
  const rows = readFileSync(join(base, `baseline/baseline_${cls}.csv`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const c = rows[0].indexOf(column);
  return new Map(rows.filter((r) => r[0].startsWith('original_')).map((r) => [r[0], Number(r[c])]));
}

function within3Percent(ours: Map<string, number>, theirs: Map<string, number>): string[] {
  return [...theirs]
    .filter(([name, v]) => {
      const mine = ours.get(name);
      return mine === undefined || !((v === 0 ? Math.abs(mine) : Math.abs(1 - mine / v)) < 0.03);
    })
    .map(([name, v]) => `${name}: ${ours.get(name)} vs ${v}`);
}

const load = (name: string): { image: ReturnType<typeof readVolumeFile>; mask: MaskVolume } => {
  const image = readVolumeFile(join(base, `images/${name}_image.nrrd`));
  const label = readVolumeFile(join(base, `images/${name}_label.nrrd`));
  return { image, mask: { ...label, data: Uint8Array.from(label.data) } };
};

describe('pyradiomics profile', () => {
  const brain2 = load('brain2');

  it('is registered, and the pyradiomics-default preset + voxelArrayShift 2000 reproduces the brain2 column', () => {
    expect(profileNames()).toContain('pyradiomics');
    const settings = mergeSettings(
      loadPreset('pyradiomics-default'),
      parseSettings({ setting: { voxelArrayShift: 2000 } }),
    );
    const result = computeFeatures(brain2.image, brain2.mask, settings, 'pyradiomics');
    const ours = new Map(result.features.map((f) => [f.name, f.value]));
    expect(result.features).toHaveLength(107);
    for (const cls of ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'])
      expect(within3Percent(ours, baselineColumn(cls, 'brain2'))).toEqual([]);
    const f = result.features.find((x) => x.name === 'original_glcm_ClusterProminence');
    expect(f).toMatchObject({
      tag: 'original_glcm_ClusterProminence',
      ibsi_id: 'AE86',
      family: 'glcm',
      aggregation: '3D_avg',
    });
  });

  it('a YAML parameter file with force2D / binCount reproduces the _2d and _FBN columns', () => {
    for (const [yaml, column] of [
      ['setting:\n  force2D: true\nfeatureClass:\n  glcm:\n  glszm: []\n', 'brain2_2d'],
      ['setting:\n  binCount: 64\nfeatureClass:\n  glrlm:\n  gldm:\n  ngtdm:\n', 'brain2_FBN'],
    ]) {
      const result = computeFeatures(
        brain2.image,
        brain2.mask,
        parseSettings(parseYaml(yaml)),
        'pyradiomics',
      );
      const ours = new Map(result.features.map((f) => [f.name, f.value]));
      const classes = [...new Set(result.features.map((f) => f.family))];
      for (const cls of classes) expect(within3Percent(ours, baselineColumn(cls, column))).toEqual([]);
      expect(classes.length).toBe(column.endsWith('_2d') ? 2 : 3);
    }
  });

  it('LoG and wavelet image types: PyRadiomics names, computed on the ROI crop exactly as on the whole image', () => {
    const { image, mask } = load('breast1');
    const settings = parseSettings(
      parseYaml(
        'imageType:\n  Original: {}\n  LoG:\n    sigma: [1.0, 2.5]\n  Wavelet: {}\nfeatureClass:\n  firstorder:\n  glcm: [ClusterProminence]\n',
      ),
    );
    const features = computeFeatures(image, mask, settings, 'pyradiomics').features;
    const byName = new Map(features.map((f) => [f.name, f.value]));
    // (1 original + 2 LoG + 8 wavelet) × (18 first-order + 1 GLCM)
    expect(features).toHaveLength(11 * 19);
    for (const name of [
      'log-sigma-1-0-mm-3D_firstorder_Mean',
      'log-sigma-2-5-mm-3D_glcm_ClusterProminence',
      'wavelet-LLH_glcm_ClusterProminence',
      'wavelet-HHH_firstorder_Variance',
    ])
      expect(Number.isFinite(byName.get(name))).toBe(true);

    // reference: filter the whole image, then the same features on the prepared ROI grid
    const prepared = prepareRoi(image, mask, resolveSettings(settings));
    const offset = prepared.image.origin.map((o, a) => Math.round((o - image.origin[a]) / image.spacing[a]));
    const cut = (data: Float32Array): Float32Array => {
      const [sx, sy, sz] = prepared.image.size;
      const out = new Float32Array(sx * sy * sz);
      for (let k = 0, n = 0; k < sz; k++)
        for (let j = 0; j < sy; j++)
          for (let i = 0; i < sx; i++, n++)
            out[n] = data[i + offset[0] + image.size[0] * (j + offset[1] + image.size[1] * (k + offset[2]))];
      return out;
    };
    const check = (whole: Float32Array, imageType: string): void => {
      const ref = pyradiomicsFeatures(
        { image: { ...prepared.image, data: cut(whole) }, intensityMask: prepared.intensityMask },
        settings.pyradiomics ?? {},
        imageType,
      );
      for (const f of ref) expect(byName.get(f.name)).toBeCloseTo(f.value, 6);
    };
    check(
      logFilter(image, { sigma: 2.5, dims: '3D', convention: 'pyradiomics' }).data,
      'log-sigma-2-5-mm-3D',
    );
    const wavelets = waveletDecompositions(image, 'coif1', '3D');
    check((wavelets.get('LHL') as { data: Float32Array }).data, 'wavelet-LHL');
  });

  it('selects the label: PyRadiomics label 1 by default, another label when asked, an error when absent', () => {
    const { image, mask } = load('breast1');
    const two = { ...mask, data: Uint8Array.from(mask.data, (v) => (v ? 2 : 0)) };
    two.data[0] = 1; // a stray voxel of label 1
    expect(selectLabel(two, undefined).data.reduce((a, b) => a + b, 0)).toBe(1);
    const withLabel2 = computeFeatures(
      image,
      two,
      parseSettings({ setting: { label: 2 }, featureClass: { shape: ['VoxelVolume'] } }),
      'pyradiomics',
    );
    expect(withLabel2.features[0].value).toBeCloseTo(
      143 * image.spacing[0] * image.spacing[1] * image.spacing[2],
      6,
    );
    expect(() =>
      computeFeatures(image, two, parseSettings({ setting: { label: 7 } }), 'pyradiomics'),
    ).toThrow(/no voxel with label 7/);
  });

  it('shape2D (force2D, one slice): the baseline_shape2D columns, whose 2D masks are the largest slice of each label', () => {
    // brain1: slice 16 has 984 voxels in the box (162, 84, 45, 32), brain2: slice 8, 227 voxels — the baseline's own
    // diagnostics (VoxelNum, BoundingBox) for its brain1_2D / brain2_2D masks
    for (const name of ['brain1', 'brain2', 'breast1']) {
      const { image, mask } = load(name);
      const [nx, ny, nz] = mask.size;
      const plane = nx * ny;
      let best = 0;
      let bestCount = -1;
      for (let k = 0; k < nz; k++) {
        let c = 0;
        for (let v = 0; v < plane; v++) c += mask.data[v + k * plane] === 1 ? 1 : 0;
        if (c > bestCount) [best, bestCount] = [k, c];
      }
      const slice = {
        ...mask,
        data: Uint8Array.from(mask.data, (v, n) => (v === 1 && Math.floor(n / plane) === best ? 1 : 0)),
      };
      const features = computeFeatures(
        image,
        slice,
        parseSettings({ setting: { force2D: true }, featureClass: { shape2D: null } }),
        'pyradiomics',
      ).features;
      expect(features).toHaveLength(9);
      expect(
        within3Percent(
          new Map(features.map((f) => [f.name, f.value])),
          baselineColumn('shape2D', `${name}_shape2D`),
        ),
      ).toEqual([]);
    }
    const { image, mask } = load('breast1');
    expect(() =>
      computeFeatures(
        image,
        mask,
        parseSettings({ setting: { force2D: true }, featureClass: { shape2D: null } }),
        'pyradiomics',
      ),
    ).toThrow(/shape2D needs a ROI in one slice/);
    expect(() =>
      computeFeatures(image, mask, parseSettings({ featureClass: { shape2D: null } }), 'pyradiomics'),
    ).toThrow(/shape2D needs force2D/);
  });
});
