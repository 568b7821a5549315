/**
 * The training pipeline as one function: fitted on training rows, it returns the fitted transforms and the
 * model. `fitPipeline` trains the reported model with it, and the optimism bootstrap (bootstrap.ts) reruns it
 * on every resample, so a stage added here is validated by the bootstrap as well.
 *
 *   stages (none yet; see FeatureStage)  each fitted on the training rows, applied to every row
 *   preprocessing (preprocess.ts)        outliers outside m1 ± 3·s1 → median, z = (x − m2)/s2, training statistics
 *   cv.glmnet (cvlognet.ts)              LASSO path and K-fold CV with the given folds; λ.min or λ.1se
 *   glm (glm.ts)                         logistic refit on the features with non-zero coefficients at that λ
 *
 * Rows are indices into one table; the training rows may repeat a row (a bootstrap resample), and then each
 * copy counts in every training statistic and lies in the fold given for it.
 */
import { cvLognet, type CvLognetResult, type CvProgress } from './cvlognet';
import { glmLogistic, type GlmResult } from './glm';
import { preprocessRows, type Preprocessed } from './preprocess';

/** The rows a model is trained on or applied to: feature columns over every row of the table, and 0/1 outcomes. */
export interface TrainingTable {
  features: string[];
  /** One column per feature, a value per table row (NaN = missing). */
  columns: Float64Array[];
  y: ArrayLike<number>;
}

/**
 * Extension point: a stage that runs before preprocessing and is estimated on the training rows (the
 * robustness filter, which keeps the features reliable enough; ComBat harmonisation, which estimates batch
 * effects). `fit` sees the table and the training rows (a stage that needs per-row data, such as the batch of
 * each row, holds it aligned with the table's rows) and returns the fitted stage, which transforms every row.
 * A filter returns fewer features; a harmonisation returns adjusted columns.
 */
export interface FeatureStage {
  readonly name: string;
  fit(table: TrainingTable, trainRows: readonly number[]): FittedFeatureStage;
}

export interface FittedFeatureStage {
  readonly name: string;
  /** The stage applied to every row of the table it was fitted on (the next stage's input). */
  apply(table: TrainingTable): TrainingTable;
  /** What the fit document reports about the fitted stage (e.g. the kept features, the batch estimates). */
  readonly report: unknown;
}

/**
 * Serialisable description of a stage (what crosses to a worker thread). Add one member per stage module,
 * e.g. `{ kind: 'robustness'; … } | { kind: 'combat'; … }`, and build it in `featureStageFromSpec`.
 */
export type FeatureStageSpec = never;

export function featureStageFromSpec(spec: FeatureStageSpec): FeatureStage {
  throw new Error(`unknown training stage ${JSON.stringify(spec)}`);
}

export interface TrainingOptions {
  lambda: 'min' | '1se';
  /** NA → training median (default true). */
  imputeNa?: boolean;
  /** Drop columns constant after outlier replacement (default true). */
  dropConstant?: boolean;
  stages?: readonly FeatureStage[];
  progress?: CvProgress;
}

export interface TrainedModel {
  stages: FittedFeatureStage[];
  /** The table after the stages: the preprocessing's input. */
  staged: TrainingTable;
  /** Fitted on the training rows; `z` holds every table row (column-major, rows × kept). */
  preprocessing: Preprocessed;
  cv: CvLognetResult;
  /** Path column of the λ used (0-based). */
  lambdaIndex: number;
  /** Indices into preprocessing.kept of the features with non-zero coefficients at that λ. */
  selectedIdx: number[];
  selected: string[];
  /** Refit on the selected features (intercept-only when none); NaN estimates are aliased terms. */
  glm: GlmResult;
}

/** Input the pipeline cannot fit (a message for the user). */
export class FitInputError extends Error {}

/**
 * Trains the pipeline on `trainRows` of `table` with the fold `foldid[a]` for training row a (1..K).
 * Throws PreprocessError / LognetError / GlmError / FitInputError on input the pipeline cannot fit.
 */
export function trainModel(
  table: TrainingTable,
  trainRows: readonly number[],
  foldid: readonly number[],
  options: TrainingOptions,
): TrainedModel {
  if (foldid.length !== trainRows.length)
    throw new FitInputError(`${foldid.length} fold ids for ${trainRows.length} training rows`);
  const stages: FittedFeatureStage[] = [];
  let staged = table;
  for (const stage of options.stages ?? []) {
    const fitted = stage.fit(staged, trainRows);
    stages.push(fitted);
    staged = fitted.apply(staged);
  }
  const nRows = table.y.length;
  const pp = preprocessRows(staged.features, staged.columns, nRows, trainRows, {
    imputeNa: options.imputeNa,
    dropConstant: options.dropConstant,
  });
  const p = pp.kept.length;
  if (p === 0) throw new FitInputError('no feature left after preprocessing');
  const nTr = trainRows.length;
  const xtr = new Float64Array(nTr * p);
  for (let j = 0; j < p; j++) for (let a = 0; a < nTr; a++) xtr[j * nTr + a] = pp.z[j * nRows + trainRows[a]];
  const ytr = trainRows.map((i) => table.y[i]);

  const cv = cvLognet(xtr, nTr, p, ytr, foldid, {}, options.progress);
  const lambdaIndex = options.lambda === 'min' ? cv.indexMin : cv.index1se;
  const selectedIdx: number[] = [];
  for (let j = 0; j < p; j++) if (cv.path.beta[lambdaIndex * p + j] !== 0) selectedIdx.push(j);
  const selected = selectedIdx.map((j) => pp.kept[j]);
  const glm = glmLogistic(
    selectedIdx.map((j) => trainRows.map((i) => pp.z[j * nRows + i])),
    selected,
    ytr,
  );
  return { stages, staged, preprocessing: pp, cv, lambdaIndex, selectedIdx, selected, glm };
}

/** The glm Rad-score (linear predictor) of table row i; an aliased term is left out, as predict.glm does. */
export function modelRadscore(model: TrainedModel, i: number): number {
  const { glm, selectedIdx, preprocessing: pp } = model;
  let g = glm.estimate[0];
  selectedIdx.forEach((j, k) => {
    if (!Number.isNaN(glm.estimate[k + 1])) g += pp.z[j * pp.nRows + i] * glm.estimate[k + 1];
  });
  return g;
}
