/**
 * Channel → service dispatch, shared by both fronts (Electron IPC in main/electron, the browser host in
 * main/host). A front passes the channel name and the untrusted input; this module validates the input
 * against the schema in shared/api.ts, calls the service, and checks the output against the contract.
 * Import runs as a background job whose progress is pushed as 'import.progress' events.
 */
import { randomUUID } from 'node:crypto';
import {
  channels,
  decodeRuns,
  describeIssues,
  isChannel,
  type ApiEvent,
  type Channel,
  type ChannelArgs,
  type ChannelOutput,
  type ImportJob,
  type ImportSummary,
  type PatientDetail,
  type PatientSummary,
  type ResponseLabel,
  type RoiSummary,
  type SeriesDetail,
} from '../../shared/api';
import type { MaskVolume, Volume } from '../../shared/image/volume';
import type { SeriesSummary, StudySummary } from '../../shared/api';
import packageJson from '../../package.json' with { type: 'json' };
import { loadSeriesVolume } from '../dicom/index';
import {
  getPatient,
  getRoi,
  getRoiMask,
  insertRoi,
  renameRoi,
  updateRoiMask,
  deleteRoi,
  getSeriesByUid,
  listResponses,
  listRois,
  listSeries,
  listStudies,
  openStore,
  patientPage,
  patientStatuses,
  seriesForLoading,
  setResponse,
  type ResponseRecord,
  type RoiRecord,
  type SeriesRecord,
} from '../store/index';
import { importFolders } from './import';
import { exportRoi } from './roiExport';
import { createDeidentifier, deidentifySeriesRef } from './deidentify';
import {
  createWorklistServices,
  worklistHandlers,
  worklistUnavailable,
  type WorklistServices,
} from './worklist';
import { ModelInputError, ModelNotFoundError, modelServices, type ModelServices } from './models';

/** What the API layer needs from the service layer (main/services, main/store, main/dicom). */
export interface AppServices {
  /** Database path shown in the UI. */
  readonly dbPath: string;
  readonly version: string;
  listPatients(args: { offset: number; limit: number; search: string }): {
    total: number;
    items: PatientSummary[];
  };
  getPatient(patientId: string): PatientDetail | null;
  getSeries(seriesUid: string): SeriesDetail | null;
  listRois(seriesUid: string): RoiSummary[] | null;
  loadSeriesVolume(seriesUid: string): Promise<Volume | null>;
  loadRoiMask(roiId: number): Promise<{ roi: RoiSummary; mask: MaskVolume } | null>;
  /** Rejects with an error named 'AbortError' when `signal` stops it. */
  importPaths(
    paths: string[],
    onProgress: (p: { done: number; total: number; current: string }) => void,
    signal?: AbortSignal,
  ): Promise<ImportSummary>;
  /** Stores a drawn ROI (new when roiId is null); null when the series (or the ROI on it) does not exist. */
  saveRoi(args: {
    seriesUid: string;
    roiId: number | null;
    name: string;
    author: string;
    mask: MaskVolume;
  }): RoiSummary | null;
  /** False when there is no such ROI. */
  deleteRoi(roiId: number, author?: string): boolean;
  /** Writes a ROI as DICOM SEG / RTSTRUCT (main/services/roiExport.ts); null when there is no such ROI; absent in test fakes. */
  exportRoi?(args: ChannelArgs<'roi.export'>): Promise<ChannelOutput<'roi.export'> | null>;
  setLabel(args: {
    patientId: string;
    response: ResponseLabel['response'];
    timepoint: string;
    assessor: string;
  }): ResponseLabel[] | null;
  /** Worklist, labelling and extraction screens (main/services/worklist.ts); absent in test fakes. */
  readonly worklist?: WorklistServices;
  /** Model versions (models.* channels, main/services/models.ts); absent in test fakes. */
  readonly models?: ModelServices;
  close(): void;
}

/** An error a front reports to the renderer: 'bad-input' → HTTP 400, 'not-found' → 404, 'failed' → 500. */
export class ApiError extends Error {
  constructor(
    readonly kind: 'bad-input' | 'not-found' | 'failed',
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return this.kind === 'bad-input' ? 400 : this.kind === 'not-found' ? 404 : 500;
  }
}

