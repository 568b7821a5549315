/**
 * Model versions over the store (DESIGN §3, §4 `fit`/`models`/`model`/`predict`, §6):
 * a stored feature set + the patients' current response labels → feature table (one row per patient) →
 * the paper's pipeline in the fit worker → a stored model version that holds everything needed to
 * reproduce it (feature set and settings hash, seeds, split, fold ids, cases, preprocessing statistics,
 * λ path, coefficients, metrics, software version) and to apply it to a new patient.
 *
 * One row per patient: the feature set holds values per ROI. With `roi` given only ROIs of that name are
 * used; a patient who still has several ROIs contributes the LARGEST one (most voxels; ties: the lowest
 * ROI id, i.e. the first stored). Prediction for a stored patient uses the same rule.
 *
 * Determinism: the fit document is a pure function of the table and the options (fitPipeline), and the
 * table is built in patient-id order, so the same data and settings give a byte-identical document. The
 * creation time is kept out of the document (it is the model version's `created_at`).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { MODELING_VERSION, type FitDocument } from '../../shared/modeling/pipeline';
import { applyPreprocessing } from '../../shared/modeling/preprocess';
import { DEFAULT_TRAIN_FRACTION, stratifiedSplit } from '../../shared/modeling/split';
import { plogis } from '../../shared/modeling/stats';
import type { FeatureTable as ModelTable } from '../../shared/modeling/table';
import { computeFeatures } from '../../shared/radiomics/profiles/index';
import '../../shared/radiomics/ak/profile'; // registers the `ak` profile
import { parseSettings, type Settings } from '../../shared/radiomics/settings';
import { labelDefinitionText, type FitOutcome } from '../../shared/response/fitOutcome';
import { binaryOutcome, type ResponseCategory } from '../../shared/response/outcome';
import { loadSeriesVolume } from '../dicom/index';
import {
  featureTable,
  getExtractionSettings,
  getFeatureSet,
  getModelVersion,
  getPatient,
  getRoi,
  getRoiMask,
  insertModelVersion,
  latestFeatureSet,
  listFeatureSets,
  listModelVersions,
  listRois,
  responseLabels,
  seriesForLoading,
  type FeatureSetRecord,
  type RoiRecord,
  type Store,
} from '../store/index';
import type { ChannelArgs, ChannelOutput, FitProgress as ApiFitProgress } from '../../shared/api';
import { featuresForFiles } from './features';
import { renderReport, reportInputFromStore } from './report';
import { fitFeatureTable, type FitProgress } from './modeling';
import { AbortError, throwIfAborted } from './options';

export type { FitDocument, FitProgress };

/** Bad input for a stored fit or a prediction: nothing was stored. */
export class ModelInputError extends Error {}

/** The model version, patient or feature set asked for does not exist. */
export class ModelNotFoundError extends ModelInputError {}

export interface FitStoredModelInput {
  /** Feature set to model; default: the newest set that has values. */
  featureSetId?: number;
  splitSeed?: number;
  /** Share of each outcome class in the training group (default 96/142, the study's). */
  trainFraction?: number;
  folds?: number;
  foldSeed?: number;
  lambda?: 'min' | '1se';
  name?: string;
  /** Only ROIs with this name (default: any ROI of the set; the largest per patient). */
  roi?: string;
  /** Labels at this timepoint (default: each patient's most recently recorded assessment). */
  timepoint?: string;
}

export interface FitStoredModelRun {
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
  /** Fit in the worker thread (default true); false fits in-process (CLI, tests). */
  worker?: boolean;
}

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

/** Settings recorded with every stored model version (the report prints them). */
export interface StoredFitSettings {
  feature_set_id: number;
  feature_set_settings_hash: string;
  profile: string;
  roi: string | null;
  roi_rule: string;
  timepoint: string | null;
  outcome_rule: string;
  split_seed: number;
  train_fraction: number;
  stratified: true;
  folds: number;
  fold_seed: number;
  lambda: 'min' | '1se';
}

