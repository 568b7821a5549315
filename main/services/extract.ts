/**
 * Batch feature extraction over the database: every ROI (optionally of one name) that has no values for
 * these settings and profile is computed in the worker pool; each result is saved as it arrives, so an
 * interrupted run resumes where it stopped.
 */
import { parse as parseYaml } from 'yaml';
import { loadPreset } from '../../shared/presets/index';
import '../../shared/radiomics/ak/profile'; // registers the `ak` profile
import { mergeSettings, parseSettings, type Settings } from '../../shared/radiomics/settings';
import {
  checkUncheckedSeries,
  getEncodedRoiMask,
  getFeatureSet,
  countRois,
  getOrCreateFeatureSet,
  getRoi,
  listRois,
  recordExtractionFailure,
  roisWithoutFeatures,
  roiNames,
  saveFeatureValuesIfCurrent,
  seriesForLoading,
  seriesUnusable,
  type SaveOutcome,
  type Store,
} from '../store/index';
import type { FeaturesInput, FeaturesOutput, FeaturesTiming } from '../workers/features.worker';
import { AbortError, defaultPoolSize, threadCpuMs, WorkerPool } from '../workers/pool';
import { throwIfAborted, type ServiceOptions } from './options';
import { errorMessage } from '../../shared/errorMessage';
import { readUserText, syntaxErrorPlace, USER_FILE_LIMITS } from '../io/readUserFile';

export interface ExtractInput {
  profile: string;
  /** Effective settings (preset and/or user file merged); undefined = the profile's own defaults. */
  settings?: Settings;
  /** Only ROIs with this name. */
  roi?: string;
  /** Worker count; default: the machine's cores. */
  workers?: number;
}

export interface ExtractProgress {
  done: number;
  total: number;
  patient_id: string;
}

export interface ExtractResult {
  feature_set_id: number;
  /** ROIs with values in this feature set after the run. */
  cases: number;
  /** ROIs computed by this run. */
  computed: number;
  features_per_case: number;
  failed: { patient_id: string; roi: string; reason: string }[];
  /**
   * ROIs whose result this run did not store because the ROI changed under it (#14.4): its mask was saved
   * while it was computed (left to be recomputed: a rerun does it), or it was deleted (skipped).
   */
  discarded: { patient_id: string; roi: string; roi_id: number; reason: string }[];
  seconds: number;
  /**
   * Where the time went, summed over the ROIs computed by this run (ms): the main thread's CPU for the whole
   * run and its wall time per case outside the workers (reading the ROI, saving the values), and in the
   * workers the wall time of series decode, mask decode and feature computation and their thread CPU.
   * CPU figures are null where the OS does not give per-thread CPU (non-Linux).
   */
  timing: {
    workers: number;
    main_cpu_ms: number | null;
    main_wall_ms: number;
    worker_cpu_ms: number | null;
    /** CPU of the busiest worker thread: with free cores, the extraction cannot finish sooner than this. */
    busiest_worker_cpu_ms: number | null;
    /**
     * CPU the worker threads spent before their first case (loading the code): a fixed cost per worker that
     * a small cohort feels most. Null for a pool passed in (its workers started earlier) and off Linux.
     */
    worker_startup_cpu_ms: number | null;
    decode_ms: number;
    mask_ms: number;
    compute_ms: number;
  };
}

/** Why a computed case was not stored (ExtractResult.discarded). */
const DISCARDED: Record<Exclude<SaveOutcome, 'saved'>, string> = {
  'mask-changed': 'the ROI mask was changed during the extraction; its features were not stored (run again)',
  'roi-deleted': 'the ROI was deleted during the extraction; skipped',
};

/** "no ROI named "GTVX" (ROI names in the database: GTV, Node)". */
function noRoiNamed(store: Store, roi: string): string {
  const names = roiNames(store);
  return `no ROI named "${roi}" (${names.length ? `ROI names in the database: ${names.join(', ')}` : 'the database has no ROI yet'})`;
}

/**
 * What a feature set's settings hash is taken over. The stored settings name the profile, so that two
 * profiles never share a hash by accident.
 */
export function featureSetKey(profile: string, settings: Settings | undefined): unknown {
  return { profile, settings: settings ?? null };
}

