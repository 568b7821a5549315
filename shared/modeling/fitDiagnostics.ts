/**
 * Is a fitted model fit for use? The fit document's `diagnostics` block: the logistic refit's convergence,
 * separation of the training outcome by the selected features, and a validation group with both outcomes.
 * A model with any of these problems is marked "not for use" wherever it is listed, shown, reported or
 * applied (applying it needs an explicit override).
 *
 * - did not converge: glm's IRLS stopped at its iteration limit (25) without meeting
 *   |dev − dev_old|/(|dev| + 0.1) < 1e-8 (glm.ts);
 * - complete / quasi-complete separation: separation.ts on the training design (intercept + selected
 *   features, z scale). The maximum-likelihood coefficients do not exist: the estimates, SEs (often ~1e6)
 *   and p-values (≈ 1) are artefacts of where IRLS stopped, and the training AUC of 1 means nothing;
 * - one outcome class in validation: the validation group cannot measure discrimination or calibration.
 *
 * Documents stored before this block existed carry no design matrix; `diagnoseStoredFit` then infers
 * separation from the refit's own linear predictor on the training patients: if it puts every effective
 * patient strictly above every ineffective one, the refit's coefficients are a separating direction
 * (complete separation). Quasi-complete separation cannot be told from the document alone.
 */
import type { SeparationCheck, SeparationKind } from './separation';

export type DiagnosticCode =
  'not_converged' | 'complete_separation' | 'quasi_complete_separation' | 'validation_single_class';

export type DiagnosticProblem = {
  code: DiagnosticCode;
  /** Short, for lists and marks: "did not converge". */
  label: string;
  /** One sentence for the model page and the report. */
  message: string;
};

export type FitDiagnostics = {
  converged: boolean;
  iterations: number;
  separation: {
    kind: SeparationKind;
    /** How it was determined. */
    method: 'linear programme' | 'training linear predictor';
  } & Partial<Pick<SeparationCheck, 'find_objective' | 'margin'>>;
  /** Training patients whose fitted probability is numerically 0 or 1 (within 10·ε, glm.fit's test). */
  fitted_extreme: number;
  /** Largest standard error of a (non-aliased) refit coefficient. */
  max_se: number | null;
  /** Patients and events in validation (null without a validation group). */
  validation: { n: number; events: number } | null;
  not_for_use: boolean;
  problems: DiagnosticProblem[];
};

export interface DiagnosisInput {
  converged: boolean;
  iterations: number;
  /** Standard errors of the refit's coefficients (null / NaN for aliased terms). */
  se: (number | null)[];
  separation: FitDiagnostics['separation'];
  /** Fitted probabilities of the training patients. */
  trainProbabilities: number[];
  /** Outcomes of the validation patients (null or empty: no validation group). */
  validationY: number[] | null;
}

const EPS10 = 10 * 2.220446049250313e-16;

function problemsOf(d: Omit<FitDiagnostics, 'not_for_use' | 'problems'>): DiagnosticProblem[] {
  const out: DiagnosticProblem[] = [];
  if (!d.converged)
    out.push({
      code: 'not_converged',
      label: 'did not converge',
      message: `The logistic refit did not converge (${d.iterations} iterations): its coefficients, standard errors and p-values are not estimates.`,
    });
  if (d.separation.kind === 'complete')
    out.push({
      code: 'complete_separation',
      label: 'complete separation',
      message:
        'The selected features separate the training outcomes completely: the maximum-likelihood coefficients do not exist (they grow without bound), so the coefficients, standard errors, p-values and the training AUC of 1 are artefacts.',
    });
  else if (d.separation.kind === 'quasi-complete')
    out.push({
      code: 'quasi_complete_separation',
      label: 'quasi-complete separation',
      message:
        'The selected features separate the training outcomes except for ties on the boundary (quasi-complete separation): some maximum-likelihood coefficients do not exist, so the coefficients, standard errors and p-values are artefacts.',
    });
  if (d.validation && (d.validation.events === 0 || d.validation.events === d.validation.n))
    out.push({
      code: 'validation_single_class',
      label: 'validation group has one outcome',
      message: `All ${d.validation.n} validation patients are ${d.validation.events === 0 ? 'ineffective' : 'effective'}: the validation group cannot measure discrimination or calibration.`,
    });
  return out;
}

/** The diagnosis of a fit from its refit, its separation check and its groups. */
export function diagnoseFit(input: DiagnosisInput): FitDiagnostics {
  const ses = input.se.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  const base = {
    converged: input.converged,
    iterations: input.iterations,
    separation: input.separation,
    fitted_extreme: input.trainProbabilities.filter((p) => p > 1 - EPS10 || p < EPS10).length,
    max_se: ses.length ? Math.max(...ses) : null,
    validation:
      input.validationY && input.validationY.length
        ? { n: input.validationY.length, events: input.validationY.reduce((a, b) => a + b, 0) }
        : null,
  };
  const problems = problemsOf(base);
  return { ...base, not_for_use: problems.length > 0, problems };
}

/** "did not converge — not for use" (the first problem's label), or null for a usable model. */
export function notForUseMark(d: Pick<FitDiagnostics, 'problems'>): string | null {
  if (!d.problems.length) return null;
  return `${d.problems.map((p) => p.label).join(', ')} \u2014 not for use`;
}

/** What diagnoseStoredFit reads of a fit document (any stored version, old or new). */
export interface StoredFitLike {
  glm: { converged?: boolean; iterations?: number; se: Record<string, number | null> };
  scores: { split: string; y: number; radscore: number; probability: number }[];
  validation: { n: number; events: number } | null;
  diagnostics?: FitDiagnostics;
}

/**
 * The document's own `diagnostics` when it has them; otherwise the diagnosis from what every stored
 * document holds (separation from the training linear predictor, see the module comment).
 */
export function diagnoseStoredFit(doc: StoredFitLike): FitDiagnostics {
  if (doc.diagnostics) return doc.diagnostics;
  const train = doc.scores.filter((s) => s.split === 'train');
  let maxControl = -Infinity;
  let minCase = Infinity;
  for (const s of train) {
    if (s.y === 1) minCase = Math.min(minCase, s.radscore);
    else maxControl = Math.max(maxControl, s.radscore);
  }
  const separated =
    train.length > 0 && Number.isFinite(minCase) && Number.isFinite(maxControl) && minCase > maxControl;
  const validation = doc.scores.filter((s) => s.split === 'validation');
  return diagnoseFit({
    converged: doc.glm.converged ?? true,
    iterations: doc.glm.iterations ?? NaN,
    se: Object.values(doc.glm.se),
    separation: { kind: separated ? 'complete' : 'none', method: 'training linear predictor' },
    trainProbabilities: train.map((s) => s.probability),
    validationY: validation.length ? validation.map((s) => s.y) : null,
  });
}
