/** DICOM SEG (BINARY, 1 bit, multi-frame) on a Legacy Converted Enhanced MR: the IBSI digital phantom. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeriesVolume, rasterizeRoi, scanFolders } from './index';
import { readNifti } from '../io/nifti';

const PHANTOM = join(__dirname, '../../../shared/data/ibsi1-digital-phantom');

describe('IBSI digital phantom, deprecated DICOM (multi-frame image + BINARY SEG)', () => {
  it('scans one 4-frame series and one SEG that refers to it', async () => {
    const scan = await scanFolders([join(PHANTOM, 'dicom_deprecated')]);
    expect(scan.files).toBe(2);
    expect(scan.skipped).toEqual([]);
    expect(scan.warnings).toEqual([]);
    expect(scan.series).toHaveLength(1);
    expect(scan.series[0].instances[0].frames).toBe(4);
    expect(scan.series[0].geometry.size).toEqual([5, 4, 4]);
    expect(scan.series[0].study.studyDate).toBe('20181020');
    expect(scan.rois).toEqual([
      expect.objectContaining({
        kind: 'SEG',
        roiNames: ['ROI'],
        referencedSeriesUid: scan.series[0].seriesInstanceUid,
      }),
    ]);
  });

  it('gives the 74 voxels of the NIfTI mask and the NIfTI image values, voxel for voxel', async () => {
    const scan = await scanFolders([join(PHANTOM, 'dicom_deprecated')]);
    const volume = await loadSeriesVolume(scan.series[0]);
    const mask = await rasterizeRoi(scan.rois[0].file, 'ROI', volume);
    const refMask = readNifti(join(PHANTOM, 'nifti/mask/mask.nii.gz'));
    const refImage = readNifti(join(PHANTOM, 'nifti/image/phantom.nii.gz'));
    // Frames are coronal (IOP 1,0,0, 0,0,-1): our (i, j, k) = (column, row, frame sorted along +y)
    // = NIfTI (x, z, y) — data/README §1 trap 2.
    let count = 0;
    let maskDiffs = 0;
    let imageDiffs = 0;
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 4; j++) {
        for (let i = 0; i < 5; i++) {
          const ours = i + 5 * (j + 4 * k);
          const nifti = i + 5 * (k + 4 * j);
          count += mask.data[ours];
          if (mask.data[ours] !== (refMask.data[nifti] ? 1 : 0)) maskDiffs++;
          if (volume.data[ours] !== refImage.data[nifti]) imageDiffs++;
        }
      }
    }
    expect({ count, maskDiffs, imageDiffs }).toEqual({ count: 74, maskDiffs: 0, imageDiffs: 0 });
  });
});
