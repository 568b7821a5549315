/**
 * Model versions over the store (DESIGN §3, §4 `fit`/`models`/`model`, §6):
 * a stored feature set + the patients' current response labels → feature table (one row per patient) →
 * the paper's pipeline in the fit worker → a stored model version that holds everything needed to
 * reproduce it (feature set and settings hash, seeds, split, fold ids, cases, preprocessing statistics,
 * λ path, coefficients, metrics, software version) and to apply it to a new patient.
 *
 * One row per patient: the feature set holds values per ROI. With `roi` given only ROIs of that name are
 * used; a patient who still has several ROIs contributes the LARGEST one (most voxels; ties: the lowest
 * ROI id, i.e. the first stored; modelTable.ts). Prediction for a stored patient uses the same rule
 * (prediction.ts). The model channels are bound in modelChannels.ts.
 *
 * Determinism: the fit document is a pure function of the table and the options (fitPipeline), and the
 * table is built in patient-id order, so the same data and settings give a byte-identical document. The
 * creation time is kept out of the document (it is the model version's `created_at`).
 */
import packageJson from '../../package.json' with { type: 'json' };
import { parseFitDocument } from '../../shared/modeling/fitDocument';
import { MODELING_VERSION, type FitDocument } from '../../shared/modeling/pipeline';
import { DEFAULT_TRAIN_FRACTION, stratifiedSplit } from '../../shared/modeling/split';
import type { FeatureTable as ModelTable } from '../../shared/modeling/table';
import type { FitOutcome } from '../../shared/response/fitOutcome';
import { getModelVersion, insertModelVersion, listModelVersions, type Store } from '../store/index';
import { fitFeatureTable, type FitProgress } from './fitTable';
import { buildStoredTable, ROI_RULE, type StoredTable } from './modelTable';
import { AbortError, throwIfAborted } from './options';
import { errorMessage } from '../../shared/errorMessage';

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

export const OUTCOME_RULE =
  'effective = CR or PR → y = 1; SD or PD → y = 0; NE (not evaluable) left out (latest assessment unless a timepoint is given)';

function softwareVersion(): string {
  return `radscore-studio ${packageJson.version}; ${MODELING_VERSION}`;
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
    throw new ModelInputError(`the fit failed: ${errorMessage(err)}`);
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
    document: { ...fit, outcome: fitOutcome(st) },
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
    // Stored as JSON: non-finite numbers of the fit (e.g. a NaN Hosmer–Lemeshow p) are null there; the
    // schema reads them back as NaN (and an end-of-curve Youden threshold as ±∞).
    fit: parseFitDocument(r.document),
  };
}

/** The stored fit document of a model version (as `fit` returned it). */
export function getModel(store: Store, id: number): FitDocument {
  return getStoredModel(store, id).fit;
}
