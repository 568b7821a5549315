/**
 * The fit document (DESIGN §6, §7): what fitPipeline writes, what a stored model version holds, what the
 * API returns for a version, and what the charts and the report read. One zod schema; the types are
 * inferred from it.
 *
 * Two views of the same blocks:
 * - FitDocumentSchema / FitDocument: the whole document as fitPipeline writes it (and `radscore fit`,
 *   `model`, `models` print it). Its key order is the pipeline's, so parsing a stored document and printing
 *   it again gives the same text.
 * - ChartFitSchema / ChartFit: the part every fit document has — ours, or one built from R's reference
 *   (shared/charts/referenceFit.ts): DESIGN §6's minimum, which the charts, the report and the Models screen
 *   need; every other field passes through.
 *
 * JSON has no NaN or ±∞: a statistic that is undefined for a fit (e.g. Hosmer–Lemeshow with one distinct
 * probability) is stored as null. Parsing reads it back as NaN, and pROC's Youden threshold at an end of the
 * curve as ±∞ (see reviveThresholds).
 *
 * A block only some documents have (DESIGN §7: clinical_table1, internal_validation, robustness,
 * harmonisation) is one line in OPTIONAL_BLOCKS: both views then carry it, typed.
 *
 * The fit and feature workers import only the types of this module, so zod stays out of their start-up.
 * Objects are loose (fields not named here pass through); the modelling module's row types are type
 * aliases, not interfaces, so that they fit them.
 */
import { z } from 'zod';
import type { InternalValidation } from './bootstrap';
import type { CalibrationGroup, HosmerLemeshow } from './calibration';
import type { ClinicalTable1 } from './clinicalTable1';
import type { PreprocessStats } from './preprocess';
import type { RocTestResult } from './roc';
import type { Table1Column } from './table1';
import type { ValProb } from './valprob';
import type { FitOutcome } from '../response/fitOutcome';

// ---------------------------------------------------------------------------------------------------------
// Leaves

/** Any number, NaN and ±∞ included (in memory a statistic that is undefined for a fit is NaN). */
const num = z.custom<number>((v) => typeof v === 'number', { error: 'must be a number' });
/** A statistic JSON may have stored as null (NaN, ±∞): read back as NaN. */
const stat = z
  .custom<number | null>((v) => v === null || typeof v === 'number', { error: 'must be a number' })
  .transform((v) => v ?? NaN);
const nums = z.array(num, { error: 'must be an array of numbers' });
const stats = z.array(stat, { error: 'must be an array of numbers' });
const names = z.array(z.string(), { error: 'must be an array of feature names' });
const pair = z.tuple([stat, stat]);
/** A coefficient (or its SE, z, p) per term; null for an aliased (collinear) term, R's NA. */
const terms = z.record(
  z.string(),
  z.custom<number | null>((v) => v === null || typeof v === 'number', { error: 'must be a number or null' }),
  { error: 'must be an object' },
);
const coefficients = z.record(z.string(), num, { error: 'must be an object' });
/** A record the modelling module describes in its own type, passed through as is. */
const passed = <T>() =>
  z.custom<T>((v) => typeof v === 'object' && v !== null, { error: 'must be an object' });
const obj = { error: 'must be an object' };

export const SplitLabelSchema = z.enum(['train', 'validation']);

// ---------------------------------------------------------------------------------------------------------
// Blocks, each in the order fitPipeline writes its fields

/** One decile group of the Hosmer–Lemeshow table (the calibration plot's rows). */
export const CalibrationRowSchema = z.looseObject({
  n: stat,
  observed_events: stat,
  expected_events: stat.optional(),
  mean_predicted: stat,
  observed_rate: stat,
  interval: z.string().optional(),
});
export type CalibrationRow = z.output<typeof CalibrationRowSchema>;

/** Decision-curve rows per split: net benefit of the model and of treating everyone, per threshold. */
export const NetBenefitRowSchema = z.looseObject({ threshold: stat, model: stat, treat_all: stat });
export type NetBenefitRow = z.output<typeof NetBenefitRowSchema>;

/** Train or validation figures of the glm probabilities (and the LASSO score's AUC): the chart view. */
const chartSplitMetrics = {
  n: num,
  events: num,
  auc: num,
  /** DeLong 95 % CI [lower, upper]. */
  auc_ci: nums,
  /**
   * Youden cut-off on the probability scale (pROC midpoint). ±Infinity when pROC's best point is one of its
   * end thresholds (an intercept-only model: all probabilities equal), NaN when unknown.
   */
  threshold: stat,
  sensitivity: num,
  specificity: num,
  hosmer_lemeshow_p: stat,
  brier: num,
  calibration: z.array(CalibrationRowSchema, { error: 'must be an array of decile rows' }),
  decision_curve: z.array(NetBenefitRowSchema).optional(),
  /** Why rms::val.prob is missing (every probability exactly 0 or 1, or one class left), when it is. */
  val_prob_error: z.string().optional(),
};
export const ChartSplitMetricsSchema = z.looseObject(chartSplitMetrics, obj);