export interface HandlerOptions {
  host: 'electron' | 'browser';
  /** Pushes an event to the renderer(s). */
  emit?: (event: ApiEvent) => void;
  /** How often progress events may be sent (ms); the final state is always sent. */
  progressIntervalMs?: number;
}

type Implementations = {
  [C in Channel]: (args: ChannelArgs<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export interface Handlers {
  /** Validates `input` for `channel`, runs it, returns the contract's output. Throws ApiError. */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Resolves when every running import job has finished (tests, shutdown). */
  settle(): Promise<void>;
}

function volumeRange(data: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < data.length; n++) {
    const v = data[n];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return data.length ? { min, max } : { min: 0, max: 0 };
}

export function createHandlers(services: AppServices, options: HandlerOptions): Handlers {
  const jobs = new Map<string, ImportJob>();
  const controllers = new Map<string, AbortController>();
  const running = new Set<Promise<void>>();
  const interval = options.progressIntervalMs ?? 150;

  const found = <T>(value: T | null, what: string): T => {
    if (value === null) throw new ApiError('not-found', `${what} not found`);
    return value;
  };

  function startImport(paths: string[]): { jobId: string } {
    const jobId = randomUUID();
    const job: ImportJob = {
      jobId,
      state: 'running',
      done: 0,
      total: 0,
      current: 'scanning',
      result: null,
      error: null,
    };
    jobs.set(jobId, job);
    let lastSent = 0;
    const publish = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastSent < interval) return;
      lastSent = now;
      options.emit?.({ event: 'import.progress', payload: { ...job } });
    };
    publish(true);
    const controller = new AbortController();
    controllers.set(jobId, controller);
    const work = services
      .importPaths(
        paths,
        (p) => {
          job.done = p.done;
          job.total = p.total;
          job.current = p.current;
          publish(false);
        },
        controller.signal,
      )
      .then(
        (result) => {
          job.state = 'done';
          job.result = result;
          job.current = '';
          job.done = Math.max(job.done, job.total);
        },
        (err: unknown) => {
          const cancelled = controller.signal.aborted && err instanceof Error && err.name === 'AbortError';
          job.state = cancelled ? 'cancelled' : 'failed';
          job.error = cancelled
            ? 'cancelled; what was stored before stopping is kept'
            : err instanceof Error
              ? err.message
              : String(err);
        },
      )
      .finally(() => {
        controllers.delete(jobId);
        publish(true);
        running.delete(work);
      });
    running.add(work);
    return { jobId };
  }

  const worklistImpl = services.worklist
    ? worklistHandlers(
        services.worklist,
        (what) => new ApiError('not-found', `${what} not found`),
        options.emit,
      )
    : worklistUnavailable((message) => new ApiError('failed', message));

  /** The model services, with their input errors mapped to the API's error kinds. */
  async function models<T>(f: (m: ModelServices) => T | Promise<T>): Promise<T> {
    if (!services.models)
      throw new ApiError('failed', 'model versions are not available in this host (no model services)');
    try {
      return await f(services.models);
    } catch (err) {
      if (err instanceof ModelNotFoundError) throw new ApiError('not-found', err.message);
      if (err instanceof ModelInputError) throw new ApiError('bad-input', err.message);
      throw err;
    }
  }

  /** Running fits by their fitId (the caller's, or a random one), for models.cancel. */
  const fitControllers = new Map<string, AbortController>();

  /** Runs a fit; its progress goes out as 'models.fit.progress' events (throttled; the last one always). */
  async function fitModel(args: ChannelArgs<'models.fit'>) {
    if (args.fitId !== null && fitControllers.has(args.fitId))
      throw new ApiError('bad-input', `models.fit: a fit with fitId "${args.fitId}" is already running`);
    const key = args.fitId ?? randomUUID();
    const controller = new AbortController();
    fitControllers.set(key, controller);
    let lastSent = 0;
    try {
      return await models((m) =>
        m.fit(
          args,
          (p) => {
            const now = Date.now();
            if (p.done < p.total && now - lastSent < interval) return;
            lastSent = now;
            options.emit?.({ event: 'models.fit.progress', payload: p });
          },
          controller.signal,
        ),
      );
    } catch (err) {
      if (controller.signal.aborted)
        throw new ApiError('failed', 'models.fit: cancelled; no model version was stored');
      throw err;
    } finally {
      fitControllers.delete(key);
    }
  }

  const impl: Implementations = {
    ...worklistImpl,
    'app.info': () => ({ version: services.version, db: services.dbPath, host: options.host }),
    'patients.list': (a) => services.listPatients(a),
    'patient.get': (a) => found(services.getPatient(a.patientId), `patient "${a.patientId}"`),
    'series.get': (a) => found(services.getSeries(a.seriesUid), `series "${a.seriesUid}"`),
    'series.volume': async (a) => {
      const volume = found(await services.loadSeriesVolume(a.seriesUid), `series "${a.seriesUid}"`);
      const { data, size, spacing, origin, direction } = volume;
      return {
        meta: { seriesUid: a.seriesUid, size, spacing, origin, direction, ...volumeRange(data) },
        data,
      };
    },
    'roi.list': (a) => found(services.listRois(a.seriesUid), `series "${a.seriesUid}"`),
    'roi.mask': async (a) => {
      const { roi, mask } = found(await services.loadRoiMask(a.roiId), `ROI ${a.roiId}`);
      const { size, spacing, origin, direction } = mask;
      return {
        meta: { roiId: roi.roiId, name: roi.name, voxels: roi.voxels, size, spacing, origin, direction },
        data: mask.data,
      };
    },
    'roi.save': (a) => {
      const series = found(services.getSeries(a.seriesUid), `series "${a.seriesUid}"`);
      const { size, spacing, origin, direction } = series.geometry;
      let data: Uint8Array;
      try {
        data = decodeRuns(a.mask, size[0] * size[1] * size[2]);
      } catch (err) {
        throw new ApiError('bad-input', `roi.save: ${err instanceof Error ? err.message : String(err)}`);
      }
      const mask: MaskVolume = { size, spacing, origin, direction, data };
      const what = a.roiId === null ? `series "${a.seriesUid}"` : `ROI ${a.roiId} on series "${a.seriesUid}"`;
      return found(
        services.saveRoi({ seriesUid: a.seriesUid, roiId: a.roiId, name: a.name, author: a.author, mask }),
        what,
      );
    },
    'roi.delete': (a) => {
      if (!services.deleteRoi(a.roiId, a.author)) throw new ApiError('not-found', `ROI ${a.roiId} not found`);
      return { roiId: a.roiId };
    },
    'roi.export': async (a) => {
      if (!services.exportRoi) throw new ApiError('failed', 'ROI export is not available in this host');
      let result;
      try {
        result = await services.exportRoi(a);
      } catch (err) {
        throw new ApiError('bad-input', `roi.export: ${err instanceof Error ? err.message : String(err)}`);
      }
      return found(result, `ROI ${a.roiId}`);
    },
    'import.start': (a) => startImport(a.paths),
    'import.status': (a) => ({ ...found(jobs.get(a.jobId) ?? null, `import job "${a.jobId}"`) }),
    'import.cancel': (a) => {
      const job = found(jobs.get(a.jobId) ?? null, `import job "${a.jobId}"`);
      controllers.get(a.jobId)?.abort();
      return { ...job };
    },
    'labels.set': (a) => ({
      patientId: a.patientId,
      labels: found(services.setLabel(a), `patient "${a.patientId}"`),
    }),
    'models.list': () => models((m) => m.list()),
    'models.get': (a) => models((m) => m.get(a.modelId)),
    'models.fit': (a) => fitModel(a),
    'models.predict': (a) => models((m) => m.predict(a.modelId, a.patientId)),
    'models.report': (a) => models((m) => m.report(a.modelId)),
    'models.cancel': (a) => {
      let cancelled = 0;
      for (const [key, controller] of fitControllers) {
        if (a.fitId !== null && a.fitId !== key) continue;
        controller.abort();
        cancelled++;
      }
      return { cancelled };
    },
    'models.predictImage': (a) => models((m) => m.predictImage(a)),
  };

  async function invoke(channel: string, input: unknown): Promise<unknown> {
    if (!isChannel(channel)) throw new ApiError('bad-input', `unknown channel "${channel}"`);
    const schema = channels[channel];
    const parsed = schema.input.safeParse(input ?? {});
    if (!parsed.success) throw new ApiError('bad-input', `${channel}: ${describeIssues(parsed.error)}`);
    let output: unknown;
    try {
      output = await (impl[channel] as (args: unknown) => unknown)(parsed.data);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError('failed', `${channel}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A service that breaks the contract is a bug on our side: say so rather than ship bad data.
    const checked = schema.output.safeParse(output);
    if (!checked.success)
      throw new ApiError(
        'failed',
        `${channel}: service output breaks the contract: ${describeIssues(checked.error)}`,
      );
    return checked.data;
  }

  return {
    invoke,
    settle: async () => {
      while (running.size) await Promise.all([...running]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Binding to the real services: the store (main/store), import (main/services/import) and DICOM decoding.

function seriesSummary(s: SeriesRecord, rois: number): SeriesSummary {
  return {
    seriesUid: s.seriesUid,
    seriesNumber: s.seriesNumber,
    description: s.description,
    modality: s.modality,
    instances: s.instanceCount,
    rois,
    size: s.geometry.size,
    spacing: s.geometry.spacing,
    warnings: s.warnings,
  };
}

function roiSummary(r: RoiRecord): RoiSummary {
  return {
    roiId: r.id,
    seriesUid: r.seriesUid,
    name: r.name,
    source: r.source,
    author: r.author,
    voxels: r.voxelCount,
    // BoundingBox is [i0, j0, k0, i1, j1, k1].
    sliceRange: r.bbox ? [r.bbox[2], r.bbox[5]] : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function label(r: ResponseRecord): ResponseLabel {
  return { response: r.response, timepoint: r.timepoint, assessor: r.assessor, time: r.assessedAt };
}

/** Opens the database at `dbPath` (created and migrated if needed) and binds the API to it. */
export async function openAppServices(dbPath: string): Promise<AppServices> {
  if (!dbPath) throw new Error('no database path given (use --db PATH or set RADSCORE_DB)');
  const store = openStore(dbPath);
  const worklist = createWorklistServices(store);
  // Decoding a series takes a while; keep the last few for the viewer's back-and-forth.
  const volumeCache = new Map<string, Promise<Volume>>();
  const cacheSize = 3;

  const roisOf = (seriesId: number) => listRois(store, { seriesId });
  const patientSummary = (patientId: string): PatientSummary | null => {
    const p = getPatient(store, patientId);
    if (!p) return null;
    const status = patientStatuses(store).find((s) => s.patientId === patientId);
    const latest = listResponses(store, patientId).at(-1);
    return {
      patientId: p.patientId,
      patientName: p.name,
      birthDate: p.birthDate,
      sex: p.sex,
      studies: status?.studies ?? 0,
      series: status?.series ?? 0,
      rois: status?.rois ?? 0,
      response: latest?.response ?? null,
    };
  };

  return {
    dbPath,
    version: packageJson.version,
    worklist,
    listPatients({ offset, limit, search }) {
      // Paged and filtered in SQL: a page costs the same for 50 patients or 50,000.
      const page = patientPage(store, { offset, limit, search });
      const items = page.items.map(({ name, ...row }) => ({ ...row, patientName: name }));
      return { total: page.total, items };
    },
    getPatient(patientId) {
      const summary = patientSummary(patientId);
      const record = getPatient(store, patientId);
      if (!summary || !record) return null;
      const studies = new Map<string, StudySummary>();
      for (const st of listStudies(store, patientId)) {
        studies.set(st.studyUid, {
          studyUid: st.studyUid,
          studyDate: st.studyDate,
          description: st.description,
          accessionNumber: st.accessionNumber,
          series: [],
        });
      }
      for (const s of listSeries(store, patientId))
        studies.get(s.studyUid)?.series.push(seriesSummary(s, roisOf(s.id).length));
      return {
        patient: summary,
        studies: [...studies.values()],
        labels: listResponses(store, patientId).map(label),
        clinical: record.clinical,
      };
    },
    getSeries(seriesUid) {
      const s = getSeriesByUid(store, seriesUid);
      if (!s) return null;
      const rois = roisOf(s.id).map(roiSummary);
      const patient = getPatient(store, s.patientId);
      return {
        patientId: s.patientId,
        patientName: patient?.name ?? '',
        studyUid: s.studyUid,
        series: seriesSummary(s, rois.length),
        geometry: s.geometry,
        rois,
      };
    },
    listRois(seriesUid) {
      const s = getSeriesByUid(store, seriesUid);
      return s ? roisOf(s.id).map(roiSummary) : null;
    },
    async loadSeriesVolume(seriesUid) {
      const s = getSeriesByUid(store, seriesUid);
      if (!s) return null;
      let pending = volumeCache.get(seriesUid);
      if (!pending) {
        pending = loadSeriesVolume(seriesForLoading(store, s.id));
        volumeCache.set(seriesUid, pending);
        pending.catch(() => volumeCache.delete(seriesUid));
        while (volumeCache.size > cacheSize) volumeCache.delete(volumeCache.keys().next().value as string);
      }
      return pending;
    },
    async loadRoiMask(roiId) {
      const roi = getRoi(store, roiId);
      if (!roi) return null;
      return { roi: roiSummary(roi), mask: getRoiMask(store, roiId) };
    },
    async importPaths(paths, onProgress, signal) {
      const phases = { scan: 'reading files', store: 'storing series', rois: 'rasterising ROIs' } as const;
      const result = await importFolders(store, paths, {
        signal,
        onProgress: (p) =>
          onProgress({
            done: p.done,
            total: p.total,
            current: p.file ? `${phases[p.phase]}: ${p.file}` : phases[p.phase],
          }),
      });
      return result;
    },
    saveRoi({ seriesUid, roiId, name, author, mask }) {
      const series = getSeriesByUid(store, seriesUid);
      if (!series) return null;
      if (roiId === null) {
        const id = insertRoi(store, {
          seriesId: series.id,
          name,
          source: 'drawn',
          author,
          actor: author || undefined,
          mask,
        });
        return roiSummary(getRoi(store, id)!);
      }
      const old = getRoi(store, roiId);
      if (!old || old.seriesId !== series.id) return null;
      store.transaction(() => {
        // The saving reader is the audit actor of the change.
        updateRoiMask(store, roiId, mask, author || undefined);
        if (old.name !== name) renameRoi(store, roiId, name, author || undefined);
      });
      return roiSummary(getRoi(store, roiId)!);
    },
    deleteRoi(roiId, author) {
      if (!getRoi(store, roiId)) return false;
      deleteRoi(store, roiId, author || undefined);
      return true;
    },
    async exportRoi({ roiId, format, out, deidentify, overwrite }) {
      if (!getRoi(store, roiId)) return null;
      const deid = deidentify ? createDeidentifier(store) : undefined;
      const r = await exportRoi(store, roiId, {
        format,
        out,
        force: overwrite,
        replaceHint: 'confirm to replace it',
        deidentify: deid && {
          seriesRef: (ref) => deidentifySeriesRef(ref, deid),
          text: (t) => deid.scrub(t),
        },
      });
      return {
        out: r.out,
        format: r.format,
        roiId: r.roi_id,
        roi: r.roi,
        seriesUid: r.series_uid,
        voxels: r.voxels,
        sopInstanceUid: r.sop_instance_uid,
        deidentified: r.deidentified,
      };
    },
    models: modelServices(store),
    setLabel({ patientId, response, timepoint, assessor }) {
      const p = getPatient(store, patientId);
      if (!p) return null;
      setResponse(store, { patientRowId: p.id, response, timepoint, assessor });
      return listResponses(store, patientId).map(label);
    },
    close() {
      volumeCache.clear();
      worklist.extraction.abortAll();
      store.close();
    },
  };
}