export async function extractFeatures(
  store: Store,
  input: ExtractInput,
  opts: ServiceOptions<ExtractProgress> & { pool?: WorkerPool<FeaturesInput, FeaturesOutput> } = {},
): Promise<ExtractResult> {
  const t0 = performance.now();
  const mainCpu0 = threadCpuMs();
  throwIfAborted(opts.signal);
  // A misspelt --roi would otherwise compute nothing, silently, and leave an empty feature set behind.
  if (input.roi !== undefined && countRois(store, input.roi) === 0)
    throw new Error(noRoiNamed(store, input.roi));
  const set = getOrCreateFeatureSet(store, featureSetKey(input.profile, input.settings), input.profile);
  checkUncheckedSeries(store); // series stored before migration 5 get their usability checked once
  const todo = roisWithoutFeatures(store, set.id, input.roi);
  // Who each case is, read now: a ROI deleted before its turn is still named in the summary.
  const listed = new Map(listRois(store, { name: input.roi }).map((r) => [r.id, r]));
  const failed: ExtractResult['failed'] = [];
  const discarded: ExtractResult['discarded'] = [];
  let computed = 0;
  const size = Math.max(1, Math.min(input.workers ?? defaultPoolSize(), todo.length));
  const pool =
    opts.pool ??
    (todo.length
      ? new WorkerPool<FeaturesInput, FeaturesOutput>('features.worker', { size, prefetch: true })
      : undefined);
  let done = 0;
  let next = 0;
  const timing: ExtractResult['timing'] = {
    workers: pool?.size ?? 0,
    main_cpu_ms: null,
    main_wall_ms: 0,
    worker_cpu_ms: 0,
    busiest_worker_cpu_ms: 0,
    worker_startup_cpu_ms: 0,
    decode_ms: 0,
    mask_ms: 0,
    compute_ms: 0,
  };
  const cpuByThread = new Map<number, number>();
  const threadStart = new Map<number, number>();
  const addWorkerTiming = (t: FeaturesTiming) => {
    timing.decode_ms += t.decode_ms;
    timing.mask_ms += t.mask_ms;
    timing.compute_ms += t.compute_ms;
    if (t.cpu_ms === null || t.thread_cpu_ms === null || timing.worker_cpu_ms === null) {
      timing.worker_cpu_ms = timing.busiest_worker_cpu_ms = timing.worker_startup_cpu_ms = null;
      return;
    }
    // A worker's CPU before its first case of this run is its start-up (for workers this run started).
    if (!threadStart.has(t.thread)) threadStart.set(t.thread, t.thread_cpu_ms - t.cpu_ms);
    timing.worker_cpu_ms += t.cpu_ms;
    const thread = (cpuByThread.get(t.thread) ?? 0) + t.cpu_ms;
    cpuByThread.set(t.thread, thread);
    timing.busiest_worker_cpu_ms = Math.max(timing.busiest_worker_cpu_ms ?? 0, thread);
  };
  // A few tasks in flight per worker: the pool stays busy while the main thread saves results, and a
  // 1,000-ROI run never holds 1,000 task inputs at once.
  const inFlight = Math.max(1, (pool?.size ?? 1) * 2);
  // Main-thread work per case is reading the ROI row, its compressed mask and the series' file list, and
  // saving the values: decoding, rasterising and computing all happen in the worker.
  const one = async (roiId: number) => {
    let m0 = performance.now();
    const roi = getRoi(store, roiId);
    if (!roi) {
      // Deleted since the run listed it (the UI, another process): nothing to compute or to record.
      const was = listed.get(roiId);
      const patientId = was?.patientId ?? '';
      discarded.push({
        patient_id: patientId,
        roi: was?.name ?? '',
        roi_id: roiId,
        reason: DISCARDED['roi-deleted'],
      });
      opts.onProgress?.({ done: ++done, total: todo.length, patient_id: patientId });
      return;
    }
    /** The ROI changed under this case: say so instead of storing or failing it. */
    const changed = (outcome: SaveOutcome) => {
      if (outcome === 'saved') return false;
      discarded.push({ patient_id: roi.patientId, roi: roi.name, roi_id: roiId, reason: DISCARDED[outcome] });
      return true;
    };
    let maskHash: string | undefined;
    try {
      const mask = getEncodedRoiMask(store, roiId);
      maskHash = mask.maskHash;
      const unusable = seriesUnusable(store, roi.seriesId);
      if (unusable.length)
        throw new Error(`series ${roi.seriesUid} is not usable for extraction: ${unusable.join('; ')}`);
      const task: FeaturesInput = {
        series: seriesForLoading(store, roi.seriesId),
        mask: { bytes: mask.bytes, encoding: mask.encoding, bbox: mask.bbox },
        settings: input.settings,
        profile: input.profile,
      };
      timing.main_wall_ms += performance.now() - m0;
      const out = await pool!.run(task, { signal: opts.signal });
      m0 = performance.now();
      addWorkerTiming(out.timing);
      if (out.voxels === 0) throw new Error('the ROI mask is empty');
      // Stored only if the ROI still has the mask read above (checked in the same transaction).
      if (!changed(saveFeatureValuesIfCurrent(store, set.id, roiId, mask.maskHash, out.features))) computed++;
      timing.main_wall_ms += performance.now() - m0;
    } catch (err) {
      // A cancelled case is neither done nor failed: it is not counted, and a rerun computes it.
      if (err instanceof AbortError || opts.signal?.aborted) throw err;
      const reason = errorMessage(err);
      if (!changed(recordExtractionFailure(store, set.id, roiId, reason, maskHash)))
        failed.push({ patient_id: roi.patientId, roi: roi.name, reason });
    }
    opts.onProgress?.({ done: ++done, total: todo.length, patient_id: roi.patientId });
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(inFlight, todo.length) }, async () => {
        while (next < todo.length) {
          throwIfAborted(opts.signal);
          await one(todo[next++]);
        }
      }),
    );
  } finally {
    if (!opts.pool) await pool?.close();
  }
  throwIfAborted(opts.signal);
  const mainCpu1 = threadCpuMs();
  if (timing.worker_cpu_ms !== null) {
    let total = 0;
    for (const v of threadStart.values()) total += v;
    timing.worker_startup_cpu_ms = opts.pool ? null : total;
  }
  timing.main_cpu_ms = mainCpu0 === null || mainCpu1 === null ? null : mainCpu1 - mainCpu0;
  const after = getFeatureSet(store, set.id)!;
  return {
    feature_set_id: set.id,
    cases: after.cases,
    computed,
    features_per_case: after.features?.length ?? 0,
    failed,
    discarded,
    seconds: Math.round((performance.now() - t0) / 10) / 100,
    timing: {
      ...timing,
      main_wall_ms: Math.round(timing.main_wall_ms),
      decode_ms: Math.round(timing.decode_ms),
      mask_ms: Math.round(timing.mask_ms),
      compute_ms: Math.round(timing.compute_ms),
    },
  };
}

