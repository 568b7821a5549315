/** The patient list and a patient's page (channels patients.list, patient.get; main/services/patients.ts). */
import { z } from 'zod';
import { AssessedResponse, id } from './common';
import { StudySummary } from './imaging';
import { ResponseLabel } from './labels';

export const PatientSummary = z.object({
  patientId: z.string(),
  patientName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  studies: z.number().int().nonnegative(),
  series: z.number().int().nonnegative(),
  rois: z.number().int().nonnegative(),
  /** The latest response label, if any. */
  response: AssessedResponse.nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const PatientDetail = z.object({
  patient: PatientSummary,
  studies: z.array(StudySummary),
  labels: z.array(ResponseLabel),
  clinical: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type PatientDetail = z.infer<typeof PatientDetail>;

export const patientChannels = {
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
} as const;
