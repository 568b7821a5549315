/**
 * Reads PyRadiomics' baseline tables (tests/data/baseline/baseline_<class>.csv, the format its testUtils.py
 * writes): one column per test case, rows `diagnostics_*` (the configuration, Python literals) and
 * `original_<class>_<Feature>` values. Pure: the caller reads the file.
 */
import type { MaskVolume, Volume } from '../../image/volume';
import { computeFeatures } from '../profiles/index';
import { parseSettings } from '../settings';

export interface BaselineColumn {
  /** `diagnostics_Configuration_Settings` as a PyRadiomics `setting:` mapping. */
  settings: Record<string, unknown>;
  /** Feature name → baseline value. */
  values: Map<string, number>;
}

/** A Python dict literal of plain values (str, int, float, bool, None, lists) as an object. */
export function pythonLiteral(text: string): Record<string, unknown> {
  const json = text
    .replace(/'/g, '"')
    .replace(/\bNone\b/g, 'null')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false');
  return JSON.parse(json) as Record<string, unknown>;
}

/** Splits one CSV line, honouring double-quoted fields (the settings dicts contain commas). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Column name (e.g. `brain1_FBN`) → its settings and values. */
export function parseBaselineCsv(text: string): Map<string, BaselineColumn> {
  const rows = text.trim().split(/\r?\n/).map(csvFields);
  const settingsRow = rows.find((r) => r[0] === 'diagnostics_Configuration_Settings');
  if (!settingsRow) throw new Error('baseline table has no diagnostics_Configuration_Settings row');
  const features = rows.filter((r) => r[0].startsWith('original_'));
  return new Map(
    rows[0].slice(1).map((column, c) => [
      column,
      {
        settings: pythonLiteral(settingsRow[c + 1]),
        values: new Map(features.map((r) => [r[0], Number(r[c + 1])])),
      },
    ]),
  );
}

/**
 * Extracts one baseline column the way PyRadiomics' tests configure it — its settings row as a parameter file
 * (`setting:` + the column's classes), shape never re-segmented — through parseSettings and
 * computeFeatures('pyradiomics'), and lists every value outside PyRadiomics' rule |1 − ours/theirs| < 3%.
 */
export function compareBaselineColumn(
  image: Volume,
  mask: MaskVolume,
  byClass: ReadonlyMap<string, BaselineColumn>,
): { compared: number; failures: string[] } {
  const groups = new Map<string, { setting: Record<string, unknown>; classes: string[] }>();
  for (const [cls, column] of byClass) {
    const setting = { ...column.settings };
    if (cls === 'shape') delete setting.resegmentRange;
    const key = JSON.stringify(setting);
    const g = groups.get(key) ?? { setting, classes: [] };
    g.classes.push(cls);
    groups.set(key, g);
  }
  const failures: string[] = [];
  let compared = 0;
  for (const { setting, classes } of groups.values()) {
    const params = { setting, featureClass: Object.fromEntries(classes.map((c) => [c, null])) };
    const ours = new Map(
      computeFeatures(image, mask, parseSettings(params), 'pyradiomics').features.map((f) => [
        f.name,
        f.value,
      ]),
    );
    for (const cls of classes)
      for (const [feature, theirs] of byClass.get(cls)?.values ?? []) {
        const mine = ours.get(feature);
        compared++;
        const diff =
          mine === undefined ? Infinity : theirs === 0 ? (mine === 0 ? 0 : 1) : Math.abs(1 - mine / theirs);
        if (!(diff < 0.03)) failures.push(`${feature}: ours ${mine}, PyRadiomics ${theirs}`);
      }
  }
  return { compared, failures };
}
