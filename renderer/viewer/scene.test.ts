import { describe, expect, it } from 'vitest';
import { formatLengthMm, rulerLengthMm } from '../../shared/measure/ruler';
import { noInteraction } from './interaction';
import { paneScene, roiOverlays, type SceneState } from './scene';
import type { Ruler } from './rulers';
import { initialViewerState, type Volume } from './viewerState';

const volume: Volume = {
  meta: {
    seriesUid: 's',
    size: [8, 6, 4],
    spacing: [0.5, 0.5, 3],
    origin: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    min: 0,
    max: 1,
  },
  data: new Float32Array(8 * 6 * 4),
};

const ruler = (id: number, axis: 0 | 1 | 2, slice: number): Ruler => ({
  id,
  name: `R${id}`,
  seriesUid: 's',
  patientId: 'P',
  seriesText: 'T2',
  axis,
  planeName: 'Axial',
  slice,
  a: [1, 1, slice],
  b: [5, 4, slice],
  lengthMm: 2.5,
});

function scene(more: Partial<SceneState> = {}): SceneState {
  return { ...initialViewerState(''), volume, cursor: [4, 3, 2], overlays: [], rulers: [], ...more };
}

const pane = { width: 400, height: 300 };

describe('what a view draws', () => {
  it('nothing before the series is loaded', () => {
    expect(paneScene({ ...scene(), volume: null }, noInteraction(), 2, pane)).toBeNull();
  });

  it('the rulers of its own slice, handles with the ruler tool, and a ruler being drawn measured live', () => {
    const rulers = [ruler(1, 2, 2), ruler(2, 2, 3), ruler(3, 0, 4)];
    const live = noInteraction();
    live.rulerDraft = { axis: 2, slice: 2, a: [0, 0, 2], b: [6, 0, 2], moving: 'b', editing: null };
    const view = paneScene(scene({ rulers, tool: 'ruler' }), live, 2, pane);
    expect(view?.rulers?.map((r) => [r.label, r.handles, r.active])).toEqual([
      ['2.5 mm', true, false],
      [formatLengthMm(rulerLengthMm(volume.meta, [0, 0, 2], [6, 0, 2])), true, true],
    ]);
    expect(view?.plane.slice).toBe(2);
    expect(view?.viewport).toEqual({ width: 400, height: 300, zoom: 1, pan: [0, 0] });
  });

  it('a stored ruler whose end is being dragged is drawn once, as the draft', () => {
    const live = noInteraction();
    live.rulerDraft = { axis: 2, slice: 2, a: [1, 1, 2], b: [7, 4, 2], moving: 'b', editing: 1 };
    const view = paneScene(scene({ rulers: [ruler(1, 2, 2)] }), live, 2, pane);
    expect(view?.rulers).toHaveLength(1);
    expect(view?.rulers?.[0].active).toBe(true);
  });

  it('the brush outline only on the hovered view of an ROI being painted', () => {
    const stats = { voxels: 0, volumeMl: 0, mean: null, sd: null };
    const edit = {
      roiId: null,
      name: 'x',
      color: [1, 0, 0] as [number, number, number],
      dirty: false,
      canUndo: false,
      canRedo: false,
      stats,
    };
    const hover = { axis: 2 as const, x: 10, y: 20, index: [1, 1, 2] as [number, number, number] };
    const s = scene({ edit, hover, tool: 'paint', brushMm: 4 });
    expect(paneScene(s, noInteraction(), 2, pane)?.brush).toEqual({
      x: 10,
      y: 20,
      radiusMm: 4,
      erase: false,
    });
    expect(paneScene(s, noInteraction(), 1, pane)?.brush).toBeNull();
    expect(paneScene({ ...s, tool: 'polygon' }, noInteraction(), 2, pane)?.brush).toBeNull();
    expect(paneScene({ ...s, edit: null }, noInteraction(), 2, pane)?.brush).toBeNull();
  });

  it('stored ROIs: visible ones with a mask, not the one being edited, coloured by list position', () => {
    const masks = new Map([
      [1, new Uint8Array(1)],
      [2, new Uint8Array(1)],
      [3, new Uint8Array(1)],
    ]);
    const rois = [1, 2, 3, 4].map((roiId) => ({
      roiId,
      seriesUid: 's',
      name: `R${roiId}`,
      source: 'drawn' as const,
      author: '',
      voxels: 1,
      sliceRange: null,
    }));
    const detail = { rois } as unknown as Parameters<typeof roiOverlays>[0];
    const list = roiOverlays(detail, masks, new Set([1, 2, 4]), 2, 'outline', 0.4);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ data: masks.get(1), mode: 'outline', opacity: 0.4, revision: 0 });
  });
});
