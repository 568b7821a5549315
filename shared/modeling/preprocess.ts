/**
 * The paper's preprocessing, fitted on training rows and applied unchanged to every row:
 *   m1, s1 (n−1), med of the raw training column (NA ignored);
 *   one pass: x < m1 − 3·s1 or x > m1 + 3·s1 (strict) → med, in training and validation rows;
 *   m2, s2 (n−1) of the replaced training column; z = (x − m2)/s2.
 * Remedies (the fixtures' e_hard policy), both on by default and reported:
 *   imputeNa: NA → training median before outlier detection;
 *   dropConstant: columns whose cleaned training SD is 0 (or not finite) are dropped.
 */
import { mean, median, sd } from './stats';

export interface PreprocessOptions {
  imputeNa?: boolean;
  dropConstant?: boolean;
}

/** A type (not an interface) so that it is a loose object of the fit document's schema (fitDocument.ts). */
export type PreprocessStats = {
  features: string[];
  raw_mean: number[];
  raw_sd: number[];
  median: number[];
  lower: number[];
  upper: number[];
  n_outliers_train: number[];
  n_outliers_validation: number[];
  clean_mean: number[];
  clean_sd: number[];
  n_missing_train: number[];
  n_missing_validation: number[];
  dropped_features: string[];
  impute_na: boolean;
  drop_constant: boolean;
  total_outliers_train: number;
  total_outliers_validation: number;
};

export interface Preprocessed {
  stats: PreprocessStats;
  /** Kept feature names, in input order. */
  kept: string[];
  /** z-scores of kept features for every row: column-major nRows × kept.length. */
  z: Float64Array;
  nRows: number;
}

export class PreprocessError extends Error {}

function finiteValues(col: Float64Array, rows: readonly number[]): Float64Array {
  const out: number[] = [];
  for (const i of rows) if (!Number.isNaN(col[i])) out.push(col[i]);
  return Float64Array.from(out);
}

/** Preprocessing fitted on the rows marked training, applied to every row. */
export function preprocess(
  features: string[],
  columns: Float64Array[],
  isTrain: boolean[],
  opts: PreprocessOptions = {},
): Preprocessed {
  const trainRows: number[] = [];
  isTrain.forEach((t, i) => {
    if (t) trainRows.push(i);
  });
  return preprocessRows(features, columns, isTrain.length, trainRows, opts);
}

/**
 * Preprocessing fitted on `trainRows` (indices into the columns, in that order; a row may repeat, as in a
 * bootstrap resample, and then counts once per copy in every statistic), applied to all `nRows` rows.
 * Rows not in `trainRows` are the "validation" rows of the statistics.
 */
