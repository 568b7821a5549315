import { describe, expect, it } from 'vitest';
import { formatPersonName } from './personName';

describe('formatPersonName', () => {
  it.each([
    ['Demo^Patient001', 'Demo, Patient001'],
    ['MÜLLER^Jürgen', 'MÜLLER, Jürgen'],
    ['Adams^John Robert Quincy^^Rev.^B.A. M.Div.', 'Adams, Rev. John Robert Quincy, B.A. M.Div.'],
    [
      'Morrison-Jones^Susan^^^Ph.D., Chief Executive Officer',
      'Morrison-Jones, Susan, Ph.D., Chief Executive Officer',
    ],
    ['Wang^XiaoDong=王^小東=', 'Wang, XiaoDong'],
    ['STS_001', 'STS_001'],
    ['^Anonymous', 'Anonymous'],
    ['Doe^John^^', 'Doe, John'],
    ['', ''],
  ])('%s → %s', (raw, shown) => expect(formatPersonName(raw)).toBe(shown));
});
