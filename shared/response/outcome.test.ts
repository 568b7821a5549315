import { describe, expect, it } from 'vitest';
import { binaryOutcome, isEffectiveResponse, parseResponse } from './outcome';

describe('response outcome', () => {
  it('parses labels case-insensitively and rejects others', () => {
    expect(parseResponse(' cr ')).toBe('CR');
    expect(parseResponse('Pd')).toBe('PD');
    expect(parseResponse('partial')).toBeNull();
    expect(parseResponse('')).toBeNull();
  });
  it('effective = CR + PR', () => {
    expect(['CR', 'PR', 'SD', 'PD'].map((r) => binaryOutcome(parseResponse(r)!))).toEqual([1, 1, 0, 0]);
    expect(isEffectiveResponse('SD')).toBe(false);
  });
});
