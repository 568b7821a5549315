/**
 * Load (issue "Reliability and security", item 5): a generated cohort of N patients (small matrices) goes
 * through the whole pipeline — write DICOM, import, labels, extraction in the worker pool, fit, report —
 * while the process's RSS is sampled and the patient list is queried page by page the way the UI does
 * (`patients.list` through the API handlers, on its own connection), to measure its latency under load.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoFolds, DEMO_FOLD_SEED, DEMO_SPLIT_SEED, PAPER_TRAIN_FRACTION } from '../demo/run';
import { DEMO_ROI_NAME, writeDemoCohort } from '../demo/writeCohort';
import { binaryOutcome } from '../../shared/response/outcome';
import { importClinicalCsv } from '../services/clinical';
import { extractFeatures, loadExtractionSettings } from '../services/extract';
import { createHandlers, openAppServices, type AppServices, type Handlers } from '../services/handlers';
import { importFolders } from '../services/import';
import { importLabelsCsv } from '../services/labels';
import { closeModelingWorkers } from '../services/fitTable';
import { fitStoredModel } from '../services/models';
import { reportInputFromStore, writeReport } from '../services/report';
import { openStore } from '../store/index';

export interface LoadOptions {
  patients: number;
  out: string;
  matrix?: number;
  slices?: number;
  workers?: number;
  /** How often RSS is sampled and a patient page is requested (ms). */
  sampleMs?: number;
  onStage?: (name: string) => void;
}

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LoadResult {
  patients: number;
  /** Wall seconds per stage. */
  seconds: Record<string, number>;
  imported: { patients: number; instances: number; rois: number };
  features_per_case: number;
  extracted: number;
  validation_auc: number | null;
  /** Peak resident set size of the process (all threads), MiB. */
  peakRssMiB: number;
  /** `patients.list` pages requested while the batch ran: call → answer, ms. */
  listLatencyMs: LatencyStats;
  /** The same from when the request was due (timer) → answer: what a user waits, event-loop lag included. */
  listLatencyFromDueMs: LatencyStats;
  /** Per stage (import, extract, …) p95 of the same. */
  listLatencyByStage: Record<string, LatencyStats>;
  /** How late the sampling timer fired (main event-loop lag), ms. */
  eventLoopLagMs: LatencyStats;
  /** The HTML report of the fitted model: its path, or why it could not be written. */
  report: string;
}

export function latencyStats(values: number[]): LatencyStats {
  if (!values.length) return { n: 0, p50: NaN, p95: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank percentile.
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: values.length,
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    max: round(sorted[sorted.length - 1]),
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sampleMs = options.sampleMs ?? 100;
  const db = join(options.out, 'load.sqlite');
  let peakRss = process.memoryUsage().rss;
  const latencies: number[] = [];
  const fromDue: number[] = [];
  const byStage = new Map<string, number[]>();
  const lags: number[] = [];
  let stage = 'starting';
  let services: AppServices | null = null;
  let handlers: Handlers | null = null;
  let page = 0;
  let busy = false;
  let expected = performance.now() + sampleMs;

  const tick = async () => {
    const now = performance.now();
    const lag = Math.max(0, now - expected);
    lags.push(lag);
    expected = now + sampleMs;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!handlers || busy) return;
    busy = true;
    try {
      // Walk the list page by page, as scrolling does; a search every fifth request, as typing does.
      const input =
        page % 5 === 4
          ? { offset: 0, limit: 50, search: `NPC${String(page % 1000).padStart(3, '0')}` }
          : { offset: (page * 50) % options.patients, limit: 50 };
      page++;
      const t0 = performance.now();
      const out = (await handlers.invoke('patients.list', input)) as { total: number };
      const ms = performance.now() - t0;
      if (out.total < 0) throw new Error('negative total');
      latencies.push(ms);
      fromDue.push(ms + lag);
      const list = byStage.get(stage) ?? [];
      list.push(ms);
      byStage.set(stage, list);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), sampleMs);
  const seconds: Record<string, number> = {};
  let stageStart = performance.now();
  const begin = (name: string) => {
    if (stage !== 'starting') seconds[stage] = Math.round((performance.now() - stageStart) / 10) / 100;
    stage = name;
    stageStart = performance.now();
    options.onStage?.(name);
  };
  const t0 = performance.now();
  const store = openStore(db);
  try {
    begin('write cohort');
    const written = await writeDemoCohort(join(options.out, 'dicom'), {
      patients: options.patients,
      matrix: options.matrix ?? 48,
      slices: options.slices ?? 8,
      seed: 2026,
    });
    // The "UI" has its own connection, as the Electron main process's handlers do.
    services = await openAppServices(db);
    handlers = createHandlers(services, { host: 'browser' });

    begin('import');
    const imported = await importFolders(store, [written.folder]);
    if (imported.patients !== options.patients || imported.rois !== written.rois) {
      throw new Error(
        `import stored ${imported.patients} patients and ${imported.rois} ROIs, expected ${options.patients} and ${written.rois}`,
      );
    }

    begin('labels + clinical');
    const labels = importLabelsCsv(store, { csv: await readFile(written.labelsCsv, 'utf8') });
    const clinical = importClinicalCsv(store, { csv: await readFile(written.clinicalCsv, 'utf8') });
    if (labels.errors.length || clinical.errors.length) throw new Error('labels/clinical CSV refused');

    begin('extract');
    const extract = await extractFeatures(store, {
      profile: 'ak',
      settings: await loadExtractionSettings({ preset: 'paper' }),
      roi: DEMO_ROI_NAME,
      workers: options.workers,
    });
    if (extract.failed.length)
      throw new Error(`extraction failed for ${extract.failed.length} ROI(s): ${extract.failed[0].reason}`);

    begin('fit');
    const fitted = await fitStoredModel(
      store,
      {
        featureSetId: extract.feature_set_id,
        roi: DEMO_ROI_NAME,
        splitSeed: DEMO_SPLIT_SEED,
        trainFraction: PAPER_TRAIN_FRACTION,
        folds: demoFolds(written.labels.map((l) => binaryOutcome(l.response))),
        foldSeed: DEMO_FOLD_SEED,
        lambda: 'min',
        name: `load test: ${options.patients} patients`,
      },
      { worker: true },
    );

    begin('report');
    let report: string;
    try {
      report = writeReport(reportInputFromStore(store, fitted.model_id), join(options.out, 'report.html'));
    } catch (err) {
      report = `not written: ${(err as Error).message}`;
    }
    begin('done');
    seconds.total = Math.round((performance.now() - t0) / 10) / 100;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return {
      patients: options.patients,
      seconds,
      imported: { patients: imported.patients, instances: imported.instances, rois: imported.rois },
      features_per_case: extract.features_per_case,
      extracted: extract.cases,
      validation_auc: fitted.fit.validation?.auc ?? null,
      peakRssMiB: Math.round(peakRss / 1048576),
      listLatencyMs: latencyStats(latencies),
      listLatencyFromDueMs: latencyStats(fromDue),
      listLatencyByStage: Object.fromEntries([...byStage].map(([k, v]) => [k, latencyStats(v)])),
      eventLoopLagMs: latencyStats(lags),
      report,
    };
  } finally {
    clearInterval(timer);
    store.close();
    (services as AppServices | null)?.close();
    await closeModelingWorkers();
  }
}
