import { describe, expect, it } from 'vitest';
import { applyPreprocessing, type PreprocessStats } from './preprocess';

const stats = {
  features: ['a', 'b'],
  median: [10, 0.5],
  lower: [4, 0.1],
  upper: [16, 0.9],
  clean_mean: [10, 0.5],
  clean_sd: [2, 0.1],
  impute_na: true,
} as unknown as PreprocessStats;

const warningsOf = (raw: Record<string, number>, features: string[]) =>
  applyPreprocessing(stats, raw, features).warnings;

describe('applyPreprocessing warnings', () => {
  it('names each value the stored preprocessing replaced, and nothing else', () => {
    expect(warningsOf({ a: 12, b: 0.5 }, ['a', 'b'])).toEqual([]);
    expect(warningsOf({ a: 16, b: 0.1 }, ['a', 'b'])).toEqual([]); // the bounds are in range
    expect(warningsOf({ a: 25, b: 0.5 }, ['a', 'b'])).toEqual([
      'a = 25 is outside the training range used by the model (mean ± 3 SD: 4 to 16): the training median 10 was used, so this prediction extrapolates beyond the training data',
    ]);
    expect(warningsOf({ a: 12, b: Number.NaN }, ['a', 'b'])).toEqual([
      'b is missing: the training median 0.5 was used',
    ]);
    // The warning says what was done: the out-of-range value scores as the median.
    expect(applyPreprocessing(stats, { a: 25, b: 0.5 }, ['a', 'b']).z).toEqual(
      applyPreprocessing(stats, { a: 10, b: 0.5 }, ['a', 'b']).z,
    );
  });
});
