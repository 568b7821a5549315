/**
 * Imaging for the API: series details, decoded volumes (a small cache for the viewer's back-and-forth) and
 * DICOM import as a background job (channels series.*, import.*). The importer itself is import.ts.
 */
import type { ChannelArgs, ImportJob, ImportSummary, SeriesDetail, SeriesSummary } from '../../shared/api';
import type { Volume } from '../../shared/image/volume';
import { loadSeriesVolume } from '../dicom/index';
import {
  checkUncheckedSeries,
  getPatient,
  getSeriesByUid,
  listRois,
  seriesForLoading,
  type SeriesRecord,
  type Store,
} from '../store/index';
import { found, type ChannelContext, type ChannelImplementations } from './channel';
import { importFolders } from './import';
import { JobRunner, type Job } from './jobs';
import { roiSummary } from './rois';

/** What the series and import channels need (bound to a store by imagingServices; faked in tests). */
export interface ImagingServices {
  getSeries(seriesUid: string): SeriesDetail | null;
  loadSeriesVolume(seriesUid: string): Promise<Volume | null>;
  /** Rejects with an error named 'AbortError' when `signal` stops it. */
  importPaths(
    paths: string[],
    onProgress: (p: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportSummary>;
}

/** An import's progress as the API shows it: files done / found, and what it is working on now. */
export type ImportProgress = Pick<ImportJob, 'done' | 'total' | 'current'>;

export function seriesSummary(s: SeriesRecord, rois: number): SeriesSummary {
  return {
    seriesUid: s.seriesUid,
    seriesNumber: s.seriesNumber,
    description: s.description,
    modality: s.modality,
    instances: s.instanceCount,
    rois,
    size: s.geometry.size,
    spacing: s.geometry.spacing,
    warnings: [...s.warnings, ...(s.unusable ?? []).map((r) => `Not usable for extraction: ${r}`)],
    unusable: s.unusable ?? [],
  };
}

/** Binds the imaging services to a store; `close` drops the decoded volumes. */
export function imagingServices(store: Store): ImagingServices & { close(): void } {
  checkUncheckedSeries(store); // series stored before migration 5: is each one usable for extraction?
  // Decoding a series takes a while; keep the last few for the viewer's back-and-forth.
  const volumeCache = new Map<string, Promise<Volume>>();
  const cacheSize = 3;
  return {
    getSeries(seriesUid) {
      const s = getSeriesByUid(store, seriesUid);
      if (!s) return null;
      const rois = listRois(store, { seriesId: s.id }).map(roiSummary);
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
    close() {
      volumeCache.clear();
    },
  };
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

export function imagingChannels(s: ImagingServices): ChannelImplementations<'series.get' | 'series.volume'> {
  return {
    'series.get': (a) => found(s.getSeries(a.seriesUid), `series "${a.seriesUid}"`),
    'series.volume': async (a) => {
      const volume = found(await s.loadSeriesVolume(a.seriesUid), `series "${a.seriesUid}"`);
      const { data, size, spacing, origin, direction } = volume;
      return {
        meta: { seriesUid: a.seriesUid, size, spacing, origin, direction, ...volumeRange(data) },
        data,
      };
    },
  };
}

/** The API's view of an import job (what import.status returns and 'import.progress' events carry). */
function importJob(job: Job<ChannelArgs<'import.start'>, ImportProgress, ImportSummary>): ImportJob {
  const { done, total, current } = job.progress;
  const finished = job.state === 'done';
  return {
    jobId: job.jobId,
    state: job.state,
    done: finished ? Math.max(done, total) : done,
    total,
    current: finished ? '' : current,
    result: job.result,
    error: job.state === 'cancelled' ? 'cancelled; what was stored before stopping is kept' : job.error,
  };
}

/** Import runs as background jobs (several may run); progress goes out as 'import.progress' events. */
export function importChannels(
  s: ImagingServices,
  ctx: ChannelContext,
): ChannelImplementations<'import.start' | 'import.status' | 'import.cancel'> {
  const imports = new JobRunner<ChannelArgs<'import.start'>, ImportProgress, ImportSummary>(
    {
      kind: 'import',
      initialProgress: () => ({ done: 0, total: 0, current: 'scanning' }),
      run: (a, job) => s.importPaths(a.paths, (p) => job.progress(p), job.signal),
    },
    {
      intervalMs: ctx.progressIntervalMs,
      onUpdate: (job) => ctx.emit?.({ event: 'import.progress', payload: importJob(job) }),
    },
  );
  ctx.track(() => imports.settle());
  const job = (jobId: string) => found(imports.status(jobId), `import job "${jobId}"`);
  return {
    'import.start': (a) => ({ jobId: imports.start(a).jobId }),
    'import.status': (a) => importJob(job(a.jobId)),
    'import.cancel': (a) => {
      job(a.jobId);
      return importJob(imports.cancel(a.jobId)!);
    },
  };
}
