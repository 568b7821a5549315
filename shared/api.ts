/**
 * The API contract between the renderer and the main process (DESIGN §1–2).
 *
 * Every channel has a zod schema for its input and its output. Both fronts (Electron IPC and the browser
 * host) validate input against these schemas before calling a service (main/services/handlers.ts), and the
 * renderer's client (renderer/api/client.ts) is typed by them. Binary channels (volumes, masks) return
 * `{ meta, data }` with a typed array; over HTTP they travel as one raw-bytes envelope (encodeBinary /
 * decodeBinary below), never as JSON numbers.
 *
 * Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod';
import { nameProblem } from './names';

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** A non-empty identifier (patient id, UID) with a sane length limit. */
const id = z.string().min(1, 'must not be empty').max(256);

/**
 * A file or folder the user picked: absolute (`/…`, `C:\…` or `\\server\share`), no `..` segment, no NUL.
 * Refusing traversal keeps a forged request from reaching outside what the path visibly names.
 */
const localPath = z
  .string()
  .min(1, 'a path must not be empty')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path must not contain a NUL character')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'a path must be absolute')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'a path must not contain ".." segments');

export const Geometry = z.object({
  size: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  spacing: vec3,
  origin: vec3,
  direction: z.array(z.number()).length(9),
});
export type Geometry = z.infer<typeof Geometry>;

export const ResponseCategory = z.enum(['CR', 'PR', 'SD', 'PD']);
export type ResponseCategory = z.infer<typeof ResponseCategory>;

export const RoiSource = z.enum(['drawn', 'RTSTRUCT', 'SEG']);

