import { describe, expect, it } from 'vitest';
import { LabelDrafts, type CalculatorDraft } from './drafts';

const draft = (baseline: string): CalculatorDraft => ({
  timepoints: 2,
  rows: [{ name: 'Lesion 1', node: false, values: [baseline, ''] }],
  meta: [],
  options: { definition: 'last-follow-up', nonStandard: false },
});

describe('LabelDrafts', () => {
  it('keeps the mode per patient and the calculator form per patient and mode', () => {
    const drafts = new LabelDrafts();
    expect(drafts.mode('P1')).toBeUndefined();
    drafts.setMode('P1', 'recist');
    drafts.setCalculator('P1', 'recist', draft('39.2'));
    drafts.setCalculator('P1', 'mrecist', draft('20'));
    drafts.setCalculator('P2', 'recist', draft('11'));
    expect(drafts.mode('P1')).toBe('recist');
    expect(drafts.mode('P2')).toBeUndefined();
    expect(drafts.calculator('P1', 'recist')?.rows[0].values[0]).toBe('39.2');
    expect(drafts.calculator('P1', 'mrecist')?.rows[0].values[0]).toBe('20');
    expect(drafts.calculator('P2', 'recist')?.rows[0].values[0]).toBe('11');
    expect(drafts.calculator('P2', 'mrecist')).toBeUndefined();
    drafts.setCalculator('P1', 'recist', draft('40'));
    expect(drafts.calculator('P1', 'recist')?.rows[0].values[0]).toBe('40');
  });
});
