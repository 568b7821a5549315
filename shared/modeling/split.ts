/**
 * Seeded, stratified training/validation split and stratified K-fold assignment.
 *
 * PRNG: mulberry32 (32-bit state, Weyl increment 0x6D2B79F5), documented so that a seed reproduces the
 * same split in any implementation. Shuffles are Fisher–Yates from the last element down, drawing
 * j = floor(u·(i+1)) with u = next()/2³².
 *
 * Split: within each class (0 then 1) rows are shuffled; the first round(n_class·fraction) become
 * training rows (so 96 of 142 for fraction 96/142 when classes split evenly).
 * Folds (as the fixtures' generator): class-0 training rows in shuffled order get folds 1, 2, …, K, 1, 2, …;
 * class-1 rows continue the same cycle. Fold sizes differ by at most 1 and each fold mixes both classes.
 */

import { mulberry32 } from '../random';

export { mulberry32 };

function shuffle<T>(items: T[], next: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Default training fraction: the study's 96 of 142 patients. */
export const DEFAULT_TRAIN_FRACTION = 96 / 142;

export function stratifiedSplit(
  y: ArrayLike<number>,
  fraction: number,
  seed: number,
): ('train' | 'validation')[] {
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`train fraction must be in (0, 1], got ${fraction}`);
  const next = mulberry32(seed);
  const out: ('train' | 'validation')[] = Array.from({ length: y.length }, () => 'validation');
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) rows.push(i);
    const order = shuffle(rows, next);
    const nTrain = Math.round(rows.length * fraction);
    for (let k = 0; k < nTrain; k++) out[order[k]] = 'train';
  }
  return out;
}

/** Fold numbers 1..K for the given rows' outcomes (stratified, seeded). */
export function stratifiedFolds(y: ArrayLike<number>, K: number, seed: number): number[] {
  if (!Number.isInteger(K) || K < 3) throw new RangeError(`number of folds must be an integer ≥ 3, got ${K}`);
  const next = mulberry32(seed);
  const fold = new Array<number>(y.length).fill(0);
  let c = 0;
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) rows.push(i);
    for (const i of shuffle(rows, next)) fold[i] = (c++ % K) + 1;
  }
  return fold;
}
