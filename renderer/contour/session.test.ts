import { describe, expect, it } from 'vitest';
import { roiStatistics } from '../../shared/contour';
import type { Volume } from '../../shared/image/volume';
import { ContourSession } from './session';

/** A 24 × 20 × 9 volume with anisotropic voxels and a deterministic intensity pattern. */
function volume(): Volume {
  const size: [number, number, number] = [24, 20, 9];
  const data = new Float32Array(size[0] * size[1] * size[2]);
  for (let n = 0; n < data.length; n++) data[n] = 1000 + ((n * 37) % 101) - 0.25 * (n % 7);
  return { size, spacing: [0.8, 0.8, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

function expectStatsMatch(session: ContourSession, image: Volume) {
  const live = session.statistics();
  const full = roiStatistics(session.mask, image);
  expect(live.voxels).toBe(full.voxels);
  expect(live.volumeMl).toBeCloseTo(full.volumeMl, 12);
  if (full.mean === null) expect(live.mean).toBeNull();
  else {
    expect(live.mean).toBeCloseTo(full.mean, 8);
    expect(live.sd).toBeCloseTo(full.sd!, 6);
  }
}

describe('ContourSession', () => {
  it('keeps live statistics equal to roiStatistics through strokes, polygons, fills, clean-ups, undo and redo', () => {
    const image = volume();
    const initial = new Uint8Array(image.data.length);
    initial[5 + 24 * (5 + 20 * 4)] = 1;
    const s = new ContourSession(image, initial.slice());
    expectStatsMatch(s, image);
    s.beginStroke([4, 4, 2], { radiusMm: 2, value: 1, shape: 'disc', orientation: 'axial' });
    s.strokeTo([12, 9, 2]);
    s.strokeTo([15, 12, 2.4]);
    expect(s.endStroke()).not.toBeNull();
    expectStatsMatch(s, image);
    s.polygon(
      'axial',
      6,
      [
        [3, 3],
        [14, 3],
        [14, 12],
        [3, 12],
      ],
      1,
    );
    expectStatsMatch(s, image);
    s.fillBetween('axial');
    // Slices 3, 4 (which held one voxel), 5 now hold ROI voxels between the key slices 2, 4 and 6.
    for (const k of [3, 5]) {
      let n = 0;
      for (let p = 0; p < 24 * 20; p++) n += s.mask.data[p + 24 * 20 * k];
      expect(n).toBeGreaterThan(0);
    }
    expectStatsMatch(s, image);
    s.beginStroke([20, 17, 8], { radiusMm: 1, value: 1, shape: 'sphere', orientation: 'axial' });
    s.endStroke();
    s.removeIslands(6, 6); // the 5-voxel sphere dab is an island
    expect(s.mask.data[20 + 24 * (17 + 20 * 8)]).toBe(0);
    s.keepLargest(26);
    expectStatsMatch(s, image);
    const steps = s.history.undoSteps;
    expect(steps).toBeGreaterThanOrEqual(5);
    for (let n = 0; n < steps; n++) expect(s.undo()).not.toBeNull();
    expect(s.undo()).toBeNull();
    expect(s.mask.data).toEqual(initial);
    expectStatsMatch(s, image);
    while (s.redo());
    expectStatsMatch(s, image);
  });

  it('keeps the statistics live during a stroke, dab by dab, without counting the stroke twice at its end', () => {
    const image = volume();
    const s = new ContourSession(image, new Uint8Array(image.data.length));
    s.beginStroke([6, 6, 3], { radiusMm: 2, value: 1, shape: 'disc', orientation: 'axial' });
    expect(s.statistics().voxels).toBeGreaterThan(0);
    expectStatsMatch(s, image);
    let previous = s.statistics().voxels;
    for (const to of [
      [9, 7, 3],
      [14, 11, 3],
      [14, 11, 3],
      [18, 15, 3],
    ] as [number, number, number][]) {
      const changed = s.strokeTo(to);
      expect(s.statistics().voxels).toBe(previous + changed);
      previous = s.statistics().voxels;
      expectStatsMatch(s, image);
    }
    s.endStroke();
    expectStatsMatch(s, image);
    s.beginStroke([14, 11, 3], { radiusMm: 3, value: 0, shape: 'disc', orientation: 'axial' });
    s.strokeTo([6, 6, 3]);
    expectStatsMatch(s, image);
    s.endStroke();
    s.undo();
    s.undo();
    expect(s.statistics().voxels).toBe(0);
    expectStatsMatch(s, image);
  });

  it('keeps at least 20 undo steps and erases only inside the intensity range', () => {
    const image = volume();
    const s = new ContourSession(image, new Uint8Array(image.data.length));
    for (let n = 0; n < 25; n++) {
      s.beginStroke([n % 20, 10, n % 9], { radiusMm: 0.5, value: 1, shape: 'disc', orientation: 'axial' });
      s.endStroke();
    }
    expect(s.history.undoSteps).toBeGreaterThanOrEqual(20);
    const clean = new ContourSession(image, new Uint8Array(image.data.length));
    clean.beginStroke([12, 10, 4], {
      radiusMm: 6,
      value: 1,
      shape: 'disc',
      orientation: 'axial',
      intensity: { image: image.data, lo: 1000, hi: 1040 },
    });
    clean.endStroke();
    let inside = 0;
    for (let n = 0; n < image.data.length; n++) {
      if (!clean.mask.data[n]) continue;
      inside++;
      expect(image.data[n]).toBeGreaterThanOrEqual(1000);
      expect(image.data[n]).toBeLessThanOrEqual(1040);
    }
    expect(inside).toBeGreaterThan(10);
    expectStatsMatch(clean, image);
  });

  it('refuses a mask of the wrong size', () => {
    expect(() => new ContourSession(volume(), new Uint8Array(10))).toThrow(/mask has 10 voxels/);
  });

  it('moves its revision whenever the mask data changes (views re-upload on it), and only then', () => {
    const image = volume();
    const s = new ContourSession(image, new Uint8Array(image.data.length));
    const brush = { radiusMm: 2, value: 1 as const, shape: 'disc' as const, orientation: 'axial' as const };
    let seen = s.revision;
    const changed = () => {
      const moved = s.revision !== seen;
      seen = s.revision;
      return moved;
    };
    s.beginStroke([4, 4, 2], brush);
    expect(changed()).toBe(true);
    s.strokeTo([4, 4, 2]); // same place: nothing new painted
    expect(changed()).toBe(false);
    s.strokeTo([10, 6, 2]);
    expect(changed()).toBe(true);
    s.endStroke();
    const painted = s.mask.data.slice();
    s.undo();
    expect(changed()).toBe(true);
    expect(s.mask.data.some((v) => v !== 0)).toBe(false);
    s.redo();
    expect(changed()).toBe(true);
    expect(s.mask.data).toEqual(painted);
    expect(s.undo()).not.toBeNull();
    changed();
    expect(s.undo()).toBeNull(); // nothing left to undo
    expect(changed()).toBe(false);
  });
});
