import { describe, expect, it } from 'vitest';
import type { RoiSummary, SeriesDetail } from '../../shared/api';
import { defaultReaderPair } from './readerPair';
import { steppedBrush, steppedCursor, viewerReducer } from './viewerReducer';
import { initialViewerState, type ViewerAction, type ViewerState, type Volume } from './viewerState';

const SIZE: [number, number, number] = [4, 3, 5];

function volume(): Volume {
  const n = SIZE[0] * SIZE[1] * SIZE[2];
  return {
    meta: {
      seriesUid: 's',
      size: SIZE,
      spacing: [1, 1, 2],
      origin: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      min: 0,
      max: 99.6,
    },
    data: Float32Array.from({ length: n }, (_, i) => i),
  };
}

const roi = (
  roiId: number,
  name: string,
  author: string,
  sliceRange: [number, number] | null = null,
): RoiSummary => ({
  roiId,
  seriesUid: 's',
  name,
  source: 'drawn',
  author,
  voxels: 1,
  sliceRange,
});

function detail(rois: RoiSummary[]): SeriesDetail {
  const v = volume().meta;
  return {
    patientId: 'P1',
    patientName: 'Demo^Patient001',
    studyUid: 'st',
    series: {
      seriesUid: 's',
      seriesNumber: 3,
      description: 'T2 AX',
      modality: 'MR',
      instances: SIZE[2],
      rois: rois.length,
      size: SIZE,
      spacing: v.spacing,
      warnings: [],
      unusable: [],
    },
    geometry: { size: v.size, spacing: v.spacing, origin: v.origin, direction: v.direction },
    rois,
  };
}

const run = (state: ViewerState, ...actions: ViewerAction[]) => actions.reduce(viewerReducer, state);

const loaded = (rois: RoiSummary[] = []) =>
  run(initialViewerState('Dr A'), {
    type: 'loaded',
    detail: detail(rois),
    volume: volume(),
    wl: { window: 40, level: 20.4 },
    preset: 'auto',
  });

describe('viewer state: loading', () => {
  it('a loaded series shows every ROI, centres the crosshair and seeds the intensity range from its window', () => {
    const s = loaded([roi(1, 'GTV', 'A'), roi(2, 'GTV', 'B')]);
    expect([...s.visible]).toEqual([1, 2]);
    expect(s.cursor).toEqual([2, 1, 2]);
    expect(s.wl).toEqual({ window: 40, level: 20.4 });
    expect(s.range).toEqual({ on: false, lo: 20, hi: 100 });
    expect(s.compare).toEqual({ a: 1, b: 2, auto: true });
  });

  it('starting another series forgets the data and the ROI being edited, and keeps the layout', () => {
    const s = run(loaded(), { type: 'layout', layout: '1x3' }, { type: 'load-start' });
    expect(s.detail).toBeNull();
    expect(s.volume).toBeNull();
    expect(s.edit).toBeNull();
    expect(s.masks.size).toBe(0);
    expect(s.layout).toBe('1x3');
  });
});

