/**
 * Every PyRadiomics baseline column of brain1, brain2 and breast1 (all but shape2D, whose 2D masks are not in
 * the data) — default,
 * _2d (force2D), _FBN (binCount 64), _combined (weightingNorm no_weighting), _flatRegion (binWidth 5000,
 * resegmentRange [0]), _normalization (normalize, scale 100, bin width 5), _resampling (2 mm, sitkBSpline) and
 * _resegmentation (mean ± 3σ) — configured from the column's own `diagnostics_Configuration_Settings` row as a
 * PyRadiomics parameter file, through parseSettings and computeFeatures('pyradiomics'): each value within
 * PyRadiomics' 3% rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { computeFeatures } from '../profiles/index';
import { parseSettings } from '../settings';

const base = join(__dirname, '../../../../shared/data/pyradiomics-baseline');
const CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];

interface Column {
  settings: Record<string, unknown>;
  values: Map<string, number>;
}

/** PyRadiomics writes the settings as a Python dict literal. */
function pythonDict(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/'/g, '"').replace(/\bNone\b/g, 'null').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false')) as Record<string, unknown>;
}

/** column → class → its settings and baseline values. */
const COLUMNS = new Map<string, Map<string, Column>>();
for (const cls of CLASSES) {
  const rows = readFileSync(join(base, `baseline/baseline_${cls}.csv`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.match(/("[^"]*"|[^,]+|(?<=,)(?=,|$))/g)?.map((f) => f.replace(/^"|"$/g, '')) ?? []);
  const settingsRow = rows.find((r) => r[0] === 'diagnostics_Configuration_Settings');
  if (!settingsRow) throw new Error(`baseline_${cls}.csv has no settings row`);
  rows[0].slice(1).forEach((column, c) => {
    const byClass = COLUMNS.get(column) ?? new Map<string, Column>();
    byClass.set(cls, {
      settings: pythonDict(settingsRow[c + 1]),
      values: new Map(rows.filter((r) => r[0].startsWith('original_')).map((r) => [r[0], Number(r[c + 1])])),
    });
    COLUMNS.set(column, byClass);
  });
}

const CASES = ['brain1', 'brain2', 'breast1'];
const VARIANTS = ['', '_2d', '_FBN', '_combined', '_flatRegion', '_normalization', '_resampling', '_resegmentation'];

describe.each(CASES)('PyRadiomics baseline columns: %s', (name) => {
  const image = readVolumeFile(join(base, `images/${name}_image.nrrd`));
  const label = readVolumeFile(join(base, `images/${name}_label.nrrd`));
  const mask = { ...label, data: Uint8Array.from(label.data) };

  it.each(VARIANTS)(`${name}%s: every value within PyRadiomics' 3 percent rule`, (variant) => {
    const byClass = COLUMNS.get(name + variant);
    if (!byClass) throw new Error(`no baseline column ${name + variant}`);
    // classes sharing one configuration are extracted together; shape never re-segments (PyRadiomics' tests)
    const groups = new Map<string, { setting: Record<string, unknown>; classes: string[] }>();
    for (const [cls, column] of byClass) {
      const setting = { ...column.settings };
      if (cls === 'shape') delete setting.resegmentRange;
      const key = JSON.stringify(setting);
      const g = groups.get(key) ?? { setting, classes: [] };
      g.classes.push(cls);
      groups.set(key, g);
    }
    const bad: string[] = [];
    let compared = 0;
    for (const { setting, classes } of groups.values()) {
      const params = { setting, featureClass: Object.fromEntries(classes.map((c) => [c, null])) };
      const ours = new Map(computeFeatures(image, mask, parseSettings(params), 'pyradiomics').features.map((f) => [f.name, f.value]));
      for (const cls of classes)
        for (const [feature, theirs] of byClass.get(cls)?.values ?? []) {
          const mine = ours.get(feature);
          compared++;
          const diff = mine === undefined ? Infinity : theirs === 0 ? (mine === 0 ? 0 : 1) : Math.abs(1 - mine / theirs);
          if (!(diff < 0.03)) bad.push(`${feature}: ours ${mine}, PyRadiomics ${theirs}`);
        }
    }
    expect(bad).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(40);
  });
});
