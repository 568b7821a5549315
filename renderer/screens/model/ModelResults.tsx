/** The results of one fit: performance table, selected features and formula, and every chart. */
import type { ReactNode } from 'react';
import { fitWarnings, table1Rows, type ChartFit, type Table1Row } from '../../../shared/charts/fit';
import { modelCharts } from '../../../shared/charts/index';
import { chosenLambdaRule } from '../../../shared/charts/lasso';
import {
  exact,
  performanceCellParts,
  performanceRows,
  PERFORMANCE_HEADERS,
  radscoreFormula,
} from '../../../shared/charts/summary';
import { formatP } from '../../../shared/charts/theme';
import { readFitOutcome } from '../../../shared/response/fitOutcome';
import {
  lassoModelLabel,
  REFIT_MODEL_LABEL,
  signFlipNote,
  signFlips,
} from '../../../shared/charts/coefficients';
import { ChartView } from './ChartView';
import { ClassificationTable } from './ClassificationTable';

export interface ModelResultsProps {
  fit: ChartFit;
  doc?: Document;
  onExportReport?: () => void;
  /** Saves the performance figures as CSV (performanceCsv). */
  onExportCsv?: () => void;
  clinicalTable1?: Table1Row[] | null;
  clinicalTable1Error?: string | null;
}

/** A variable name that may break after each underscore (long A.K. names would otherwise widen the table). */
function breakable(name: string): ReactNode[] {
  return name.split(/(?<=_)/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

function Table1Table({ rows, label }: { rows: Table1Row[]; label: string }) {
  return (
    <div className="table-scroll">
      <table className="grid table1" aria-label={label}>
        <thead>
          <tr>
            <th>Variable</th>
            <th>Effective</th>
            <th>Ineffective</th>
            <th className="num">p</th>
            <th>Test</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.variable}>
              <td>
                <code>{breakable(r.variable)}</code>
              </td>
              <td>{r.effective}</td>
              <td>{r.ineffective}</td>
              <td className="num">{r.p === null ? '—' : formatP(r.p)}</td>
              <td>{r.test}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Table 1 as in the report: the training patients' clinical variables by outcome (test chosen per variable,
 * see shared/charts/table1.ts), then the radiomic features the fit document summarises.
 */
export function Table1Panel({
  fit,
  clinical,
  error,
}: {
  fit: ChartFit;
  clinical: Table1Row[] | null;
  error: string | null;
}) {
  const features = fit.table1 ? table1Rows(fit.table1) : [];
  return (
    <div className="panel table1-panel">
      <h2>Table 1: characteristics by outcome (training group)</h2>
      <h3>Clinical variables</h3>
      {error ? (
        <p className="error">Clinical variables not available: {error}</p>
      ) : clinical === null ? (
        <p className="muted small">Loading the clinical variables…</p>
      ) : clinical.length === 0 ? (
        <p className="muted small">No clinical variables were recorded for the training patients.</p>
      ) : (
        <>
          <p className="muted small">
            Continuous: mean ± SD, Welch t-test. Categorical: count (% of the outcome group) per level, χ²
            test (Yates' correction for two levels), or Fisher's exact test when an expected count is below 5.
          </p>
          <Table1Table rows={clinical} label="Table 1: clinical variables" />
        </>
      )}
      {features.length > 0 && (
        <>
          <h3>Radiomic features</h3>
          <p className="muted small">Mean ± SD of the raw training values by outcome.</p>
          <Table1Table rows={features} label="Table 1: radiomic features" />
        </>
      )}
    </div>
  );
}

export function PerformanceTable({ fit }: { fit: ChartFit }) {
  return (
    <div className="table-scroll">
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
              {performanceCellParts(r).map((c, i) => (
                <td key={i} className={i > 0 ? 'num' : undefined}>
                  {c.main}
                  {c.sub && <div className="muted small nowrap">{c.sub}</div>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SelectedFeatures({ fit }: { fit: ChartFit }) {
  const rule = chosenLambdaRule(fit);
  const lasso = rule === '1se' ? fit.lasso.coef_1se : fit.lasso.coef_min;
  const formula = radscoreFormula(fit);
  const flips = new Set(signFlips(fit));
  const flipNote = signFlipNote(fit);
  return (
    <div className="selected-features">
      <p className="muted small">
        {fit.selected.length} features at λ {rule} ={' '}
        {exact(rule === '1se' ? fit.lasso.lambda_1se : fit.lasso.lambda_min)}, refitted by logistic
        regression.
      </p>
      <pre className="formula" aria-label="Rad-score formula">
        {formula.text}
      </pre>
      <div className="table-scroll">
        <table className="grid" aria-label="Selected features">
          <thead>
            <tr>
              <th>Feature</th>
              <th
                className="num"
                title="The Rad-score formula's coefficient (per SD of the z-scored feature)"
              >
                {REFIT_MODEL_LABEL}: coefficient
              </th>
              <th className="num">SE</th>
              <th className="num">p</th>
              <th className="num" title="Feature selection only: shrunk towards 0, not the Rad-score's">
                {lassoModelLabel(fit)}: coefficient
              </th>
              <th>Sign</th>
            </tr>
          </thead>
          <tbody>
            {formula.terms.map((t) => (
              <tr key={t.feature}>
                <td>
                  <code>{breakable(t.feature)}</code>
                </td>
                <td className="num">{exact(t.coef)}</td>
                <td className="num">{exact(fit.glm.se[t.feature] ?? NaN)}</td>
                <td className="num">{formatP(fit.glm.p[t.feature] ?? NaN)}</td>
                <td className="num">{exact(lasso[t.feature] ?? 0)}</td>
                <td>{flips.has(t.feature) && <span className="sign-flip">⚠ sign flips</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {flipNote && (
        <p className="sign-flip small" role="note">
          {flipNote}
        </p>
      )}
    </div>
  );
}

/** Which label definition the outcomes came from, and the NE labels left out with their reasons. */
function OutcomeSource({ fit }: { fit: ChartFit }) {
  const outcome = readFitOutcome(fit);
  if (!outcome) return null;
  return (
    <div className="panel" data-testid="fit-outcome">
      <h2>Outcome</h2>
      <p className="small">
        {outcome.from
          .map((f) => `${f.definition} (${f.patients} patient${f.patients === 1 ? '' : 's'})`)
          .join('; ')}
        . {outcome.rule}.
      </p>
      {outcome.excluded.length > 0 && (
        <ul className="small" aria-label="Left out of the fit">
          {outcome.excluded.map((e) => (
            <li key={e.id}>
              Left out: {e.id} — {e.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ModelResults({
  fit,
  doc,
  onExportReport,
  onExportCsv,
  clinicalTable1 = null,
  clinicalTable1Error = null,
}: ModelResultsProps) {
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
          <div className="button-row">
            {onExportCsv && (
              <button type="button" className="small" onClick={onExportCsv}>
                CSV…
              </button>
            )}
            {onExportReport && (
              <button type="button" className="small" onClick={onExportReport}>
                HTML report…
              </button>
            )}
          </div>
        </div>
        <PerformanceTable fit={fit} />
        <ClassificationTable fit={fit} />
      </div>
      <OutcomeSource fit={fit} />
      <div className="panel">
        <h2>Selected features and Rad-score</h2>
        <SelectedFeatures fit={fit} />
      </div>
      <Table1Panel fit={fit} clinical={clinicalTable1} error={clinicalTable1Error} />
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
