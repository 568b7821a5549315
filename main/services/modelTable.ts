/**
 * The modelling table of a stored feature set: one row per labelled patient (a patient labelled NE, not
 * evaluable, is left out with the reason). With `roi` given only ROIs of that name are used; a patient who
 * still has several ROIs contributes the LARGEST one (ROI_RULE). The table is built in patient-id order, so
 * the same data give the same table (and fit document).
 */
import type { FeatureTable as ModelTable } from '../../shared/modeling/table';
import { labelDefinitionText, type FitOutcome } from '../../shared/response/fitOutcome';
import { binaryOutcome, type ResponseCategory } from '../../shared/response/outcome';
import {
  featureTable,
  getFeatureSet,
  getRoi,
  latestFeatureSet,
  listFeatureSets,
  responseLabels,
  type FeatureSetRecord,
  type Store,
} from '../store/index';
import { ModelInputError } from './models';

/** One modelled patient: which ROI of the feature set stands for the patient, and its label. */
export interface ModelCase {
  patient_id: string;
  roi_id: number;
  roi: string;
  series_uid: string;
  response: ResponseCategory;
  y: 0 | 1;
  /** How the label's response was defined (labelDefinitionText). */
  outcome_from: string;
}

export interface StoredTable {
  featureSet: FeatureSetRecord;
  table: ModelTable;
  cases: ModelCase[];
  /** Patients of the feature set without a response label (not modelled). */
  unlabelled: string[];
  /** Labelled patients without values in the feature set (not modelled). */
  withoutFeatures: string[];
  /** Labelled patients left out because their response is NE (not evaluable), with the reason. */
  excluded: FitOutcome['excluded'];
}

export const ROI_RULE = 'one ROI per patient: the largest (most voxels; ties: lowest ROI id)';
function resolveFeatureSet(store: Store, featureSetId: number | undefined): FeatureSetRecord {
  if (featureSetId === undefined) {
    const latest = latestFeatureSet(store);
    if (!latest)
      throw new ModelInputError('no feature set with values in the database: run `radscore extract` first');
    return latest;
  }
  const set = getFeatureSet(store, featureSetId);
  if (!set) {
    const ids = listFeatureSets(store).map((s) => s.id);
    throw new ModelInputError(
      `feature set ${featureSetId} does not exist (stored: ${ids.length ? ids.join(', ') : 'none'})`,
    );
  }
  if (set.cases === 0)
    throw new ModelInputError(
      `feature set ${featureSetId} holds no values yet: run \`radscore extract\` first`,
    );
  return set;
}

/** Among candidate ROIs of one patient, the one that represents the patient (ROI_RULE). */
export function pickRoi<T extends { roiId: number; voxels: number }>(candidates: T[]): T {
  return candidates.reduce((best, c) =>
    c.voxels > best.voxels || (c.voxels === best.voxels && c.roiId < best.roiId) ? c : best,
  );
}

/**
 * The modelling table of a stored feature set: one row per labelled patient (ROI_RULE), y from the
 * patient's response label, features in the set's catalogue order, ids = DICOM PatientID in sorted order.
 */
export function buildStoredTable(
  store: Store,
  opts: { featureSetId?: number; roi?: string; timepoint?: string } = {},
): StoredTable {
  const featureSet = resolveFeatureSet(store, opts.featureSetId);
  const ft = featureTable(store, featureSet.id);
  const labels = responseLabels(store, opts.timepoint);
  const rows = ft.rows.filter((r) => opts.roi === undefined || r.roi === opts.roi);
  if (rows.length === 0) {
    const names = [...new Set(ft.rows.map((r) => r.roi))].slice(0, 10).map((n) => `"${n}"`);
    throw new ModelInputError(
      `feature set ${featureSet.id} has no ROI named "${opts.roi}" (ROI names in it: ${names.join(', ')})`,
    );
  }
  const byPatient = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const voxelsOf = (roiId: number) => getRoi(store, roiId)?.voxelCount ?? 0;
  const chosen = [...byPatient.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([patientId, list]) => ({
      patientId,
      row: list.length === 1 ? list[0] : pickRoi(list.map((r) => ({ ...r, voxels: voxelsOf(r.roiId) }))),
    }));
  const unlabelled = chosen.filter((c) => !labels.has(c.patientId)).map((c) => c.patientId);
  // NE (not evaluable) has no outcome: such patients are left out, each with the reason.
  const excluded = chosen
    .filter((c) => labels.get(c.patientId)?.response === 'NE')
    .map(({ patientId }) => {
      const l = labels.get(patientId)!;
      const why = l.rule?.explanation || l.note || 'set directly';
      return { id: patientId, response: 'NE', reason: `NE (not evaluable) at ${l.timepoint}: ${why}` };
    });
  const labelled = chosen.filter(
    (c) => labels.has(c.patientId) && labels.get(c.patientId)!.response !== 'NE',
  );
  const withoutFeatures = [...labels.keys()].filter((id) => !byPatient.has(id)).sort();
  if (labelled.length === 0) {
    throw new ModelInputError(
      `no patient of feature set ${featureSet.id} has a response label${opts.timepoint ? ` at timepoint "${opts.timepoint}"` : ''} (${chosen.length} patients with features, ${labels.size} labelled${excluded.length ? `, ${excluded.length} of them NE (not evaluable)` : ''}): import labels with \`radscore labels\``,
    );
  }
  const cases: ModelCase[] = labelled.map(({ patientId, row }) => {
    const label = labels.get(patientId)!;
    const response = label.response as ResponseCategory; // NE was left out above
    return {
      patient_id: patientId,
      roi_id: row.roiId,
      roi: row.roi,
      series_uid: row.seriesUid,
      response,
      y: binaryOutcome(response),
      outcome_from: labelDefinitionText(label),
    };
  });
  const columns = ft.features.map((_, j) => Float64Array.from(labelled, ({ row }) => row.values[j]));
  return {
    featureSet,
    table: {
      ids: cases.map((c) => c.patient_id),
      y: cases.map((c) => c.y),
      split: null,
      foldid: null,
      features: ft.features.map((f) => f.name),
      columns,
    },
    cases,
    unlabelled,
    withoutFeatures,
    excluded,
  };
}