export const SplitMetricsSchema = z.looseObject(
  {
    n: stat,
    events: stat,
    direction: z.enum(['<', '>']),
    auc: stat,
    auc_ci: pair,
    auc_var: stat,
    auc_direction_lt: stat,
    auc_ci_direction_lt: pair,
    threshold: stat,
    sensitivity: stat,
    specificity: stat,
    youden_ties: stat,
    hosmer_lemeshow_p: stat,
    hosmer_lemeshow: passed<Omit<HosmerLemeshow, 'groups'> & { error?: string }>(),
    brier: stat,
    calibration: z.array(passed<CalibrationGroup>()),
    lasso_auc: stat,
    lasso_auc_ci: pair,
    decision_curve: z.array(NetBenefitRowSchema),
    /**
     * rms::val.prob statistics (calibration intercept/slope, Emax/E90/Eavg, Spiegelhalter, …); null when R's
     * val.prob cannot compute them (every probability exactly 0 or 1, or one outcome class left).
     */
    val_prob: passed<ValProb>().nullable(),
    val_prob_error: z.string().optional(),
  },
  obj,
);

/** One case's scores: the LASSO and refitted-logistic linear predictors and the probability. */
export const ChartScoreRowSchema = z.looseObject({
  id: z.string(),
  split: z.string(),
  y: num,
  /** a0 + z·β with the LASSO coefficients at the chosen λ. */
  radscore_lasso: stat,
  radscore_lasso_1se: stat.optional(),
  /** The refitted logistic model's linear predictor (the Rad-score). */
  radscore: num,
  probability: num,
});

/**
 * glmnet's coefficient path on the λ sequence of `lasso.lambda`: `beta[k]` maps each feature that is
 * non-zero at λ_k to its coefficient (z scale); absent features are 0.
 */
export const CoefficientPathSchema = z.looseObject({
  a0: stats.optional(),
  beta: z.array(z.record(z.string(), num)),
});
export type CoefficientPath = z.output<typeof CoefficientPathSchema>;

export type RocTestEntry = RocTestResult | { error: string };
/** Paired DeLong tests per split (pROC roc.test). */
export const RocTestSchema = z.looseObject({
  single_feature: z.string().nullable(),
  glm_vs_single_feature: z.record(z.string(), passed<RocTestEntry>()),
  lasso_min_vs_lasso_1se: z.record(z.string(), passed<RocTestEntry>()),
});

/** Per-variable statistics by outcome (y0 = ineffective, y1 = effective), as R's table1 and fitPipeline write them. */
export type Table1Stats = Pick<Table1Column, 'n' | 'mean' | 'sd'> & {
  welch_t?: { p_value: number } | { error: string };
};

/** Blocks only some documents have (DESIGN §7): one line each, optional in both views. */
const OPTIONAL_BLOCKS = {
  /** Why the validation metrics are missing, when they are. */
  validation_error: z.string().optional(),
  /** The clinical variables compared by outcome and by split, when the table has any (clinicalTable1.ts). */
  clinical_table1: passed<ClinicalTable1>().optional(),
  /** Harrell's optimism bootstrap of the training pipeline (`fit-table --bootstrap`; bootstrap.ts). */
  internal_validation: passed<InternalValidation>().optional(),
  /** Which label definitions the outcomes came from, and the NE patients left out (stored versions; fitOutcome.ts). */
  outcome: passed<FitOutcome>().optional(),
};

// ---------------------------------------------------------------------------------------------------------
// The chart view

const lambdaRule = z.enum(['min', '1se']);

export const ChartFitSchema = z
  .looseObject(
    {
      model_id: z.union([z.string(), z.number(), z.null()], { error: 'must be an id or null' }),
      /** Fit settings; `lambda` is the rule the selected features come from. */
      options: z
        .looseObject({
          split_seed: num.optional(),
          train_fraction: num.optional(),
          folds: num.optional(),
          fold_seed: num.optional(),
          lambda: lambdaRule.optional(),
        })
        .optional(),
      software: z.looseObject({ version: z.string() }).optional(),
      features_in: z.union([num, names]),
      preprocessing: z.looseObject(
        {
          dropped_features: names.optional(),
          dropped: names.optional(),
          outliers_replaced: z.union([num, z.object({ train: num, validation: num })]).optional(),
          total_outliers_train: num.optional(),
          total_outliers_validation: num.optional(),
          /** Statistics needed to apply the model to a new case (per feature). */
          features: names.optional(),
          median: stats.optional(),
          lower: stats.optional(),
          upper: stats.optional(),
          clean_mean: stats.optional(),
          clean_sd: stats.optional(),
        },
        obj,
      ),
      lasso: z.looseObject(
        {
          lambda: nums,
          cvm: nums,
          cvsd: nums,
          nzero: nums.optional(),
          lambda_min: num,
          lambda_1se: num,
          coef_min: coefficients,
          coef_1se: coefficients,
          path: CoefficientPathSchema.optional(),
          warnings: z.array(z.string()).optional(),
        },
        obj,
      ),
      selected: names,
      glm: z.looseObject(
        {
          coef: terms,
          se: terms,
          p: terms,
          aliased: names.optional(),
          converged: z.boolean().optional(),
          warnings: z.array(z.string()).optional(),
        },
        obj,
      ),
      train: ChartSplitMetricsSchema,
      validation: ChartSplitMetricsSchema.nullable(),
      roc_test: RocTestSchema.optional(),
      /** Training values by outcome for some features (fitPipeline: the first 5 and the first 3 selected). */
      table1: z.record(z.string(), passed<Table1Stats>()).optional(),
      scores: z.array(ChartScoreRowSchema, { error: 'must be an array of per-case scores' }),
      ...OPTIONAL_BLOCKS,
    },
    { error: 'must be an object' },
  )
  .transform(reviveThresholds);