export const ROI_RULE = 'one ROI per patient: the largest (most voxels; ties: lowest ROI id)';
export const OUTCOME_RULE =
  'effective = CR or PR → y = 1; SD or PD → y = 0; NE (not evaluable) left out (latest assessment unless a timepoint is given)';

function softwareVersion(): string {
  return `radscore-studio ${packageJson.version}; ${MODELING_VERSION}`;
}

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
function pickRoi<T extends { roiId: number; voxels: number }>(candidates: T[]): T {
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

/** The fit document's `outcome` block: which label definitions the outcomes came from, and who was left out. */
export function fitOutcome(st: StoredTable): FitOutcome {
  const counts = new Map<string, number>();
  for (const c of st.cases) counts.set(c.outcome_from, (counts.get(c.outcome_from) ?? 0) + 1);
  return {
    rule: OUTCOME_RULE,
    from: [...counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([definition, patients]) => ({ definition, patients })),
    excluded: st.excluded,
  };
}

function checkInteger(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min)
    throw new ModelInputError(`${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

/**
 * Fits the paper's pipeline on a stored feature set and the current labels, stores the model version and
 * returns the stored fit document (with `model_id`). Throws ModelInputError (nothing stored) on bad input.
 */
export async function fitStoredModel(
  store: Store,
  input: FitStoredModelInput = {},
  run: FitStoredModelRun = {},
): Promise<{
  model_id: number;
  fit: FitDocument;
  /** Left out: no value on any training patient. */ features_without_training_values: string[];
}> {
  throwIfAborted(run.signal);
  const splitSeed = checkInteger('the split seed', input.splitSeed ?? 1, 0);
  const foldSeed = checkInteger('the fold seed', input.foldSeed ?? 1, 0);
  const folds = checkInteger('the number of folds', input.folds ?? 10, 3);
  const trainFraction = input.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  if (!(trainFraction > 0 && trainFraction <= 1))
    throw new ModelInputError(`the training fraction must be in (0, 1], got ${trainFraction}`);
  const lambda = input.lambda ?? 'min';
  if (lambda !== 'min' && lambda !== '1se')
    throw new ModelInputError(`lambda must be "min" or "1se", got "${String(lambda)}"`);

  const st = buildStoredTable(store, input);
  const { table, cases, featureSet } = st;
  const n1 = cases.filter((c) => c.y === 1).length;
  const n0 = cases.length - n1;
  if (n1 === 0 || n0 === 0) {
    throw new ModelInputError(
      `all ${cases.length} labelled patients are ${n1 ? 'effective (CR/PR)' : 'ineffective (SD/PD)'}: the model needs both outcomes`,
    );
  }
  // The same rounding as stratifiedSplit: round(n_class · fraction) training patients per class.
  const train1 = Math.round(n1 * trainFraction);
  const train0 = Math.round(n0 * trainFraction);
  if (Math.min(train0, train1) < folds) {
    throw new ModelInputError(
      `${folds}-fold cross-validation needs at least ${folds} training patients per outcome; the split gives ${train1} effective and ${train0} ineffective ` +
        `(of ${n1} + ${n0} labelled patients): use fewer folds (≤ ${Math.max(0, Math.min(train0, train1))}) or label more patients`,
    );
  }

  // A feature with no value on any training patient (e.g. a GLCM at offset 7 in a tumour smaller than
  // 7 voxels) cannot be preprocessed: leave it out and record it. The split is the pipeline's own
  // (stratifiedSplit with the same seed and fraction), so this sees exactly its training rows.
  const split = stratifiedSplit(table.y, trainFraction, splitSeed);
  const withoutValues = table.features.filter(
    (_, j) => !split.some((s, i) => s === 'train' && !Number.isNaN(table.columns[j][i])),
  );
  const modelled: ModelTable = withoutValues.length
    ? {
        ...table,
        features: table.features.filter((f) => !withoutValues.includes(f)),
        columns: table.columns.filter((_, j) => !withoutValues.includes(table.features[j])),
      }
    : table;
  if (modelled.features.length === 0)
    throw new ModelInputError(
      `no feature of feature set ${featureSet.id} has a value on the training patients`,
    );

  let fit: FitDocument;
  try {
    fit = await fitFeatureTable(
      modelled,
      { splitSeed, trainFraction, folds, foldSeed, lambda, softwareVersion: softwareVersion() },
      {
        worker: run.worker ?? true,
        onProgress: run.onProgress,
        signal: run.signal,
      },
    );
  } catch (err) {
    if (err instanceof AbortError || run.signal?.aborted) throw err;
    throw new ModelInputError(`the fit failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  throwIfAborted(run.signal);

  const settings: StoredFitSettings = {
    feature_set_id: featureSet.id,
    feature_set_settings_hash: featureSet.settingsHash,
    profile: featureSet.profile,
    roi: input.roi ?? null,
    roi_rule: ROI_RULE,
    timepoint: input.timepoint ?? null,
    outcome_rule: OUTCOME_RULE,
    split_seed: splitSeed,
    train_fraction: trainFraction,
    stratified: true,
    folds,
    fold_seed: foldSeed,
    lambda,
  };
  const metrics = (m: FitDocument['train'] | null) =>
    m && {
      n: m.n,
      events: m.events,
      auc: m.auc,
      auc_ci: m.auc_ci,
      threshold: m.threshold,
      sensitivity: m.sensitivity,
      specificity: m.specificity,
      brier: m.brier,
      hosmer_lemeshow_p: m.hosmer_lemeshow_p,
    };
  const id = insertModelVersion(store, {
    name: input.name?.trim() ?? '',
    featureSetId: featureSet.id,
    softwareVersion: packageJson.version,
    // The outcome block says which label definitions the outcomes came from and which NE labels were left out.
    document: { ...fit, outcome: fitOutcome(st) } as unknown as Record<string, unknown>,
    settings,
    seeds: { split_seed: splitSeed, fold_seed: foldSeed },
    split: {
      by_id: fit.split.by_id,
      cases,
      unlabelled: st.unlabelled,
      labelled_without_features: st.withoutFeatures,
      not_evaluable: st.excluded,
      features_without_training_values: withoutValues,
    },
    foldIds: fit.folds.by_id,
    selected: fit.selected,
    coefficients: {
      glm: fit.glm.coef,
      lasso: lambda === 'min' ? fit.lasso.coef_min : fit.lasso.coef_1se,
      lambda_used: fit.lasso.lambda_used,
    },
    metrics: { train: metrics(fit.train), validation: metrics(fit.validation) },
  });
  return { model_id: id, fit: getModel(store, id), features_without_training_values: withoutValues };
}

/** A model version in a list (no λ path, no scores). */
export interface ModelSummary {
  model_id: number;
  name: string;
  created_at: string;
  software_version: string;
  feature_set_id: number | null;
  selected: string[];
  train_auc: number | null;
  validation_auc: number | null;
  validation_auc_ci: [number, number] | null;
}

interface StoredMetrics {
  train?: { auc?: number | null } | null;
  validation?: { auc?: number | null; auc_ci?: [number, number] } | null;
}

export function listModels(store: Store): ModelSummary[] {
  return listModelVersions(store).map((m) => {
    const metrics = (m.metrics ?? {}) as StoredMetrics;
    return {
      model_id: m.id,
      name: m.name,
      created_at: m.createdAt,
      software_version: m.softwareVersion,
      feature_set_id: m.featureSetId,
      selected: Array.isArray(m.selected) ? (m.selected as string[]) : [],
      train_auc: metrics.train?.auc ?? null,
      validation_auc: metrics.validation?.auc ?? null,
      validation_auc_ci: metrics.validation?.auc_ci ?? null,
    };
  });
}

/** A stored model version: its metadata and fit document. */
export interface StoredModelVersion {
  model_id: number;
  name: string;
  created_at: string;
  software_version: string;
  feature_set_id: number | null;
  settings: unknown;
  fit: FitDocument;
}

export function getStoredModel(store: Store, id: number): StoredModelVersion {
  const r = getModelVersion(store, id);
  if (!r) {
    const ids = listModelVersions(store).map((m) => m.id);
    throw new ModelNotFoundError(
      `model ${id} does not exist (stored: ${ids.length ? ids.join(', ') : 'none'})`,
    );
  }
  return {
    model_id: r.id,
    name: r.name,
    created_at: r.createdAt,
    software_version: r.softwareVersion,
    feature_set_id: r.featureSetId,
    settings: r.settings,
    // Stored as JSON: non-finite numbers of the fit (e.g. a NaN Hosmer–Lemeshow p) read back as null.
    fit: r.document as unknown as FitDocument,
  };
}

/** The stored fit document of a model version (as `fit` returned it). */
export function getModel(store: Store, id: number): FitDocument {
  return getStoredModel(store, id).fit;
}

export interface Prediction {
  radscore: number;
  probability: number;
  model_id: number;
  /** Raw values of the model's selected features for this case. */
  features: Record<string, number>;
  /** Values the preprocessing replaced (outside the training range, missing): the prediction extrapolates. */
  warnings: string[];
}

export interface PatientPrediction extends Prediction {
  patient_id: string;
  roi: string;
  roi_id: number;
  /** Values from the model's feature set, or computed now with its settings (patient not extracted). */
  source: 'stored' | 'computed';
}

/**
 * Rad-score of one case from its raw feature values: the model's stored preprocessing (outside the
 * training mean ± 3 SD → training median; missing → median; z-score with the cleaned mean/SD), then the
 * refitted logistic coefficients in the order of `selected`, exactly as the pipeline scores its rows.
 */
export function scoreCase(
  fit: FitDocument,
  raw: Record<string, number>,
): { radscore: number; probability: number; warnings: string[] } {
  const { z, warnings } = applyPreprocessing(fit.preprocessing, raw, fit.selected);
  const coef = fit.glm.coef;
  const intercept = coef['(Intercept)'];
  if (typeof intercept !== 'number') throw new ModelInputError('the stored model has no intercept');
  let radscore = intercept;
  const aliased = new Set(fit.glm.aliased ?? []);
  fit.selected.forEach((name, k) => {
    const b = coef[name];
    // null: an aliased (collinear) term, R's NA; predict.glm leaves it out, and so does the pipeline's score
    if (b === null && aliased.has(name)) return;
    if (typeof b !== 'number') throw new ModelInputError(`the stored model has no coefficient for "${name}"`);
    radscore += z[k] * b;
  });
  return { radscore, probability: plogis(radscore), warnings };
}

interface ModelContext {
  version: StoredModelVersion;
  featureSet: FeatureSetRecord;
  profile: string;
  extraction: Settings | undefined;
  roi: string | null;
}

function modelContext(store: Store, modelId: number): ModelContext {
  const version = getStoredModel(store, modelId);
  if (version.feature_set_id === null)
    throw new ModelInputError(
      `model ${modelId} was not fitted on a stored feature set, so it cannot compute features`,
    );
  const featureSet = getFeatureSet(store, version.feature_set_id);
  if (!featureSet)
    throw new ModelInputError(
      `feature set ${version.feature_set_id} of model ${modelId} is no longer in the database`,
    );
  const stored = getExtractionSettings(store, featureSet.settingsHash) as {
    profile?: string;
    settings?: unknown;
  } | null;
  const raw = stored && typeof stored === 'object' ? stored.settings : undefined;
  const extraction =
    raw === undefined || raw === null
      ? undefined
      : parseSettings(raw, `the extraction settings of feature set ${featureSet.id}`);
  const s = version.settings as Partial<StoredFitSettings> | null;
  return {
    version,
    featureSet,
    profile: featureSet.profile,
    extraction,
    roi: s && typeof s.roi === 'string' ? s.roi : null,
  };
}

function selectedValues(fit: FitDocument, all: Record<string, number>): Record<string, number> {
  return Object.fromEntries(fit.selected.map((name) => [name, all[name]]));
}

/**
 * The model's prediction for a stored patient: the patient's values in the model's feature set (ROI rule
 * as in fitting), or, for a patient imported after the extraction, features computed now from the stored
 * series and ROI with the feature set's settings and profile.
 */
export async function predictForPatient(
  store: Store,
  modelId: number,
  patientId: string,
): Promise<PatientPrediction> {
  const ctx = modelContext(store, modelId);
  const fit = ctx.version.fit;
  if (!getPatient(store, patientId))
    throw new ModelNotFoundError(`patient "${patientId}" is not in the database`);
  const ft = featureTable(store, ctx.featureSet.id);
  const stored = ft.rows.filter((r) => r.patientId === patientId && (ctx.roi === null || r.roi === ctx.roi));
  if (stored.length > 0) {
    const row =
      stored.length === 1
        ? stored[0]
        : pickRoi(stored.map((r) => ({ ...r, voxels: getRoi(store, r.roiId)?.voxelCount ?? 0 })));
    const all = Object.fromEntries(ft.features.map((f, j) => [f.name, row.values[j]]));
    return {
      ...scoreCase(fit, all),
      model_id: modelId,
      features: selectedValues(fit, all),
      patient_id: patientId,
      roi: row.roi,
      roi_id: row.roiId,
      source: 'stored',
    };
  }
  const rois: RoiRecord[] = listRois(store, { patientId, name: ctx.roi ?? undefined }).filter(
    (r) => r.voxelCount > 0,
  );
  if (rois.length === 0) {
    throw new ModelInputError(
      `patient "${patientId}" has no ${ctx.roi ? `ROI named "${ctx.roi}"` : 'non-empty ROI'} to compute the model's features from`,
    );
  }
  const roi = pickRoi(rois.map((r) => ({ ...r, roiId: r.id, voxels: r.voxelCount })));
  const volume = await loadSeriesVolume(seriesForLoading(store, roi.seriesId));
  const result = computeFeatures(volume, getRoiMask(store, roi.id), ctx.extraction, ctx.profile);
  const all = Object.fromEntries(result.features.map((f) => [f.name, f.value]));
  return {
    ...scoreCase(fit, all),
    model_id: modelId,
    features: selectedValues(fit, all),
    patient_id: patientId,
    roi: roi.name,
    roi_id: roi.id,
    source: 'computed',
  };
}

export interface ImagePrediction extends Prediction {
  roi: string;
}

/**
 * The model's prediction for an image + mask outside the database (`predict --image --mask`): features
 * computed by the `features` command's loader with the model's feature-set settings and profile.
 */
export async function predictForImage(
  store: Store,
  modelId: number,
  imagePath: string,
  maskPath: string,
  roi?: string,
): Promise<ImagePrediction> {
  const ctx = modelContext(store, modelId);
  for (const [what, path] of [
    ['image', imagePath],
    ['mask', maskPath],
  ] as const) {
    if (!existsSync(path)) throw new ModelInputError(`the ${what} ${path} does not exist`);
  }
  // The loader takes settings as a file (as `radscore features --settings` does): hand it the stored ones.
  const dir = ctx.extraction ? await mkdtemp(join(tmpdir(), 'radscore-predict-')) : null;
  try {
    let settingsFile: string | undefined;
    if (dir) {
      settingsFile = join(dir, 'settings.json');
      await writeFile(settingsFile, JSON.stringify(ctx.extraction));
    }
    const out = await featuresForFiles({
      image: imagePath,
      mask: maskPath,
      roi,
      profile: ctx.profile,
      settingsFile,
    });
    if (out.mask.voxels === 0)
      throw new ModelInputError(`the mask ${maskPath} is empty${roi ? ` for ROI "${roi}"` : ''}`);
    const all = Object.fromEntries(out.features.map((f) => [f.name, f.value]));
    const fit = ctx.version.fit;
    return { ...scoreCase(fit, all), model_id: modelId, features: selectedValues(fit, all), roi: out.roi };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// The API binding (channels models.* in shared/api.ts), used by main/services/handlers.ts.

export interface ModelServices {
  list(): ChannelOutput<'models.list'>;
  get(modelId: number): ChannelOutput<'models.get'>;
  fit(
    args: ChannelArgs<'models.fit'>,
    onProgress: (p: ApiFitProgress) => void,
    signal?: AbortSignal,
  ): Promise<ChannelOutput<'models.get'>>;
  predict(modelId: number, patientId: string): Promise<ChannelOutput<'models.predict'>>;
  /** Prediction for an image + mask outside the database (ModelInputError when a file is missing). */
  predictImage(args: ChannelArgs<'models.predictImage'>): Promise<ChannelOutput<'models.predictImage'>>;
  /** The HTML report of a stored version. */
  report(modelId: number): string;
}

function detail(store: Store, id: number): ChannelOutput<'models.get'> {
  const v = getStoredModel(store, id);
  return {
    modelId: v.model_id,
    name: v.name,
    createdAt: v.created_at,
    softwareVersion: v.software_version,
    featureSetId: v.feature_set_id,
    selected: v.fit.selected,
    settings: v.settings,
    fit: v.fit as unknown as ChannelOutput<'models.get'>['fit'],
  };
}

/** Binds the model channels to a store. Errors: ModelNotFoundError / ModelInputError (bad input). */
export function modelServices(store: Store): ModelServices {
  return {
    list: () =>
      listModels(store).map((m) => ({
        modelId: m.model_id,
        name: m.name,
        createdAt: m.created_at,
        softwareVersion: m.software_version,
        featureSetId: m.feature_set_id,
        selected: m.selected,
        trainAuc: m.train_auc,
        validationAuc: m.validation_auc,
        validationAucCi: m.validation_auc_ci,
      })),
    get: (id) => detail(store, id),
    async fit(a, onProgress, signal) {
      const { model_id } = await fitStoredModel(
        store,
        {
          featureSetId: a.featureSetId ?? undefined,
          splitSeed: a.splitSeed,
          trainFraction: a.trainFraction,
          folds: a.folds,
          foldSeed: a.foldSeed,
          lambda: a.lambda,
          name: a.name,
          roi: a.roi ?? undefined,
        },
        { onProgress, signal },
      );
      return detail(store, model_id);
    },
    async predict(modelId, patientId) {
      const p = await predictForPatient(store, modelId, patientId);
      return {
        modelId,
        patientId,
        roi: p.roi,
        radscore: p.radscore,
        probability: p.probability,
        source: p.source,
        warnings: p.warnings,
      };
    },
    async predictImage(a) {
      const p = await predictForImage(store, a.modelId, a.image, a.mask, a.roi ?? undefined);
      const features = Object.fromEntries(
        Object.entries(p.features).map(([k, v]) => [k, Number.isFinite(v) ? v : null]),
      );
      return {
        modelId: a.modelId,
        roi: p.roi,
        radscore: p.radscore,
        probability: p.probability,
        features,
        warnings: p.warnings,
      };
    },
    report(modelId) {
      getStoredModel(store, modelId); // a clear "does not exist" first
      const input = reportInputFromStore(store, modelId);
      return renderReport(input.fit, input.context);
    },
  };
}
