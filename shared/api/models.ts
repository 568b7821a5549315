/** Model versions (channels models.*; DESIGN §4 fit/models/model/predict, §6 fit document; main/services/models.ts). */
import { z } from 'zod';
import { ChartFitSchema } from '../modeling/fitDocument';
import { empty, id, localPath } from './common';

export const ModelVersionSummary = z.object({
  modelId: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  softwareVersion: z.string(),
  featureSetId: z.number().int().nullable(),
  selected: z.array(z.string()),
  trainAuc: z.number().nullable(),
  validationAuc: z.number().nullable(),
  validationAucCi: z.array(z.number().nullable()).nullable(),
});
export type ModelVersionSummary = z.infer<typeof ModelVersionSummary>;

export const ModelVersionDetail = ModelVersionSummary.omit({
  trainAuc: true,
  validationAuc: true,
  validationAucCi: true,
}).extend({
  /** Split/CV/feature-set settings the version was fitted with. */
  settings: z.unknown(),
  /** The fit document (its chart view is checked; every other field passes through). */
  fit: ChartFitSchema,
});
export type ModelVersionDetail = z.infer<typeof ModelVersionDetail>;

export const FitProgress = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  label: z.string(),
});
export type FitProgress = z.infer<typeof FitProgress>;

const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const modelId = z.number().int().positive();

export const modelChannels = {
  /** Stored model versions, oldest first. */
  'models.list': {
    input: empty,
    output: z.array(ModelVersionSummary),
  },
  'models.get': {
    input: z.object({ modelId }).strict(),
    output: ModelVersionDetail,
  },
  /**
   * Fits the LASSO + logistic model on a stored feature set (default: the newest) and the current labels,
   * stores the version and returns it; progress is pushed as 'models.fit.progress' events.
   */
  'models.fit': {
    input: z
      .object({
        featureSetId: z.number().int().positive().nullable().default(null),
        splitSeed: seed.default(1),
        trainFraction: z
          .number()
          .gt(0)
          .lte(1)
          .default(96 / 142),
        folds: z.number().int().min(3).max(20).default(10),
        foldSeed: seed.default(1),
        lambda: z.enum(['min', '1se']).default('min'),
        name: z.string().max(200).default(''),
        /** Only ROIs with this name (default: the largest ROI of each patient). */
        roi: z.string().min(1).max(128).nullable().default(null),
        /** A handle the caller picks so that models.cancel can stop this fit (optional). */
        fitId: z.string().min(1).max(100).nullable().default(null),
      })
      .strict(),
    output: ModelVersionDetail,
  },
  /**
   * Stops running fits (the worker is terminated, nothing is stored; the models.fit call fails with
   * "cancelled"): the one started with `fitId`, or every running fit when fitId is null.
   */
  'models.cancel': {
    input: z.object({ fitId: z.string().min(1).max(100).nullable().default(null) }).strict(),
    output: z.object({ cancelled: z.number().int().nonnegative() }),
  },
  /** Rad-score and probability of an effective response for a patient in the database. */
  'models.predict': {
    input: z.object({ modelId, patientId: id }).strict(),
    output: z.object({
      modelId: z.number().int(),
      patientId: z.string(),
      roi: z.string(),
      radscore: z.number(),
      probability: z.number(),
      /** Values from the model's feature set, or computed now (patient imported after the extraction). */
      source: z.enum(['stored', 'computed']),
      /** Values the model's preprocessing replaced (outside the training range, missing): it extrapolates. */
      warnings: z.array(z.string()),
    }),
  },
  /** The self-contained HTML report of a model version. */
  'models.report': {
    input: z.object({ modelId }).strict(),
    output: z.string(),
  },
  /**
   * Rad-score of an image + mask outside the database, features computed with the model's feature-set
   * settings: image = DICOM folder, .nii/.nii.gz or .nrrd; mask = RTSTRUCT/SEG file, .nii/.nii.gz or .nrrd.
   */
  'models.predictImage': {
    input: z
      .object({
        modelId,
        image: localPath,
        mask: localPath,
        /** ROI name in an RTSTRUCT/SEG (default: its only or first ROI) or label value of a label image. */
        roi: z.string().min(1).max(128).nullable().default(null),
      })
      .strict(),
    output: z.object({
      modelId: z.number().int(),
      roi: z.string(),
      radscore: z.number(),
      probability: z.number(),
      /** The model's selected features as computed for this case (raw, before its preprocessing). */
      features: z.record(z.string(), z.number().nullable()),
      /** Values the model's preprocessing replaced (outside the training range, missing): it extrapolates. */
      warnings: z.array(z.string()),
    }),
  },
} as const;
