/** Split, cross-validation and λ settings of a new fit. Controlled: value in, onChange/onSubmit out. */
import type { ReactNode } from 'react';
import { DEFAULT_FIT_SETTINGS, validateFitSettings, type FitSettings } from './settings';

/** The default split, the paper's 96 training patients of 142, kept exact but shown rounded (it is 0.676056…). */
const PAPER_TRAIN_FRACTION = DEFAULT_FIT_SETTINGS.trainFraction;
const PAPER_TRAIN_FRACTION_TEXT = '0.676';

export interface FitSettingsFormProps {
  value: FitSettings;
  onChange(next: FitSettings): void;
  onSubmit(settings: FitSettings): void;
  busy?: boolean;
  /** Labelled patients available (shown so the user can judge the split). */
  labelledPatients?: number | null;
}

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}

export function FitSettingsForm({
  value,
  onChange,
  onSubmit,
  busy = false,
  labelledPatients = null,
}: FitSettingsFormProps) {
  const errors = validateFitSettings(value);
  const valid = Object.keys(errors).length === 0;
  const set = <K extends keyof FitSettings>(key: K, v: FitSettings[K]) => onChange({ ...value, [key]: v });
  const num = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));
  const nTrain = labelledPatients !== null ? Math.round(labelledPatients * value.trainFraction) : null;
  return (
    <form
      className="fit-form"
      aria-label="Fit settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && !busy) onSubmit(value);
      }}
    >
      <fieldset>
        <legend>Training / validation split</legend>
        <Field id="fit-split-seed" label="Split seed" error={errors.splitSeed}>
          <input
            id="fit-split-seed"
            type="number"
            min={0}
            step={1}
            value={Number.isNaN(value.splitSeed) ? '' : value.splitSeed}
            onChange={(e) => set('splitSeed', num(e.target.value))}
          />
        </Field>
        <Field
          id="fit-train-fraction"
          label="Training fraction"
          error={errors.trainFraction}
          hint={
            nTrain !== null && labelledPatients !== null
              ? `≈ ${nTrain} training / ${labelledPatients - nTrain} validation of ${labelledPatients} (rounded per outcome)` +
                (value.trainFraction === PAPER_TRAIN_FRACTION ? '; the paper’s 96 of 142' : '')
              : undefined
          }
        >
          <input
            id="fit-train-fraction"
            type="number"
            min={0.5}
            max={0.95}
            step="any"
            value={
              Number.isNaN(value.trainFraction)
                ? ''
                : value.trainFraction === PAPER_TRAIN_FRACTION
                  ? PAPER_TRAIN_FRACTION_TEXT
                  : value.trainFraction
            }
            onChange={(e) => set('trainFraction', num(e.target.value))}
          />
        </Field>
        <p className="muted small">The split is stratified by outcome: both groups keep the event rate.</p>
      </fieldset>
      <fieldset>
        <legend>Cross-validation and λ</legend>
        <Field id="fit-folds" label="Folds" error={errors.folds}>
          <input
            id="fit-folds"
            type="number"
            min={3}
            max={20}
            step={1}
            value={Number.isNaN(value.folds) ? '' : value.folds}
            onChange={(e) => set('folds', num(e.target.value))}
          />
        </Field>
        <Field id="fit-fold-seed" label="Fold seed" error={errors.foldSeed}>
          <input
            id="fit-fold-seed"
            type="number"
            min={0}
            step={1}
            value={Number.isNaN(value.foldSeed) ? '' : value.foldSeed}
            onChange={(e) => set('foldSeed', num(e.target.value))}
          />
        </Field>
        <div className="field" role="radiogroup" aria-label="λ rule">
          <span className="field-label">λ rule</span>
          <label>
            <input
              type="radio"
              name="fit-lambda"
              checked={value.lambda === 'min'}
              onChange={() => set('lambda', 'min')}
            />{' '}
            λ min (lowest CV deviance)
          </label>
          <label>
            <input
              type="radio"
              name="fit-lambda"
              checked={value.lambda === '1se'}
              onChange={() => set('lambda', '1se')}
            />{' '}
            λ 1se (sparser)
          </label>
        </div>
      </fieldset>
      <div className="fit-submit">
        <Field id="fit-name" label="Version name" error={errors.name}>
          <input
            id="fit-name"
            type="text"
            placeholder="optional"
            value={value.name}
            onChange={(e) => set('name', e.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={!valid || busy}>
          {busy ? 'Fitting…' : 'Fit model'}
        </button>
      </div>
    </form>
  );
}
