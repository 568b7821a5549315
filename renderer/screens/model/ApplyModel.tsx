/** Apply the selected model to one patient: Rad-score, probability, and where the patient falls on the validation ROC. */
import { useState } from 'react';
import { formatThreshold, noCutoffReason, type ChartFit } from '../../../shared/charts/fit';
import { patientOperatingPoint, patientRocChart } from '../../../shared/charts/roc';
import { radscoreCutoff } from '../../../shared/charts/waterfall';
import { fixed } from '../../../shared/charts/theme';
import { ApplyOverride, PredictionMarkRow } from './ApplyOverride';
import { ChartView } from './ChartView';

export interface Prediction {
  patientId: string;
  radscore: number;
  probability: number;
  /** Values the model's preprocessing replaced (outside the training range, missing): it extrapolates. */
  warnings?: string[];
  /** The model's "not for use" mark when it was applied anyway. */
  notForUse?: string | null;
}

export interface ApplyModelProps {
  fit: ChartFit;
  /** Patients the model can be applied to (with features for the model's feature set). */
  patients: string[];
  prediction: Prediction | null;
  /** `allowNotForUse`: the user ticked "Apply anyway" for a model marked not for use. */
  onPredict(patientId: string, allowNotForUse: boolean): void;
  /** The model's "not for use" mark (null: usable): applying it needs the override. */
  notForUse?: string | null;
  busy?: boolean;
  error?: string | null;
  doc?: Document;
}

export function ApplyModel({
  fit,
  patients,
  prediction,
  onPredict,
  busy = false,
  error = null,
  doc,
  notForUse = null,
}: ApplyModelProps) {
  const [patientId, setPatientId] = useState(prediction?.patientId ?? patients[0] ?? '');
  const [override, setOverride] = useState(false);
  const blocked = notForUse !== null && !override;
  const point = prediction ? patientOperatingPoint(fit, prediction.probability) : null;
  const noCutoff = noCutoffReason(fit);
  // An intercept-only model has pROC's end threshold ±∞: say so rather than print "cut-off -Infinity".
  const cutoffNote = noCutoff
    ? `no cut-off: training threshold ${formatThreshold(fit.train.threshold)}`
    : `cut-off ${fixed(radscoreCutoff(fit), 3)}`;
  return (
    <div className="apply-model">
      <form
        className="apply-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (patientId && !busy && !blocked) onPredict(patientId, override);
        }}
      >
        <label htmlFor="apply-patient">Patient</label>
        <input
          id="apply-patient"
          type="text"
          list="apply-patients"
          value={patientId}
          onChange={(e) => setPatientId(e.target.value)}
          placeholder="patient id"
        />
        <datalist id="apply-patients">
          {patients.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <button type="submit" className="primary" disabled={!patientId || busy || blocked}>
          {busy ? 'Computing…' : 'Apply model'}
        </button>
        <ApplyOverride mark={notForUse} checked={override} onChange={setOverride} />
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {prediction && point && (
        <div className="prediction">
          <div>
            <table className="grid" aria-label="Prediction">
              <tbody>
                <PredictionMarkRow mark={prediction.notForUse} />
                <tr>
                  <th>Patient</th>
                  <td>{prediction.patientId}</td>
                </tr>
                <tr>
                  <th>Rad-score</th>
                  <td className="num">
                    {fixed(prediction.radscore, 3)} <span className="muted small">({cutoffNote})</span>
                  </td>
                </tr>
                <tr>
                  <th>Probability of effective response</th>
                  <td className="num">{fixed(prediction.probability, 3)}</td>
                </tr>
                <tr>
                  <th>Prediction at the training cut-off</th>
                  <td>
                    {noCutoff ? (
                      <span className="muted" title={noCutoff}>
                        No cut-off: the model does not separate patients
                      </span>
                    ) : (
                      <strong
                        className={point.predictedEffective ? 'outcome-effective' : 'outcome-ineffective'}
                      >
                        {point.predictedEffective ? 'Effective (CR/PR)' : 'Ineffective (SD/PD)'}
                      </strong>
                    )}
                  </td>
                </tr>
                <tr>
                  <th>Scores higher than</th>
                  <td className="num">
                    {Math.round(point.percentile * 100)}% of the {point.split} group
                  </td>
                </tr>
              </tbody>
            </table>
            {prediction.warnings && prediction.warnings.length > 0 && (
              <div className="prediction-warnings" role="alert" data-testid="prediction-warnings">
                <p className="error small">
                  Use with care — this patient lies outside the model’s training data:
                </p>
                <ul className="plain small">
                  {prediction.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          <ChartView
            spec={patientRocChart(fit, prediction.probability, prediction.patientId)}
            exportName={`model-${String(fit.model_id)}`}
            doc={doc}
          />
        </div>
      )}
    </div>
  );
}
