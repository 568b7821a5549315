/**
 * Cross-check with an independent implementation: the statistics whose definitions PyRadiomics shares with
 * IBSI (its Kurtosis is IBSI's + 3) on the PyRadiomics baseline cases (NRRD, no preprocessing). Also checks
 * NRRD geometry handling: the ROI must be the same voxels PyRadiomics used.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../main/io/readVolume';
import { maskedSorted } from './families/descriptive';
import { statisticsFeatures } from './families/statistics';
import { prepareRoi } from './image/pipeline';
import { toBinaryMask } from './image/roi';
import { resolveSettings } from './settings';

const BASE = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/pyradiomics-baseline');

const SHARED: [string, string, (v: number) => number][] = [
  ['Mean', 'stat_mean', (v) => v],
  ['Variance', 'stat_var', (v) => v],
  ['Skewness', 'stat_skew', (v) => v],
  ['Kurtosis', 'stat_kurt', (v) => v + 3],
  ['Median', 'stat_median', (v) => v],
  ['Minimum', 'stat_min', (v) => v],
  ['10Percentile', 'stat_p10', (v) => v],
  ['90Percentile', 'stat_p90', (v) => v],
  ['Maximum', 'stat_max', (v) => v],
  ['InterquartileRange', 'stat_iqr', (v) => v],
  ['Range', 'stat_range', (v) => v],
  ['MeanAbsoluteDeviation', 'stat_mad', (v) => v],
  ['RobustMeanAbsoluteDeviation', 'stat_rmad', (v) => v],
];

const table = readFileSync(join(BASE, 'baseline/baseline_firstorder.csv'), 'utf8')
  .split(/\r?\n/)
  .filter(Boolean)
  .map((l) => l.split(','));
const header = table[0];

describe.each(['brain1', 'brain2', 'breast1'])('PyRadiomics baseline %s', (name) => {
  it('matches the shared-definition first-order statistics to 1e-9', () => {
    const image = readVolumeFile(join(BASE, `images/${name}_image.nrrd`));
    const label = readVolumeFile(join(BASE, `images/${name}_label.nrrd`));
    const prepared = prepareRoi(image, { ...label, data: toBinaryMask(label.data) }, resolveSettings({}));
    const ours = new Map(
      statisticsFeatures(maskedSorted(prepared.image.data, prepared.intensityMask)).map((f) => [
        f.tag,
        f.value,
      ]),
    );
    const col = header.indexOf(name);
    for (const [py, tag, toPy] of SHARED) {
      const row = table.find((r) => r[0] === `original_firstorder_${py}`)!;
      const expected = Number(row[col]);
      expect(toPy(ours.get(tag)!), `${py}`).toBeCloseTo(
        expected,
        Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(expected) + 1))),
      );
    }
  });
});