export function preprocessRows(
  features: string[],
  columns: Float64Array[],
  nRows: number,
  trainRows: readonly number[],
  opts: PreprocessOptions = {},
): Preprocessed {
  const imputeNa = opts.imputeNa ?? true;
  const dropConstant = opts.dropConstant ?? true;
  const isTrain = new Array<boolean>(nRows).fill(false);
  for (const i of trainRows) isTrain[i] = true;
  const valRows: number[] = [];
  isTrain.forEach((t, i) => {
    if (!t) valRows.push(i);
  });
  const st: PreprocessStats = {
    features: [...features],
    raw_mean: [],
    raw_sd: [],
    median: [],
    lower: [],
    upper: [],
    n_outliers_train: [],
    n_outliers_validation: [],
    clean_mean: [],
    clean_sd: [],
    n_missing_train: [],
    n_missing_validation: [],
    dropped_features: [],
    impute_na: imputeNa,
    drop_constant: dropConstant,
    total_outliers_train: 0,
    total_outliers_validation: 0,
  };
  const cleaned: Float64Array[] = [];
  features.forEach((name, j) => {
    const col = Float64Array.from(columns[j]);
    let missTrain = 0;
    let missVal = 0;
    for (const i of trainRows) if (Number.isNaN(col[i])) missTrain++;
    for (const i of valRows) if (Number.isNaN(col[i])) missVal++;
    st.n_missing_train.push(missTrain);
    st.n_missing_validation.push(missVal);
    if (missTrain === trainRows.length)
      throw new PreprocessError(`feature "${name}" has no value on the training rows`);
    if ((missTrain > 0 || missVal > 0) && !imputeNa)
      throw new PreprocessError(
        `feature "${name}" has missing values (${missTrain + missVal}) and imputation is off`,
      );
    if (imputeNa && missTrain > 0) {
      const med0 = median(finiteValues(col, trainRows));
      for (const i of trainRows) if (Number.isNaN(col[i])) col[i] = med0;
    }
    const tr = finiteValues(col, trainRows);
    const m1 = mean(tr);
    const s1 = sd(tr);
    const med = median(tr);
    // validation rows are imputed with the median of the (imputed) training column, as reference.R does
    if (imputeNa) for (const i of valRows) if (Number.isNaN(col[i])) col[i] = med;
    const lo = m1 - 3 * s1;
    const hi = m1 + 3 * s1;
    let outTrain = 0;
    let outVal = 0;
    for (let i = 0; i < nRows; i++) {
      const x = col[i];
      if (x < lo || x > hi) {
        col[i] = med;
        if (isTrain[i]) outTrain++;
        else outVal++;
      }
    }
    const trClean = finiteValues(col, trainRows);
    st.raw_mean.push(m1);
    st.raw_sd.push(s1);
    st.median.push(med);
    st.lower.push(lo);
    st.upper.push(hi);
    st.n_outliers_train.push(outTrain);
    st.n_outliers_validation.push(outVal);
    st.clean_mean.push(mean(trClean));
    st.clean_sd.push(sd(trClean));
    cleaned.push(col);
  });
  const kept: string[] = [];
  const keptIdx: number[] = [];
  features.forEach((name, j) => {
    const s2 = st.clean_sd[j];
    if (!(Number.isFinite(s2) && s2 > 0)) {
      if (!dropConstant)
        throw new PreprocessError(
          `feature "${name}" is constant on the training rows after outlier replacement`,
        );
      st.dropped_features.push(name);
    } else {
      kept.push(name);
      keptIdx.push(j);
    }
  });
  const z = new Float64Array(nRows * kept.length);
  keptIdx.forEach((j, k) => {
    const m2 = st.clean_mean[j];
    const s2 = st.clean_sd[j];
    const col = cleaned[j];
    for (let i = 0; i < nRows; i++) z[k * nRows + i] = (col[i] - m2) / s2;
  });
  st.total_outliers_train = st.n_outliers_train.reduce((a, b) => a + b, 0);
  st.total_outliers_validation = st.n_outliers_validation.reduce((a, b) => a + b, 0);
  return { stats: st, kept, z, nRows };
}

/**
 * Applies stored statistics to one new case's raw feature values (for prediction): z-scores in `features`
 * order, and a warning for every value it replaced. A value outside the training mean ± 3 SD becomes the
 * training median (as in fitting), so the prediction does not see how far out it is; a missing value is
 * imputed. No warning when every value was used as measured.
 */
export function applyPreprocessing(
  stats: PreprocessStats,
  raw: Record<string, number>,
  features: string[],
): { z: number[]; warnings: string[] } {
  const warnings: string[] = [];
  const z = features.map((name) => {
    const j = stats.features.indexOf(name);
    if (j < 0) throw new PreprocessError(`feature "${name}" is not in the model's preprocessing`);
    const median = stats.median[j];
    let x = raw[name];
    if (x === undefined || Number.isNaN(x)) {
      if (!stats.impute_na) throw new PreprocessError(`feature "${name}" is missing`);
      warnings.push(`${name} is missing: the training median ${formatValue(median)} was used`);
      x = median;
    } else if (x < stats.lower[j] || x > stats.upper[j]) {
      warnings.push(
        `${name} = ${formatValue(x)} is outside the training range used by the model ` +
          `(mean ± 3 SD: ${formatValue(stats.lower[j])} to ${formatValue(stats.upper[j])}): the training median ${formatValue(median)} was used, ` +
          'so this prediction extrapolates beyond the training data',
      );
      x = median;
    }
    return (x - stats.clean_mean[j]) / stats.clean_sd[j];
  });
  return { z, warnings };
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}
