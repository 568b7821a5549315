/**
 * A model version marked "not for use" (its fit did not converge, the selected features separate the
 * training outcomes, or its validation group has one outcome: shared/modeling/fitDiagnostics.ts): the mark
 * in the version list and the banner on the model page.
 */
export interface DiagnosticProblem {
  code: string;
  label: string;
  message: string;
}

/** The short mark in a list row: "did not converge — not for use". */
export function NotForUseMark({ mark }: { mark: string | null }) {
  if (!mark) return null;
  return (
    <div className="not-for-use-mark" role="note" title="See the model page: applying it needs an override">
      {mark}
    </div>
  );
}

/** The model page's banner: the mark, each problem in a sentence, and what applying it takes. */
export function NotForUseBanner({
  modelId,
  mark,
  problems,
}: {
  modelId: number | string | null;
  mark: string | null;
  problems: DiagnosticProblem[];
}) {
  if (!mark) return null;
  return (
    <div className="panel not-for-use" role="alert" aria-label="Not for use">
      <h2>
        Model {String(modelId)}: {mark}
      </h2>
      <ul>
        {problems.map((p) => (
          <li key={p.code}>{p.message}</li>
        ))}
      </ul>
      <p className="small">
        Applying it to a patient needs “Apply anyway”, and the prediction carries this mark.
      </p>
    </div>
  );
}
