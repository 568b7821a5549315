/**
 * The PyRadiomics baseline column suite (vitest): for brain1, brain2 and breast1 and each given column variant,
 * every value of every feature class within PyRadiomics' 3 % rule, configured from the column's own settings
 * row (shared/radiomics/pyradiomics/baselineCsv.ts). Used by the column tests, split by variant so that the
 * slow resampling columns run in a file of their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../io/readVolume';
import {
  compareBaselineColumn,
  parseBaselineCsv,
  type BaselineColumn,
} from '../../shared/radiomics/pyradiomics/baselineCsv';

const base = join(__dirname, '../../../shared/data/pyradiomics-baseline');
const CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];

/** column → class → its settings and baseline values. */
function baselineColumns(): Map<string, Map<string, BaselineColumn>> {
  const columns = new Map<string, Map<string, BaselineColumn>>();
  for (const cls of CLASSES)
    for (const [column, data] of parseBaselineCsv(
      readFileSync(join(base, `baseline/baseline_${cls}.csv`), 'utf8'),
    ))
      columns.set(column, (columns.get(column) ?? new Map<string, BaselineColumn>()).set(cls, data));
  return columns;
}

export function pyradiomicsBaselineSuite(variants: readonly string[]): void {
  const columns = baselineColumns();
  describe.each(['brain1', 'brain2', 'breast1'])('PyRadiomics baseline columns: %s', (name) => {
    const image = readVolumeFile(join(base, `images/${name}_image.nrrd`));
    const label = readVolumeFile(join(base, `images/${name}_label.nrrd`));
    const mask = { ...label, data: Uint8Array.from(label.data) };

    it.each(variants)(`${name}%s: every value within PyRadiomics' 3 percent rule`, (variant) => {
      const byClass = columns.get(name + variant);
      if (!byClass) throw new Error(`no baseline column ${name + variant}`);
      const { compared, failures } = compareBaselineColumn(image, mask, byClass);
      expect(failures).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(40);
    });
  });
}
