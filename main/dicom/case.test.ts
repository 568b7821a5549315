import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDicomCase, scanFolders, selectSeries } from './index';

const DATA = join(__dirname, '../../../shared/data');
const CT = join(DATA, 'ibsi1-ct-phantom/dicom');
const STS = join(DATA, 'mr-series-sts001-t1/dicom');

const count = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0);

describe('loadDicomCase', () => {
  it('picks, among several series, the one the RTSTRUCT refers to', async () => {
    const c = await loadDicomCase([join(CT, 'image'), join(STS, 'image')], join(STS, 'mask/RS.dcm'));
    expect(c.roiName).toBe('GTV_Mass_MR_T1');
    expect(c.series.patient.patientId).toBe('STS_001');
    expect(c.volume.size).toEqual([174, 158, 59]);
    expect(count(c.mask.data)).toBe(117_145);
    expect(c.warnings).toEqual([]);
  });

  it('works when the ROI file sits inside the image folder, and with a case-insensitive ROI name', async () => {
    const c = await loadDicomCase([CT], join(CT, 'mask/DCM_RS_00060.dcm'), { roiName: 'gtv-1' });
    expect(c.roiName).toBe('GTV-1');
    expect(count(c.mask.data)).toBe(125_256);
  });

  it('names the problem: not an ROI file, unknown series', async () => {
    await expect(loadDicomCase([join(CT, 'image')], join(CT, 'image/DCM_IMG_00000.dcm'))).rejects.toThrow(
      /DCM_IMG_00000\.dcm is not an RTSTRUCT or SEG/,
    );
    await expect(
      loadDicomCase([join(CT, 'image')], join(CT, 'mask/DCM_RS_00060.dcm'), { seriesUid: '1.2.3' }),
    ).rejects.toThrow(
      /series 1\.2\.3 is not among the scanned images \(found: 1\.3\.6\.1\.4\.1\.9590\.\S+ \(CT #\d+ ".*", 60 instances\)\)/,
    );
  });
});

describe('selectSeries', () => {
  it('asks for --series when nothing decides between several series', async () => {
    const scan = await scanFolders([join(CT, 'image'), join(STS, 'image')]);
    expect(() => selectSeries(scan)).toThrow(/several image series found; choose one with --series/);
    expect(selectSeries(scan, { seriesUid: scan.series[1].seriesInstanceUid }).series).toBe(scan.series[1]);
  });
});
