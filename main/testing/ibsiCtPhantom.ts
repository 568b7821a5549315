/**
 * The IBSI 1 CT phantom suite shared by the per-configuration test files (split across files so vitest runs
 * the 2D and 3D configurations in parallel): the NIfTI case through the `ibsi` profile with preset
 * ibsi-ct-<x>, row by row against the reference table, with a per-row report in test-results/ibsi/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../shared/presets';
import {
  checkAgainstReference,
  parseReferenceCsv,
  reportCsv,
  reportMarkdown,
} from '../../shared/radiomics/ibsiReference';
import { computeFeatures } from '../../shared/radiomics/profiles';
import { CT_PHANTOM_DIR, loadIbsiCtPhantom } from './ibsiPhantomData';

const here = dirname(fileURLToPath(import.meta.url));
const REPORT_DIR = join(here, '../../test-results/ibsi');

/** Goal per configuration: ≥ 98 % of the reference rows and every one of the 60 diagnostic rows. */
export function describeCtPhantomConfigurations(configs: string[]): void {
  const { image, mask } = loadIbsiCtPhantom();
  describe.each(configs)('IBSI CT phantom, configuration %s (NIfTI)', (config) => {
    it('passes ≥ 98 % of the reference rows and every diagnostic row', () => {
      const t0 = performance.now();
      const result = computeFeatures(image, mask, loadPreset(`ibsi-ct-${config.toLowerCase()}`), 'ibsi');
      const seconds = (performance.now() - t0) / 1000;
      const csv = readFileSync(
        join(CT_PHANTOM_DIR, `reference/ibsi_1_reference_values_config_${config}.csv`),
        'utf8',
      );
      const results = checkAgainstReference(parseReferenceCsv(csv), result.features);
      const name = `ct-config-${config}`;
      mkdirSync(REPORT_DIR, { recursive: true });
      writeFileSync(join(REPORT_DIR, `${name}.csv`), reportCsv(results));
      writeFileSync(join(REPORT_DIR, `${name}.md`), reportMarkdown(name, results, seconds));
      expect(result.mask.voxels).toBe(125256);
      const diagnostics = results.filter((r) => r.row.family.startsWith('Diagnostics'));
      expect(diagnostics.length).toBe(60);
      expect(
        diagnostics.filter((r) => !r.pass).map((r) => `${r.row.tag}: ${r.value} vs ${r.row.text}`),
      ).toEqual([]);
      const passRate = results.filter((r) => r.pass).length / results.length;
      expect(passRate).toBeGreaterThanOrEqual(0.98);
    });
  });
}
