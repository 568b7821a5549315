/** Response labels (channels labels.*, patient.labels; main/services/labels.ts). */
import { z } from 'zod';
import { labelAssessFields, labelDetailFields } from '../response/labelRecord';
import { AssessedResponse, CsvImportInput, CsvImportResult, id, ResponseCategory } from './common';

export const ResponseLabel = z.object({
  response: AssessedResponse,
  timepoint: z.string(),
  assessor: z.string(),
  time: z.string(),
});
export type ResponseLabel = z.infer<typeof ResponseLabel>;

export const LabelDetail = z.object({
  timepoint: z.string(),
  response: AssessedResponse,
  /** 1 = effective (CR/PR), 0 = SD/PD, null = NE (left out of modelling). */
  outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
  assessor: z.string(),
  time: z.string(),
  /** The RECIST / mRECIST calculator's inputs and figures when the label was set through it. */
  assessment: z.record(z.string(), z.unknown()).nullable(),
  /** Plain lesion diameters from a label CSV. */
  diameters: z.array(z.number()).nullable(),
  ...labelDetailFields,
});
export type LabelDetail = z.infer<typeof LabelDetail>;

export const labelChannels = {
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
  /** Every label of a patient (one per timepoint) with the calculator's figures. */
  'patient.labels': {
    input: z.object({ patientId: id }).strict(),
    output: z.array(LabelDetail),
  },
  /**
   * Sets a label at a timepoint (audited). With `measurements` the server computes the response with the
   * RECIST / mRECIST calculator and refuses a `response` that disagrees (or stores the computed one, see
   * onMismatch; null response = store the computed one); without, the label is recorded as set directly.
   */
  'labels.assess': {
    input: z
      .object({
        patientId: id,
        timepoint: z.string().trim().min(1, 'a timepoint is needed').max(100),
        response: AssessedResponse.nullable().default(null),
        assessor: z.string().max(200).default(''),
        /** Free record stored with the label (e.g. where diameters were measured); not a response. */
        assessment: z.record(z.string(), z.unknown()).nullable().default(null),
        ...labelAssessFields,
      })
      .strict(),
    output: z.array(LabelDetail),
  },
  /**
   * Label CSV (`patient_id,response[,timepoint,assessor]`): all rows or none, bad rows named by line; a row
   * that would replace a stored label differently is a conflict: listed, nothing applied unless `overwrite`.
   */
  'labels.import': {
    input: CsvImportInput,
    output: CsvImportResult,
  },
} as const;
