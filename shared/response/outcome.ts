/**
 * Treatment response categories (RECIST-style) and the study's binary outcome rule:
 * an "effective" response is CR (complete) or PR (partial); SD (stable) and PD (progressive) are not.
 * NE (not evaluable, RECIST 1.1 §4.4.2) is a response too, but it has no outcome: a patient whose label is
 * NE is left out of modelling, with the reason.
 */
export const RESPONSE_CATEGORIES = ['CR', 'PR', 'SD', 'PD'] as const;
export type ResponseCategory = (typeof RESPONSE_CATEGORIES)[number];

/** Every response a label can hold: the four categories and NE (not evaluable). */
export const ASSESSED_RESPONSES = [...RESPONSE_CATEGORIES, 'NE'] as const;
export type AssessedResponse = (typeof ASSESSED_RESPONSES)[number];

/** Parses a response label, case-insensitive and trimmed; null when it is not one of CR/PR/SD/PD. */
export function parseResponse(text: string): ResponseCategory | null {
  const t = text.trim().toUpperCase();
  return (RESPONSE_CATEGORIES as readonly string[]).includes(t) ? (t as ResponseCategory) : null;
}

/** True for CR and PR. */
export function isEffectiveResponse(r: ResponseCategory): boolean {
  return r === 'CR' || r === 'PR';
}

/** The modelling outcome y: 1 = effective (CR/PR), 0 = not effective (SD/PD). */
export function binaryOutcome(r: ResponseCategory): 0 | 1 {
  return isEffectiveResponse(r) ? 1 : 0;
}

/** The outcome of any label: 1 (CR/PR), 0 (SD/PD), or null for NE (not evaluable: no outcome). */
export function outcomeOf(r: AssessedResponse): 0 | 1 | null {
  return r === 'NE' ? null : binaryOutcome(r);
}
