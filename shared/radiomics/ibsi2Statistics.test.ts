/**
 * An independent check of the interpolation chain: IBSI 2 phase 2 configuration 1.B (no filter) gives
 * intensity statistics of the IBSI CT phantom after 1×1×1 mm tricubic-spline resampling, rounding and
 * re-segmentation to [−1000, 400] HU. All 18 rows must pass the IBSI rule.
 */
import { expect, it } from 'vitest';
import { ibsi2Rows, loadIbsiCtPhantom } from '../../main/testing/ibsiPhantomData';
import { maskedSorted } from './families/descriptive';
import { statisticsFeatures } from './families/statistics';
import { prepareRoi } from './image/pipeline';
import { roundSignificant } from './ibsiReference';
import { resolveSettings } from './settings';

it('IBSI 2 phase 2, config 1.B: all 18 intensity statistics of the CT phantom', () => {
  const { image, mask } = loadIbsiCtPhantom();
  const settings = resolveSettings({
    resampling: {
      spacing: [1, 1, 1],
      interpolator: 'cubic',
      maskInterpolator: 'linear',
      partialVolumeThreshold: 0.5,
    },
    roundIntensities: true,
    resegmentation: { range: [-1000, 400] },
  });
  const prepared = prepareRoi(image, mask, settings);
  const values = new Map(
    statisticsFeatures(maskedSorted(prepared.image.data, prepared.intensityMask)).map((f) => [
      f.tag,
      f.value,
    ]),
  );
  const rows = ibsi2Rows('1.B');
  expect(rows.length).toBe(18);
  const failing = rows
    .filter(
      (r) =>
        !(
          Math.abs(roundSignificant(values.get(r.tag) ?? NaN, 3) - r.value) <=
          r.tolerance + 1e-9 * Math.abs(r.value)
        ),
    )
    .map((r) => `${r.tag}: ${values.get(r.tag)} vs ${r.value} ± ${r.tolerance}`);
  expect(failing).toEqual([]);
});
