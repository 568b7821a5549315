/**
 * `radscore features` service on real files: the IBSI CT phantom read from DICOM + RTSTRUCT (the path a clinic
 * uses), checked row by row against the IBSI reference for configurations A (2D) and E (3D, tricubic spline);
 * and the errors a user meets (unknown ROI, unknown series, absent label).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkAgainstReference,
  parseReferenceCsv,
  reportCsv,
  reportMarkdown,
} from '../../shared/radiomics/ibsiReference';
import { featuresForFiles } from './features';

const here = dirname(fileURLToPath(import.meta.url));
const CT = join(here, '../../../shared/data/ibsi1-ct-phantom');
const IMAGE_DIR = join(CT, 'dicom/image');
const RTSTRUCT = join(CT, 'dicom/mask/DCM_RS_00060.dcm');
const REPORT_DIR = join(here, '../../test-results/ibsi');

describe.each(['A', 'B', 'C', 'D', 'E'])(
  'IBSI CT phantom from DICOM + RTSTRUCT, configuration %s',
  (config) => {
    it('passes ≥ 98 % of the reference rows and every diagnostic row', async () => {
      const result = await featuresForFiles({
        image: IMAGE_DIR,
        mask: RTSTRUCT,
        preset: `ibsi-ct-${config.toLowerCase()}`,
      });
      expect(result.roi).toBe('GTV-1');
      expect(result.profile).toBe('ibsi');
      expect(result.image.size).toEqual([204, 201, 60]);
      expect(result.mask.voxels).toBe(125256);
      const rows = parseReferenceCsv(
        readFileSync(join(CT, `reference/ibsi_1_reference_values_config_${config}.csv`), 'utf8'),
      );
      const results = checkAgainstReference(rows, result.features);
      mkdirSync(REPORT_DIR, { recursive: true });
      writeFileSync(join(REPORT_DIR, `ct-config-${config}-dicom.csv`), reportCsv(results));
      writeFileSync(
        join(REPORT_DIR, `ct-config-${config}-dicom.md`),
        reportMarkdown(`ct-config-${config}-dicom`, results, result.seconds),
      );
      const diagnostics = results.filter((r) => r.row.family.startsWith('Diagnostics'));
      expect(
        diagnostics.filter((r) => !r.pass).map((r) => `${r.row.tag}: ${r.value} vs ${r.row.text}`),
      ).toEqual([]);
      expect(results.filter((r) => r.pass).length / results.length).toBeGreaterThanOrEqual(0.98);
    });
  },
);

describe('features service errors', () => {
  it('names the ROIs that exist when --roi does not match', async () => {
    await expect(featuresForFiles({ image: IMAGE_DIR, mask: RTSTRUCT, roi: 'GTV-2' })).rejects.toThrow(
      /no ROI named "GTV-2".*"GTV-1"/,
    );
  });
  it('lists the series when --series is not in the folder', async () => {
    await expect(featuresForFiles({ image: IMAGE_DIR, mask: RTSTRUCT, series: '1.2.3' })).rejects.toThrow(
      /series 1\.2\.3 is not in .*CT/,
    );
  });
  it('rejects a label value that the label map does not hold', async () => {
    await expect(
      featuresForFiles({
        image: join(CT, 'nifti/image/phantom.nii.gz'),
        mask: join(CT, 'nifti/mask/mask.nii.gz'),
        roi: '2',
      }),
    ).rejects.toThrow(/label 2 does not occur.*labels present: 1/);
  });
  it('rejects a mask that is not a segmentation', async () => {
    await expect(
      featuresForFiles({ image: IMAGE_DIR, mask: join(IMAGE_DIR, 'DCM_IMG_00000.dcm') }),
    ).rejects.toThrow(/not an RTSTRUCT or SEG/);
  });
  it('rejects mask and image on different grids', async () => {
    const phantom = join(here, '../../../shared/data/ibsi1-digital-phantom/nifti/mask/mask.nii.gz');
    await expect(
      featuresForFiles({ image: join(CT, 'nifti/image/phantom.nii.gz'), mask: phantom }),
    ).rejects.toThrow(/different grids/);
  });
});
