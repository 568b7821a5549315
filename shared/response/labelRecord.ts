/**
 * The parts of the API contract that describe a response label as the server checks and stores it
 * (shared/api/labels.ts composes them into `labels.assess` and `LabelDetail`): how the label was set, the
 * measurements it was computed from, the rule that decided, every follow-up's response.
 */
import { z } from 'zod';
import { ASSESSED_RESPONSES } from './outcome';
import { RESPONSE_DEFINITIONS, ResponseInputSchema } from './recist';

/** CR, PR, SD, PD or NE (not evaluable). */
export const AssessedResponseSchema = z.enum(ASSESSED_RESPONSES);

export const LabelSourceSchema = z.enum(['direct', 'csv', 'calculator']);

export const LabelRuleSchema = z.object({
  /** Rule id (shared/response/recist.ts RuleId), or "set-directly". */
  id: z.string(),
  /** The paragraph or Q&A item the rule comes from. */
  text: z.string(),
  /** The figures that decided, e.g. "follow-up 2: sum 80 mm, −20.0% from baseline 100 mm … → PR". */
  explanation: z.string(),
});

export const LabelHistoryEntrySchema = z.object({
  label: z.string(),
  date: z.string().nullable(),
  response: AssessedResponseSchema,
  rule: z.string(),
  explanation: z.string(),
});

/** Fields `labels.assess` takes besides patient, timepoint, response, assessor and the free `assessment`. */
export const labelAssessFields = {
  /**
   * The calculator's input. The server computes the response from it with the same calculator as the form;
   * a `response` that disagrees is refused (or replaced, see onMismatch). Null: the label is set directly.
   */
  measurements: ResponseInputSchema.nullable().default(null),
  /** When `response` disagrees with the measurements: refuse (default), or store the computed response and say so. */
  onMismatch: z.enum(['refuse', 'store-computed']).default('refuse'),
};

/** What a stored label says about how it was decided (LabelDetail). */
export const labelDetailFields = {
  source: LabelSourceSchema,
  criteria: z.enum(['recist', 'mrecist']).nullable(),
  definition: z.enum(RESPONSE_DEFINITIONS).nullable(),
  rule: LabelRuleSchema.nullable(),
  /** The calculator input the server computed the response from (calculator labels). */
  measurements: z.record(z.string(), z.unknown()).nullable(),
  /** Every follow-up's response (calculator labels): the patient's response history. */
  history: z.array(LabelHistoryEntrySchema).nullable(),
  /** Departures from RECIST 1.1 the reader accepted ("non-standard"); empty for a standard assessment. */
  nonStandard: z.array(z.string()),
  /** E.g. "PR was sent; the measurements give PD: PD stored". */
  note: z.string().nullable(),
};
