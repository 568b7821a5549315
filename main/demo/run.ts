/**
 * `radscore demo` as a service: writes the synthetic cohort as real DICOM + CSVs, imports it into a fresh
 * database, applies labels and clinical variables, extracts the `paper` profile (A.K.) with the worker pool,
 * fits the paper's pipeline, stores the model version and writes the HTML report. Every stage is the app's
 * own service (the same ones the CLI commands and the UI call); this module only sequences them.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../store/index';
import { importFolders, type ImportResult } from '../services/import';
import { importLabelsCsv } from '../services/labels';
import { importClinicalCsv } from '../services/clinical';
import { extractFeatures, loadExtractionSettings, type ExtractResult } from '../services/extract';
import { reportInputFromStore, writeReport } from '../services/report';
import type { FitDocument } from '../services/fitTable';
import { fitStoredModel } from '../services/models';
import { binaryOutcome } from '../../shared/response/outcome';
import { defaultPoolSize } from '../workers/pool';
import { DEFAULT_DEMO_OPTIONS } from './synthetic';
import { DEMO_ROI_NAME, writeDemoCohort, type WrittenCohort } from './writeCohort';

/** The study's split: 96 of 142 patients trained the model. */
export const PAPER_TRAIN_FRACTION = 96 / 142;
export const DEMO_SPLIT_SEED = 2026;
export const DEMO_FOLD_SEED = 1;

export interface DemoOptions {
  /** Cohort folder; default: a new folder under the OS temp dir. */
  out?: string;
  patients?: number;
  /** Database path; default: `radscore-demo.sqlite` in the out folder (replaced if a previous demo left one). */
  db?: string;
  /** Write into an --out folder that already holds files (a previous demo's are replaced). */
  force?: boolean;
  /** Worker threads for cohort writing and feature extraction; default: the pool's default (machine cores). */
  workers?: number;
  /** In-plane matrix and slice count of the synthetic T2 series (default 256 × 24). */
  matrix?: number;
  slices?: number;
  seed?: number;
  signal?: AbortSignal;
  /** A stage starts (`stage` of `stages`). */
  onStage?: (stage: number, stages: number, name: string) => void;
  onProgress?: (done: number, total: number, label: string) => void;
}

export const DEMO_STAGES = [
  'write cohort',
  'import',
  'labels + clinical',
  'extract',
  'fit',
  'report',
] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];

export interface DemoResult {
  out: string;
  db: string;
  cohort: Omit<WrittenCohort, 'labels'>;
  import: ImportResult;
  labels: { updated: number };
  clinical: { updated: number };
  extract: ExtractResult;
  fit: FitDocument;
  model_id: number;
  report: string;
  /** Wall seconds per stage and in total. */
  seconds: Record<DemoStage | 'total', number>;
}

/**
 * The cross-validation folds for a cohort: glmnet's usual 10, fewer when a small cohort's training group
 * has fewer patients of one class than that (each fold must hold both outcomes); never below 3.
 */
export function demoFolds(outcomes: readonly number[], trainFraction = PAPER_TRAIN_FRACTION): number {
  const perClass = [0, 1].map((c) => Math.round(outcomes.filter((y) => y === c).length * trainFraction));
  return Math.max(3, Math.min(10, ...perClass));
}

const round2 = (s: number) => Math.round(s * 100) / 100;

/**
 * The demo replaces its own files (cohort, default database, report) in --out: a folder that already holds
 * files is refused unless the caller said so (--force), so that nobody's work there is replaced unasked.
 */
async function refuseEarlierFiles(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch {
    return; // does not exist yet
  }
  if (entries.length > 0)
    throw new Error(
      `${out} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); the demo writes a cohort, a database and a report there: give a new --out, or add --force to replace a previous demo's files`,
    );
}

