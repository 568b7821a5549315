/**
 * The IBSI 1 CT phantom (NIfTI), configurations C, D and E (3D) through the `ibsi` profile with presets ibsi-ct-a … e,
 * row by row against the reference tables (diagnostic rows included). Goal: ≥ 98 % of rows per configuration,
 * and every diagnostic row. Reports: test-results/ibsi/ct-config-<X>.{csv,md}.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../presets';
import { checkAgainstReference } from './ibsiReference';
import { CT_PHANTOM_DIR, ctReferencePath, loadNiftiCase, loadReference, writeReport } from './ibsiTestUtil';
import { computeFeatures } from './profiles';

const { image, mask } = loadNiftiCase(CT_PHANTOM_DIR);

describe.each(['C', 'D', 'E'])('IBSI CT phantom, configuration %s (NIfTI)', (config) => {
  it('passes ≥ 98 % of the reference rows and every diagnostic row', () => {
    const t0 = performance.now();
    const result = computeFeatures(image, mask, loadPreset(`ibsi-ct-${config.toLowerCase()}`), 'ibsi');
    const seconds = (performance.now() - t0) / 1000;
    const results = checkAgainstReference(loadReference(ctReferencePath(config)), result.features);
    writeReport(`ct-config-${config}`, results, seconds);
    expect(result.mask.voxels).toBe(125256);
    const diagnostics = results.filter((r) => r.row.family.startsWith('Diagnostics'));
    expect(diagnostics.length).toBe(60);
    expect(diagnostics.filter((r) => !r.pass).map((r) => `${r.row.tag}: ${r.value} vs ${r.row.text}`)).toEqual([]);
    const passRate = results.filter((r) => r.pass).length / results.length;
    expect(passRate).toBeGreaterThanOrEqual(0.98);
  });
});
