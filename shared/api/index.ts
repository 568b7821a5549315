/**
 * The API contract between the renderer and the main process (DESIGN §1–2).
 *
 * Every channel has a zod schema for its input and its output. Both fronts (Electron IPC and the browser
 * host) validate input against these schemas before calling a service (main/services/handlers.ts), and the
 * renderer's client (renderer/api/client.ts) is typed by them. Binary channels (volumes, masks) return
 * `{ meta, data }` with a typed array; over HTTP they travel as one raw-bytes envelope (encodeBinary /
 * decodeBinary in codecs.ts), never as JSON numbers.
 *
 * The channels live per domain in this folder (patients, imaging, rois, labels, clinical, audit, worklist,
 * extraction, models); this module joins them into `channels` and holds what every channel shares: the
 * derived types, the pushed events and the error shape. Adding a channel = one entry in its domain's map.
 *
 * Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod';
import { auditChannels } from './audit';
import { clinicalChannels } from './clinical';
import { empty } from './common';
import { ExtractionJob, extractionChannels } from './extraction';
import { ImportJob, imagingChannels, importChannels } from './imaging';
import { labelChannels } from './labels';
import { FitProgress, modelChannels } from './models';
import { patientChannels } from './patients';
import { roiChannels } from './rois';
import { worklistChannels } from './worklist';

export { AssessedResponse, CsvImportResult, Geometry, ImportConflict, ResponseCategory } from './common';
export * from './audit';
export * from './codecs';
export * from './extraction';
export * from './imaging';
export * from './labels';
export * from './models';
export * from './patients';
export * from './rois';
export * from './worklist';
export { clinicalChannels } from './clinical';

const appChannels = {
  /** Version and database in use. */
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), db: z.string(), host: z.enum(['electron', 'browser']) }),
  },
} as const;

export const channels = {
  ...appChannels,
  ...patientChannels,
  ...imagingChannels,
  ...roiChannels,
  ...importChannels,
  ...labelChannels,
  ...modelChannels,
  ...worklistChannels,
  ...auditChannels,
  ...clinicalChannels,
  ...extractionChannels,
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
/** What a caller may pass (defaults still optional). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ChannelArgs<C extends Channel> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as Channel[];
export const binaryChannels: ReadonlySet<Channel> = new Set<Channel>(['series.volume', 'roi.mask']);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** Events pushed from main to the renderer (IPC 'radscore:event' or the host's Server-Sent Events). */
export const events = {
  'import.progress': ImportJob,
  'models.fit.progress': FitProgress,
  'extraction.progress': ExtractionJob,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
/** One pushed event; a union over event names, so `if (e.event === 'import.progress')` narrows the payload. */
export type ApiEvent<E extends EventName = EventName> = E extends EventName
  ? { event: E; payload: EventPayload<E> }
  : never;

/** The error shape both fronts return: a one-line message, and the zod issues for bad input. */
export interface ApiErrorBody {
  error: string;
  kind: 'bad-input' | 'not-found' | 'failed';
}

/**
 * What one call answers over Electron IPC and the preload's bridge: the value, or the error with its kind.
 * (Electron copies only the message of an Error thrown across contextBridge, so the kind travels here.)
 */
export type ApiReply = { value: unknown } | ApiErrorBody;

/** Turns a zod error into one line naming the offending field(s). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}
