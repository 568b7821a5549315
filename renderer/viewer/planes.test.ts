import { describe, expect, it } from 'vitest';
import { indexToWorld, type ImageGeometry } from '../../shared/image/volume';
import { displayPlane, displayToIndex, displayToScreen, indexToDisplay, renderPlane, screenToDisplay } from './planes';

const axialGrid: ImageGeometry = { size: [4, 3, 5], spacing: [1, 2, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

describe('displayPlane', () => {
  it('shows an axial series in the radiological convention in all three planes', () => {
    const ax = displayPlane(axialGrid, 2, 1);
    expect(ax.name).toBe('Axial');
    expect([ax.axisX, ax.axisY, ax.flipX, ax.flipY]).toEqual([0, 1, false, false]);
    expect(ax.labels).toEqual({ right: 'L', left: 'R', bottom: 'P', top: 'A' });
    const cor = displayPlane(axialGrid, 1, 2);
    expect(cor.name).toBe('Coronal');
    // Head up: k (towards H) runs upwards, so the rows are flipped.
    expect([cor.axisX, cor.axisY, cor.flipX, cor.flipY]).toEqual([0, 2, false, true]);
    expect(cor.labels).toEqual({ right: 'L', left: 'R', bottom: 'F', top: 'H' });
    expect([cor.mmX, cor.mmY, cor.width, cor.height]).toEqual([1, 3, 4, 5]);
    const sag = displayPlane(axialGrid, 0, 3);
    expect(sag.name).toBe('Sagittal');
    expect(sag.labels).toEqual({ right: 'P', left: 'A', bottom: 'F', top: 'H' });
  });

  it('transposes a sagittal acquisition so that its axial plane still has left on the right', () => {
    // i → posterior, j → feet, k → left (a left-handed grid: display only looks at the axes one by one).
    const sagittal: ImageGeometry = { size: [6, 7, 8], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [0, 0, 1, 1, 0, 0, 0, -1, 0] };
    const k = displayPlane(sagittal, 2, 0);
    expect(k.name).toBe('Sagittal');
    expect(k.labels).toEqual({ right: 'P', left: 'A', bottom: 'F', top: 'H' });
    const j = displayPlane(sagittal, 1, 0);
    expect(j.name).toBe('Axial');
    expect(j.axisX).toBe(2);
    expect(j.labels).toEqual({ right: 'L', left: 'R', bottom: 'P', top: 'A' });
    // The screen-right direction of the rendered plane really is patient left.
    const a = indexToWorld(sagittal, ...displayToIndex(j, 0, 0));
    const b = indexToWorld(sagittal, ...displayToIndex(j, 1, 0));
    expect(b[0] - a[0]).toBeGreaterThan(0);
  });

  it('maps display pixels, voxel indices and screen positions back and forth', () => {
    const cor = displayPlane(axialGrid, 1, 2);
    const ijk = displayToIndex(cor, 3, 1);
    expect(ijk).toEqual([3, 2, 3]);
    expect(indexToDisplay(cor, ijk)).toEqual([3, 1]);
    const vp = { width: 300, height: 200, zoom: 1.7, pan: [2, -1] as [number, number] };
    const [sx, sy] = displayToScreen(cor, vp, 2.5, 3.25);
    const [x, y] = screenToDisplay(cor, vp, sx, sy);
    expect(x).toBeCloseTo(2.5, 10);
    expect(y).toBeCloseTo(3.25, 10);
  });
});

describe('renderPlane', () => {
  it('windows the voxels of the plane and draws ROI fill and outline', () => {
    const n = 4 * 3 * 5;
    const image = new Float32Array(n).map((_, p) => p);
    const plane = displayPlane(axialGrid, 2, 1); // voxels 12…23
    const out = new Uint32Array(12);
    renderPlane(out, image, plane, 11, 17.5, []);
    const grey = [...out].map((c) => c & 0xff);
    expect(grey[0]).toBe(0);
    expect(grey[11]).toBe(255);
    expect(grey[5]).toBe(Math.floor(((17 - 12) * 255) / 11));
    expect([...out].every((c) => c >>> 24 === 0xff && (c & 0xff) === ((c >> 8) & 0xff))).toBe(true);
    const mask = new Uint8Array(n);
    for (const p of [12, 13, 14, 16, 17, 18, 20, 21, 22]) mask[p] = 1; // a 3 × 3 block
    renderPlane(out, image, plane, 11, 17.5, [{ data: mask, rgb: [255, 0, 0], mode: 'outline', opacity: 1 }]);
    // The centre pixel (display 1, 1) is not on the outline; the others are drawn opaque red.
    expect(out[5] & 0xff).toBe(grey[5]);
    expect(out[0] & 0xffffff).toBe(0x0000ff);
    expect(out[3] & 0xff).toBe(grey[3]);
    renderPlane(out, image, plane, 11, 17.5, [{ data: mask, rgb: [255, 0, 0], mode: 'fill', opacity: 0.5 }]);
    expect(out[5] & 0xff).toBe(Math.floor(grey[5] + (255 - grey[5]) * 0.5));
    expect((out[5] >> 8) & 0xff).toBe(Math.floor(grey[5] * 0.5));
  });
});