/**
 * The effective settings of `--preset` and/or `--settings FILE` (JSON or YAML; a file overrides the preset
 * field by field); undefined when neither is given.
 */
export async function loadExtractionSettings(opts: {
  preset?: string;
  settingsFile?: string;
}): Promise<Settings | undefined> {
  const preset = opts.preset ? loadPreset(opts.preset) : undefined;
  let file: Settings | undefined;
  if (opts.settingsFile) {
    const text = await readUserText(opts.settingsFile, {
      what: 'settings file',
      maxBytes: USER_FILE_LIMITS.settings,
    });
    file = parseSettings(parseSettingsText(text, opts.settingsFile), `settings file ${opts.settingsFile}`);
  }
  return preset || file ? mergeSettings(preset, file) : undefined;
}

/**
 * A settings file's JSON or YAML (by extension). A syntax error is reported by line and column only: the
 * message never quotes the file (it may not be a settings file at all, and API clients see the message).
 */
export function parseSettingsText(text: string, path: string): unknown {
  const json = /\.json$/i.test(path);
  try {
    return json ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (err) {
    throw new Error(
      `settings file ${path} is not valid ${json ? 'JSON' : 'YAML'}${syntaxErrorPlace(text, err)}`,
    );
  }
}

/** The profile a preset is made for: `ak` for `paper`, `pyradiomics` for `pyradiomics-default`, else `ibsi`. */
const PRESET_PROFILES: Readonly<Record<string, string>> = {
  paper: 'ak',
  'pyradiomics-default': 'pyradiomics',
};

/** The profile an extraction uses: the given one, else the preset's own profile, else `ibsi`. */
export function defaultProfile(profile: string | undefined, preset: string | undefined): string {
  return (
    profile ??
    (preset !== undefined && Object.hasOwn(PRESET_PROFILES, preset) ? PRESET_PROFILES[preset] : 'ibsi')
  );
}
