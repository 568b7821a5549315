/**
 * Filtered image types in the `ibsi` profile, through the user path: a settings file (JSON text → the
 * settings parser every front uses) → computeFeatures. IBSI 2 phase 2 on the IBSI 1 CT phantom, filter sets
 * 1 (none), 2 (mean, support 5) and 3 (LoG, σ = 1.5 mm), against
 * ibsi2-phantoms/reference/ibsi2_reference_values.csv (the 18 intensity statistics, consensus ± tolerance).
 *   A (here): 2D filtering on the original grid; B (filteredConfigB.test.ts, its own file for time): 3D on a
 *   1 mm isotropic cubic-spline grid, intensities rounded, ROI by linear interpolation at 0.5.
 *   Both: re-segmentation [−1000, 400] HU, mirror boundary.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { ibsi2Failures, ibsi2Rows, loadIbsiCtPhantom } from '../../../main/testing/ibsiPhantomData';
import {
  cropHoldsFilterContext,
  processedImage,
  responseMapsOfContext,
  responseMapsOnRoi,
} from '../filters/index';
import { prepareRoi } from '../image/pipeline';
import { mergeSettings, parseSettings, resolveSettings } from '../settings';
import { filteredMapPrefix } from './filtered';
import { computeFeatures } from './index';

const data = join(__dirname, '../../../../shared/data');
const { image: ctImage, mask: ctMask } = loadIbsiCtPhantom();

/** The settings file a user would write for IBSI 2 configuration A. */
const SETTINGS_FILES = {
  A: `{
  "description": "IBSI 2 phase 2, configuration A",
  "resegmentation": { "range": [-1000, 400] },
  "imageTypes": { "Mean": { "support": 5 }, "LoG": { "sigma": [1.5] } },
  "filtering": { "dims": "2D", "boundary": "mirror" }
}`,
};

describe.each(['A'] as const)(
  'ibsi profile with filters, IBSI 2 configuration %s (settings file → computeFeatures)',
  (config) => {
    const settings = parseSettings(JSON.parse(SETTINGS_FILES[config]), `settings file ibsi2-${config}.json`);
    const t0 = performance.now();
    const result = computeFeatures(ctImage, ctMask, settings, 'ibsi');
    const seconds = (performance.now() - t0) / 1000;
    const values = new Map(result.features.map((f) => [f.tag, f]));
    const suffix = config === 'A' ? '_2D' : '';

    it.each([
      ['1', ''],
      ['2', `mean_5${suffix}_`],
      ['3', `log_s1.5${suffix}_`],
    ])('filter %s (prefix "%s"): all 18 statistics within the IBSI 2 tolerance', (filter, prefix) => {
      const rows = ibsi2Rows(`${filter}.${config}`);
      expect(rows).toHaveLength(18);
      expect(ibsi2Failures(rows, (tag) => values.get(`${prefix}${tag}`)?.value, prefix)).toEqual([]);
    });

    it('names filtered features by prefix; name = tag; IBSI id and family of the unfiltered feature; statistics only by default', () => {
      const mean = values.get(`log_s1.5${suffix}_stat_mean`)!;
      expect(mean).toMatchObject({
        name: `log_s1.5${suffix}_stat_mean`,
        ibsi_id: values.get('stat_mean')!.ibsi_id,
        family: values.get('stat_mean')!.family,
      });
      const filtered = result.features.filter((f) => /^(log_s|mean_\d)/.test(f.tag));
      expect(filtered.length).toBe(2 * 18);
      expect(filtered.every((f) => f.family === mean.family)).toBe(true);
      console.log(
        `IBSI 2 configuration ${config} through computeFeatures: ${result.features.length} features in ${seconds.toFixed(1)} s`,
      );
    });
  },
);

