/**
 * Every texture row of the IBSI 1 digital phantom reference table, checked with the IBSI rule: round to 3
 * significant digits, then |rounded − reference| ≤ tolerance (0 for the phantom).
 * The phantom is used without discretisation: levels = intensities (1, 3, 4, 6 occur), Ng = 6.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { checkAgainstReference, parseCsvLine, parseReferenceCsv } from '../ibsiReference';
import type { DiscretisedRoi, FeatureValue } from '../types';
import { glcmFeatures } from './glcm';
import { gldzmFeatures } from './gldzm';
import { glrlmFeatures } from './glrlm';
import { glszmFeatures } from './glszm';
import { ngldmFeatures } from './ngldm';
import { ngtdmFeatures } from './ngtdm';

const phantomDir = join(__dirname, '../../../../shared/data/ibsi1-digital-phantom');

function loadPhantom(): DiscretisedRoi {
  const image = readVolumeFile(join(phantomDir, 'nifti/image/phantom.nii.gz'));
  const mask = readVolumeFile(join(phantomDir, 'nifti/mask/mask.nii.gz'));
  const levels = new Int32Array(image.data.length);
  for (let v = 0; v < levels.length; v++) levels[v] = mask.data[v] > 0.5 ? Math.round(image.data[v]) : 0;
  return { size: image.size, spacing: image.spacing, levels, nLevels: 6 };
}

const referenceRows = parseReferenceCsv(
  readFileSync(join(phantomDir, 'reference/ibsi_1_reference_values_digital_phantom.csv'), 'utf8'),
);

/** Every reference row of the family passes the shared IBSI rule, and the family produces no other tag. */
function check(features: FeatureValue[], prefix: string): void {
  const refs = referenceRows.filter((r) => r.tag.startsWith(prefix));
  expect(refs.length).toBeGreaterThan(0);
  const failures = checkAgainstReference(refs, features)
    .filter((r) => !r.pass)
    .map((r) => `${r.row.tag} (${r.row.feature}): ${r.value ?? 'missing'} vs ${r.row.value}`);
  expect(failures).toEqual([]);
  expect(features.length).toBe(refs.length);
}

const roi = loadPhantom();

/** tag → IBSI id, from the manual-derived table (join key zrad_mirp_tag). */
function manualIds(): Map<string, string> {
  const text = readFileSync(
    join(phantomDir, 'reference/ibsi1_reference_values_from_manual_with_ids.csv'),
    'utf8',
  ).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = parseCsvLine(lines[0]);
  const idCol = header.indexOf('ibsi_id');
  const tagCol = header.indexOf('zrad_mirp_tag');
  const ids = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const f = parseCsvLine(line);
    ids.set(f[tagCol], f[idCol]);
  }
  return ids;
}

describe('IBSI 1 digital phantom, texture families', () => {
  it('phantom loads as 74 ROI voxels with levels {1,3,4,6}', () => {
    const seen = new Set<number>();
    let n = 0;
    for (const g of roi.levels)
      if (g > 0) {
        n++;
        seen.add(g);
      }
    expect(n).toBe(74);
    expect([...seen].sort()).toEqual([1, 3, 4, 6]);
  });

  it('GLCM: 150 rows (25 features × 6 aggregations)', () => {
    check(glcmFeatures(roi, { distance: 1 }), 'cm_');
  });

  it('GLRLM: 96 rows (16 features × 6 aggregations)', () => {
    check(glrlmFeatures(roi), 'rlm_');
  });

  it('GLSZM: 48 rows (16 features × 2D, 2.5D, 3D)', () => {
    check(glszmFeatures(roi), 'szm_');
  });

  it('GLDZM: 48 rows (16 features × 2D, 2.5D, 3D)', () => {
    check(gldzmFeatures(roi), 'dzm_');
  });

  it('NGTDM: 15 rows (5 features × 2D, 2.5D, 3D)', () => {
    check(ngtdmFeatures(roi, { distance: 1 }), 'ngt_');
  });

  it('NGLDM: 51 rows (17 features × 2D, 2.5D, 3D)', () => {
    check(ngldmFeatures(roi, { distance: 1, alpha: 0 }), 'ngl_');
  });

  it('a subset of aggregations gives exactly those rows with the same values; unsupported ones are named', () => {
    const full = new Map(glcmFeatures(roi, { distance: 1 }).map((f) => [f.tag, f.value]));
    for (const only of [['2D_comb'], ['2_5D_avg'], ['3D_comb'], ['2D_avg', '3D_avg']] as const) {
      const part = glcmFeatures(roi, { distance: 1, aggregations: only });
      expect(part).toHaveLength(25 * only.length);
      for (const f of part) expect(f.value).toBe(full.get(f.tag));
    }
    expect(() => glcmFeatures(roi, { distance: 1, aggregations: ['2D'] })).toThrow(
      /GLCM: aggregation "2D" is not one of/,
    );
    expect(() => ngtdmFeatures(roi, { distance: 1, aggregations: ['3D_avg'] })).toThrow(
      /NGTDM: aggregation "3D_avg"/,
    );
    expect(() => glcmFeatures(roi, { distance: 1.5 })).toThrow(/positive integer/);
  });

  it('every texture feature carries the IBSI id the manual gives for its tag, and name = tag', () => {
    const ids = manualIds();
    const all = [
      ...glcmFeatures(roi, { distance: 1 }),
      ...glrlmFeatures(roi),
      ...glszmFeatures(roi),
      ...gldzmFeatures(roi),
      ...ngtdmFeatures(roi, { distance: 1 }),
      ...ngldmFeatures(roi, { distance: 1 }),
    ];
    expect(all).toHaveLength(408);
    const wrong = all.filter(
      (f) => ids.get(f.tag) !== f.ibsi_id || f.name !== f.tag || !f.tag.endsWith(`_${f.aggregation}`),
    );
    expect(wrong.map((f) => `${f.tag}: ${f.ibsi_id} vs ${ids.get(f.tag)}`)).toEqual([]);
  });
});
