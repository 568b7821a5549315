/** Response labels (channels labels.*, patient.labels; main/services/labels.ts). */
import { z } from 'zod';
import { csvText, CsvImportResult, id, ResponseCategory } from './common';

export const ResponseLabel = z.object({
  response: ResponseCategory,
  timepoint: z.string(),
  assessor: z.string(),
  time: z.string(),
});
export type ResponseLabel = z.infer<typeof ResponseLabel>;

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

export const labelChannels = {
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
  'patient.labels': {
    input: z.object({ patientId: id }).strict(),
    output: z.array(LabelDetail),
  },
  /** The patient's audit trail (labels and clinical variables), oldest first. */
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
} as const;
