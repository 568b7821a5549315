/** ROI editing for the UI (drawn contours): create or replace, rename, delete; every change is audited. */
import type { MaskVolume } from '../../shared/image/volume';
import {
  deleteRoi,
  getRoi,
  getSeriesByUid,
  insertRoi,
  renameRoi,
  updateRoiMask,
  type RoiRecord,
  type Store,
} from '../store/index';
import type { ServiceOptions } from './options';

export interface SaveDrawnRoiInput {
  seriesUid: string;
  /** Replace this ROI's mask; omitted = create a new drawn ROI. */
  roiId?: number;
  name: string;
  author?: string;
  /** On the series grid (same size, spacing, origin, direction). */
  mask: MaskVolume;
}

export function saveDrawnRoi(store: Store, input: SaveDrawnRoiInput, opts: ServiceOptions = {}): RoiRecord {
  const series = getSeriesByUid(store, input.seriesUid);
  if (!series) throw new Error(`series "${input.seriesUid}" not found`);
  if (input.roiId === undefined) {
    const id = insertRoi(store, {
      seriesId: series.id,
      name: input.name,
      source: 'drawn',
      author: input.author ?? opts.actor ?? '',
      mask: input.mask,
      actor: opts.actor,
    });
    return getRoi(store, id)!;
  }
  const roi = getRoi(store, input.roiId);
  if (!roi || roi.seriesId !== series.id)
    throw new Error(`ROI ${input.roiId} not found on series "${input.seriesUid}"`);
  store.transaction(() => {
    updateRoiMask(store, roi.id, input.mask, opts.actor);
    if (input.name.trim() !== roi.name) renameRoi(store, roi.id, input.name, opts.actor);
  });
  return getRoi(store, roi.id)!;
}

export function renameRoiById(
  store: Store,
  input: { roiId: number; name: string },
  opts: ServiceOptions = {},
): RoiRecord {
  if (!getRoi(store, input.roiId)) throw new Error(`ROI ${input.roiId} not found`);
  renameRoi(store, input.roiId, input.name, opts.actor);
  return getRoi(store, input.roiId)!;
}

export function deleteRoiById(store: Store, input: { roiId: number }, opts: ServiceOptions = {}): void {
  if (!getRoi(store, input.roiId)) throw new Error(`ROI ${input.roiId} not found`);
  deleteRoi(store, input.roiId, opts.actor);
}
