/**
 * Test support for the IBSI reference checks (used by *.test.ts only; Node built-ins are allowed here because
 * nothing in the app imports this file): loads the phantoms and writes the per-row reports under
 * test-results/ibsi/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MaskVolume, Volume } from '../image/volume';
import { readVolumeFile } from '../../main/io/readVolume';
import { toBinaryMask } from './image/roi';
import { parseReferenceCsv, reportCsv, type ReferenceRow, type RowResult } from './ibsiReference';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '../..');
export const DATA_DIR = join(REPO_ROOT, '../shared/data');
export const DIGITAL_PHANTOM_DIR = join(DATA_DIR, 'ibsi1-digital-phantom');
export const CT_PHANTOM_DIR = join(DATA_DIR, 'ibsi1-ct-phantom');

export function loadNiftiCase(dir: string): { image: Volume; mask: MaskVolume } {
  const image = readVolumeFile(join(dir, 'nifti/image/phantom.nii.gz'));
  const m = readVolumeFile(join(dir, 'nifti/mask/mask.nii.gz'));
  return { image, mask: { ...m, data: toBinaryMask(m.data) } };
}

export function loadReference(path: string): ReferenceRow[] {
  return parseReferenceCsv(readFileSync(path, 'utf8'));
}

export function ctReferencePath(config: string): string {
  return join(CT_PHANTOM_DIR, `reference/ibsi_1_reference_values_config_${config}.csv`);
}

/** Writes `<name>.csv` (every row) and `<name>.md` (summary + failing rows) under test-results/ibsi/. */
export function writeReport(name: string, results: RowResult[], seconds: number): void {
  const dir = join(REPO_ROOT, 'test-results/ibsi');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.csv`), reportCsv(results));
  const passed = results.filter((r) => r.pass).length;
  const byFamily = new Map<string, [number, number]>();
  for (const r of results) {
    const f = byFamily.get(r.row.family) ?? [0, 0];
    f[0] += r.pass ? 1 : 0;
    f[1]++;
    byFamily.set(r.row.family, f);
  }
  const lines = [
    `# IBSI check: ${name}`,
    '',
    `${passed} / ${results.length} rows pass (${((100 * passed) / results.length).toFixed(1)} %), extraction ${seconds.toFixed(1)} s.`,
    'Rule: value rounded to 3 significant digits (more if the reference has more), then |rounded − reference| ≤ tolerance.',
    '',
    '| family | pass | rows |',
    '|---|---|---|',
    ...[...byFamily].map(([f, [p, n]]) => `| ${f} | ${p} | ${n} |`),
    '',
    '## Failing rows',
    '',
    '| tag | reference | tolerance | value |',
    '|---|---|---|---|',
    ...results.filter((r) => !r.pass).map((r) => `| ${r.row.tag} | ${r.row.text} | ${r.row.tolerance} | ${r.value ?? 'missing'} |`),
  ];
  writeFileSync(join(dir, `${name}.md`), `${lines.join('\n')}\n`);
}
