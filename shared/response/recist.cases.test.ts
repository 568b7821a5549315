/**
 * The published cases of recist.cases.ts through the calculator: every follow-up's category (the
 * response history), the label under the case's definition, the deciding rule, refusals with their
 * reason, non-standard departures, and explanations whose figures show the decision. Each case names the
 * RECIST 1.1 paragraph, working-group Q&A item or mRECIST text its expectation comes from.
 */
import { describe, expect, it } from 'vitest';
import { DIAMETER_TEXT_CASES, RECIST_CASES } from './recist.cases';
import { assessResponse, parseDiameterText, RecistInputError } from './recist';

describe('RECIST 1.1 / mRECIST published cases', () => {
  it('has at least 40 cases, each citing its source, covering issue items 2–8', () => {
    expect(RECIST_CASES.length).toBeGreaterThanOrEqual(40);
    for (const c of RECIST_CASES) expect(c.source.length, c.name).toBeGreaterThan(10);
    expect(new Set(RECIST_CASES.map((c) => c.item))).toEqual(new Set([2, 3, 4, 5, 6, 7, 8]));
  });

  it.each(RECIST_CASES.map((c) => [`[${c.item}] ${c.name} — ${c.source}`, c] as const))('%s', (_name, c) => {
    if (c.refused) {
      expect(() => assessResponse(c.input)).toThrow(RecistInputError);
      expect(() => assessResponse(c.input)).toThrow(c.refused);
      return;
    }
    const r = assessResponse(c.input);
    if (c.history) expect(r.timepoints.map((t) => t.category)).toEqual(c.history);
    const label = r.decision;
    expect(label.response).toBe(c.response ?? c.history?.[c.history.length - 1]);
    expect(label.outcome).toBe(
      label.response === 'NE' ? null : label.response === 'CR' || label.response === 'PR' ? 1 : 0,
    );
    if (c.rule) expect(label.rule).toBe(c.rule);
    if (c.nonStandard !== undefined) expect(r.nonStandard).toHaveLength(c.nonStandard);
    for (const text of c.explanationHas ?? []) expect(label.explanation).toContain(text);
    for (const text of c.explanationLacks ?? []) expect(label.explanation).not.toContain(text);
    // Every time point names its rule and where it comes from.
    for (const t of r.timepoints) expect(t.ruleText).toMatch(/RECIST|mRECIST|Q&A/);
  });
});

describe('diameters as typed', () => {
  it.each(DIAMETER_TEXT_CASES.map((c) => [JSON.stringify(c.text), c] as const))('%s', (_t, c) => {
    const v = parseDiameterText(c.text);
    if (c.refused) {
      expect(typeof v).toBe('string');
      expect(v as string).toMatch(c.refused);
    } else expect(v).toBe(c.value);
  });
});
