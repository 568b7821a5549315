/**
 * The model channels (models.*): stored versions listed and read, fits run as jobs — one call that returns
 * the stored version, progress pushed as 'models.fit.progress' events, cancelled by its fitId through
 * models.cancel — predictions and the HTML report. Model errors map to the API's kinds: a missing
 * version, patient or feature set → not-found; other bad input → bad-input.
 */
import type { ChannelArgs, ChannelOutput, FitProgress as ApiFitProgress } from '../../shared/api';
import type { Store } from '../store/index';
import { ApiError, type ChannelContext, type ChannelImplementations } from './channel';
import { JobRunner } from './jobs';
import { fitStoredModel, getStoredModel, listModels, ModelInputError, ModelNotFoundError } from './models';
import { predictForImage, predictForPatient } from './prediction';
import { renderReport, reportInputFromStore } from './report';

export interface ModelServices {
  list(): ChannelOutput<'models.list'>;
  get(modelId: number): ChannelOutput<'models.get'>;
  fit(
    args: ChannelArgs<'models.fit'>,
    onProgress: (p: ApiFitProgress) => void,
    signal?: AbortSignal,
  ): Promise<ChannelOutput<'models.get'>>;
  predict(modelId: number, patientId: string): Promise<ChannelOutput<'models.predict'>>;
  /** Prediction for an image + mask outside the database (ModelInputError when a file is missing). */
  predictImage(args: ChannelArgs<'models.predictImage'>): Promise<ChannelOutput<'models.predictImage'>>;
  /** The HTML report of a stored version. */
  report(modelId: number): string;
}

function detail(store: Store, id: number): ChannelOutput<'models.get'> {
  const v = getStoredModel(store, id);
  return {
    modelId: v.model_id,
    name: v.name,
    createdAt: v.created_at,
    softwareVersion: v.software_version,
    featureSetId: v.feature_set_id,
    selected: v.fit.selected,
    settings: v.settings,
    fit: v.fit,
  };
}

/** Binds the model channels to a store. Errors: ModelNotFoundError / ModelInputError (bad input). */
export function modelServices(store: Store): ModelServices {
  return {
    list: () =>
      listModels(store).map((m) => ({
        modelId: m.model_id,
        name: m.name,
        createdAt: m.created_at,
        softwareVersion: m.software_version,
        featureSetId: m.feature_set_id,
        selected: m.selected,
        trainAuc: m.train_auc,
        validationAuc: m.validation_auc,
        validationAucCi: m.validation_auc_ci,
      })),
    get: (id) => detail(store, id),
    async fit(a, onProgress, signal) {
      const { model_id } = await fitStoredModel(
        store,
        {
          featureSetId: a.featureSetId ?? undefined,
          splitSeed: a.splitSeed,
          trainFraction: a.trainFraction,
          folds: a.folds,
          foldSeed: a.foldSeed,
          lambda: a.lambda,
          name: a.name,
          roi: a.roi ?? undefined,
        },
        { onProgress, signal },
      );
      return detail(store, model_id);
    },
    async predict(modelId, patientId) {
      const p = await predictForPatient(store, modelId, patientId);
      return {
        modelId,
        patientId,
        roi: p.roi,
        radscore: p.radscore,
        probability: p.probability,
        source: p.source,
        warnings: p.warnings,
      };
    },
    async predictImage(a) {
      const p = await predictForImage(store, a.modelId, a.image, a.mask, a.roi ?? undefined);
      const features = Object.fromEntries(
        Object.entries(p.features).map(([k, v]) => [k, Number.isFinite(v) ? v : null]),
      );
      return {
        modelId: a.modelId,
        roi: p.roi,
        radscore: p.radscore,
        probability: p.probability,
        features,
        warnings: p.warnings,
      };
    },
    report(modelId) {
      getStoredModel(store, modelId); // a clear "does not exist" first
      const input = reportInputFromStore(store, modelId);
      return renderReport(input.fit, input.context);
    },
  };
}

/** A model error as the API reports it (not-found, bad-input); other errors are not mapped. */
function modelError(err: unknown): ApiError | undefined {
  if (err instanceof ModelNotFoundError) return new ApiError('not-found', err.message);
  if (err instanceof ModelInputError) return new ApiError('bad-input', err.message);
  return undefined;
}

export function modelChannels(
  services: ModelServices | undefined,
  ctx: ChannelContext,
): ChannelImplementations<
  | 'models.list'
  | 'models.get'
  | 'models.fit'
  | 'models.cancel'
  | 'models.predict'
  | 'models.report'
  | 'models.predictImage'
> {
  const need = (): ModelServices => {
    if (!services)
      throw new ApiError('failed', 'model versions are not available in this host (no model services)');
    return services;
  };
  /** The model services, with their input errors mapped to the API's error kinds. */
  async function models<T>(f: (m: ModelServices) => T | Promise<T>): Promise<T> {
    const m = need();
    try {
      return await f(m);
    } catch (err) {
      throw modelError(err) ?? err;
    }
  }

  /** Running fits by their fitId (the caller's, or a random one), for models.cancel. */
  const fits = new JobRunner<ChannelArgs<'models.fit'>, ApiFitProgress, ChannelOutput<'models.get'>>(
    {
      kind: 'fit',
      // The models.fit call itself returns the result: listeners hear the progress only.
      announce: false,
      initialProgress: () => ({ done: 0, total: 0, label: '' }),
      run: (a, job) => need().fit(a, (p) => job.progress(p), job.signal),
      urgent: (p) => p.done >= p.total,
      mapFailure: modelError,
      cancelledMessage: 'models.fit: cancelled; no model version was stored',
    },
    {
      intervalMs: ctx.progressIntervalMs,
      onUpdate: (job) => ctx.emit?.({ event: 'models.fit.progress', payload: job.progress }),
    },
  );
  ctx.track(() => fits.settle());

  return {
    'models.list': () => models((m) => m.list()),
    'models.get': (a) => models((m) => m.get(a.modelId)),
    'models.fit': async (a) => {
      if (a.fitId !== null && fits.isRunning(a.fitId))
        throw new ApiError('bad-input', `models.fit: a fit with fitId "${a.fitId}" is already running`);
      const { jobId } = fits.start(a, a.fitId ?? undefined);
      try {
        return await fits.result(jobId);
      } finally {
        fits.forget(jobId);
      }
    },
    'models.predict': (a) => models((m) => m.predict(a.modelId, a.patientId)),
    'models.report': (a) => models((m) => m.report(a.modelId)),
    'models.cancel': (a) => ({
      cancelled: fits.cancelWhere((job) => a.fitId === null || job.jobId === a.fitId),
    }),
    'models.predictImage': (a) => models((m) => m.predictImage(a)),
  };
}
