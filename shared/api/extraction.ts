/**
 * Feature extraction runs and stored feature sets, and a patient's features as DICOM SR (channels
 * extraction.*, featureSets.*, sr.export; main/services/extractionJobs.ts, featureSets.ts).
 */
import { z } from 'zod';
import { empty, id, localPath } from './common';

export const ExtractionJob = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  profile: z.string(),
  preset: z.string().nullable(),
  /** Cases (ROIs) handled / to do in this run; current = patient of the last case handled. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  current: z.string(),
  featureSetId: z.number().int().nullable(),
  cases: z.number().int().nonnegative(),
  featuresPerCase: z.number().int().nonnegative(),
  failed: z.array(z.object({ patient_id: z.string(), roi: z.string(), reason: z.string() })),
  /** Cases computed and stored by this run. */
  computed: z.number().int().nonnegative(),
  /** Cases not stored because the ROI changed under them (mask saved: left to recompute; deleted: skipped). */
  discarded: z.array(
    z.object({ patient_id: z.string(), roi: z.string(), roi_id: z.number().int(), reason: z.string() }),
  ),
  seconds: z.number().nonnegative(),
  error: z.string().nullable(),
});
export type ExtractionJob = z.infer<typeof ExtractionJob>;

export const FeatureSetSummary = z.object({
  id: z.number().int(),
  profile: z.string(),
  settingsHash: z.string(),
  cases: z.number().int().nonnegative(),
  featuresPerCase: z.number().int().nonnegative(),
  /** ROIs whose extraction failed (and that have no values in the set). */
  failed: z.number().int().nonnegative(),
  createdAt: z.string(),
  /** The shipped preset its settings are (by content), or "none (custom settings)" / "none (profile defaults)". */
  preset: z.string(),
  presetDescription: z.string().nullable(),
  /** The extraction settings in words, one row per choice. */
  settings: z.array(z.object({ setting: z.string(), value: z.string() })),
});
export type FeatureSetSummary = z.infer<typeof FeatureSetSummary>;

/** What an extraction runs with (profile, preset, a settings file, the ROI name), for plan and start alike. */
const extractionChoices = {
  profile: z.string().min(1).max(64).nullable().default(null),
  preset: z.string().min(1).max(64).nullable().default(null),
  settingsFile: localPath.nullable().default(null),
  roi: z.string().min(1).max(128).nullable().default(null),
};

export const extractionChannels = {
  /** Profiles and presets (with each preset's settings as JSON text) for the extraction screen. */
  'extraction.options': {
    input: empty,
    output: z.object({
      profiles: z.array(z.string()),
      presets: z.array(z.object({ name: z.string(), defaultProfile: z.string(), settings: z.string() })),
    }),
  },
  /**
   * What 'extraction.start' with the same choices would do, without doing it: the ROIs in scope, how many
   * already have values for these settings (they are kept, not recomputed) and how many would be computed.
   * Reads and checks the settings file, so a bad file is reported before anything runs.
   */
  'extraction.plan': {
    input: z.object(extractionChoices).strict(),
    output: z.object({
      profile: z.string(),
      rois: z.number().int().nonnegative(),
      stored: z.number().int().nonnegative(),
      toCompute: z.number().int().nonnegative(),
      /** The feature set these settings map to, null until a first run creates it. */
      featureSetId: z.number().int().nullable(),
      /** The effective settings' own description (preset or file), null when they have none. */
      description: z.string().nullable(),
      /** Every ROI name in the database (to correct a name that matches none). */
      roiNames: z.array(z.string()),
      /** Series holding ROIs in scope that extraction refuses (a slice without an image, unusable files). */
      unusable: z.array(
        z.object({
          seriesUid: z.string(),
          patientId: z.string(),
          rois: z.number().int().nonnegative(),
          reasons: z.array(z.string()),
        }),
      ),
    }),
  },
  /** Starts extracting every ROI without values for these settings; follow with 'extraction.progress' events. */
  'extraction.start': {
    input: z
      .object({ ...extractionChoices, workers: z.number().int().positive().max(64).nullable().default(null) })
      .strict(),
    output: z.object({ jobId: z.string() }),
  },
  'extraction.status': {
    input: z.object({ jobId: id }).strict(),
    output: ExtractionJob,
  },
  /** Stops a run between cases; cases already computed stay stored. */
  'extraction.cancel': {
    input: z.object({ jobId: id }).strict(),
    output: ExtractionJob,
  },
  /** The feature sets in the database. */
  'featureSets.list': {
    input: empty,
    output: z.array(FeatureSetSummary),
  },
  /**
   * A feature set as the wide CSV of `radscore export-features` (patient_id,series_uid,roi, one column per
   * feature); `deidentify`: study codes, remapped UIDs, scrubbed ROI names, as `--deidentify`.
   */
  'featureSets.csv': {
    input: z
      .object({ featureSetId: z.number().int().positive(), deidentify: z.boolean().default(false) })
      .strict(),
    output: z.object({
      featureSetId: z.number().int(),
      rows: z.number().int().nonnegative(),
      features: z.number().int().nonnegative(),
      deidentified: z.boolean(),
      csv: z.string(),
    }),
  },
  /**
   * A patient's features of one feature set as a DICOM SR (TID 1500) written to `out`, with the SEG it
   * references beside it (`radscore export-sr`); existing files are replaced only with `force`.
   */
  'sr.export': {
    input: z
      .object({
        featureSetId: z.number().int().positive(),
        patientId: z.string().min(1).max(64),
        out: localPath,
        deidentify: z.boolean().default(false),
        force: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      out: z.string(),
      seg: z.array(z.string()),
      patientId: z.string(),
      featureSetId: z.number().int(),
      rois: z.number().int().nonnegative(),
      features: z.number().int().nonnegative(),
      measurements: z.number().int().nonnegative(),
      sopInstanceUid: z.string(),
      deidentified: z.boolean(),
    }),
  },
} as const;
