/**
 * Wires the pure ModelScreen to the back end through a small interface, so that it does not depend on the
 * exact channel names: `App` passes an adapter over the API client (see `ModelApi`).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ChartFit, Table1Row } from '../../../shared/charts/fit';
import { clinicalTable1Rows, type ClinicalValue } from '../../../shared/charts/table1';
import type { Prediction } from './ApplyModel';
import { compareOnValidation } from './compare';
import { ModelScreen } from './ModelScreen';
import type { ComparisonState } from './ModelVersions';
import { DEFAULT_FIT_SETTINGS, type FitSettings } from './settings';
import { versionItem, type ModelVersionItem } from './versions';
import { errorMessage } from '../../../shared/errorMessage';

export interface StoredModel {
  id: number;
  name: string;
  createdAt: string;
  softwareVersion: string;
  fit: ChartFit;
}

/** What the screen needs from main; each is one API call. */
export interface ModelApi {
  listModels(): Promise<StoredModel[]>;
  /** Runs the fit (DESIGN §4 `fit`), stores the version and returns it. */
  fit(settings: FitSettings, onProgress?: (message: string) => void): Promise<StoredModel>;
  predict(
    modelId: number,
    patientId: string,
  ): Promise<{ radscore: number; probability: number; warnings?: string[] }>;
  /** Patients that have features (candidates for "apply"). */
  listPatients(): Promise<string[]>;
  labelledPatients?(): Promise<number>;
  /** Writes/saves the HTML report (Electron: save dialog; browser: download). */
  exportReport?(modelId: number): Promise<void>;
  /** Current clinical variables of these patients (for Table 1); unknown ids are left out. */
  clinical?(patientIds: string[]): Promise<Record<string, Record<string, ClinicalValue>>>;
}

/** Table 1 rows of a fit's training patients' clinical variables, through `api.clinical`. */
async function clinicalRowsOf(api: ModelApi, fit: ChartFit): Promise<Table1Row[] | null> {
  if (!api.clinical) return null;
  const training = fit.scores.filter((s) => s.split === 'train');
  const byId = await api.clinical(training.map((s) => s.id));
  return clinicalTable1Rows(
    training.filter((s) => byId[s.id]).map((s) => ({ y: s.y, clinical: byId[s.id] })),
  );
}

const message = (e: unknown) => errorMessage(e);

export function ModelScreenContainer({ api }: { api: ModelApi }) {
  const [settings, setSettings] = useState<FitSettings>(DEFAULT_FIT_SETTINGS);
  const [models, setModels] = useState<StoredModel[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [fitting, setFitting] = useState(false);
  const [fitProgress, setFitProgress] = useState<string | null>(null);
  const [fitError, setFitError] = useState<string | null>(null);
  const [comparison, setComparison] = useState<ComparisonState | null>(null);
  const [patients, setPatients] = useState<string[]>([]);
  const [labelled, setLabelled] = useState<number | null>(null);
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  const [predicting, setPredicting] = useState(false);
  const [predictError, setPredictError] = useState<string | null>(null);
  const [clinical, setClinical] = useState<{
    modelId: number;
    rows: Table1Row[] | null;
    error: string | null;
  } | null>(null);

  useEffect(() => {
    api
      .listModels()
      .then((list) => {
        setModels(list);
        if (list.length) setSelectedId((id) => id ?? list[list.length - 1].id);
      })
      .catch((e: unknown) => setFitError(`Cannot list model versions: ${message(e)}`));
    api
      .listPatients()
      .then(setPatients)
      .catch(() => setPatients([]));
    api
      .labelledPatients?.()
      .then(setLabelled)
      .catch(() => setLabelled(null));
  }, [api]);

  const selectedFit = models.find((m) => m.id === selectedId)?.fit ?? null;
  useEffect(() => {
    if (selectedId === null || !selectedFit) return;
    let current = true;
    clinicalRowsOf(api, selectedFit)
      .then((rows) => current && setClinical({ modelId: selectedId, rows, error: null }))
      .catch((e: unknown) => current && setClinical({ modelId: selectedId, rows: null, error: message(e) }));
    return () => {
      current = false;
    };
  }, [api, selectedId, selectedFit]);
  const clinicalOfSelected = clinical && clinical.modelId === selectedId ? clinical : null;

  const onFit = useCallback(
    (s: FitSettings) => {
      setFitting(true);
      setFitError(null);
      api
        .fit(s, setFitProgress)
        .then((m) => {
          setModels((list) => [...list, m]);
          setSelectedId(m.id);
          setPrediction(null);
        })
        .catch((e: unknown) => setFitError(message(e)))
        .finally(() => {
          setFitting(false);
          setFitProgress(null);
        });
    },
    [api],
  );

  const onCompare = (a: number, b: number) => {
    const fa = models.find((m) => m.id === a)?.fit;
    const fb = models.find((m) => m.id === b)?.fit;
    try {
      if (!fa || !fb) throw new Error('a ticked version is no longer available');
      setComparison({ a, b, result: compareOnValidation(fa, fb), error: null });
    } catch (e) {
      setComparison({ a, b, result: null, error: message(e) });
    }
  };

  const onPredict = (patientId: string) => {
    if (selectedId === null) return;
    setPredicting(true);
    setPredictError(null);
    api
      .predict(selectedId, patientId)
      .then((r) => setPrediction({ patientId, ...r }))
      .catch((e: unknown) => setPredictError(message(e)))
      .finally(() => setPredicting(false));
  };

  const versions: ModelVersionItem[] = models.map((m) => versionItem(m, m.fit));
  const exportReport = api.exportReport;
  return (
    <ModelScreen
      settings={settings}
      onSettingsChange={setSettings}
      onFit={onFit}
      fitting={fitting}
      fitProgress={fitProgress}
      fitError={fitError}
      labelledPatients={labelled}
      versions={versions}
      selectedId={selectedId}
      onSelect={(id) => {
        setSelectedId(id);
        setPrediction(null);
      }}
      fit={selectedFit}
      clinicalTable1={clinicalOfSelected?.rows ?? null}
      clinicalTable1Error={clinicalOfSelected?.error ?? null}
      comparison={comparison}
      onCompare={onCompare}
      patients={patients}
      prediction={prediction}
      onPredict={onPredict}
      predicting={predicting}
      predictError={predictError}
      onExportReport={
        exportReport
          ? (id) => void exportReport(id).catch((e: unknown) => setFitError(message(e)))
          : undefined
      }
    />
  );
}
