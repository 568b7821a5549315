/**
 * The service layer as the API sees it (AppServices), and its binding to one database (openAppServices).
 * Each domain says what its channels need (PatientServices, ImagingServices, …) and binds it to a store;
 * tests replace any of them with fakes. handlers.ts turns these into channels.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { openStore, type Store } from '../store/index';
import { ExtractionJobs } from './extractionJobs';
import { featureSetServices, type FeatureSetServices } from './featureSets';
import { imagingServices, type ImagingServices } from './imaging';
import { labelServices, type LabelServices } from './labels';
import { modelServices, type ModelServices } from './modelChannels';
import { patientServices, type PatientServices } from './patients';
import { roiServices, type RoiServices } from './rois';

/** What the API layer needs from the service layer (main/services, main/store, main/dicom). */
export interface AppServices
  extends PatientServices, ImagingServices, RoiServices, LabelServices, FeatureSetServices {
  /** Database path shown in the UI. */
  readonly dbPath: string;
  readonly version: string;
  /**
   * The open database, for the channels that query it directly (worklist, patient labels, audit trail,
   * clinical variables, extraction plan, feature sets); absent in test fakes.
   */
  readonly store?: Store;
  /** Extraction runs (extractionJobs.ts); absent in test fakes. */
  readonly extraction?: ExtractionJobs;
  /** Model versions (models.* channels, modelChannels.ts); absent in test fakes. */
  readonly models?: ModelServices;
  close(): void;
}

/** Opens the database at `dbPath` (created and migrated if needed) and binds the API to it. */
export async function openAppServices(dbPath: string): Promise<AppServices> {
  if (!dbPath) throw new Error('no database path given (use --db PATH or set RADSCORE_DB)');
  const store = openStore(dbPath);
  const imaging = imagingServices(store);
  const extraction = new ExtractionJobs(store);
  return {
    dbPath,
    version: packageJson.version,
    store,
    extraction,
    ...patientServices(store),
    ...imaging,
    ...roiServices(store),
    ...labelServices(store),
    ...featureSetServices(store),
    models: modelServices(store),
    close() {
      imaging.close();
      extraction.abortAll();
      store.close();
    },
  };
}
