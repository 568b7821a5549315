/** The model screen's fit settings: defaults, validation, and the mapping to the `fit` options (DESIGN §4). */

export interface FitSettings {
  name: string;
  splitSeed: number;
  /** Share of labelled patients in the training group, (0, 1). */
  trainFraction: number;
  folds: number;
  foldSeed: number;
  lambda: 'min' | '1se';
}

/**
 * The source study's defaults: 96 of 142 patients for training (the split is always stratified by outcome),
 * 10-fold CV, λ min — the same as `radscore fit` without options.
 */
export const DEFAULT_FIT_SETTINGS: FitSettings = {
  name: '',
  splitSeed: 1,
  trainFraction: 96 / 142,
  folds: 10,
  foldSeed: 1,
  lambda: 'min',
};

export type FitSettingsErrors = Partial<Record<keyof FitSettings, string>>;

/** Field → message for every invalid field; empty when the settings can be submitted. */
export function validateFitSettings(s: FitSettings): FitSettingsErrors {
  const errors: FitSettingsErrors = {};
  const seed = (v: number) => Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;
  if (!seed(s.splitSeed)) errors.splitSeed = 'a whole number from 0 to 2147483647';
  if (!seed(s.foldSeed)) errors.foldSeed = 'a whole number from 0 to 2147483647';
  if (!(s.trainFraction > 0 && s.trainFraction < 1))
    errors.trainFraction = 'a fraction strictly between 0 and 1 (e.g. 0.7)';
  else if (s.trainFraction < 0.5)
    errors.trainFraction = 'at least 0.5: the LASSO needs most patients for training';
  if (!Number.isInteger(s.folds) || s.folds < 3 || s.folds > 20) errors.folds = 'a whole number from 3 to 20';
  if (s.lambda !== 'min' && s.lambda !== '1se') errors.lambda = 'λ min or λ 1se';
  if (s.name.length > 200) errors.name = 'at most 200 characters';
  return errors;
}

/** The CLI/API option names of the `fit` command. */
export function fitOptions(s: FitSettings): {
  name: string;
  split_seed: number;
  train_fraction: number;
  folds: number;
  fold_seed: number;
  lambda: 'min' | '1se';
} {
  return {
    name: s.name,
    split_seed: s.splitSeed,
    train_fraction: s.trainFraction,
    folds: s.folds,
    fold_seed: s.foldSeed,
    lambda: s.lambda,
  };
}
