/**
 * Extraction settings (content hash → JSON), feature sets (settings × profile) and feature values.
 * A set stores its feature catalogue once; each ROI's values are one little-endian float64 blob in that
 * order, so a 1,000-ROI × 400-feature cohort is 1,000 rows and reads in one query.
 */
import { createHash } from 'node:crypto';
import type { FeatureValue } from '../../shared/radiomics/types';
import { nowIso, parseJsonColumn, type Store } from './db';
import { currentMaskHash } from './rois';

/** A feature's catalogue entry (everything of FeatureValue except the value). */
export type FeatureMeta = Omit<FeatureValue, 'value'>;

/** JSON with object keys sorted at every level, so equal settings hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return v;
  });
}

export function settingsHash(settings: unknown): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex');
}

/** Stores settings under their hash (idempotent) and returns the hash. */
export function saveExtractionSettings(store: Store, settings: unknown): string {
  const hash = settingsHash(settings);
  store
    .stmt(
      'INSERT INTO extraction_settings (hash, json, created_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING',
    )
    .run(hash, canonicalJson(settings), nowIso());
  return hash;
}

export function getExtractionSettings(store: Store, hash: string): unknown {
  const r = store.stmt('SELECT json FROM extraction_settings WHERE hash = ?').get(hash) as
    { json: string } | undefined;
  if (!r) throw new Error(`no extraction settings with hash ${hash}`);
  return JSON.parse(r.json);
}

export interface FeatureSetRecord {
  id: number;
  settingsHash: string;
  profile: string;
  /** Feature catalogue in value order; null until the first ROI's values are saved. */
  features: FeatureMeta[] | null;
  createdAt: string;
  /** ROIs with values. */
  cases: number;
}

interface FeatureSetRow {
  id: number;
  settings_hash: string;
  profile: string;
  features_json: string | null;
  created_at: string;
  cases: number;
}

/**
 * A feature row is current when it was computed from the mask its ROI has now (same mask hash, migration 5);
 * a stale row (the mask changed after it was read) counts as not extracted anywhere.
 */
export const CURRENT_FEATURE_ROW = `EXISTS (SELECT 1 FROM rois cr WHERE cr.id = fv.roi_id AND cr.mask_hash = fv.mask_hash)`;

const SET_SELECT = `SELECT fs.*, (SELECT COUNT(*) FROM feature_values fv WHERE fv.feature_set_id = fs.id AND ${CURRENT_FEATURE_ROW}) AS cases FROM feature_sets fs`;

function toSet(r: FeatureSetRow): FeatureSetRecord {
  return {
    id: r.id,
    settingsHash: r.settings_hash,
    profile: r.profile,
    features: parseJsonColumn<FeatureMeta[] | null>(r.features_json, 'feature_sets.features_json'),
    createdAt: r.created_at,
    cases: r.cases,
  };
}

/**
 * A settings object without its free-text `description` at any level of the key ({profile, settings}):
 * documentation, not a setting. Rewording a preset's description must not make its feature sets unknown.
 */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== 'description')
      .map(([k, v]) => [k, withoutDescriptions(v)]),
  );
}

/**
 * The feature set for these settings and profile, or null when none was created yet (read-only): the one
 * with the same settings hash, else one of the same profile whose stored settings differ only in their
 * descriptions (a set extracted before a preset's description was reworded).
 */
export function findFeatureSet(store: Store, settings: unknown, profile: string): FeatureSetRecord | null {
  const row = store
    .stmt(`${SET_SELECT} WHERE fs.settings_hash = ? AND fs.profile = ?`)
    .get(settingsHash(settings), profile) as FeatureSetRow | undefined;
  if (row) return toSet(row);
  const wanted = canonicalJson(withoutDescriptions(settings));
  const same = store
    .stmt(
      `SELECT fs.id AS id, es.json AS json FROM feature_sets fs JOIN extraction_settings es ON es.hash = fs.settings_hash
       WHERE fs.profile = ? ORDER BY fs.id`,
    )
    .all(profile) as { id: number; json: string }[];
  const match = same.find((r) => canonicalJson(withoutDescriptions(JSON.parse(r.json))) === wanted);
  return match ? (getFeatureSet(store, match.id) ?? null) : null;
}

