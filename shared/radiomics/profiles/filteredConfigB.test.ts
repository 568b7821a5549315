/**
 * IBSI 2 phase 2, configuration B, through the user path (settings file → computeFeatures, `ibsi` profile):
 * 3D filtering on a 1 mm isotropic cubic-spline grid, intensities rounded, ROI by linear interpolation at 0.5,
 * re-segmentation [−1000, 400] HU, mirror boundary; filter sets 1 (none), 2 (mean, support 5), 3 (LoG,
 * σ = 1.5 mm) against ibsi2-phantoms/reference/ibsi2_reference_values.csv. Configuration A and the unit
 * checks are in filtered.test.ts (split for time: the IBSI 1 families at 1 mm take most of this file's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { parseSettings } from '../settings';
import { computeFeatures } from './index';

const data = join(__dirname, '../../../../shared/data');
const image = readVolumeFile(join(data, 'ibsi1-ct-phantom/nifti/image/phantom.nii.gz'));
const maskVolume = readVolumeFile(join(data, 'ibsi1-ct-phantom/nifti/mask/mask.nii.gz'));
const mask = { ...maskVolume, data: Uint8Array.from(maskVolume.data, (x) => (x > 0.5 ? 1 : 0)) };
const references = readFileSync(join(data, 'ibsi2-phantoms/reference/ibsi2_reference_values.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.split(';'))
  .map(([id, , tag, value, tolerance]) => ({ id, tag, value: Number(value), tolerance: Number(tolerance) }));

const SETTINGS_FILE = `{
  "description": "IBSI 2 phase 2, configuration B",
  "resampling": { "spacing": [1, 1, 1], "interpolator": "cubic", "maskInterpolator": "linear", "partialVolumeThreshold": 0.5 },
  "roundIntensities": true,
  "resegmentation": { "range": [-1000, 400] },
  "imageTypes": { "Mean": { "support": 5 }, "LoG": { "sigma": [1.5] } }
}`;

describe('ibsi profile with filters, IBSI 2 configuration B (settings file → computeFeatures)', () => {
  const t0 = performance.now();
  const result = computeFeatures(image, mask, parseSettings(JSON.parse(SETTINGS_FILE), 'settings file ibsi2-B.json'), 'ibsi');
  const seconds = (performance.now() - t0) / 1000;
  const values = new Map(result.features.map((f) => [f.tag, f]));

  it.each([
    ['1', ''],
    ['2', 'mean_5_'],
    ['3', 'log_s1.5_'],
  ])('filter %s (prefix "%s"): all 18 statistics within the IBSI 2 tolerance', (filter, prefix) => {
    const rows = references.filter((r) => r.id === `${filter}.B`);
    expect(rows).toHaveLength(18);
    const failures = rows
      .map((r) => ({ r, f: values.get(`${prefix}${r.tag}`) }))
      .filter(({ r, f }) => !(f && Math.abs(f.value - r.value) <= r.tolerance))
      .map(({ r, f }) => `${prefix}${r.tag}: ${f?.value} vs ${r.value} ± ${r.tolerance}`);
    expect(failures).toEqual([]);
  });

  it('3D maps carry no _2D in their names; statistics only by default', () => {
    const filtered = result.features.filter((f) => /^(log_s|mean_\d)/.test(f.tag));
    expect(filtered.length).toBe(2 * 18);
    expect(filtered.every((f) => !f.tag.includes('_2D_') && f.family === 'statistics' && f.name === f.tag)).toBe(true);
    console.log(`IBSI 2 configuration B through computeFeatures: ${result.features.length} features in ${seconds.toFixed(1)} s`);
  });
});
