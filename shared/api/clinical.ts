/** Clinical variables (channels clinical.*; main/services/clinical.ts). */
import { z } from 'zod';
import { CsvImportInput, CsvImportResult, id } from './common';
import { nameProblem } from '../names';

export const clinicalChannels = {
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
  /**
   * Clinical CSV (`patient_id,<variables…>`): all rows or none; a value that would replace a stored one is a
   * conflict: listed, nothing applied unless `overwrite`.
   */
  'clinical.import': {
    input: CsvImportInput,
    output: CsvImportResult,
  },
} as const;
