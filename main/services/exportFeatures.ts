/** Wide feature CSV: `patient_id,series_uid,roi`, then one column per feature name; one row per ROI. */
import { featureTable, latestFeatureSet, type Store } from '../store/index';

export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest round-trip text of a value; NaN/±Infinity (undefined features) are left empty. */
export function numberCell(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

export interface FeatureCsv {
  feature_set_id: number;
  rows: number;
  features: number;
  csv: string;
}

/** The CSV of a feature set (default: the newest one with values). */
export function featureSetCsv(store: Store, input: { featureSetId?: number } = {}): FeatureCsv {
  const id = input.featureSetId ?? latestFeatureSet(store)?.id;
  if (id === undefined) throw new Error('no features in the database yet (run `radscore extract` first)');
  const table = featureTable(store, id);
  const header = ['patient_id', 'series_uid', 'roi', ...table.features.map((f) => f.name)];
  const lines = [header.map(csvCell).join(',')];
  for (const r of table.rows) {
    lines.push(
      [csvCell(r.patientId), csvCell(r.seriesUid), csvCell(r.roi), ...Array.from(r.values, numberCell)].join(
        ',',
      ),
    );
  }
  return {
    feature_set_id: id,
    rows: table.rows.length,
    features: table.features.length,
    csv: `${lines.join('\n')}\n`,
  };
}
