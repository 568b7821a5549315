/**
 * The paper's modelling pipeline on a feature table (fixtures/modeling/README.md, "The pipeline"):
 * split → preprocessing on training statistics → cv.glmnet LASSO (given or seeded folds) → features at
 * λ.min (or λ.1se) → logistic refit → Rad-scores → ROC/DeLong/Youden, Hosmer–Lemeshow, Brier, calibration
 * table, decision curve → Table 1 and paired DeLong tests. Pure and deterministic: the same table and
 * options give a byte-identical document.
 */
import { brier, decisionCurve, hosmerLemeshow, type HosmerLemeshow } from './calibration';
import { clinicalTable1, type ClinicalTable1Options } from './clinicalTable1';
import type { CvProgress } from './cvlognet';
import type { FitDocument, ScoreRow, SplitMetrics } from './fitDocument';
import { delong, delongPairedTest, rocCurve, youdenBest, type RocTestResult } from './roc';
import { DEFAULT_TRAIN_FRACTION, stratifiedFolds, stratifiedSplit } from './split';
import { plogis } from './stats';
import { table1Column, type Table1Column } from './table1';
import { FitInputError, modelRadscore, trainModel } from './training';
import { valProb, ValProbError, type ValProb } from './valprob';
import type { FeatureTable } from './table';
import { errorMessage } from '../errorMessage';

export { FitInputError };

export const MODELING_VERSION =
  'radscore-modeling 1.0 (glmnet 4.1-6 lognet, pROC 1.18.0, ResourceSelection 0.3-5 HL)';

export interface FitOptions {
  splitSeed?: number;
  trainFraction?: number;
  folds?: number;
  foldSeed?: number;
  lambda?: 'min' | '1se';
  /** NA → training median (default true). */
  imputeNa?: boolean;
  /** Drop columns constant after outlier replacement (default true). */
  dropConstant?: boolean;
  softwareVersion?: string;
  /** Clinical Table 1 options (used when the table has clinical variables). */
  table1?: ClinicalTable1Options;
  progress?: CvProgress;
}

/** The fit document and its blocks: one zod schema (fitDocument.ts); the types are inferred from it. */
export type { FitDocument, ScoreRow, SplitMetrics } from './fitDocument';

function countEvents(y: number[]): number {
  return y.reduce((a, b) => a + b, 0);
}

/**
 * Train or validation figures of the glm probabilities (and the LASSO score's AUC). pROC, DeLong, Youden,
 * Brier and the decision curve take any scores, including probabilities of exactly 0 or 1; only
 * rms::val.prob may be null (see SplitMetrics.val_prob).
 */
export function splitMetrics(y: number[], prob: number[], lassoScore: number[]): SplitMetrics {
  const roc = rocCurve(y, prob, 'auto');
  const dl = delong(roc);
  const rocLt = rocCurve(y, prob, '<');
  const dlLt = delong(rocLt);
  const best = youdenBest(roc);
  let hl: HosmerLemeshow;
  let hlError: string | undefined;
  try {
    hl = hosmerLemeshow(y, prob, 10);
  } catch (e) {
    // e.g. an intercept-only model: one distinct probability, no deciles (R's cut() fails the same way)
    hlError = errorMessage(e);
    hl = { statistic: NaN, df: 8, p_value: NaN, breaks: [], n_groups: 0, groups: [] };
  }
  const lassoRoc = rocCurve(y, lassoScore, 'auto');
  const lassoDl = delong(lassoRoc);
  const { groups, ...hlSummary } = hl;
  let vp: ValProb | null = null;
  let vpError: string | undefined;
  try {
    vp = valProb(prob, y);
  } catch (e) {
    if (!(e instanceof ValProbError)) throw e;
    vpError = e.message;
  }
  return {
    n: y.length,
    events: countEvents(y),
    direction: roc.direction,
    auc: roc.auc,
    auc_ci: dl.ci,
    auc_var: dl.variance,
    auc_direction_lt: rocLt.auc,
    auc_ci_direction_lt: dlLt.ci,
    threshold: best.threshold[0],
    sensitivity: best.sensitivity[0],
    specificity: best.specificity[0],
    youden_ties: best.threshold.length,
    hosmer_lemeshow_p: hl.p_value,
    hosmer_lemeshow: hlError ? { ...hlSummary, error: hlError } : hlSummary,
    brier: brier(y, prob),
    calibration: groups,
    lasso_auc: lassoRoc.auc,
    lasso_auc_ci: lassoDl.ci,
    decision_curve: decisionCurve(y, prob),
    val_prob: vp,
    ...(vpError ? { val_prob_error: vpError } : {}),
  };
}