describe('viewer state: navigation', () => {
  it('slice steps clamp to the series, and wrap round for cine', () => {
    expect(steppedCursor([1, 1, 4], SIZE, 2, 1)).toEqual([1, 1, 4]);
    expect(steppedCursor([1, 1, 4], SIZE, 2, 1, true)).toEqual([1, 1, 0]);
    expect(steppedCursor([1, 1, 0], SIZE, 2, -1, true)).toEqual([1, 1, 4]);
    expect(steppedCursor([1, 1, 2], SIZE, 0, -10)).toEqual([0, 1, 2]);
    const s = run(loaded(), { type: 'step', axis: 2, delta: -10 });
    expect(s.cursor).toEqual([2, 1, 0]);
  });

  it('zoom stays within 0.25–40, pan accumulates per view, Fit resets every view', () => {
    let s = run(loaded(), { type: 'zoom', axis: 2, factor: 100 }, { type: 'zoom', axis: 1, factor: 0.001 });
    expect(s.views[2].zoom).toBe(40);
    expect(s.views[1].zoom).toBe(0.25);
    s = run(s, { type: 'pan', axis: 0, mm: [1, -2] }, { type: 'pan', axis: 0, mm: [0.5, 1] });
    expect(s.views[0].pan).toEqual([1.5, -1]);
    expect(s.views[2].pan).toEqual([0, 0]);
    s = run(s, { type: 'reset-views' });
    expect(s.views).toEqual({
      0: { zoom: 1, pan: [0, 0] },
      1: { zoom: 1, pan: [0, 0] },
      2: { zoom: 1, pan: [0, 0] },
    });
  });

  it('go to an ROI: its largest slice, centred on its voxels there, in the axial view', () => {
    const mask = new Uint8Array(SIZE[0] * SIZE[1] * SIZE[2]);
    const at = (i: number, j: number, k: number) => i + SIZE[0] * (j + SIZE[1] * k);
    mask[at(3, 2, 1)] = 1;
    mask[at(1, 0, 3)] = 1;
    mask[at(3, 0, 3)] = 1;
    const s = run(
      loaded([roi(7, 'GTV', 'A')]),
      { type: 'show-roi', roiId: 7, visible: false },
      { type: 'activate', axis: 0 },
      { type: 'mask', roiId: 7, data: mask },
      { type: 'go-to-roi', roiId: 7 },
    );
    expect(s.cursor).toEqual([2, 0, 3]);
    expect(s.active).toBe(2);
    expect(s.visible.has(7)).toBe(true);
  });

  it('go to an ROI lands on the same slice whether its mask arrives before or after the click', () => {
    // Largest slice 0 (three voxels); the stored slice range 0–4 has its middle at 2.
    const mask = new Uint8Array(SIZE[0] * SIZE[1] * SIZE[2]);
    const at = (i: number, j: number, k: number) => i + SIZE[0] * (j + SIZE[1] * k);
    for (const i of [0, 1, 2]) mask[at(i, 1, 0)] = 1;
    mask[at(3, 2, 4)] = 1;
    const start = run(
      loaded([roi(8, 'GTV', 'A', [0, 4])]),
      { type: 'show-roi', roiId: 8, visible: false },
      { type: 'cursor', cursor: [3, 2, 3] },
      { type: 'activate', axis: 1 },
    );
    const early = run(start, { type: 'mask', roiId: 8, data: mask }, { type: 'go-to-roi', roiId: 8 });
    const late = run(start, { type: 'go-to-roi', roiId: 8 });
    // Until the mask is there nothing moves (the ROI is shown, so its mask is fetched).
    expect(late.cursor).toEqual([3, 2, 3]);
    expect(late.visible.has(8)).toBe(true);
    const arrived = run(late, { type: 'mask', roiId: 8, data: mask });
    expect(early.cursor).toEqual([1, 1, 0]);
    expect(arrived.cursor).toEqual(early.cursor);
    expect(arrived.active).toBe(2);
    // The click is answered once: a later arrival of the same mask (a refetch) moves nothing.
    const moved = run(arrived, { type: 'step', axis: 2, delta: 2 });
    expect(run(moved, { type: 'mask', roiId: 8, data: mask }).cursor).toEqual([1, 1, 2]);
  });

  it('moving the crosshair before a late mask arrives cancels the pending go to', () => {
    const mask = new Uint8Array(SIZE[0] * SIZE[1] * SIZE[2]);
    mask[0] = 1;
    const waiting = run(loaded([roi(8, 'GTV', 'A', [0, 0])]), { type: 'go-to-roi', roiId: 8 });
    for (const move of [
      { type: 'step', axis: 2, delta: 1 },
      { type: 'cursor', cursor: [1, 1, 4] },
      { type: 'go-to', cursor: [1, 1, 4], axis: 0 },
    ] satisfies ViewerAction[]) {
      const moved = run(waiting, move);
      expect(run(moved, { type: 'mask', roiId: 8, data: mask }).cursor).toEqual(moved.cursor);
    }
  });
});

