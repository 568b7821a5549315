/** ROIs: listing, masks, drawn-ROI save/delete, DICOM SEG/RTSTRUCT export (channels roi.*; main/services/rois.ts). */
import { z } from 'zod';
import { Geometry, id, localPath, uint8Array } from './common';

export const RoiSource = z.enum(['drawn', 'RTSTRUCT', 'SEG']);

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

export const roiChannels = {
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
} as const;
