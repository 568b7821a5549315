/** The worklist: patients with per-step status (channel worklist.list; main/services/worklist.ts). */
import { z } from 'zod';
import { AssessedResponse } from './common';

export const StepStatus = z.enum(['done', 'partial', 'missing']);
export const WorklistRow = z.object({
  patientId: z.string(),
  name: z.string(),
  studies: z.number().int().nonnegative(),
  series: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  roisWithFeatures: z.number().int().nonnegative(),
  /** The latest label (any timepoint) and its binary outcome (1 = effective, CR/PR; null for NE). */
  response: AssessedResponse.nullable(),
  timepoint: z.string().nullable(),
  outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
  status: z.object({ images: StepStatus, contour: StepStatus, label: StepStatus, features: StepStatus }),
  /** Why a series of the patient is refused for extraction ("series 3 (UID): slice 5 of 30 has no image …"). */
  unusable: z.array(z.string()),
});
export type WorklistRow = z.infer<typeof WorklistRow>;

export const worklistChannels = {
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
} as const;
