/**
 * Where a model's outcome came from, as the fit document records it (`outcome` block, added by
 * main/services/models.ts) and the Models screen shows it: which label definition each modelled patient's
 * response used, and the labelled patients left out because their response is NE (not evaluable), with
 * the reason.
 */
import { z } from 'zod';
import { DEFINITION_TEXT, type ResponseCriteria, type ResponseDefinition } from './recist';

export const FitOutcomeSchema = z.object({
  rule: z.string(),
  /** Modelled patients per label kind, e.g. "RECIST 1.1, response at the last follow-up": 38. */
  from: z.array(z.object({ definition: z.string(), patients: z.number().int().nonnegative() })),
  /** Labelled patients not modelled (NE), with why. */
  excluded: z.array(z.object({ id: z.string(), response: z.string(), reason: z.string() })),
});
export type FitOutcome = z.infer<typeof FitOutcomeSchema>;

/** How a label's response was defined, in words: "RECIST 1.1 calculator, response at the last follow-up". */
export function labelDefinitionText(label: {
  source: 'direct' | 'csv' | 'calculator';
  criteria: ResponseCriteria | null;
  definition: ResponseDefinition | null;
}): string {
  if (label.source === 'csv') return 'label CSV (set directly)';
  if (label.source === 'direct' || !label.definition) return 'set directly';
  return `${label.criteria === 'mrecist' ? 'mRECIST' : 'RECIST 1.1'} calculator, ${DEFINITION_TEXT[label.definition]}`;
}

/** The fit document's outcome block, or null when the document has none (older versions) or it is malformed. */
export function readFitOutcome(doc: unknown): FitOutcome | null {
  if (!doc || typeof doc !== 'object') return null;
  const parsed = FitOutcomeSchema.safeParse((doc as { outcome?: unknown }).outcome);
  return parsed.success ? parsed.data : null;
}
