/**
 * Applying a model version marked "not for use" (its fit did not converge, the selected features separate
 * the training outcomes, or its validation group has one outcome: shared/modeling/fitDiagnostics.ts) needs
 * an explicit override: `predict --allow-not-for-use`, `allowNotForUse` in models.predict /
 * models.predictImage, "Apply anyway" on the Models screen. Without it the prediction is refused, naming
 * the problems; with it, the prediction carries the mark.
 */
import { ModelInputError, type StoredModelVersion } from './models';

/** Applying the model without the override: nothing was computed. */
export class ModelNotForUseError extends ModelInputError {}

export interface ApplyOptions {
  /** Apply a version marked "not for use" anyway; the prediction carries the mark. */
  allowNotForUse?: boolean;
}

/** The version's mark (null for a usable one); throws ModelNotForUseError when it is marked and not allowed. */
export function checkModelUse(
  version: Pick<StoredModelVersion, 'model_id' | 'not_for_use' | 'diagnostics'>,
  opts: ApplyOptions = {},
): string | null {
  if (!version.not_for_use) return null;
  if (!opts.allowNotForUse)
    throw new ModelNotForUseError(
      `model ${version.model_id}: ${version.not_for_use}. ${version.diagnostics.problems.map((p) => p.message).join(' ')} ` +
        'Apply it anyway only with the explicit override (radscore predict --allow-not-for-use; "Apply anyway" on the Models screen).',
    );
  return version.not_for_use;
}
