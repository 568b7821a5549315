/** Model versions: the full fit document plus the fields needed to list, reproduce and apply a model. */
import { nowIso, parseJsonColumn, type Store } from './db';

export interface ModelVersionInput {
  name?: string;
  featureSetId?: number | null;
  softwareVersion: string;
  /** The fit document (DESIGN §6). Stored whole; `model_id` is set to the new id. */
  document: Record<string, unknown>;
  settings?: unknown;
  seeds?: unknown;
  split?: unknown;
  foldIds?: unknown;
  selected?: unknown;
  coefficients?: unknown;
  metrics?: unknown;
}

export interface ModelVersionSummary {
  id: number;
  name: string;
  featureSetId: number | null;
  softwareVersion: string;
  selected: unknown;
  metrics: unknown;
  createdAt: string;
}

export interface ModelVersionRecord extends ModelVersionSummary {
  settings: unknown;
  seeds: unknown;
  split: unknown;
  foldIds: unknown;
  coefficients: unknown;
  document: Record<string, unknown>;
}

interface ModelRow {
  id: number;
  name: string;
  feature_set_id: number | null;
  software_version: string;
  settings_json: string;
  seeds_json: string;
  split_json: string;
  fold_ids_json: string;
  selected_json: string;
  coefficients_json: string;
  metrics_json: string;
  document_json: string;
  created_at: string;
}

const j = (v: unknown, fallback: unknown) => JSON.stringify(v === undefined ? fallback : v);

/** Stores a model version and returns its id; the stored document's `model_id` is that id. */
export function insertModelVersion(store: Store, m: ModelVersionInput): number {
  return store.transaction(() => {
    const info = store
      .stmt(
        `INSERT INTO model_versions (name, feature_set_id, software_version, settings_json, seeds_json, split_json, fold_ids_json,
           selected_json, coefficients_json, metrics_json, document_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.name ?? '',
        m.featureSetId ?? null,
        m.softwareVersion,
        j(m.settings, {}),
        j(m.seeds, {}),
        j(m.split, null),
        j(m.foldIds, null),
        j(m.selected, []),
        j(m.coefficients, {}),
        j(m.metrics, {}),
        '{}',
        nowIso(),
      );
    const id = Number(info.lastInsertRowid);
    store
      .stmt('UPDATE model_versions SET document_json = ? WHERE id = ?')
      .run(JSON.stringify({ ...m.document, model_id: id }), id);
    return id;
  });
}

export function listModelVersions(store: Store): ModelVersionSummary[] {
  const rows = store
    .stmt(
      'SELECT id, name, feature_set_id, software_version, selected_json, metrics_json, created_at FROM model_versions ORDER BY id',
    )
    .all() as ModelRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    featureSetId: r.feature_set_id,
    softwareVersion: r.software_version,
    selected: parseJsonColumn<unknown>(r.selected_json, 'model_versions.selected_json'),
    metrics: parseJsonColumn<unknown>(r.metrics_json, 'model_versions.metrics_json'),
    createdAt: r.created_at,
  }));
}

export function getModelVersion(store: Store, id: number): ModelVersionRecord | undefined {
  const r = store.stmt('SELECT * FROM model_versions WHERE id = ?').get(id) as ModelRow | undefined;
  if (!r) return undefined;
  const p = <T>(text: string, col: string) => parseJsonColumn<T>(text, `model_versions.${col}`);
  return {
    id: r.id,
    name: r.name,
    featureSetId: r.feature_set_id,
    softwareVersion: r.software_version,
    selected: p(r.selected_json, 'selected_json'),
    metrics: p(r.metrics_json, 'metrics_json'),
    createdAt: r.created_at,
    settings: p(r.settings_json, 'settings_json'),
    seeds: p(r.seeds_json, 'seeds_json'),
    split: p(r.split_json, 'split_json'),
    foldIds: p(r.fold_ids_json, 'fold_ids_json'),
    coefficients: p(r.coefficients_json, 'coefficients_json'),
    document: p<Record<string, unknown>>(r.document_json, 'document_json'),
  };
}
