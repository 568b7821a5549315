/**
 * Applying a stored model version: the Rad-score and probability of a stored patient (values of the model's
 * feature set, or computed now for a patient imported after the extraction) or of an image + mask outside
 * the database, with the model's stored preprocessing and a warning for each value it replaced.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FitDocument } from '../../shared/modeling/pipeline';
import { applyPreprocessing } from '../../shared/modeling/preprocess';
import { plogis } from '../../shared/modeling/stats';
import { computeFeatures } from '../../shared/radiomics/profiles/index';
import '../../shared/radiomics/ak/profile'; // registers the `ak` profile
import { parseSettings, type Settings } from '../../shared/radiomics/settings';
import { loadSeriesVolume } from '../dicom/index';
import {
  featureTable,
  getExtractionSettings,
  getFeatureSet,
  getPatient,
  getRoi,
  getRoiMask,
  listRois,
  seriesForLoading,
  seriesUnusable,
  type FeatureSetRecord,
  type RoiRecord,
  type Store,
} from '../store/index';
import { featuresForFiles } from './features';
import { checkModelUse, type ApplyOptions } from './modelUse';
import { pickRoi } from './modelTable';
import {
  getStoredModel,
  ModelInputError,
  ModelNotFoundError,
  type StoredFitSettings,
  type StoredModelVersion,
} from './models';

export interface Prediction {
  radscore: number;
  probability: number;
  model_id: number;
  /** Raw values of the model's selected features for this case. */
  features: Record<string, number>;
  /** Values the preprocessing replaced (outside the training range, missing): the prediction extrapolates. */
  warnings: string[];
  /** The version's "not for use" mark when it was applied with the override (modelUse.ts), else null. */
  not_for_use: string | null;
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
  notForUse: string | null;
}

function modelContext(store: Store, modelId: number, opts: ApplyOptions): ModelContext {
  const version = getStoredModel(store, modelId);
  const notForUse = checkModelUse(version, opts);
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
    notForUse,
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
  opts: ApplyOptions = {},
): Promise<PatientPrediction> {
  const ctx = modelContext(store, modelId, opts);
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
      not_for_use: ctx.notForUse,
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
  // The same refusal as an extraction: no score from a series missing a slice or with unusable files.
  const unusable = seriesUnusable(store, roi.seriesId);
  if (unusable.length)
    throw new ModelInputError(
      `series ${roi.seriesUid} of patient "${patientId}" is not usable for extraction: ${unusable.join('; ')}`,
    );
  const volume = await loadSeriesVolume(seriesForLoading(store, roi.seriesId), { forExtraction: true });
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
    not_for_use: ctx.notForUse,
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
  opts: ApplyOptions = {},
): Promise<ImagePrediction> {
  const ctx = modelContext(store, modelId, opts);
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
    return {
      ...scoreCase(fit, all),
      model_id: modelId,
      features: selectedValues(fit, all),
      roi: out.roi,
      not_for_use: ctx.notForUse,
    };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