function attempt<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

export function fitPipeline(table: FeatureTable, options: FitOptions = {}): FitDocument {
  const n = table.ids.length;
  const y = table.y;
  const events = countEvents(y);
  if (events === 0 || events === n)
    throw new FitInputError(`all ${n} patients have outcome ${y[0]}: both classes are needed`);
  const splitSeed = options.splitSeed ?? 1;
  const trainFraction = options.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const foldSeed = options.foldSeed ?? 1;
  const lambdaChoice = options.lambda ?? 'min';

  const split = table.split ?? stratifiedSplit(y, trainFraction, splitSeed);
  const trainRows = split.map((s, i) => (s === 'train' ? i : -1)).filter((i) => i >= 0);
  const valRows = split.map((s, i) => (s === 'validation' ? i : -1)).filter((i) => i >= 0);
  const nTr = trainRows.length;
  const ytr = trainRows.map((i) => y[i]);
  const evTr = countEvents(ytr);
  if (evTr === 0 || evTr === nTr)
    throw new FitInputError(`the training rows (${nTr}) hold only one outcome class`);

  // clinical Table 1 first: a bad clinical variable fails before the fit's work
  const clinical = table.clinical?.length ? clinicalTable1(table.clinical, y, split, options.table1) : null;

  let foldid: number[];
  let foldSource: 'table' | 'seeded';
  if (table.foldid) {
    foldid = trainRows.map((i) => {
      const f = table.foldid?.[i];
      if (f === null || f === undefined)
        throw new FitInputError(`training row ${table.ids[i]} has no fold id`);
      return f;
    });
    foldSource = 'table';
  } else {
    foldid = stratifiedFolds(ytr, options.folds ?? 10, foldSeed);
    foldSource = 'seeded';
  }
  const K = Math.max(...foldid);
  for (let k = 1; k <= K; k++)
    if (!foldid.includes(k)) throw new FitInputError(`fold ${k} of ${K} has no training rows`);
  if (Math.min(evTr, nTr - evTr) < K)
    throw new FitInputError(
      `${K}-fold cross-validation needs at least ${K} training patients per class (have ${nTr - evTr} with y=0, ${evTr} with y=1)`,
    );

  // --- the training pipeline (preprocessing, cv.glmnet, glm refit): the function the bootstrap reruns ---
  const model = trainModel(table, trainRows, foldid, {
    lambda: lambdaChoice,
    imputeNa: options.imputeNa,
    dropConstant: options.dropConstant,
    progress: options.progress,
  });
  const { preprocessing: pp, cv, glm, selectedIdx, selected } = model;
  const p = pp.kept.length;
  const L = cv.lambda.length;
  const coefAt = (l: number): Record<string, number> => {
    const out: Record<string, number> = { '(Intercept)': cv.path.a0[l] };
    for (let j = 0; j < p; j++) {
      const b = cv.path.beta[l * p + j];
      if (b !== 0) out[pp.kept[j]] = b;
    }
    return out;
  };
  const lUsed = model.lambdaIndex;

  // --- scores for every row ---
  const lp = (l: number, i: number) => {
    let s = cv.path.a0[l];
    for (let j = 0; j < p; j++) {
      const b = cv.path.beta[l * p + j];
      if (b !== 0) s += pp.z[j * n + i] * b;
    }
    return s;
  };
  const scores: ScoreRow[] = table.ids.map((id, i) => {
    const g = modelRadscore(model, i);
    return {
      id,
      split: split[i],
      y: y[i],
      radscore_lasso: lp(lUsed, i),
      radscore_lasso_1se: lp(cv.index1se, i),
      radscore: g,
      probability: plogis(g),
    };
  });
  const lassoMin = table.ids.map((_, i) => lp(cv.indexMin, i));
  const prob = scores.map((s) => s.probability);
  const pick = <T>(arr: T[], rows: number[]) => rows.map((i) => arr[i]);

  const train = splitMetrics(ytr, pick(prob, trainRows), pick(lassoMin, trainRows));
  let validation: SplitMetrics | null = null;
  let validationError: string | undefined;
  if (valRows.length > 0) {
    try {
      validation = splitMetrics(pick(y, valRows), pick(prob, valRows), pick(lassoMin, valRows));
    } catch (e) {
      validationError = errorMessage(e);
    }
  }

  // --- paired DeLong tests ---
  let singleFeature: string | null = null;
  let singleIdx = -1;
  let singleSign = 1;
  if (selected.length > 0) {
    let best = -1;
    for (let k = 1; k < glm.zValue.length; k++) {
      if (!Number.isNaN(glm.zValue[k]) && Math.abs(glm.zValue[k]) > best) {
        best = Math.abs(glm.zValue[k]);
        singleIdx = selectedIdx[k - 1];
        singleSign = Math.sign(glm.estimate[k]);
        singleFeature = selected[k - 1];
      }
    }
  }
  const sets: [string, number[]][] = [['train', trainRows]];
  if (valRows.length > 0) sets.push(['validation', valRows]);
  const glmVsSingle: Record<string, RocTestResult | { error: string }> = {};
  const minVs1se: Record<string, RocTestResult | { error: string }> = {};
  for (const [name, rows] of sets) {
    if (singleIdx >= 0) {
      glmVsSingle[name] = attempt(() =>
        delongPairedTest(
          pick(y, rows),
          pick(prob, rows),
          rows.map((i) => singleSign * pp.z[singleIdx * n + i]),
        ),
      );
    }
    minVs1se[name] = attempt(() =>
      delongPairedTest(
        pick(y, rows),
        pick(lassoMin, rows),
        rows.map((i) => scores[i].radscore_lasso_1se),
      ),
    );
  }

  // --- Table 1 on raw training values ---
  const t1cols = Array.from(new Set([...table.features.slice(0, 5), ...selected.slice(0, 3)]));
  const table1: Record<string, Table1Column> = {};
  for (const c of t1cols) {
    const col = table.columns[table.features.indexOf(c)];
    table1[c] = table1Column(pick(Array.from(col), trainRows), ytr);
  }

  const byName = (vals: number[]): Record<string, number | null> =>
    Object.fromEntries(glm.names.map((nm, k) => [nm, glm.aliased.includes(nm) ? null : vals[k]]));
  const doc: FitDocument = {
    model_id: null,
    software: { version: options.softwareVersion ?? MODELING_VERSION },
    options: {
      split_seed: splitSeed,
      train_fraction: trainFraction,
      folds: K,
      fold_seed: foldSeed,
      lambda: lambdaChoice,
    },
    features_in: [...table.features],
    n: {
      total: n,
      train: nTr,
      validation: valRows.length,
      events_train: evTr,
      events_validation: countEvents(pick(y, valRows)),
    },
    split: {
      source: table.split ? 'table' : 'seeded',
      by_id: Object.fromEntries(table.ids.map((id, i) => [id, split[i]])),
    },
    folds: {
      source: foldSource,
      K,
      by_id: Object.fromEntries(trainRows.map((i, a) => [table.ids[i], foldid[a]])),
    },
    preprocessing: pp.stats,
    lasso: {
      lambda: Array.from(cv.lambda),
      cvm: Array.from(cv.cvm),
      cvsd: Array.from(cv.cvsd),
      nzero: Array.from(cv.path.df),
      lambda_min: cv.lambdaMin,
      lambda_1se: cv.lambda1se,
      index_min: cv.indexMin + 1,
      index_1se: cv.index1se + 1,
      lambda_used: cv.lambda[lUsed],
      coef_min: coefAt(cv.indexMin),
      coef_1se: coefAt(cv.index1se),
      fold_sizes: cv.foldSizes,
      dev_ratio: Array.from(cv.path.devRatio),
      nulldev: cv.path.nulldev,
      npasses: cv.path.npasses,
      lambda_min_ratio: nTr < p ? 0.01 : 1e-4,
      path: {
        a0: Array.from(cv.path.a0),
        beta: Array.from({ length: L }, (_, l) => {
          const o: Record<string, number> = {};
          for (let j = 0; j < p; j++)
            if (cv.path.beta[l * p + j] !== 0) o[pp.kept[j]] = cv.path.beta[l * p + j];
          return o;
        }),
      },
      warnings: cv.warnings,
    },
    selected,
    glm: {
      coef: byName(glm.estimate),
      se: byName(glm.stdError),
      z: byName(glm.zValue),
      p: byName(glm.pValue),
      aliased: glm.aliased,
      rank: glm.rank,
      deviance: glm.deviance,
      null_deviance: glm.nullDeviance,
      aic: glm.aic,
      iterations: glm.iterations,
      converged: glm.converged,
      warnings: glm.warnings,
    },
    train,
    validation,
    roc_test: {
      single_feature: singleFeature,
      glm_vs_single_feature: glmVsSingle,
      lasso_min_vs_lasso_1se: minVs1se,
    },
    table1,
    scores,
  };
  if (validationError) doc.validation_error = validationError;
  if (clinical) doc.clinical_table1 = clinical;
  return doc;
}

