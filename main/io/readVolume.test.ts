import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readVolumeFile } from './readVolume';
import { indexToWorld } from '../../shared/image/volume';

const data = join(__dirname, '../../../shared/data');

describe('volume readers', () => {
  it('reads the IBSI digital phantom NIfTI (5×4×4, 2 mm, RAS diag(-2,-2,2) → LPS identity)', () => {
    const img = readVolumeFile(join(data, 'ibsi1-digital-phantom/nifti/image/phantom.nii.gz'));
    const mask = readVolumeFile(join(data, 'ibsi1-digital-phantom/nifti/mask/mask.nii.gz'));
    expect(img.size).toEqual([5, 4, 4]);
    expect(img.spacing).toEqual([2, 2, 2]);
    expect(img.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    let n = 0;
    let sum = 0;
    for (let v = 0; v < mask.data.length; v++) {
      if (mask.data[v] === 1) {
        n++;
        sum += img.data[v];
      }
    }
    expect(n).toBe(74);
    expect(sum / n).toBeCloseTo(2.1486, 4);
  });

  it('reads NRRD with gzip encoding and LPS space directions (brain1)', () => {
    const img = readVolumeFile(join(data, 'pyradiomics-baseline/images/brain1_image.nrrd'));
    const label = readVolumeFile(join(data, 'pyradiomics-baseline/images/brain1_label.nrrd'));
    expect(label.size).toEqual(img.size);
    let n = 0;
    for (const v of label.data) if (v === 1) n++;
    expect(n).toBe(4137);
    expect(img.spacing[2]).toBeCloseTo(6.5, 6);
    const p = indexToWorld(img, 0, 0, 0);
    expect(p[0]).toBeCloseTo(-99.609375, 4);
  });

  it('names the problem for a file that is not an image', () => {
    expect(() => readVolumeFile(join(data, 'README.md'))).toThrow(/unsupported volume file/);
  });
});