async function freshDatabase(path: string, isDefault: boolean): Promise<string> {
  if (existsSync(path)) {
    if (!isDefault)
      throw new Error(
        `database ${path} already exists; the demo imports into a fresh database (give a new --db path)`,
      );
    // Our own file from an earlier demo in this folder.
    for (const suffix of ['', '-wal', '-shm']) await rm(`${path}${suffix}`, { force: true });
  }
  return path;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const seconds = {} as DemoResult['seconds'];
  let stageStart = t0;
  let stageIndex = 0;
  const stage = (name: DemoStage) => {
    if (stageIndex > 0)
      seconds[DEMO_STAGES[stageIndex - 1]] = round2((performance.now() - stageStart) / 1000);
    if (options.signal?.aborted) throw new Error('cancelled');
    stageStart = performance.now();
    stageIndex = DEMO_STAGES.indexOf(name) + 1;
    options.onStage?.(stageIndex, DEMO_STAGES.length, name);
  };
  const patients = options.patients ?? DEFAULT_DEMO_OPTIONS.patients;
  if (!Number.isInteger(patients) || patients < 8)
    throw new Error(
      `the demo needs at least 8 patients (training and validation groups with both outcomes), got ${patients}`,
    );

  if (options.out !== undefined && !options.force) await refuseEarlierFiles(resolve(options.out));
  const out = resolve(options.out ?? (await mkdtemp(join(tmpdir(), 'radscore-demo-'))));
  await mkdir(out, { recursive: true });
  const dbPath = await freshDatabase(
    resolve(options.db ?? join(out, 'radscore-demo.sqlite')),
    options.db === undefined,
  );
  const cohortFolder = join(out, 'dicom-export');

  stage('write cohort');
  const written = await writeDemoCohort(cohortFolder, {
    patients,
    matrix: options.matrix ?? DEFAULT_DEMO_OPTIONS.matrix,
    slices: options.slices ?? DEFAULT_DEMO_OPTIONS.slices,
    seed: options.seed ?? DEFAULT_DEMO_OPTIONS.seed,
    // One patient per task across the pool: cohort writing is CPU-bound (generation + DICOM encoding).
    workers: options.workers ?? defaultPoolSize(),
    signal: options.signal,
    onProgress: (done, total, id) => options.onProgress?.(done, total, `patients written (${id})`),
  });
  const { labels: _labels, ...cohort } = written;

  const store = openStore(dbPath);
  try {
    stage('import');
    const imported = await importFolders(store, [cohortFolder], {
      signal: options.signal,
      onProgress: (p) => {
        if (p.total > 0)
          options.onProgress?.(
            p.done,
            p.total,
            p.phase === 'scan' ? 'files scanned' : p.phase === 'store' ? 'series stored' : 'ROI files',
          );
      },
    });
    if (imported.patients !== patients || imported.rois !== patients) {
      throw new Error(
        `import found ${imported.patients} patients and ${imported.rois} ROIs, expected ${patients} of each`,
      );
    }

    stage('labels + clinical');
    const labels = importLabelsCsv(
      store,
      { csv: await readFile(written.labelsCsv, 'utf8') },
      { actor: 'radscore demo' },
    );
    if (labels.errors.length)
      throw new Error(`labels.csv line ${labels.errors[0].line}: ${labels.errors[0].message}`);
    if (labels.conflicts.length)
      throw new Error(`labels.csv: ${labels.conflicts.length} stored label(s) differ; nothing replaced`);
    const clinical = importClinicalCsv(
      store,
      { csv: await readFile(written.clinicalCsv, 'utf8') },
      { actor: 'radscore demo' },
    );
    if (clinical.errors.length)
      throw new Error(`clinical.csv line ${clinical.errors[0].line}: ${clinical.errors[0].message}`);
    if (clinical.conflicts.length)
      throw new Error(`clinical.csv: ${clinical.conflicts.length} stored value(s) differ; nothing replaced`);

    stage('extract');
    const settings = await loadExtractionSettings({ preset: 'paper' });
    const extract = await extractFeatures(
      store,
      { profile: 'ak', settings, roi: DEMO_ROI_NAME, workers: options.workers },
      {
        signal: options.signal,
        onProgress: (p) => options.onProgress?.(p.done, p.total, `ROIs extracted (${p.patient_id})`),
      },
    );
    if (extract.failed.length)
      throw new Error(
        `extraction failed for ${extract.failed.length} ROI(s); first: ${extract.failed[0].patient_id}: ${extract.failed[0].reason}`,
      );

    stage('fit');
    const folds = demoFolds(written.labels.map((l) => binaryOutcome(l.response)));
    const { fit, model_id: modelId } = await fitStoredModel(
      store,
      {
        featureSetId: extract.feature_set_id,
        roi: DEMO_ROI_NAME,
        splitSeed: DEMO_SPLIT_SEED,
        trainFraction: PAPER_TRAIN_FRACTION,
        folds,
        foldSeed: DEMO_FOLD_SEED,
        lambda: 'min',
        name: `demo: ${patients} synthetic patients, paper profile`,
      },
      {
        worker: false,
        signal: options.signal,
        onProgress: (p) => options.onProgress?.(p.done, p.total, p.label),
      },
    );

    stage('report');
    const report = writeReport(
      reportInputFromStore(store, modelId),
      join(out, `report-model-${modelId}.html`),
    );
    seconds.report = round2((performance.now() - stageStart) / 1000);
    seconds.total = round2((performance.now() - t0) / 1000);
    return {
      out,
      db: dbPath,
      cohort,
      import: imported,
      labels: { updated: labels.updated },
      clinical: { updated: clinical.updated },
      extract,
      fit,
      model_id: modelId,
      report,
      seconds,
    };
  } finally {
    store.close();
  }
}
