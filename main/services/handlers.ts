/**
 * Channel → service dispatch, shared by both fronts (Electron IPC in main/electron, the browser host in
 * main/host). A front passes the channel name and the untrusted input; this module validates the input
 * against the schema in shared/api/, calls the channel's implementation (bound per domain: patients.ts,
 * imaging.ts, rois.ts, labels.ts, clinical.ts, audit.ts, worklist.ts, extractionJobs.ts, featureSets.ts,
 * modelChannels.ts), and checks the output against the contract. Errors reach the front as ApiError.
 */
import { channels, describeIssues, isChannel, type ApiEvent, type Channel } from '../../shared/api';
import { auditChannels } from './audit';
import { ApiError, type ChannelContext, type ChannelImplementations } from './channel';
import { clinicalChannels } from './clinical';
import { extractionChannels } from './extractionJobs';
import { featureSetChannels } from './featureSets';
import { imagingChannels, importChannels } from './imaging';
import { labelChannels } from './labels';
import { modelChannels } from './modelChannels';
import { patientChannels } from './patients';
import { roiChannels } from './rois';
import { worklistChannels } from './worklist';
import type { AppServices } from './appServices';
import { errorMessage } from '../../shared/errorMessage';

export { ApiError } from './channel';
export { openAppServices, type AppServices } from './appServices';

export interface HandlerOptions {
  host: 'electron' | 'browser';
  /** Pushes an event to the renderer(s). */
  emit?: (event: ApiEvent) => void;
  /** How often progress events may be sent (ms); the final state is always sent. */
  progressIntervalMs?: number;
}

export interface Handlers {
  /** Validates `input` for `channel`, runs it, returns the contract's output. Throws ApiError. */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Resolves when every background job started through these handlers has finished (tests, shutdown). */
  settle(): Promise<void>;
}

export function createHandlers(services: AppServices, options: HandlerOptions): Handlers {
  const background: (() => Promise<void>)[] = [];
  const ctx: ChannelContext = {
    emit: options.emit,
    progressIntervalMs: options.progressIntervalMs ?? 150,
    track: (settle) => background.push(settle),
  };
  const store = services.store;
  const impl: ChannelImplementations<Channel> = {
    'app.info': () => ({ version: services.version, db: services.dbPath, host: options.host }),
    ...patientChannels(services),
    ...imagingChannels(services),
    ...roiChannels(services),
    ...importChannels(services, ctx),
    ...labelChannels(services, store),
    ...clinicalChannels(store),
    ...auditChannels(store),
    ...worklistChannels(store),
    ...extractionChannels(store, services.extraction, ctx),
    ...featureSetChannels(services, store),
    ...modelChannels(services.models, ctx),
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
      throw new ApiError('failed', `${channel}: ${errorMessage(err)}`);
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
      await Promise.all(background.map((settle) => settle()));
    },
  };
}
