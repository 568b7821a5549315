/**
 * The application frame: a header with the screens of the workflow (worklist → viewer → labelling →
 * extraction → models) and the active screen below. Later screens plug into SCREENS.
 */
import { useEffect, useMemo, useState } from 'react';
import { api } from './api/client';
import { ExtractionScreen } from './screens/extraction/ExtractionScreen';
import { LabelsScreen } from './screens/labels/LabelsScreen';
import { LabelDrafts } from './screens/labels/drafts';
import { ModelScreenContainer } from './screens/model/ModelScreenContainer';
import { modelApi } from './screens/model/modelApi';
import { PatientsScreen } from './screens/patients/PatientsScreen';
import { SliceViewer } from './viewer/SliceViewer';
import { ContourDrafts } from './viewer/contourDrafts';
import { RulerStore, useRulers } from './viewer/rulers';
import { useUnsavedGuard } from './viewer/useUnsavedGuard';

type ScreenId = 'worklist' | 'viewer' | 'labels' | 'extraction' | 'models';

const SCREENS: { id: ScreenId; label: string; ready: boolean }[] = [
  { id: 'worklist', label: 'Patients', ready: true },
  { id: 'viewer', label: 'Viewer', ready: true },
  { id: 'labels', label: 'Response labels', ready: true },
  { id: 'extraction', label: 'Features', ready: true },
  { id: 'models', label: 'Models', ready: true },
];

export function App() {
  const [screen, setScreen] = useState<ScreenId>('worklist');
  const [seriesUid, setSeriesUid] = useState<string | null>(null);
  const [info, setInfo] = useState<{ db: string; version: string; host: string } | null>(null);
  const [patientId, setPatientId] = useState<string | null>(null);
  /** The patient whose page the Patients tab shows (null: the worklist). */
  const [openPatient, setOpenPatient] = useState<string | null>(null);
  /** Stable across renders: the Models screen reloads its data when this changes. */
  const models = useMemo(() => modelApi(api()), []);
  /** The viewer's rulers outlive the viewer screen: the labelling screen offers them as lesion diameters. */
  const rulerStore = useMemo(() => new RulerStore(), []);
  const rulers = useRulers(rulerStore);
  /** Unsaved labelling forms survive a trip to the viewer (to measure another timepoint) and back. */
  const labelDrafts = useMemo(() => new LabelDrafts(), []);
  /** ROIs being drawn, per series: nothing leaves the viewer, reloads or closes the window over them unasked. */
  const contourDrafts = useMemo(() => new ContourDrafts(), []);
  const { leave, dialog } = useUnsavedGuard(contourDrafts);

  useEffect(() => {
    api()
      .call('app.info', {})
      .then(setInfo)
      .catch(() => setInfo(null));
  }, []);

  const openSeries = (uid: string) =>
    leave(
      'before opening another series',
      () => {
        setSeriesUid(uid);
        setScreen('viewer');
      },
      { keep: (draft) => draft.seriesUid === uid },
    );
  /** Another screen: leaving the viewer asks about an unsaved contour first. */
  const showScreen = (next: ScreenId) => {
    if (next === screen) return;
    if (screen === 'viewer')
      leave(`before opening ${SCREENS.find((s) => s.id === next)?.label}`, () => setScreen(next));
    else setScreen(next);
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand" aria-label="Radscore Studio">
          <span className="brand-mark" aria-hidden="true" />
          Radscore Studio
        </div>
        <nav className="tabs" role="tablist" aria-label="Screens">
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={screen === s.id}
              className={screen === s.id ? 'tab on' : 'tab'}
              disabled={!s.ready || (s.id === 'viewer' && !seriesUid)}
              title={s.ready ? undefined : 'Coming in a later release'}
              onClick={() => showScreen(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <div className="header-info" title={info?.db}>
          {info
            ? `${info.host === 'electron' ? 'Desktop' : 'Browser host'} · v${info.version} · ${info.db}`
            : ''}
        </div>
      </header>
      <main className="app-main">
        {screen === 'worklist' && (
          <PatientsScreen
            patientId={openPatient}
            onSelect={(id) =>
              leave(
                'before opening another patient',
                () => {
                  setOpenPatient(id);
                  if (id) setPatientId(id);
                },
                { keep: (draft) => id === null || draft.patientId === id },
              )
            }
            onOpenSeries={openSeries}
            onLabel={(id) => {
              setPatientId(id);
              setScreen('labels');
            }}
          />
        )}
        {screen === 'labels' && (
          <LabelsScreen patientId={patientId} onSelect={setPatientId} rulers={rulers} drafts={labelDrafts} />
        )}
        {screen === 'extraction' && <ExtractionScreen />}
        {screen === 'models' && <ModelScreenContainer api={models} />}
        {screen === 'viewer' && seriesUid && (
          <SliceViewer
            seriesUid={seriesUid}
            rulerStore={rulerStore}
            drafts={contourDrafts}
            onLabel={(id) =>
              leave('before opening the RECIST calculator', () => {
                setPatientId(id);
                setScreen('labels');
              })
            }
          />
        )}
      </main>
      {dialog}
    </div>
  );
}
