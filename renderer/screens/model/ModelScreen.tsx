/**
 * The Models screen: fit settings and the version list on the left; the selected version's results, the
 * comparison and "apply to a patient" on the right. Pure: all data comes in as props, every action goes
 * out as a callback (ModelScreenContainer wires them to the API).
 */
import type { ChartFit, Table1Row } from '../../../shared/charts/fit';
import { performanceCsv } from '../../../shared/charts/classification';
import { ApplyModel, type Prediction } from './ApplyModel';
import { ModelProvenance, type ExtractionView } from './ModelProvenance';
import { NotForUseBanner, type DiagnosticProblem } from './NotForUse';
import { FitSettingsForm } from './FitSettingsForm';
import { ModelResults } from './ModelResults';
import { ModelVersions, type ComparisonState } from './ModelVersions';
import type { FitSettings } from './settings';
import type { ModelVersionItem } from './versions';
import './model.css';

export interface ModelScreenProps {
  settings: FitSettings;
  onSettingsChange(next: FitSettings): void;
  onFit(settings: FitSettings): void;
  fitting: boolean;
  /** Progress of a running fit, e.g. "fold 4/10". */
  fitProgress?: string | null;
  fitError?: string | null;
  labelledPatients?: number | null;

  versions: ModelVersionItem[];
  selectedId: number | null;
  onSelect(id: number): void;
  /** The selected version's fit document (null while loading or when none is selected). */
  fit: ChartFit | null;
  /** The selected version's "not for use" mark and its problems (fit diagnostics). */
  notForUse?: string | null;
  problems?: DiagnosticProblem[];
  /** The selected version's feature set (preset and settings in words) and fit settings. */
  extraction?: ExtractionView | null;
  fitSettings?: unknown;
  /** Table 1 rows of the training patients' clinical variables (null while loading or when unavailable). */
  clinicalTable1?: Table1Row[] | null;
  /** Why the clinical Table 1 could not be made. */
  clinicalTable1Error?: string | null;
  comparison: ComparisonState | null;
  onCompare(a: number, b: number): void;

  patients: string[];
  prediction: Prediction | null;
  onPredict(patientId: string, allowNotForUse: boolean): void;
  predicting?: boolean;
  predictError?: string | null;

  onExportReport?(modelId: number): void;
  /** Saves a text file (the performance CSV): Electron save dialog, browser download. */
  onSaveText?(name: string, text: string, type: string): void;
  doc?: Document;
}

export function ModelScreen(props: ModelScreenProps) {
  const { fit, selectedId } = props;
  return (
    <div className="model-screen">
      <div className="model-side">
        <div className="panel">
          <h2>New model</h2>
          <FitSettingsForm
            value={props.settings}
            onChange={props.onSettingsChange}
            onSubmit={props.onFit}
            busy={props.fitting}
            labelledPatients={props.labelledPatients ?? null}
          />
          {props.fitting && props.fitProgress && (
            <p className="muted small" aria-live="polite">
              {props.fitProgress}
            </p>
          )}
          {props.fitError && (
            <p className="error" role="alert">
              {props.fitError}
            </p>
          )}
        </div>
        <div className="panel grow">
          <h2>
            Model versions <span className="count">{props.versions.length}</span>
          </h2>
          <ModelVersions
            versions={props.versions}
            selectedId={selectedId}
            onSelect={props.onSelect}
            comparison={props.comparison}
            onCompare={props.onCompare}
          />
        </div>
      </div>
      <div className="model-main">
        {fit ? (
          <>
            <NotForUseBanner
              modelId={fit.model_id}
              mark={props.notForUse ?? null}
              problems={props.problems ?? []}
            />
            <ModelResults
              fit={fit}
              doc={props.doc}
              clinicalTable1={props.clinicalTable1 ?? null}
              clinicalTable1Error={props.clinicalTable1Error ?? null}
              onExportReport={
                props.onExportReport && selectedId !== null
                  ? () => props.onExportReport!(selectedId)
                  : undefined
              }
              onExportCsv={
                props.onSaveText
                  ? () =>
                      props.onSaveText!(
                        `radscore-model-${String(fit.model_id)}-performance.csv`,
                        performanceCsv(fit),
                        'text/csv',
                      )
                  : undefined
              }
            />
            <ModelProvenance
              fit={fit}
              extraction={props.extraction ?? null}
              fitSettings={props.fitSettings}
            />
            <div className="panel">
              <h2>Apply to a patient</h2>
              <ApplyModel
                key={selectedId ?? 'none'}
                notForUse={props.notForUse ?? null}
                fit={fit}
                patients={props.patients}
                prediction={props.prediction}
                onPredict={props.onPredict}
                busy={props.predicting}
                error={props.predictError}
                doc={props.doc}
              />
            </div>
          </>
        ) : (
          <div className="panel placeholder">
            <p className="muted">
              {selectedId === null ? 'Select a model version, or fit a new one.' : 'Loading the model…'}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