/** The feature set for these settings and profile (findFeatureSet), created when new. */
export function getOrCreateFeatureSet(store: Store, settings: unknown, profile: string): FeatureSetRecord {
  return store.transaction(() => {
    const known = findFeatureSet(store, settings, profile);
    if (known) return known;
    const hash = saveExtractionSettings(store, settings);
    store
      .stmt(
        'INSERT INTO feature_sets (settings_hash, profile, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(hash, profile, nowIso());
    return toSet(
      store
        .stmt(`${SET_SELECT} WHERE fs.settings_hash = ? AND fs.profile = ?`)
        .get(hash, profile) as FeatureSetRow,
    );
  });
}

export function getFeatureSet(store: Store, id: number): FeatureSetRecord | undefined {
  const r = store.stmt(`${SET_SELECT} WHERE fs.id = ?`).get(id) as FeatureSetRow | undefined;
  return r && toSet(r);
}

export function listFeatureSets(store: Store): FeatureSetRecord[] {
  return (store.stmt(`${SET_SELECT} ORDER BY fs.id`).all() as FeatureSetRow[]).map(toSet);
}

/** The newest feature set that has values, if any. */
export function latestFeatureSet(store: Store): FeatureSetRecord | undefined {
  return listFeatureSets(store)
    .filter((s) => s.cases > 0)
    .at(-1);
}

function encodeValues(values: number[]): Buffer {
  const f = new Float64Array(values);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

function decodeValues(blob: Buffer): Float64Array {
  // Copy: the Buffer may not be 8-byte aligned.
  const out = new Float64Array(blob.byteLength / 8);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/**
 * Saves one ROI's features (replacing earlier values for this set) as computed from its mask now — for
 * callers that hold the ROI still (tests, benchmarks); an extraction, which reads the mask first and saves
 * later, uses saveFeatureValuesIfCurrent. The first save fixes the set's catalogue; later saves must list the
 * same features in the same order.
 */
export function saveFeatureValues(
  store: Store,
  featureSetId: number,
  roiId: number,
  features: FeatureValue[],
): void {
  store.transaction(() => {
    const hash = currentMaskHash(store, roiId);
    if (hash === undefined) throw new Error(`no ROI with id ${roiId}`);
    writeFeatureValues(store, featureSetId, roiId, hash, features);
  });
}

/** What became of a result computed from a mask read earlier. */
export type SaveOutcome = 'saved' | 'roi-deleted' | 'mask-changed';

/**
 * Saves one ROI's features only if the ROI still has the mask they were computed from (`maskHash`, read with
 * the mask): checked and written in one immediate transaction, so a mask saved meanwhile (by this process or
 * another) or a deleted ROI is never given a result of the old mask. Otherwise nothing is written.
 */
export function saveFeatureValuesIfCurrent(
  store: Store,
  featureSetId: number,
  roiId: number,
  maskHash: string,
  features: FeatureValue[],
): SaveOutcome {
  return store.transaction(() => {
    const now = currentMaskHash(store, roiId);
    if (now === undefined) return 'roi-deleted';
    if (now !== maskHash) return 'mask-changed';
    writeFeatureValues(store, featureSetId, roiId, maskHash, features);
    return 'saved';
  });
}

function writeFeatureValues(
  store: Store,
  featureSetId: number,
  roiId: number,
  maskHash: string,
  features: FeatureValue[],
): void {
  const set = getFeatureSet(store, featureSetId);
  if (!set) throw new Error(`no feature set ${featureSetId}`);
  const meta: FeatureMeta[] = features.map(({ name, tag, ibsi_id, family, aggregation }) => ({
    name,
    tag,
    ibsi_id,
    family,
    aggregation,
  }));
  if (new Set(meta.map((m) => m.name)).size !== meta.length)
    throw new Error('duplicate feature names in one extraction');
  if (set.features === null) {
    store
      .stmt('UPDATE feature_sets SET features_json = ? WHERE id = ?')
      .run(JSON.stringify(meta), featureSetId);
  } else if (set.features.length !== meta.length || set.features.some((m, n) => m.name !== meta[n].name)) {
    throw new Error(
      `features of ROI ${roiId} differ from those already stored in feature set ${featureSetId}`,
    );
  }
  store
    .stmt(
      'INSERT OR REPLACE INTO feature_values (feature_set_id, roi_id, value_blob, mask_hash, computed_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(featureSetId, roiId, encodeValues(features.map((f) => f.value)), maskHash, nowIso());
  store
    .stmt('DELETE FROM extraction_failures WHERE feature_set_id = ? AND roi_id = ?')
    .run(featureSetId, roiId);
}

/**
 * Records why a ROI could not be extracted, for the mask it had when read (`maskHash`; default: its mask now),
 * in one transaction with that check, like saveFeatureValuesIfCurrent: nothing is written for a ROI deleted
 * or changed meanwhile.
 */
export function recordExtractionFailure(
  store: Store,
  featureSetId: number,
  roiId: number,
  reason: string,
  maskHash?: string,
): SaveOutcome {
  return store.transaction(() => {
    const now = currentMaskHash(store, roiId);
    if (now === undefined) return 'roi-deleted';
    if (maskHash !== undefined && now !== maskHash) return 'mask-changed';
    store
      .stmt(
        'INSERT OR REPLACE INTO extraction_failures (feature_set_id, roi_id, reason, mask_hash, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(featureSetId, roiId, reason, now, nowIso());
    return 'saved';
  });
}

/** ROI ids (optionally with one name) that have no current values in the set (none yet, or stale ones). */
export function roisWithoutFeatures(store: Store, featureSetId: number, roiName?: string): number[] {
  return (
    store
      .stmt(
        `SELECT r.id FROM rois r WHERE (@name IS NULL OR r.name = @name)
         AND NOT EXISTS (SELECT 1 FROM feature_values fv WHERE fv.feature_set_id = @set AND fv.roi_id = r.id
           AND fv.mask_hash = r.mask_hash) ORDER BY r.id`,
      )
      .all({ set: featureSetId, name: roiName ?? null }) as { id: number }[]
  ).map((r) => r.id);
}

export interface FeatureTable {
  featureSet: FeatureSetRecord;
  features: FeatureMeta[];
  rows: { roiId: number; patientId: string; seriesUid: string; roi: string; values: Float64Array }[];
}

/** Every ROI's current values in a set (stale rows left out), ordered by patient, series and ROI. */
export function featureTable(store: Store, featureSetId: number): FeatureTable {
  const set = getFeatureSet(store, featureSetId);
  if (!set) throw new Error(`no feature set ${featureSetId}`);
  const rows = store
    .stmt(
      `SELECT fv.roi_id, fv.value_blob, r.name AS roi, se.series_uid, p.patient_id
       FROM feature_values fv JOIN rois r ON fv.roi_id = r.id JOIN series se ON r.series_id = se.id
       JOIN studies st ON se.study_id = st.id JOIN patients p ON st.patient_id = p.id
       WHERE fv.feature_set_id = ? AND fv.mask_hash = r.mask_hash ORDER BY p.patient_id, se.id, r.id`,
    )
    .all(featureSetId) as {
    roi_id: number;
    value_blob: Buffer;
    roi: string;
    series_uid: string;
    patient_id: string;
  }[];
  return {
    featureSet: set,
    features: set.features ?? [],
    rows: rows.map((r) => ({
      roiId: r.roi_id,
      patientId: r.patient_id,
      seriesUid: r.series_uid,
      roi: r.roi,
      values: decodeValues(r.value_blob),
    })),
  };
}

/**
 * Drops the feature rows (and recorded failures) of every ROI on a series whose image changed (files added
 * after it was extracted): they were computed from the image as it was. Returns the rows dropped.
 */
export function dropFeaturesOfSeries(store: Store, seriesId: number): number {
  const rows = store
    .stmt('DELETE FROM feature_values WHERE roi_id IN (SELECT id FROM rois WHERE series_id = ?)')
    .run(seriesId).changes;
  store
    .stmt('DELETE FROM extraction_failures WHERE roi_id IN (SELECT id FROM rois WHERE series_id = ?)')
    .run(seriesId);
  return rows;
}