export const PatientSummary = z.object({
  patientId: z.string(),
  patientName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  studies: z.number().int().nonnegative(),
  series: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  /** The latest response label, if any. */
  response: ResponseCategory.nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const SeriesSummary = z.object({
  seriesUid: z.string(),
  seriesNumber: z.number(),
  description: z.string(),
  modality: z.string(),
  instances: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  size: Geometry.shape.size,
  spacing: vec3,
  warnings: z.array(z.string()),
});
export type SeriesSummary = z.infer<typeof SeriesSummary>;

export const StudySummary = z.object({
  studyUid: z.string(),
  studyDate: z.string(),
  description: z.string(),
  accessionNumber: z.string(),
  series: z.array(SeriesSummary),
});
export type StudySummary = z.infer<typeof StudySummary>;

export const ResponseLabel = z.object({
  response: ResponseCategory,
  timepoint: z.string(),
  assessor: z.string(),
  time: z.string(),
});
export type ResponseLabel = z.infer<typeof ResponseLabel>;

export const PatientDetail = z.object({
  patient: PatientSummary,
  studies: z.array(StudySummary),
  labels: z.array(ResponseLabel),
  clinical: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type PatientDetail = z.infer<typeof PatientDetail>;

export const RoiSummary = z.object({
  roiId: z.number().int(),
  seriesUid: z.string(),
  name: z.string(),
  source: RoiSource,
  author: z.string(),
  voxels: z.number().int().nonnegative(),
  /** Slice index range [kMin, kMax] holding the ROI on the series grid (null when empty). */
  sliceRange: z.tuple([z.number().int(), z.number().int()]).nullable(),
  /** ISO times of creation and of the last saved change (every change is in the audit log). */
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type RoiSummary = z.infer<typeof RoiSummary>;

export const SeriesDetail = z.object({
  patientId: z.string(),
  patientName: z.string(),
  studyUid: z.string(),
  series: SeriesSummary,
  geometry: Geometry,
  rois: z.array(RoiSummary),
});
export type SeriesDetail = z.infer<typeof SeriesDetail>;

export const ImportSummary = z.object({
  files: z.number().int().nonnegative(),
  patients: z.number().int().nonnegative(),
  studies: z.number().int().nonnegative(),
  series: z.number().int().nonnegative(),
  instances: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ series: z.string(), message: z.string() })),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportJob = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** Files handled so far / files found (0 / 0 while still listing). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** What it is working on now (a file or a phase name). */
  current: z.string(),
  result: ImportSummary.nullable(),
  error: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

// ---------------------------------------------------------------------------------------------------------
// Binary payloads

export const VolumeMeta = Geometry.extend({ seriesUid: z.string(), min: z.number(), max: z.number() });
export type VolumeMeta = z.infer<typeof VolumeMeta>;
export const MaskMeta = Geometry.extend({
  roiId: z.number().int(),
  name: z.string(),
  voxels: z.number().int(),
});
export type MaskMeta = z.infer<typeof MaskMeta>;

/**
 * A 0/1 mask as run lengths (alternating 0-runs and 1-runs, starting with 0s): compact enough for JSON and
 * IPC, so a drawn ROI can be saved without a binary request body. See encodeRuns / decodeRuns.
 */
export const RunLengthMask = z
  .object({
    encoding: z.literal('runs01'),
    runs: z.array(z.number().int().nonnegative()).max(50_000_000),
  })
  .strict();
export type RunLengthMask = z.infer<typeof RunLengthMask>;

const float32Array = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');
const uint8Array = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

// ---------------------------------------------------------------------------------------------------------
// Model versions (DESIGN §4 fit/models/model/predict, §6 fit document)

/**
 * A stored fit document (DESIGN §6). Checked on the fields the Models screen relies on; every other field
 * passes through unchanged (the document is large and owned by the modelling pipeline).
 */
export const FitDocumentSchema = z.looseObject({
  model_id: z.number().int().nullable(),
  features_in: z.array(z.string()),
  selected: z.array(z.string()),
  train: z.looseObject({ n: z.number(), events: z.number(), auc: z.number().nullable() }),
  validation: z.looseObject({ n: z.number(), events: z.number(), auc: z.number().nullable() }).nullable(),
  scores: z.array(
    z.looseObject({
      id: z.string(),
      split: z.string(),
      y: z.number(),
      radscore: z.number(),
      probability: z.number(),
    }),
  ),
});
export type FitDocumentJson = z.infer<typeof FitDocumentSchema>;

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
  fit: FitDocumentSchema,
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

// ---------------------------------------------------------------------------------------------------------
// Worklist, patient page, response labelling, extraction (main/services/worklist.ts)

export const StepStatus = z.enum(['done', 'partial', 'missing']);
export const WorklistRow = z.object({
  patientId: z.string(),
  name: z.string(),
  studies: z.number().int().nonnegative(),
  series: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  roisWithFeatures: z.number().int().nonnegative(),
  /** The latest label (any timepoint) and its binary outcome (1 = effective, CR/PR). */
  response: ResponseCategory.nullable(),
  timepoint: z.string().nullable(),
  outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
  status: z.object({ images: StepStatus, contour: StepStatus, label: StepStatus, features: StepStatus }),
});
export type WorklistRow = z.infer<typeof WorklistRow>;

export const LabelDetail = z.object({
  timepoint: z.string(),
  response: ResponseCategory,
  outcome: z.union([z.literal(0), z.literal(1)]),
  assessor: z.string(),
  time: z.string(),
  /** The RECIST / mRECIST calculator's inputs and figures when the label was set through it. */
  assessment: z.record(z.string(), z.unknown()).nullable(),
  /** Plain lesion diameters from a label CSV. */
  diameters: z.array(z.number()).nullable(),
});
export type LabelDetail = z.infer<typeof LabelDetail>;

/** One audited change as shown to the user: what, old → new, who, when. */
export const AuditRow = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  what: z.string(),
  from: z.string(),
  to: z.string(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const CsvImportResult = z.object({
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type CsvImportResult = z.infer<typeof CsvImportResult>;

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
});
export type FeatureSetSummary = z.infer<typeof FeatureSetSummary>;

/** A CSV file's text as picked in the UI (the renderer reads the file; no path crosses the boundary). */
const csvText = z.string().max(20_000_000);

// ---------------------------------------------------------------------------------------------------------
// Channels

const empty = z.object({}).strict();

/** What an extraction runs with (profile, preset, a settings file, the ROI name), for plan and start alike. */
const extractionChoices = {
  profile: z.string().min(1).max(64).nullable().default(null),
  preset: z.string().min(1).max(64).nullable().default(null),
  settingsFile: localPath.nullable().default(null),
  roi: z.string().min(1).max(128).nullable().default(null),
};

export const channels = {
  /** Version and database in use. */
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), db: z.string(), host: z.enum(['electron', 'browser']) }),
  },
  /** Patients, paged and optionally filtered by id/name substring. */
  'patients.list': {
    input: z
      .object({
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(500).default(50),
        search: z.string().max(200).default(''),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), items: z.array(PatientSummary) }),
  },
  'patient.get': {
    input: z.object({ patientId: id }).strict(),
    output: PatientDetail,
  },
  'series.get': {
    input: z.object({ seriesUid: id }).strict(),
    output: SeriesDetail,
  },
  /** The decoded series (float32, rescale applied) on its grid. Binary. */
  'series.volume': {
    input: z.object({ seriesUid: id }).strict(),
    output: z.object({ meta: VolumeMeta, data: float32Array }),
  },
  'roi.list': {
    input: z.object({ seriesUid: id }).strict(),
    output: z.array(RoiSummary),
  },
  /** One ROI as a 0/1 mask on its series grid. Binary. */
  'roi.mask': {
    input: z.object({ roiId: z.number().int().nonnegative() }).strict(),
    output: z.object({ meta: MaskMeta, data: uint8Array }),
  },
  /** Saves a drawn or edited ROI on a series: a new one (roiId null) or replaces the mask/name of `roiId`. */
  'roi.save': {
    input: z
      .object({
        seriesUid: id,
        roiId: z.number().int().nonnegative().nullable().default(null),
        name: z.string().trim().min(1, 'a ROI needs a name').max(128),
        author: z.string().max(200).default(''),
        mask: RunLengthMask,
      })
      .strict(),
    output: RoiSummary,
  },
  /** Deletes a ROI; `author` (the reader) is recorded as the actor in the audit log. */
  'roi.delete': {
    input: z
      .object({ roiId: z.number().int().nonnegative(), author: z.string().max(200).default('') })
      .strict(),
    output: z.object({ roiId: z.number().int() }),
  },
  /** Writes one ROI as a DICOM SEG or RTSTRUCT referencing its series (optionally de-identified) to `out`. */
  'roi.export': {
    input: z
      .object({
        roiId: z.number().int().nonnegative(),
        format: z.enum(['SEG', 'RTSTRUCT']),
        out: localPath,
        deidentify: z.boolean().default(false),
        /** Replace an existing file (the user confirmed it); the open database is refused regardless. */
        overwrite: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      out: z.string(),
      format: z.enum(['SEG', 'RTSTRUCT']),
      roiId: z.number().int(),
      roi: z.string(),
      seriesUid: z.string(),
      voxels: z.number().int().nonnegative(),
      sopInstanceUid: z.string(),
      deidentified: z.boolean(),
    }),
  },
  /** Starts importing folders/files in the background; follow it with import.status or 'import.progress' events. */
  'import.start': {
    input: z.object({ paths: z.array(localPath).min(1, 'give at least one path') }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  'import.status': {
    input: z.object({ jobId: id }).strict(),
    output: ImportJob,
  },
  /** Asks a running import to stop after the series or ROI file it is storing (each is its own transaction). */
  'import.cancel': {
    input: z.object({ jobId: id }).strict(),
    output: ImportJob,
  },
  /** Sets a patient's response label (appended to the audit log). */
  'labels.set': {
    input: z
      .object({
        patientId: id,
        response: ResponseCategory,
        timepoint: z.string().max(100).default('post-treatment'),
        assessor: z.string().max(200).default(''),
      })
      .strict(),
    output: z.object({ patientId: z.string(), labels: z.array(ResponseLabel) }),
  },
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
  /** The worklist: patients with per-step status, filtered and paged in the database. */
  'worklist.list': {
    input: z
      .object({
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(500).default(50),
        search: z.string().max(200).default(''),
        status: z
          .enum(['any', 'needs-images', 'needs-contour', 'needs-label', 'needs-features', 'complete'])
          .default('any'),
        response: z
          .enum(['any', 'unlabelled', 'effective', 'non-effective', 'CR', 'PR', 'SD', 'PD'])
          .default('any'),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), items: z.array(WorklistRow) }),
  },
  /** Every label of a patient (one per timepoint) with the calculator's figures. */
  'patient.labels': {
    input: z.object({ patientId: id }).strict(),
    output: z.array(LabelDetail),
  },
  /** The patient's audit trail (labels and clinical variables), oldest first. */
  'patient.audit': {
    input: z.object({ patientId: id }).strict(),
    output: z.array(AuditRow),
  },
  /** Sets a label at a timepoint, optionally with the RECIST / mRECIST calculator's record (audited). */
  'labels.assess': {
    input: z
      .object({
        patientId: id,
        timepoint: z.string().trim().min(1, 'a timepoint is needed').max(100),
        response: ResponseCategory,
        assessor: z.string().max(200).default(''),
        assessment: z.record(z.string(), z.unknown()).nullable().default(null),
      })
      .strict(),
    output: z.array(LabelDetail),
  },
  /** Label CSV (`patient_id,response[,timepoint,assessor]`): all rows or none, bad rows named by line. */
  'labels.import': {
    input: z.object({ csv: csvText }).strict(),
    output: CsvImportResult,
  },
  /** Sets one clinical variable of a patient (text; numbers stored as numbers, empty = missing), audited. */
  'clinical.set': {
    input: z
      .object({
        patientId: id,
        name: z
          .string()
          .trim()
          .min(1, 'a variable needs a name')
          .max(100)
          .refine((n) => !nameProblem(n), { message: nameProblem('__proto__') }),
        value: z.string().max(1000),
      })
      .strict(),
    output: z.object({
      patientId: z.string(),
      clinical: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    }),
  },
  /** Clinical CSV (`patient_id,<variables…>`): all rows or none. */
  'clinical.import': {
    input: z.object({ csv: csvText }).strict(),
    output: CsvImportResult,
  },
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
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
/** What a caller may pass (defaults still optional). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ChannelArgs<C extends Channel> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as Channel[];
export const binaryChannels: ReadonlySet<Channel> = new Set<Channel>(['series.volume', 'roi.mask']);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** Events pushed from main to the renderer (IPC 'radscore:event' or the host's Server-Sent Events). */
export const events = {
  'import.progress': ImportJob,
  'models.fit.progress': FitProgress,
  'extraction.progress': ExtractionJob,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
/** One pushed event; a union over event names, so `if (e.event === 'import.progress')` narrows the payload. */
export type ApiEvent<E extends EventName = EventName> = E extends EventName
  ? { event: E; payload: EventPayload<E> }
  : never;

/** The error shape both fronts return: a one-line message, and the zod issues for bad input. */
export interface ApiErrorBody {
  error: string;
  kind: 'bad-input' | 'not-found' | 'failed';
}

/** Turns a zod error into one line naming the offending field(s). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

// ---------------------------------------------------------------------------------------------------------
// The binary envelope: "RSB1" | uint32 LE meta length | meta JSON (UTF-8) | zero pad to 8 | raw array bytes.

const MAGIC = [0x52, 0x53, 0x42, 0x31]; // "RSB1"
export type BinaryDType = 'float32' | 'uint8';

export interface BinaryPayload<M = unknown> {
  meta: M;
  data: Float32Array | Uint8Array;
}

export function encodeBinary(payload: BinaryPayload): Uint8Array {
  const dtype: BinaryDType = payload.data instanceof Float32Array ? 'float32' : 'uint8';
  const metaBytes = new TextEncoder().encode(JSON.stringify({ dtype, meta: payload.meta }));
  const headerEnd = 8 + metaBytes.length;
  const dataStart = Math.ceil(headerEnd / 8) * 8; // keeps the Float32Array view aligned
  const out = new Uint8Array(dataStart + payload.data.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, metaBytes.length, true);
  out.set(metaBytes, 8);
  out.set(new Uint8Array(payload.data.buffer, payload.data.byteOffset, payload.data.byteLength), dataStart);
  return out;
}

export function decodeBinary(buffer: ArrayBuffer): BinaryPayload {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 8 || MAGIC.some((b, n) => bytes[n] !== b)) throw new Error('binary payload: bad magic');
  const metaLength = new DataView(buffer).getUint32(4, true);
  if (8 + metaLength > bytes.length) throw new Error('binary payload: truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + metaLength))) as {
    dtype: BinaryDType;
    meta: unknown;
  };
  const dataStart = Math.ceil((8 + metaLength) / 8) * 8;
  const raw = buffer.slice(dataStart);
  if (header.dtype === 'float32') {
    if (raw.byteLength % 4 !== 0) throw new Error('binary payload: float32 data not a multiple of 4 bytes');
    return { meta: header.meta, data: new Float32Array(raw) };
  }
  if (header.dtype === 'uint8') return { meta: header.meta, data: new Uint8Array(raw) };
  throw new Error(`binary payload: unknown dtype ${String(header.dtype)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Run-length masks

/** Encodes a 0/1 mask (any non-zero counts as 1) as alternating run lengths, starting with a 0-run. */
export function encodeRuns(data: Uint8Array): RunLengthMask {
  const runs: number[] = [];
  let current = 0;
  let length = 0;
  for (let n = 0; n < data.length; n++) {
    const v = data[n] ? 1 : 0;
    if (v === current) length++;
    else {
      runs.push(length);
      current = v;
      length = 1;
    }
  }
  runs.push(length);
  return { encoding: 'runs01', runs };
}

/** Decodes run lengths into a mask of exactly `voxels` values; throws when the runs do not add up. */
export function decodeRuns(mask: RunLengthMask, voxels: number): Uint8Array {
  let total = 0;
  for (const r of mask.runs) total += r;
  if (total !== voxels) throw new Error(`mask runs cover ${total} voxels but the series has ${voxels}`);
  const out = new Uint8Array(voxels);
  let at = 0;
  mask.runs.forEach((run, n) => {
    if (n % 2 === 1) out.fill(1, at, at + run);
    at += run;
  });
  return out;
}
