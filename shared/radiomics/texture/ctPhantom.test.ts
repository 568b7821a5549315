/**
 * IBSI 1 CT phantom, configuration A (2D: no interpolation, re-segmentation [−500, 400] HU, fixed bin size
 * 25 HU from −500, δ = 1, α = 0): every 2D / 2.5D texture row of the reference table, within its tolerance
 * after rounding to 3 significant digits. GLDZM distances use the morphological (not re-segmented) mask.
 *
 * The discretisation here is the IBSI fixed-bin-size formula written inline for the test (the app's own
 * discretisation lives in shared/radiomics/image and is tested there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import type { DiscretisedRoi, FeatureValue } from '../types';
import { glcmFeatures } from './glcm';
import { gldzmFeatures } from './gldzm';
import { glrlmFeatures } from './glrlm';
import { glszmFeatures } from './glszm';
import { ngldmFeatures } from './ngldm';
import { ngtdmFeatures } from './ngtdm';

const ctDir = join(__dirname, '../../../../shared/data/ibsi1-ct-phantom');

function configA(): DiscretisedRoi {
  const image = readVolumeFile(join(ctDir, 'nifti/image/phantom.nii.gz'));
  const mask = readVolumeFile(join(ctDir, 'nifti/mask/mask.nii.gz'));
  const [low, high, width] = [-500, 400, 25];
  const levels = new Int32Array(image.data.length);
  const morphMask = new Uint8Array(image.data.length);
  let maxLevel = 0;
  for (let v = 0; v < levels.length; v++) {
    if (mask.data[v] < 0.5) continue;
    morphMask[v] = 1;
    const x = Math.round(image.data[v]);
    if (x < low || x > high) continue;
    levels[v] = Math.floor((x - low) / width) + 1;
    if (levels[v] > maxLevel) maxLevel = levels[v];
  }
  return { size: image.size, spacing: image.spacing, levels, nLevels: maxLevel, morphMask };
}

interface ReferenceRow {
  tag: string;
  value: number;
  tolerance: number;
}

function loadReference(prefixes: readonly string[]): ReferenceRow[] {
  const text = readFileSync(join(ctDir, 'reference/ibsi_1_reference_values_config_A.csv'), 'utf8').replace(
    /^\uFEFF/,
    '',
  );
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows: ReferenceRow[] = [];
  for (const line of lines.slice(1)) {
    // Quoted fields (family names with commas) come before the numeric columns; take the last columns.
    const f = line.split(',');
    const tag = f[f.length - 1];
    if (!prefixes.some((p) => tag.startsWith(p))) continue;
    rows.push({ tag, value: Number(f[f.length - 6]), tolerance: Number(f[f.length - 5]) });
  }
  return rows;
}

function check(features: FeatureValue[], prefix: string): void {
  const refs = loadReference([prefix]);
  expect(refs.length).toBeGreaterThan(0);
  const byTag = new Map(features.map((f) => [f.tag, f]));
  const failures: string[] = [];
  for (const ref of refs) {
    const f = byTag.get(ref.tag);
    if (f === undefined) {
      failures.push(`${ref.tag}: missing`);
      continue;
    }
    const rounded = Number(f.value.toPrecision(3));
    if (Math.abs(rounded - ref.value) > ref.tolerance + 1e-9 * Math.max(1, Math.abs(ref.value)))
      failures.push(`${ref.tag}: ${f.value} vs ${ref.value} ± ${ref.tolerance}`);
  }
  expect(failures).toEqual([]);
}

const roi = configA();

describe('IBSI 1 CT phantom, configuration A (2D / 2.5D texture)', () => {
  it('re-segmented intensity mask has 114,596 voxels in 36 bins', () => {
    let n = 0;
    for (const g of roi.levels) if (g > 0) n++;
    expect(n).toBe(114596);
    expect(roi.nLevels).toBe(36);
  });

  it('GLCM', () =>
    check(
      glcmFeatures(roi, { distance: 1, aggregations: ['2D_avg', '2D_comb', '2_5D_avg', '2_5D_comb'] }),
      'cm_',
    ));
  it('GLRLM', () =>
    check(glrlmFeatures(roi, { aggregations: ['2D_avg', '2D_comb', '2_5D_avg', '2_5D_comb'] }), 'rlm_'));
  it('GLSZM', () => check(glszmFeatures(roi, { aggregations: ['2D', '2_5D'] }), 'szm_'));
  it('GLDZM', () => check(gldzmFeatures(roi, { aggregations: ['2D', '2_5D'] }), 'dzm_'));
  it('NGTDM', () => check(ngtdmFeatures(roi, { distance: 1, aggregations: ['2D', '2_5D'] }), 'ngt_'));
  it('NGLDM', () =>
    check(ngldmFeatures(roi, { distance: 1, alpha: 0, aggregations: ['2D', '2_5D'] }), 'ngl_'));
});
