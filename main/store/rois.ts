/** ROIs: masks on a series' grid, stored compressed (see mask-codec). Every change is audited. */
import { createHash } from 'node:crypto';
import type { ImageGeometry, MaskVolume } from '../../shared/image/volume';
import { sameGrid } from '../../shared/image/volume';
import { appendAudit } from './audit';
import { nowIso, parseJsonColumn, type Store } from './db';
import { getSeries } from './imaging';
import { decodeMask, encodeMask, type BoundingBox, type EncodedMask } from './mask-codec';

export type RoiSource = 'drawn' | 'RTSTRUCT' | 'SEG';

export interface RoiRecord {
  id: number;
  seriesId: number;
  seriesUid: string;
  patientId: string;
  name: string;
  source: RoiSource;
  author: string;
  sourceFile: string | null;
  sourceSopUid: string | null;
  voxelCount: number;
  bbox: BoundingBox | null;
  createdAt: string;
  updatedAt: string;
}

interface RoiRow {
  id: number;
  series_id: number;
  series_uid: string;
  patient_id: string;
  name: string;
  source: RoiSource;
  author: string;
  source_file: string | null;
  source_sop_uid: string | null;
  voxel_count: number;
  bbox_json: string;
  created_at: string;
  updated_at: string;
}

const ROI_SELECT = `SELECT r.id, r.series_id, se.series_uid, p.patient_id, r.name, r.source, r.author, r.source_file,
  r.source_sop_uid, r.voxel_count, r.bbox_json, r.created_at, r.updated_at
  FROM rois r JOIN series se ON r.series_id = se.id JOIN studies st ON se.study_id = st.id JOIN patients p ON st.patient_id = p.id`;

