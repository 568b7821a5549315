/** The A.K. form-factor mesh is the `ibsi` morphology mesh (families/mesh.ts meshRoi), accumulated faster. */
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import type { Vec3 } from '../../image/volume';
import { convexHull, maxDiameter } from '../families/convexHull';
import { meshRoi } from '../families/mesh';
import { syntheticAkCase } from './bench';
import { roiMesh } from './formFactor';
import { prepareRoi } from './roi';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;

describe('A.K. form-factor mesh', () => {
  const cases = [
    [
      'brain1',
      'pyradiomics-baseline/images/brain1_image.nrrd',
      'pyradiomics-baseline/images/brain1_label.nrrd',
    ],
    [
      'brain2',
      'pyradiomics-baseline/images/brain2_image.nrrd',
      'pyradiomics-baseline/images/brain2_label.nrrd',
    ],
    [
      'digital phantom',
      'ibsi1-digital-phantom/nifti/image/phantom.nii.gz',
      'ibsi1-digital-phantom/nifti/mask/mask.nii.gz',
    ],
  ];
  it.each(cases)('%s: volume, area and diameter equal the ibsi morphology mesh', (_name, image, mask) => {
    const roi = prepareRoi(readVolumeFile(DATA + image), readVolumeFile(DATA + mask));
    const ours = roiMesh(roi);
    const ibsi = meshRoi(roi.inRoi, [...roi.size] as Vec3, [...roi.image.spacing] as Vec3);
    expect(Math.abs(ours.volume - ibsi.volume)).toBeLessThanOrEqual(1e-10 * ibsi.volume);
    expect(Math.abs(ours.area - ibsi.area)).toBeLessThanOrEqual(1e-10 * ibsi.area);
    expect(ours.maxDiameter).toBeCloseTo(maxDiameter(ibsi.vertices, convexHull(ibsi.vertices).vertices), 10);
  });

  it('a box ROI on anisotropic voxels: same mesh, smaller than the voxel box (marching cubes cuts its edges)', () => {
    const c = syntheticAkCase([40, 40, 12], [10, 8, 4]);
    const roi = prepareRoi(c.image, c.mask);
    const m = roiMesh(roi);
    const ibsi = meshRoi(roi.inRoi, [10, 8, 4], [0.5, 0.5, 5]);
    expect(m.volume).toBeCloseTo(ibsi.volume, 9);
    expect(m.area).toBeCloseTo(ibsi.area, 9);
    expect(m.volume).toBeLessThan(5 * 4 * 20); // the voxel box is 5 × 4 × 20 mm
  });
});
