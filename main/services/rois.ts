/**
 * ROIs: editing drawn contours (create or replace, rename, delete; every change is audited), and the API's
 * ROI channels (roi.list, roi.mask, roi.save, roi.delete, roi.export).
 */
import { decodeRuns, type ChannelArgs, type ChannelOutput, type RoiSummary } from '../../shared/api';
import type { MaskVolume } from '../../shared/image/volume';
import {
  deleteRoi,
  getRoi,
  getRoiMask,
  getSeriesByUid,
  insertRoi,
  listRois,
  renameRoi,
  updateRoiMask,
  type RoiRecord,
  type Store,
} from '../store/index';
import { ApiError, found, type ChannelImplementations } from './channel';
import { createDeidentifier, roiExportDeidentification } from './deidentify';
import type { ImagingServices } from './imaging';
import type { ServiceOptions } from './options';
import { exportRoi } from './roiExport';
import { errorMessage } from '../../shared/errorMessage';

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

// ---------------------------------------------------------------------------------------------------------
// The API binding: roi.list, roi.mask, roi.save, roi.delete, roi.export.

export function roiSummary(r: RoiRecord): RoiSummary {
  return {
    roiId: r.id,
    seriesUid: r.seriesUid,
    name: r.name,
    source: r.source,
    author: r.author,
    voxels: r.voxelCount,
    // BoundingBox is [i0, j0, k0, i1, j1, k1].
    sliceRange: r.bbox ? [r.bbox[2], r.bbox[5]] : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** What the ROI channels need (bound to a store by roiServices; faked in tests). */
export interface RoiServices {
  listRois(seriesUid: string): RoiSummary[] | null;
  loadRoiMask(roiId: number): Promise<{ roi: RoiSummary; mask: MaskVolume } | null>;
  /** Stores a drawn ROI (new when roiId is null); null when the series (or the ROI on it) does not exist. */
  saveRoi(args: {
    seriesUid: string;
    roiId: number | null;
    name: string;
    author: string;
    mask: MaskVolume;
  }): RoiSummary | null;
  /** False when there is no such ROI. */
  deleteRoi(roiId: number, author?: string): boolean;
  /** Writes a ROI as DICOM SEG / RTSTRUCT (roiExport.ts); null when there is no such ROI; absent in test fakes. */
  exportRoi?(args: ChannelArgs<'roi.export'>): Promise<ChannelOutput<'roi.export'> | null>;
}

export function roiServices(store: Store): RoiServices {
  return {
    listRois(seriesUid) {
      const s = getSeriesByUid(store, seriesUid);
      return s ? listRois(store, { seriesId: s.id }).map(roiSummary) : null;
    },
    async loadRoiMask(roiId) {
      const roi = getRoi(store, roiId);
      if (!roi) return null;
      return { roi: roiSummary(roi), mask: getRoiMask(store, roiId) };
    },
    saveRoi({ seriesUid, roiId, name, author, mask }) {
      const series = getSeriesByUid(store, seriesUid);
      if (!series) return null;
      if (roiId !== null && getRoi(store, roiId)?.seriesId !== series.id) return null;
      // The saving reader is the audit actor of the change.
      const roi = saveDrawnRoi(
        store,
        { seriesUid, roiId: roiId ?? undefined, name, author, mask },
        { actor: author || undefined },
      );
      return roiSummary(roi);
    },
    deleteRoi(roiId, author) {
      if (!getRoi(store, roiId)) return false;
      deleteRoiById(store, { roiId }, { actor: author || undefined });
      return true;
    },
    async exportRoi({ roiId, format, out, deidentify, overwrite }) {
      if (!getRoi(store, roiId)) return null;
      const deid = deidentify ? createDeidentifier(store) : undefined;
      const r = await exportRoi(store, roiId, {
        format,
        out,
        force: overwrite,
        replaceHint: 'confirm to replace it',
        deidentify: deid && roiExportDeidentification(deid),
      });
      return {
        out: r.out,
        format: r.format,
        roiId: r.roi_id,
        roi: r.roi,
        seriesUid: r.series_uid,
        voxels: r.voxels,
        sopInstanceUid: r.sop_instance_uid,
        deidentified: r.deidentified,
      };
    },
  };
}

export function roiChannels(
  s: RoiServices & Pick<ImagingServices, 'getSeries'>,
): ChannelImplementations<'roi.list' | 'roi.mask' | 'roi.save' | 'roi.delete' | 'roi.export'> {
  return {
    'roi.list': (a) => found(s.listRois(a.seriesUid), `series "${a.seriesUid}"`),
    'roi.mask': async (a) => {
      const { roi, mask } = found(await s.loadRoiMask(a.roiId), `ROI ${a.roiId}`);
      const { size, spacing, origin, direction } = mask;
      return {
        meta: { roiId: roi.roiId, name: roi.name, voxels: roi.voxels, size, spacing, origin, direction },
        data: mask.data,
      };
    },
    'roi.save': (a) => {
      const series = found(s.getSeries(a.seriesUid), `series "${a.seriesUid}"`);
      const { size, spacing, origin, direction } = series.geometry;
      let data: Uint8Array;
      try {
        data = decodeRuns(a.mask, size[0] * size[1] * size[2]);
      } catch (err) {
        throw new ApiError('bad-input', `roi.save: ${errorMessage(err)}`);
      }
      const mask: MaskVolume = { size, spacing, origin, direction, data };
      const what = a.roiId === null ? `series "${a.seriesUid}"` : `ROI ${a.roiId} on series "${a.seriesUid}"`;
      return found(
        s.saveRoi({ seriesUid: a.seriesUid, roiId: a.roiId, name: a.name, author: a.author, mask }),
        what,
      );
    },
    'roi.delete': (a) => {
      if (!s.deleteRoi(a.roiId, a.author)) throw new ApiError('not-found', `ROI ${a.roiId} not found`);
      return { roiId: a.roiId };
    },
    'roi.export': async (a) => {
      if (!s.exportRoi) throw new ApiError('failed', 'ROI export is not available in this host');
      let result;
      try {
        result = await s.exportRoi(a);
      } catch (err) {
        throw new ApiError('bad-input', `roi.export: ${errorMessage(err)}`);
      }
      return found(result, `ROI ${a.roiId}`);
    },
  };
}
