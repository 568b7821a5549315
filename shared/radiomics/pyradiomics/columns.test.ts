/**
 * Every PyRadiomics baseline column of brain1, brain2 and breast1 (shape2D: profile.test.ts) — default, _2d (force2D), _FBN (binCount 64),
 * _combined (weightingNorm no_weighting), _flatRegion (binWidth 5000, resegmentRange [0]), _normalization
 * (normalize, scale 100, bin width 5) and _resegmentation (mean ± 3σ); _resampling: columnsResampling.test.ts —
 * configured from the column's own `diagnostics_Configuration_Settings` row as a PyRadiomics parameter file,
 * through parseSettings and computeFeatures('pyradiomics'): each value within PyRadiomics' 3% rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { compareBaselineColumn, parseBaselineCsv, type BaselineColumn } from './baselineCsv';

const base = join(__dirname, '../../../../shared/data/pyradiomics-baseline');
const CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];
const VARIANTS = ['', '_2d', '_FBN', '_combined', '_flatRegion', '_normalization', '_resegmentation'];

/** column → class → its settings and baseline values. */
const COLUMNS = new Map<string, Map<string, BaselineColumn>>();
for (const cls of CLASSES)
  for (const [column, data] of parseBaselineCsv(readFileSync(join(base, `baseline/baseline_${cls}.csv`), 'utf8')))
    COLUMNS.set(column, (COLUMNS.get(column) ?? new Map<string, BaselineColumn>()).set(cls, data));

describe.each(['brain1', 'brain2', 'breast1'])('PyRadiomics baseline columns: %s', (name) => {
  const image = readVolumeFile(join(base, `images/${name}_image.nrrd`));
  const label = readVolumeFile(join(base, `images/${name}_label.nrrd`));
  const mask = { ...label, data: Uint8Array.from(label.data) };

  it.each(VARIANTS)(`${name}%s: every value within PyRadiomics' 3 percent rule`, (variant) => {
    const byClass = COLUMNS.get(name + variant);
    if (!byClass) throw new Error(`no baseline column ${name + variant}`);
    const { compared, failures } = compareBaselineColumn(image, mask, byClass);
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(40);
  });
});