export interface CasePrediction {
  /** glm linear predictor (the Rad-score). */
  radscore: number;
  probability: number;
  /** LASSO linear predictor at the λ the model used. */
  radscore_lasso: number;
}

/**
 * Applies a fit document to one new case's raw feature values (name → value): the stored preprocessing
 * (NA → training median when the model imputed, outliers beyond m1 ± 3·s1 → median, z-score), then the
 * glm refit and the LASSO coefficients. Throws when a feature the model needs is missing and imputation was off.
 */
export function predictCase(doc: FitDocument, raw: Record<string, number>): CasePrediction {
  const st = doc.preprocessing;
  const zOf = (name: string): number => {
    const j = st.features.indexOf(name);
    if (j < 0) throw new FitInputError(`feature "${name}" is not part of the model`);
    let x = raw[name];
    if (x === undefined || Number.isNaN(x)) {
      if (!st.impute_na) throw new FitInputError(`feature "${name}" is missing`);
      x = st.median[j];
    }
    if (x < st.lower[j] || x > st.upper[j]) x = st.median[j];
    return (x - st.clean_mean[j]) / st.clean_sd[j];
  };
  let g = doc.glm.coef['(Intercept)'] ?? NaN;
  for (const name of doc.selected) {
    const b = doc.glm.coef[name];
    if (b !== null && b !== undefined) g += zOf(name) * b; // null: aliased, left out as predict.glm does
  }
  const coefs = doc.options.lambda === '1se' ? doc.lasso.coef_1se : doc.lasso.coef_min;
  let l = coefs['(Intercept)'];
  for (const [name, b] of Object.entries(coefs)) if (name !== '(Intercept)') l += zOf(name) * b;
  return { radscore: g, probability: plogis(g), radscore_lasso: l };
}