describe('viewer state: tools and editing', () => {
  it('brush radius keys step by 0.5 mm within 0.5–50', () => {
    expect(steppedBrush(3, 1)).toBe(3.5);
    expect(steppedBrush(0.5, -1)).toBe(0.5);
    expect(steppedBrush(49.8, 1)).toBe(50);
    expect(steppedBrush(2.3, -1)).toBe(2); // back onto the half-millimetre grid
  });

  it('an edit starts with the brush, keeps dirty once set, and ends back on the crosshair', () => {
    const stats = { voxels: 0, volumeMl: 0, mean: null, sd: null };
    let s = run(loaded(), {
      type: 'edit-begin',
      edit: {
        roiId: null,
        name: 'ROI 1',
        color: [1, 0, 0],
        dirty: false,
        canUndo: false,
        canRedo: false,
        stats,
      },
    });
    expect(s.tool).toBe('paint');
    s = run(s, { type: 'edit-progress', dirty: true, stats: { ...stats, voxels: 5 }, canUndo: true });
    s = run(s, {
      type: 'edit-progress',
      dirty: false,
      stats: { ...stats, voxels: 0 },
      canUndo: false,
      canRedo: true,
    });
    expect(s.edit).toMatchObject({ dirty: true, canUndo: false, canRedo: true, stats: { voxels: 0 } });
    s = run(s, { type: 'edit-name', name: 'GTV' }, { type: 'edit-end' });
    expect(s.edit).toBeNull();
    expect(s.tool).toBe('crosshair');
    // Without an edit, edit updates change nothing.
    expect(run(s, { type: 'edit-name', name: 'x' })).toBe(s);
  });

  it('cine fps stays within 1–60; space toggles playing', () => {
    let s = run(loaded(), { type: 'cine', fps: 500 }, { type: 'cine', playing: 'toggle' });
    expect(s.cine).toEqual({ playing: true, fps: 60 });
    s = run(s, { type: 'cine', fps: Number('') }, { type: 'cine', playing: 'toggle' });
    expect(s.cine).toEqual({ playing: false, fps: 1 });
  });

  it('the smallest island kept is at least one voxel', () => {
    expect(run(loaded(), { type: 'island-min', voxels: 0 }).islandMin).toBe(1);
    expect(run(loaded(), { type: 'island-min', voxels: 35 }).islandMin).toBe(35);
  });
});

describe('viewer state: ROIs and reader agreement', () => {
  it('a saved ROI keeps its mask and is shown', () => {
    const data = new Uint8Array(3);
    const s = run(
      loaded(),
      { type: 'show-roi', roiId: 9, visible: false },
      { type: 'roi-saved', roiId: 9, data },
    );
    expect(s.masks.get(9)).toBe(data);
    expect(s.visible.has(9)).toBe(true);
  });

  it('the pair follows the ROIs until the user picks one; deleting an ROI drops it from the pair at once', () => {
    let s = loaded([roi(1, 'GTV', 'A'), roi(2, 'GTV', 'B'), roi(3, 'gtv', 'C')]);
    expect(s.compare).toEqual({ a: 2, b: 3, auto: true });
    s = run(s, { type: 'roi-deleted', roiId: 3 });
    expect(s.detail?.rois.map((r) => r.roiId)).toEqual([1, 2]);
    expect(s.compare).toEqual({ a: 1, b: 2, auto: true });
    s = run(s, { type: 'compare', side: 'b', roiId: 1 });
    expect(s.compare).toEqual({ a: 1, b: 1, auto: false });
    s = run(s, {
      type: 'detail',
      detail: detail([roi(1, 'GTV', 'A'), roi(2, 'GTV', 'B'), roi(4, 'GTV', 'D')]),
    });
    expect(s.compare).toEqual({ a: 1, b: 1, auto: false });
  });

  it('default pair: the latest two of one name by different readers, else the first two', () => {
    expect(defaultReaderPair([roi(1, 'A', 'x')])).toBeNull();
    expect(defaultReaderPair([roi(1, 'A', 'x'), roi(2, 'B', 'x'), roi(3, 'C', 'y')])).toEqual({ a: 1, b: 2 });
    expect(defaultReaderPair([roi(1, 'T', 'x'), roi(2, 'T', 'x'), roi(3, 't', 'y')])).toEqual({ a: 2, b: 3 });
  });
});
