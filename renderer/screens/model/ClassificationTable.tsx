/**
 * Sensitivity, specificity, PPV, NPV and accuracy of each group at the TRAINING cut-off, each with the
 * counts it comes from and its Clopper–Pearson 95% CI; the validation group's own Youden point only as a
 * labelled secondary sentence (shared/charts/classification.ts).
 */
import {
  classificationTable,
  cutoffSentence,
  ownYoudenSentence,
} from '../../../shared/charts/classification';
import type { ChartFit } from '../../../shared/charts/fit';

export function ClassificationTable({ fit }: { fit: ChartFit }) {
  const t = classificationTable(fit);
  const own = ownYoudenSentence(fit);
  return (
    <div className="classification">
      <h3>Classification at the training cut-off</h3>
      <p className="small">{cutoffSentence(fit)}</p>
      <table className="grid" aria-label="Classification at the training cut-off">
        <thead>
          <tr>
            {t.headers.map((h, i) => (
              <th key={h} className={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r) => (
            <tr key={r.measure}>
              <th scope="row">{r.measure}</th>
              {r.cells.map((c, i) => (
                <td key={i} className="num">
                  {c.value}
                  <div className="muted small">95% CI {c.ci}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Each proportion with the counts it comes from (k/n) and its exact (Clopper–Pearson) 95% CI.
      </p>
      {own && (
        <p className="muted small" data-testid="own-youden">
          {own}
        </p>
      )}
    </div>
  );
}
