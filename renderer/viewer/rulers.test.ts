import { describe, expect, it } from 'vitest';
import type { ImageGeometry, Vec3 } from '../../shared/image/volume';
import { rulerLengthMm } from '../../shared/measure/ruler';
import { displayPlane, displayToIndex, displayToScreen, screenToDisplay, type Viewport } from './planes';
import { RulerStore, rulerPlace, type NewRuler } from './rulers';

const sample = (over: Partial<NewRuler> = {}): NewRuler => ({
  seriesUid: '1.2.3',
  patientId: 'P1',
  seriesText: '2024-01-08 · T2 TSE AX',
  axis: 0,
  planeName: 'Sagittal',
  slice: 32,
  a: [32, 10, 2],
  b: [32, 34, 5],
  lengthMm: 16.97,
  ...over,
});

describe('RulerStore', () => {
  it('adds rulers with their own ids and names, and tells subscribers', () => {
    const store = new RulerStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    const first = store.add(sample());
    const second = store.add(sample({ patientId: 'P2' }));
    expect([first.name, second.name]).toEqual(['R1', 'R2']);
    expect(store.snapshot().map((r) => r.patientId)).toEqual(['P1', 'P2']);
    expect(calls).toBe(2);
    unsubscribe();
    store.remove(first.id);
    expect(calls).toBe(2);
    expect(store.snapshot().map((r) => r.name)).toEqual(['R2']);
    // Ids are not reused after a deletion.
    expect(store.add(sample()).name).toBe('R3');
  });

  it('moves endpoints with a new snapshot and keeps its own copies of the points', () => {
    const store = new RulerStore();
    const input = sample();
    const r = store.add(input);
    input.a[1] = 99;
    expect(store.get(r.id)?.a).toEqual([32, 10, 2]);
    const before = store.snapshot();
    const b: Vec3 = [32, 40, 5];
    store.move(r.id, [32, 10, 2], b, 20.5);
    b[1] = 0;
    expect(store.snapshot()).not.toBe(before);
    expect(store.get(r.id)).toMatchObject({ b: [32, 40, 5], lengthMm: 20.5 });
    // Unknown ids change nothing (and notify nobody).
    const now = store.snapshot();
    store.move(999, [0, 0, 0], [1, 1, 1], 1);
    store.remove(999);
    expect(store.snapshot()).toBe(now);
  });

  it('names the view and the 1-based slice', () => {
    expect(rulerPlace({ planeName: 'Coronal', slice: 4 })).toBe('Coronal 5');
  });
});

describe('screen points on a view → ruler length', () => {
  // The demo cohort's grid: 64 × 64 × 10, 3.4375 mm pixels, 4 mm slices.
  const grid: ImageGeometry = {
    size: [64, 64, 10],
    spacing: [3.4375, 3.4375, 4],
    origin: [-110, -110, -48],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const vp: Viewport = { width: 600, height: 400, zoom: 1, pan: [0, 0] };

  it('measures a sagittal drag in true mm (rows 3.4375 mm, slices 4 mm)', () => {
    const plane = displayPlane(grid, 0, 32);
    // Display (10, 2) and (40, 7) on a sagittal view: j = 10 / 40, and k = 7 / 2 (head up, so rows are flipped).
    const [ax, ay] = displayToScreen(plane, vp, 10, 2);
    const [bx, by] = displayToScreen(plane, vp, 40, 7);
    const a = displayToIndex(plane, ...screenToDisplay(plane, vp, ax, ay));
    const b = displayToIndex(plane, ...screenToDisplay(plane, vp, bx, by));
    expect(a[0]).toBe(32);
    expect(a[1]).toBeCloseTo(10, 9);
    expect(a[2]).toBeCloseTo(7, 9);
    expect(b[1]).toBeCloseTo(40, 9);
    expect(b[2]).toBeCloseTo(2, 9);
    expect(rulerLengthMm(grid, a, b)).toBeCloseTo(Math.hypot(30 * 3.4375, 5 * 4), 9);
  });
});
