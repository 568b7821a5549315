/** The results of one fit: performance table, selected features and formula, and every chart. */
import { fitWarnings, type ChartFit } from '../../../shared/charts/fit';
import { modelCharts } from '../../../shared/charts/index';
import { chosenLambdaRule } from '../../../shared/charts/lasso';
import { exact, performanceCells, performanceRows, PERFORMANCE_HEADERS, radscoreFormula } from '../../../shared/charts/summary';
import { formatP } from '../../../shared/charts/theme';
import { ChartView } from './ChartView';

export interface ModelResultsProps {
  fit: ChartFit;
  doc?: Document;
  onExportReport?: () => void;
}

export function PerformanceTable({ fit }: { fit: ChartFit }) {
  return (
    <table className="grid perf-table" aria-label="Performance">
      <thead>
        <tr>
          {PERFORMANCE_HEADERS.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {performanceRows(fit).map((r) => (
          <tr key={r.split}>
            {performanceCells(r).map((c, i) => (
              <td key={i} className={i > 0 ? 'num' : undefined}>
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SelectedFeatures({ fit }: { fit: ChartFit }) {
  const rule = chosenLambdaRule(fit);
  const lasso = rule === '1se' ? fit.lasso.coef_1se : fit.lasso.coef_min;
  const formula = radscoreFormula(fit);
  return (
    <div className="selected-features">
      <p className="muted small">
        {fit.selected.length} features at λ {rule} = {exact(rule === '1se' ? fit.lasso.lambda_1se : fit.lasso.lambda_min)}, refitted by logistic regression.
      </p>
      <pre className="formula" aria-label="Rad-score formula">
        {formula.text}
      </pre>
      <table className="grid" aria-label="Selected features">
        <thead>
          <tr>
            <th>Feature</th>
            <th className="num">Coefficient</th>
            <th className="num">SE</th>
            <th className="num">p</th>
            <th className="num">LASSO</th>
          </tr>
        </thead>
        <tbody>
          {formula.terms.map((t) => (
            <tr key={t.feature}>
              <td>
                <code>{t.feature}</code>
              </td>
              <td className="num">{exact(t.coef)}</td>
              <td className="num">{exact(fit.glm.se[t.feature] ?? NaN)}</td>
              <td className="num">{formatP(fit.glm.p[t.feature] ?? NaN)}</td>
              <td className="num">{exact(lasso[t.feature] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ModelResults({ fit, doc, onExportReport }: ModelResultsProps) {
  const name = `model-${String(fit.model_id ?? 'unsaved')}`;
  const warnings = fitWarnings(fit);
  return (
    <section className="model-results" aria-label="Model results">
      {warnings.length > 0 && (
        <div className="panel fit-warnings" role="alert">
          <h2>Warnings</h2>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="panel">
        <div className="panel-head">
          <h2>Performance</h2>
          {onExportReport && (
            <button type="button" className="small" onClick={onExportReport}>
              HTML report…
            </button>
          )}
        </div>
        <PerformanceTable fit={fit} />
      </div>
      <div className="panel">
        <h2>Selected features and Rad-score</h2>
        <SelectedFeatures fit={fit} />
      </div>
      <div className="chart-grid">
        {modelCharts(fit).map((spec) => (
          <div className="panel" key={spec.id}>
            <ChartView spec={spec} exportName={name} doc={doc} />
          </div>
        ))}
      </div>
    </section>
  );
}
