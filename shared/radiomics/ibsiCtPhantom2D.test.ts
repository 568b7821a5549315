/**
 * The IBSI 1 CT phantom (NIfTI), configurations A and B (2D) through the `ibsi` profile with presets ibsi-ct-a … e,
 * row by row against the reference tables (diagnostic rows included). Goal: ≥ 98 % of rows per configuration,
 * and every diagnostic row. Reports: test-results/ibsi/ct-config-<X>.{csv,md}.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../main/io/readVolume';
import type { MaskVolume, Volume } from '../image/volume';
import { loadPreset } from '../presets';
import { toBinaryMask } from './image/roi';
import { checkAgainstReference, parseReferenceCsv, reportCsv, reportMarkdown, type RowResult } from './ibsiReference';
import { computeFeatures } from './profiles';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const REPORT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test-results/ibsi');

function loadNiftiCase(dir: string): { image: Volume; mask: MaskVolume } {
  const image = readVolumeFile(join(dir, 'nifti/image/phantom.nii.gz'));
  const m = readVolumeFile(join(dir, 'nifti/mask/mask.nii.gz'));
  return { image, mask: { ...m, data: toBinaryMask(m.data) } };
}

function writeReport(name: string, results: RowResult[], seconds: number): void {
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(join(REPORT_DIR, `${name}.csv`), reportCsv(results));
  writeFileSync(join(REPORT_DIR, `${name}.md`), reportMarkdown(name, results, seconds));
}
const CT_PHANTOM_DIR = join(DATA_DIR, 'ibsi1-ct-phantom');
const { image, mask } = loadNiftiCase(CT_PHANTOM_DIR);

describe.each(['A', 'B'])('IBSI CT phantom, configuration %s (NIfTI)', (config) => {
  it('passes ≥ 98 % of the reference rows and every diagnostic row', () => {
    const t0 = performance.now();
    const result = computeFeatures(image, mask, loadPreset(`ibsi-ct-${config.toLowerCase()}`), 'ibsi');
    const seconds = (performance.now() - t0) / 1000;
    const results = checkAgainstReference(parseReferenceCsv(readFileSync(join(CT_PHANTOM_DIR, `reference/ibsi_1_reference_values_config_${config}.csv`), 'utf8')), result.features);
    writeReport(`ct-config-${config}`, results, seconds);
    expect(result.mask.voxels).toBe(125256);
    const diagnostics = results.filter((r) => r.row.family.startsWith('Diagnostics'));
    expect(diagnostics.length).toBe(60);
    expect(diagnostics.filter((r) => !r.pass).map((r) => `${r.row.tag}: ${r.value} vs ${r.row.text}`)).toEqual([]);
    const passRate = results.filter((r) => r.pass).length / results.length;
    expect(passRate).toBeGreaterThanOrEqual(0.98);
  });
});
