import { describe, expect, it } from 'vitest';
import type { ImageGeometry } from '../../shared/image/volume';
import { slicePosition, voxelReadout, windowText, zoomText } from './annotations';
import { displayPlane } from './planes';

// Axial acquisition, 2 × 1 mm pixels, 5 mm slices, origin (−100, −50, 20).
const axial: ImageGeometry = {
  size: [10, 20, 6],
  spacing: [2, 1, 5],
  origin: [-100, -50, 20],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

describe('corner annotations', () => {
  it('give the slice position along the patient axis of each plane, at the slice centre', () => {
    // Axial slice k = 3: z = 20 + 3·5.
    expect(slicePosition(axial, displayPlane(axial, 2, 3), 3)).toBe('z 35.00 mm');
    // Coronal slice j = 4: y = −50 + 4·1.
    expect(slicePosition(axial, displayPlane(axial, 1, 4), 4)).toBe('y -46.00 mm');
    // Sagittal slice i = 7: x = −100 + 7·2.
    expect(slicePosition(axial, displayPlane(axial, 0, 7), 7)).toBe('x -86.00 mm');
  });

  it('name the coordinate after the plane, not the index axis (a coronal acquisition)', () => {
    // Rows along x, columns along −z, slices along y: index axis 2 is the coronal plane's normal.
    const coronal: ImageGeometry = { ...axial, direction: [1, 0, 0, 0, 0, 1, 0, -1, 0] };
    const plane = displayPlane(coronal, 2, 2);
    expect(plane.name).toBe('Coronal');
    expect(slicePosition(coronal, plane, 2)).toBe('y -40.00 mm');
  });

  it('read out the voxel under the pointer, nothing outside the image', () => {
    const data = Float32Array.from({ length: 10 * 20 * 6 }, (_, n) => n / 2);
    expect(voxelReadout(axial, data, [1.2, 2.4, 1])).toEqual({
      voxel: '(1, 2, 1) · 110.5',
      position: 'LPS -98.0, -48.0, 25.0 mm',
    });
    expect(voxelReadout(axial, data, [-0.6, 0, 0])).toBeNull();
  });

  it('show window/level and zoom', () => {
    expect(windowText({ window: 1063.4, level: 531.6 })).toBe('W 1063 L 532');
    expect(zoomText(1.25)).toBe('Zoom 1.25×');
  });
});
