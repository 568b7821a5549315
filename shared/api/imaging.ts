/** Series, decoded volumes and DICOM import (channels series.*, import.*; main/services/imaging.ts, import.ts). */
import { z } from 'zod';
import { float32Array, Geometry, id, localPath, vec3 } from './common';
import { RoiSummary } from './rois';

export const SeriesSummary = z.object({
  seriesUid: z.string(),
  seriesNumber: z.number(),
  description: z.string(),
  modality: z.string(),
  instances: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  size: Geometry.shape.size,
  spacing: vec3,
  /** Import warnings, and each reason the series is not usable for extraction ("Not usable for extraction: …"). */
  warnings: z.array(z.string()),
  /** Why the series is refused for extraction (a slice without an image, unusable files); empty when usable. */
  unusable: z.array(z.string()),
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

export const VolumeMeta = Geometry.extend({ seriesUid: z.string(), min: z.number(), max: z.number() });
export type VolumeMeta = z.infer<typeof VolumeMeta>;

export const imagingChannels = {
  'series.get': {
    input: z.object({ seriesUid: id }).strict(),
    output: SeriesDetail,
  },
  /** The decoded series (float32, rescale applied) on its grid. Binary. */
  'series.volume': {
    input: z.object({ seriesUid: id }).strict(),
    output: z.object({ meta: VolumeMeta, data: float32Array }),
  },
} as const;

export const importChannels = {
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
} as const;
