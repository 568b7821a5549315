/**
 * An independent check of the interpolation chain: IBSI 2 phase 2 configuration 1.B (no filter) gives
 * intensity statistics of the IBSI CT phantom after 1×1×1 mm tricubic-spline resampling, rounding and
 * re-segmentation to [−1000, 400] HU. All 18 rows must pass the IBSI rule.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readVolumeFile } from '../../main/io/readVolume';
import { maskedSorted } from './families/descriptive';
import { statisticsFeatures } from './families/statistics';
import { prepareRoi } from './image/pipeline';
import { toBinaryMask } from './image/roi';
import { roundSignificant } from './ibsiReference';
import { resolveSettings } from './settings';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');

it('IBSI 2 phase 2, config 1.B: all 18 intensity statistics of the CT phantom', () => {
  const image = readVolumeFile(join(DATA, 'ibsi1-ct-phantom/nifti/image/phantom.nii.gz'));
  const m = readVolumeFile(join(DATA, 'ibsi1-ct-phantom/nifti/mask/mask.nii.gz'));
  const settings = resolveSettings({
    resampling: { spacing: [1, 1, 1], interpolator: 'cubic', maskInterpolator: 'linear', partialVolumeThreshold: 0.5 },
    roundIntensities: true,
    resegmentation: { range: [-1000, 400] },
  });
  const prepared = prepareRoi(image, { ...m, data: toBinaryMask(m.data) }, settings);
  const values = new Map(statisticsFeatures(maskedSorted(prepared.image.data, prepared.intensityMask)).map((f) => [f.tag, f.value]));
  const rows = readFileSync(join(DATA, 'ibsi2-phantoms/reference/ibsi2_reference_values.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(';'))
    .filter((c) => c[0] === '1.B');
  expect(rows.length).toBe(18);
  const failing = rows
    .filter(([, , tag, ref, tol]) => !(Math.abs(roundSignificant(values.get(tag) ?? NaN, 3) - Number(ref)) <= Number(tol) + 1e-9 * Math.abs(Number(ref))))
    .map(([, , tag, ref, tol]) => `${tag}: ${values.get(tag)} vs ${ref} ± ${tol}`);
  expect(failing).toEqual([]);
});