export type ChartFit = z.output<typeof ChartFitSchema>;
export type ChartSplitMetrics = NonNullable<ChartFit['validation']>;
export type ChartScoreRow = ChartFit['scores'][number];

// ---------------------------------------------------------------------------------------------------------
// The whole document

export const FitDocumentSchema = z
  .looseObject(
    {
      model_id: z.number().int().nullable(),
      software: z.looseObject({ version: z.string() }),
      options: z.looseObject({
        split_seed: num,
        train_fraction: num,
        folds: num,
        fold_seed: num,
        lambda: lambdaRule,
      }),
      features_in: names,
      n: z.looseObject({
        total: num,
        train: num,
        validation: num,
        events_train: num,
        events_validation: num,
      }),
      split: z.looseObject({
        source: z.string(),
        by_id: z.record(z.string(), SplitLabelSchema),
      }),
      folds: z.looseObject({
        source: z.string(),
        K: num,
        by_id: z.record(z.string(), num),
      }),
      preprocessing: passed<PreprocessStats>(),
      lasso: z.looseObject({
        lambda: stats,
        cvm: stats,
        cvsd: stats,
        nzero: stats,
        lambda_min: stat,
        lambda_1se: stat,
        index_min: num,
        index_1se: num,
        lambda_used: stat,
        coef_min: coefficients,
        coef_1se: coefficients,
        fold_sizes: nums,
        dev_ratio: stats,
        nulldev: stat,
        npasses: num,
        lambda_min_ratio: num,
        path: z.looseObject({ a0: stats, beta: z.array(z.record(z.string(), num)) }),
        warnings: z.array(z.string()),
      }),
      selected: names,
      glm: z.looseObject({
        coef: terms,
        se: terms,
        z: terms,
        p: terms,
        /** Selected features R's pivoting QR found collinear with earlier terms (glm's `singularities`). */
        aliased: names,
        rank: num,
        deviance: stat,
        null_deviance: stat,
        aic: stat,
        iterations: num,
        converged: z.boolean(),
        warnings: z.array(z.string()),
      }),
      train: SplitMetricsSchema,
      validation: SplitMetricsSchema.nullable(),
      roc_test: RocTestSchema,
      table1: z.record(z.string(), passed<Table1Column>()),
      scores: z.array(
        z.object({
          id: z.string(),
          split: SplitLabelSchema,
          y: num,
          radscore_lasso: stat,
          radscore_lasso_1se: stat,
          radscore: stat,
          probability: stat,
        }),
      ),
      ...OPTIONAL_BLOCKS,
    },
    { error: 'must be an object' },
  )
  .transform(reviveThresholds);
export type FitDocument = z.output<typeof FitDocumentSchema>;
export type SplitMetrics = z.output<typeof SplitMetricsSchema>;
export type ScoreRow = FitDocument['scores'][number];

/**
 * pROC's Youden threshold is ±Inf when its best point is an end of the curve (an intercept-only model: all
 * probabilities equal). JSON stores it as null (read back as NaN); the operating point tells which end it was.
 */
function reviveThresholds<
  T extends {
    train: { threshold: number; sensitivity: number; specificity: number };
    validation: { threshold: number; sensitivity: number; specificity: number } | null;
  },
>(doc: T): T {
  for (const m of [doc.train, doc.validation]) {
    if (!m || !Number.isNaN(m.threshold)) continue;
    if (m.sensitivity === 1 && m.specificity === 0) m.threshold = -Infinity;
    else if (m.sensitivity === 0 && m.specificity === 1) m.threshold = Infinity;
  }
  return doc;
}

/** A zod error as one line: "fit document: lasso.cvm must be an array of numbers". */
export function describeFitIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length
    ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('')
    : '(root)';
  const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
  return `fit document: ${path} ${missing ? 'is missing' : issue.message}`;
}

/** Checks a (parsed JSON or in-memory) document against the chart view; throws naming the first bad field. */
export function parseChartFit(doc: unknown): ChartFit {
  const parsed = ChartFitSchema.safeParse(doc);
  if (!parsed.success) throw new Error(describeFitIssue(parsed.error));
  return parsed.data;
}

/** Checks a stored or computed document against the whole schema; throws naming the first bad field. */
export function parseFitDocument(doc: unknown): FitDocument {
  const parsed = FitDocumentSchema.safeParse(doc);
  if (!parsed.success) throw new Error(describeFitIssue(parsed.error));
  return parsed.data;
}
