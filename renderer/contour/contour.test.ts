import { describe, expect, it } from 'vitest';
import { stampDisk, strokeSegment, type SliceGrid, type StrokeRecord } from './brush';
import { EditHistory, patchFromStroke } from './history';

const grid: SliceGrid = { size: [20, 10, 3], spacing: [1, 2, 3] };
const count = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);

describe('brush', () => {
  it('paints the voxels whose centres lie within the radius in mm, on one slice only', () => {
    const mask = new Uint8Array(600);
    const record: StrokeRecord = new Map();
    stampDisk(mask, grid, 1, [10, 5], 2, 1, record);
    // Within 2 mm: i = 8..12 on row j = 5 (dy = 0), and i = 10 on rows 4 and 6 (dy = 2 mm).
    const painted: string[] = [];
    for (let n = 0; n < mask.length; n++) if (mask[n]) painted.push(`${n % 20},${Math.floor(n / 20) % 10},${Math.floor(n / 200)}`);
    expect(painted.sort()).toEqual(['10,4,1', '10,5,1', '10,6,1', '11,5,1', '12,5,1', '8,5,1', '9,5,1'].sort());
    expect(record.size).toBe(7);
  });

  it('paints the voxel under the cursor even with a tiny radius, and clips at the edges', () => {
    const mask = new Uint8Array(600);
    stampDisk(mask, grid, 0, [0.2, 0.1], 0.1, 1, new Map());
    expect(count(mask)).toBe(1);
    stampDisk(mask, grid, 2, [-0.4, 9.4], 3, 1, new Map());
    expect(count(mask)).toBeGreaterThan(1);
    stampDisk(mask, grid, 5, [5, 5], 3, 1, new Map()); // no such slice
  });

  it('leaves no gaps along a fast stroke', () => {
    const mask = new Uint8Array(600);
    strokeSegment(mask, grid, 0, [1, 5], [18, 5], 0.5, 1, new Map());
    for (let i = 1; i <= 18; i++) expect(mask[i + 20 * 5]).toBe(1);
  });
});

describe('undo / redo', () => {
  it('restores the mask exactly stroke by stroke', () => {
    const mask = new Uint8Array(600);
    mask[5] = 1;
    const start = mask.slice();
    const history = new EditHistory();
    const r1: StrokeRecord = new Map();
    strokeSegment(mask, grid, 0, [2, 0], [8, 0], 1, 1, r1);
    history.push(patchFromStroke(r1, 1)!);
    const afterPaint = mask.slice();
    const r2: StrokeRecord = new Map();
    stampDisk(mask, grid, 0, [5, 0], 1.5, 0, r2);
    history.push(patchFromStroke(r2, 0)!);
    const afterErase = mask.slice();
    expect(mask[5]).toBe(0);

    expect(history.undo(mask)).toBe(true);
    expect(mask).toEqual(afterPaint);
    expect(history.undo(mask)).toBe(true);
    expect(mask).toEqual(start);
    expect(history.undo(mask)).toBe(false);
    expect(history.redo(mask)).toBe(true);
    expect(history.redo(mask)).toBe(true);
    expect(mask).toEqual(afterErase);
    expect(history.canRedo).toBe(false);
  });

  it('drops the redo list when a new stroke is made, and ignores empty strokes', () => {
    const mask = new Uint8Array(600);
    const history = new EditHistory();
    const r: StrokeRecord = new Map();
    stampDisk(mask, grid, 0, [3, 3], 1, 1, r);
    history.push(patchFromStroke(r, 1)!);
    history.undo(mask);
    expect(history.canRedo).toBe(true);
    const again: StrokeRecord = new Map();
    stampDisk(mask, grid, 0, [9, 3], 1, 1, again);
    history.push(patchFromStroke(again, 1)!);
    expect(history.canRedo).toBe(false);
    expect(patchFromStroke(new Map(), 1)).toBeNull();
  });
});
