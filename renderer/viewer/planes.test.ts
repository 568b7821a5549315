import { describe, expect, it } from 'vitest';
import { indexToWorld, type ImageGeometry } from '../../shared/image/volume';
import {
  displayPlane,
  displayToIndex,
  displayToScreen,
  indexToDisplay,
  planeTiltDeg,
  screenToDisplay,
  softwareRenderScale,
  viewCamera,
  type ScreenRect,
} from './planes';

const axialGrid: ImageGeometry = {
  size: [4, 3, 5],
  spacing: [1, 2, 3],
  origin: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

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
    const sagittal: ImageGeometry = {
      size: [6, 7, 8],
      spacing: [1, 1, 2],
      origin: [0, 0, 0],
      direction: [0, 0, 1, 1, 0, 0, 0, -1, 0],
    };
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

describe('planeTiltDeg', () => {
  it('is 0 for true planes and the rotation angle for an acquisition tilted about one axis', () => {
    expect(displayPlane(axialGrid, 2, 0).tiltDeg).toBe(0);
    // Axial acquisition rotated 12° about the patient's left-right axis: j and k tilt towards each other.
    const a = (12 * Math.PI) / 180;
    const tilted = [1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)];
    expect(planeTiltDeg(tilted, 2)).toBeCloseTo(12, 10);
    expect(planeTiltDeg(tilted, 1)).toBeCloseTo(12, 10); // the coronal plane tilts by the same angle
    expect(planeTiltDeg(tilted, 0)).toBeCloseTo(0, 10); // the rotation axis: the sagittal plane stays true
    // A sagittal acquisition (i → posterior, j → feet, k → left) has no tilt in any of its planes.
    const sagittal = [0, 0, 1, 1, 0, 0, 0, -1, 0];
    expect(([0, 1, 2] as const).map((n) => planeTiltDeg(sagittal, n))).toEqual([0, 0, 0]);
  });
});

describe('viewCamera', () => {
  /** Screen position of a world point under a vtk parallel camera (right = dop × up, y grows downwards). */
  const project = (cam: ReturnType<typeof viewCamera>, r: ScreenRect, world: readonly number[]) => {
    const d = [0, 1, 2].map((n) => world[n] - cam.focalPoint[n]);
    const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const pxPerMm = r.height / 2 / cam.parallelScale;
    return [
      r.x + r.width / 2 + dot(d, cam.right) * pxPerMm,
      r.y + r.height / 2 - dot(d, cam.viewUp) * pxPerMm,
    ];
  };
  const cross = (a: readonly number[], b: readonly number[]) => [
    a[1] * b[2] - a[2] * b[1],
    a[2] * b[0] - a[0] * b[2],
    a[0] * b[1] - a[1] * b[0],
  ];

  it('puts every voxel of every plane where displayToScreen puts it (zoomed, panned, sub-rectangle, oblique grids)', () => {
    const sagittal: ImageGeometry = {
      size: [6, 7, 8],
      spacing: [1, 1.5, 2],
      origin: [0, 0, 0],
      direction: [0, 0, 1, 1, 0, 0, 0, -1, 0],
    };
    const vp = { width: 320, height: 210, zoom: 1.6, pan: [1.5, -2] as [number, number] };
    for (const grid of [axialGrid, sagittal]) {
      for (const normal of [0, 1, 2] as const) {
        const plane = displayPlane(grid, normal, 2);
        for (const rect of [
          { x: 0, y: 0, width: vp.width, height: vp.height },
          { x: 37, y: 12, width: 150, height: 171 },
        ]) {
          const cam = viewCamera(plane, vp, grid.spacing, rect);
          // vtk's convention: screen-right = direction of projection × view-up.
          expect(cross(cam.directionOfProjection, cam.viewUp).map((v) => v + 0)).toEqual(
            cam.right.map((v) => v + 0),
          );
          for (const [x, y] of [
            [0, 0],
            [plane.width - 1, 0],
            [1, plane.height - 1],
            [2.5, 1.25],
          ]) {
            const index = displayToIndex(plane, x, y);
            const world = index.map((v, d) => v * grid.spacing[d]);
            const [sx, sy] = project(cam, rect, world);
            const [ex, ey] = displayToScreen(plane, vp, x, y);
            expect(sx).toBeCloseTo(ex, 9);
            expect(sy).toBeCloseTo(ey, 9);
          }
          // The focal point lies on the shown slice.
          expect(cam.focalPoint[normal]).toBeCloseTo(plane.slice * grid.spacing[normal], 12);
        }
      }
    }
  });
});

describe('softwareRenderScale', () => {
  it('renders about one pixel per voxel, never fewer, between ½ and 1', () => {
    for (const pxPerVoxel of [1.05, 1.2, 1.52, 1.9]) {
      const scale = softwareRenderScale(pxPerVoxel);
      expect(scale * pxPerVoxel).toBeGreaterThanOrEqual(1);
      expect(scale * pxPerVoxel).toBeLessThan(1 + pxPerVoxel / 64);
    }
    expect(softwareRenderScale(0.7)).toBe(1); // zoomed out: voxels share pixels anyway
    expect(softwareRenderScale(5)).toBe(0.5); // zoomed in: not below ½
    expect(softwareRenderScale(0)).toBe(1);
    expect(softwareRenderScale(1.5200001)).toBe(softwareRenderScale(1.52));
  });
});
