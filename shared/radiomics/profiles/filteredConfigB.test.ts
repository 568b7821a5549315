/**
 * IBSI 2 phase 2, configuration B, through the user path (settings file → computeFeatures, `ibsi` profile):
 * 3D filtering on a 1 mm isotropic cubic-spline grid, intensities rounded, ROI by linear interpolation at 0.5,
 * re-segmentation [−1000, 400] HU, mirror boundary; filter sets 1 (none), 2 (mean, support 5), 3 (LoG,
 * σ = 1.5 mm) against ibsi2-phantoms/reference/ibsi2_reference_values.csv. Configuration A and the unit
 * checks are in filtered.test.ts (split for time: the IBSI 1 families at 1 mm take most of this file's).
 */
import { describe, expect, it } from 'vitest';
import { ibsi2Failures, ibsi2Rows, loadIbsiCtPhantom } from '../../../main/testing/ibsiPhantomData';
import { parseSettings } from '../settings';
import { computeFeatures } from './index';

const { image, mask } = loadIbsiCtPhantom();

const SETTINGS_FILE = `{
  "description": "IBSI 2 phase 2, configuration B",
  "resampling": { "spacing": [1, 1, 1], "interpolator": "cubic", "maskInterpolator": "linear", "partialVolumeThreshold": 0.5 },
  "roundIntensities": true,
  "resegmentation": { "range": [-1000, 400] },
  "imageTypes": { "Mean": { "support": 5 }, "LoG": { "sigma": [1.5] } }
}`;

describe('ibsi profile with filters, IBSI 2 configuration B (settings file → computeFeatures)', () => {
  const t0 = performance.now();
  const result = computeFeatures(
    image,
    mask,
    parseSettings(JSON.parse(SETTINGS_FILE), 'settings file ibsi2-B.json'),
    'ibsi',
  );
  const seconds = (performance.now() - t0) / 1000;
  const values = new Map(result.features.map((f) => [f.tag, f]));

  it.each([
    ['1', ''],
    ['2', 'mean_5_'],
    ['3', 'log_s1.5_'],
  ])('filter %s (prefix "%s"): all 18 statistics within the IBSI 2 tolerance', (filter, prefix) => {
    const rows = ibsi2Rows(`${filter}.B`);
    expect(rows).toHaveLength(18);
    expect(ibsi2Failures(rows, (tag) => values.get(`${prefix}${tag}`)?.value, prefix)).toEqual([]);
  });

  it('3D maps carry no _2D in their names; statistics only by default', () => {
    const filtered = result.features.filter((f) => /^(log_s|mean_\d)/.test(f.tag));
    expect(filtered.length).toBe(2 * 18);
    expect(
      filtered.every((f) => !f.tag.includes('_2D_') && f.family === 'statistics' && f.name === f.tag),
    ).toBe(true);
    console.log(
      `IBSI 2 configuration B through computeFeatures: ${result.features.length} features in ${seconds.toFixed(1)} s`,
    );
  });
});