describe('filtering the prepared crop', () => {
  it.each([
    ['LoG σ 1.5 mm, 3D: the crop holds the context', { LoG: { sigma: [1.5] }, Mean: { support: 5 } }, true],
    ['LoG σ 5 mm: it does not, the whole image is filtered', { LoG: { sigma: [5] } }, false],
  ])('%s; responses on the ROI grid are identical either way', (_, imageTypes, holds) => {
    const settings = mergeSettings(parseSettings({ resegmentation: { range: [-1000, 400] }, imageTypes }));
    const resolved = resolveSettings(settings);
    const ctx = {
      prepared: prepareRoi(ctImage, ctMask, resolved),
      settings: resolved,
      source: { volume: ctImage, mask: ctMask, settings },
    };
    expect(cropHoldsFilterContext(ctx, imageTypes, '3D')).toBe(holds);
    const fast = responseMapsOfContext(ctx, { dims: '3D', logConvention: 'ibsi' });
    const whole = responseMapsOnRoi(processedImage(ctImage, resolved), ctx.prepared.image, imageTypes, {
      dims: '3D',
      logConvention: 'ibsi',
    });
    expect(fast.map((m) => m.imageType)).toEqual(whole.map((m) => m.imageType));
    fast.forEach((m, n) => {
      const other = whole[n].image.data;
      const differing = m.image.data.filter(
        (v, i) => ctx.prepared.intensityMask[i] === 1 && v !== other[i],
      ).length;
      expect(differing, m.imageType).toBe(0);
    });
  });
});

describe('filtered families beyond statistics (opt-in)', () => {
  const phantom = {
    image: readVolumeFile(join(data, 'ibsi1-digital-phantom/nifti/image/phantom.nii.gz')),
    mask: readVolumeFile(join(data, 'ibsi1-digital-phantom/nifti/mask/mask.nii.gz')),
  };
  const mask = { ...phantom.mask, data: Uint8Array.from(phantom.mask.data, (x) => (x > 0.5 ? 1 : 0)) };

  it('a mean filter of support 1 (the identity) reproduces every unfiltered statistic, histogram and texture value', () => {
    const settings = parseSettings({
      discretisation: { texture: { method: 'fbn', bins: 6 } },
      aggregation: ['2D', '3D'],
      imageTypes: { Mean: { support: 1 } },
      filtering: { families: ['statistics', 'histogram', 'texture'] },
    });
    const features = computeFeatures(phantom.image, mask, settings, 'ibsi').features;
    const byTag = new Map(features.map((f) => [f.tag, f.value]));
    const filtered = features.filter((f) => f.tag.startsWith('mean_1_'));
    const families = new Set(filtered.map((f) => f.family));
    for (const family of [
      'statistics',
      'intensity_histogram',
      'glcm',
      'glrlm',
      'glszm',
      'gldzm',
      'ngtdm',
      'ngldm',
    ])
      expect(families.has(family as never), family).toBe(true);
    expect(filtered.length).toBeGreaterThan(150);
    const mismatches = filtered.filter((f) => {
      const plain = byTag.get(f.tag.slice('mean_1_'.length));
      return (
        plain === undefined ||
        !(Object.is(plain, f.value) || Math.abs(plain - f.value) <= 1e-9 * Math.max(1, Math.abs(plain)))
      );
    });
    expect(mismatches.map((f) => `${f.tag}: ${f.value} vs ${byTag.get(f.tag.slice(7))}`)).toEqual([]);
  });

  it('refuses a bin width on response maps, naming the setting', () => {
    const settings = parseSettings({
      discretisation: { texture: { method: 'fbs', width: 1 } },
      imageTypes: { LoG: { sigma: [1] } },
      filtering: { families: ['texture'] },
    });
    expect(() => computeFeatures(phantom.image, mask, settings, 'ibsi')).toThrow(
      /texture of filtered images needs a fixed bin number \(discretisation\.texture\.method "fbn"\), not "fbs"/,
    );
    expect(() => parseSettings({ filtering: { families: ['shape'] } })).toThrow(/filtering\.families/);
  });

  it('map prefixes', () => {
    expect(filteredMapPrefix('log-sigma-1-5-mm-3D')).toBe('log_s1.5');
    expect(filteredMapPrefix('log-sigma-2-0-mm-2D')).toBe('log_s2_2D');
    expect(filteredMapPrefix('mean-5-3D')).toBe('mean_5');
    expect(filteredMapPrefix('wavelet-LLH', 'haar')).toBe('wavelet_haar_LLH');
    expect(filteredMapPrefix('wavelet-HL')).toBe('wavelet_coif1_HL_2D');
    expect(() => filteredMapPrefix('gabor-1')).toThrow(/unknown response map "gabor-1"/);
  });
});