function toRoi(r: RoiRow): RoiRecord {
  return {
    id: r.id,
    seriesId: r.series_id,
    seriesUid: r.series_uid,
    patientId: r.patient_id,
    name: r.name,
    source: r.source,
    author: r.author,
    sourceFile: r.source_file,
    sourceSopUid: r.source_sop_uid,
    voxelCount: r.voxel_count,
    bbox: parseJsonColumn<BoundingBox | null>(r.bbox_json, 'rois.bbox_json'),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the audit log keeps of a ROI (not the voxels themselves). */
function auditView(
  r: Pick<RoiRecord, 'name' | 'source' | 'author' | 'voxelCount' | 'bbox'> & { seriesUid: string },
) {
  return {
    name: r.name,
    source: r.source,
    author: r.author,
    series_uid: r.seriesUid,
    voxels: r.voxelCount,
    bbox: r.bbox,
  };
}

export interface RoiInput {
  seriesId: number;
  name: string;
  source: RoiSource;
  author?: string;
  sourceFile?: string | null;
  sourceSopUid?: string | null;
  mask: MaskVolume;
  actor?: string;
}

function checkGrid(store: Store, seriesId: number, mask: MaskVolume) {
  const series = getSeries(store, seriesId);
  if (!series) throw new Error(`no series with row id ${seriesId}`);
  if (!sameGrid(series.geometry, mask)) {
    throw new Error(
      `ROI mask grid (${mask.size.join('×')}) does not match series ${series.seriesUid} (${series.geometry.size.join('×')})`,
    );
  }
  return series;
}

/**
 * What a ROI's mask is, as a content hash: sha-256 of the series row, the encoding, the bounding box and the
 * stored bytes. Feature rows keep the hash of the mask they were computed from (migration 5), so a result
 * computed from a mask that changed (or from a deleted ROI whose row id was reused) is never taken as current.
 */
export function maskHash(seriesId: number, enc: Pick<EncodedMask, 'encoding' | 'bytes' | 'bbox'>): string {
  return createHash('sha256')
    .update(`${seriesId}\n${enc.encoding}\n${JSON.stringify(enc.bbox)}\n`)
    .update(enc.bytes)
    .digest('hex');
}

/** Stores a new ROI; returns its id. */
export function insertRoi(store: Store, roi: RoiInput): number {
  const name = roi.name.trim();
  if (!name) throw new Error('ROI name is empty');
  return store.transaction(() => {
    const series = checkGrid(store, roi.seriesId, roi.mask);
    const enc = encodeMask(roi.mask);
    const now = nowIso();
    const info = store
      .stmt(
        `INSERT INTO rois (series_id, name, source, author, source_file, source_sop_uid, mask_encoding, mask, voxel_count, bbox_json, mask_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        roi.seriesId,
        name,
        roi.source,
        roi.author ?? '',
        roi.sourceFile ?? null,
        roi.sourceSopUid ?? null,
        enc.encoding,
        enc.bytes,
        enc.voxelCount,
        JSON.stringify(enc.bbox),
        maskHash(roi.seriesId, enc),
        now,
        now,
      );
    const id = Number(info.lastInsertRowid);
    appendAudit(store, {
      entity: 'roi',
      entityId: id,
      action: 'create',
      old: null,
      new: auditView({
        name,
        source: roi.source,
        author: roi.author ?? '',
        voxelCount: enc.voxelCount,
        bbox: enc.bbox,
        seriesUid: series.seriesUid,
      }),
      actor: roi.actor,
    });
    return id;
  });
}

/** True when an imported ROI (file SOP UID + name) is already stored on the series. */
export function hasImportedRoi(store: Store, seriesId: number, sourceSopUid: string, name: string): boolean {
  return !!store
    .stmt('SELECT 1 FROM rois WHERE series_id = ? AND source_sop_uid = ? AND name = ?')
    .get(seriesId, sourceSopUid, name.trim());
}

/**
 * Replaces the mask of a ROI (a drawn edit); feature values computed from the old mask are dropped, and the
 * new mask hash makes an extraction that read the old mask discard its result (saveFeatureValuesIfCurrent).
 */
export function updateRoiMask(store: Store, roiId: number, mask: MaskVolume, actor?: string): void {
  store.transaction(() => {
    const old = getRoi(store, roiId);
    if (!old) throw new Error(`no ROI with id ${roiId}`);
    checkGrid(store, old.seriesId, mask);
    const enc = encodeMask(mask);
    store
      .stmt(
        'UPDATE rois SET mask_encoding = ?, mask = ?, voxel_count = ?, bbox_json = ?, mask_hash = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        enc.encoding,
        enc.bytes,
        enc.voxelCount,
        JSON.stringify(enc.bbox),
        maskHash(old.seriesId, enc),
        nowIso(),
        roiId,
      );
    store.stmt('DELETE FROM feature_values WHERE roi_id = ?').run(roiId);
    store.stmt('DELETE FROM extraction_failures WHERE roi_id = ?').run(roiId);
    appendAudit(store, {
      entity: 'roi',
      entityId: roiId,
      action: 'update-mask',
      old: auditView(old),
      new: auditView({ ...old, voxelCount: enc.voxelCount, bbox: enc.bbox }),
      actor,
    });
  });
}

export function renameRoi(store: Store, roiId: number, name: string, actor?: string): void {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('ROI name is empty');
  store.transaction(() => {
    const old = getRoi(store, roiId);
    if (!old) throw new Error(`no ROI with id ${roiId}`);
    store.stmt('UPDATE rois SET name = ?, updated_at = ? WHERE id = ?').run(trimmed, nowIso(), roiId);
    appendAudit(store, {
      entity: 'roi',
      entityId: roiId,
      action: 'rename',
      old: auditView(old),
      new: auditView({ ...old, name: trimmed }),
      actor,
    });
  });
}

export function deleteRoi(store: Store, roiId: number, actor?: string): void {
  store.transaction(() => {
    const old = getRoi(store, roiId);
    if (!old) throw new Error(`no ROI with id ${roiId}`);
    store.stmt('DELETE FROM rois WHERE id = ?').run(roiId);
    appendAudit(store, {
      entity: 'roi',
      entityId: roiId,
      action: 'delete',
      old: auditView(old),
      new: null,
      actor,
    });
  });
}

export function getRoi(store: Store, roiId: number): RoiRecord | undefined {
  const r = store.stmt(`${ROI_SELECT} WHERE r.id = ?`).get(roiId) as RoiRow | undefined;
  return r && toRoi(r);
}

/** ROIs, optionally of one series or one patient, optionally with one name. */
export function listRois(
  store: Store,
  filter: { seriesId?: number; patientId?: string; name?: string } = {},
): RoiRecord[] {
  const rows = store
    .stmt(
      `${ROI_SELECT} WHERE (@series IS NULL OR r.series_id = @series) AND (@pid IS NULL OR p.patient_id = @pid) AND (@name IS NULL OR r.name = @name)
       ORDER BY p.patient_id, se.id, r.id`,
    )
    .all({
      series: filter.seriesId ?? null,
      pid: filter.patientId ?? null,
      name: filter.name ?? null,
    }) as RoiRow[];
  return rows.map(toRoi);
}

/** The distinct ROI names in the database, sorted. */
export function roiNames(store: Store): string[] {
  return (store.stmt('SELECT DISTINCT name FROM rois ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/** Number of ROIs, all or those named `roiName`. */
export function countRois(store: Store, roiName?: string): number {
  return (
    store
      .stmt('SELECT COUNT(*) AS n FROM rois WHERE (@name IS NULL OR name = @name)')
      .get({ name: roiName ?? null }) as {
      n: number;
    }
  ).n;
}

/** The mask of a ROI on its series' grid. */
export function getRoiMask(store: Store, roiId: number): MaskVolume {
  const r = store
    .stmt('SELECT series_id, mask_encoding, mask, bbox_json FROM rois WHERE id = ?')
    .get(roiId) as { series_id: number; mask_encoding: string; mask: Buffer; bbox_json: string } | undefined;
  if (!r) throw new Error(`no ROI with id ${roiId}`);
  const series = getSeries(store, r.series_id);
  if (!series) throw new Error(`ROI ${roiId} refers to a missing series`);
  return decodeMask(
    r.mask,
    r.mask_encoding,
    parseJsonColumn<BoundingBox | null>(r.bbox_json, 'rois.bbox_json'),
    series.geometry,
  );
}

/**
 * A ROI's stored (compressed) mask and its series grid, for decoding elsewhere (e.g. in a worker), with the
 * mask's hash as read in the same statement (what a result computed from these bytes is saved against).
 */
export function getEncodedRoiMask(
  store: Store,
  roiId: number,
): { bytes: Uint8Array; encoding: string; bbox: BoundingBox | null; grid: ImageGeometry; maskHash: string } {
  const r = store
    .stmt('SELECT series_id, mask_encoding, mask, bbox_json, mask_hash FROM rois WHERE id = ?')
    .get(roiId) as
    | { series_id: number; mask_encoding: string; mask: Buffer; bbox_json: string; mask_hash: string }
    | undefined;
  if (!r) throw new Error(`no ROI with id ${roiId}`);
  const series = getSeries(store, r.series_id);
  if (!series) throw new Error(`ROI ${roiId} refers to a missing series`);
  return {
    bytes: new Uint8Array(r.mask),
    encoding: r.mask_encoding,
    bbox: parseJsonColumn<BoundingBox | null>(r.bbox_json, 'rois.bbox_json'),
    grid: series.geometry,
    maskHash: r.mask_hash,
  };
}

/** The hash of a ROI's mask now; undefined when the ROI is gone. */
export function currentMaskHash(store: Store, roiId: number): string | undefined {
  const r = store.stmt('SELECT mask_hash FROM rois WHERE id = ?').get(roiId) as
    { mask_hash: string } | undefined;
  return r?.mask_hash;
}
