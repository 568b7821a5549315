/**
 * The explicit override a "not for use" model needs before it is applied (models.predict allowNotForUse),
 * and the mark every prediction of such a model carries.
 */
export function ApplyOverride({
  mark,
  checked,
  onChange,
}: {
  mark: string | null;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  if (!mark) return null;
  return (
    <label className="apply-override">
      <input
        id="apply-override"
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />{' '}
      Apply anyway: this model is marked “{mark}”
    </label>
  );
}

/** The prediction table's row saying the model it came from is not for use. */
export function PredictionMarkRow({ mark }: { mark: string | null | undefined }) {
  if (!mark) return null;
  return (
    <tr className="prediction-not-for-use">
      <th>Model</th>
      <td>
        <strong role="alert">{mark}</strong>
      </td>
    </tr>
  );
}
