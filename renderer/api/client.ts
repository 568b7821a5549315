/**
 * The renderer's API client. In Electron it calls `window.radscore` (exposed by the preload); in a plain
 * browser it calls the browser host over HTTP (POST /api/<channel>, events over SSE). Nothing else differs:
 * both are typed and checked by the schemas in shared/api/.
 */
import {
  binaryChannels,
  channels,
  decodeBinary,
  describeIssues,
  type ApiErrorBody,
  type ApiEvent,
  type ApiReply,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
} from '../../shared/api';
import { errorMessage } from '../../shared/errorMessage';

/** What the Electron preload exposes as `window.radscore`. */
export interface RadscoreBridge {
  /** Main's reply: the value, or the error with its kind (the preload does not throw). */
  invoke(channel: string, input: unknown): Promise<ApiReply>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  pickFolders(): Promise<string[]>;
  /** A native open dialog for a JSON/YAML settings file; null when cancelled. */
  pickSettingsFile(): Promise<string | null>;
  /**
   * Registers the answer to main's "may the window close?" query (main/electron/closeGuard.ts); returns the
   * unregistration. Optional: a preload without it lets the window close.
   */
  onCloseRequest?(mayClose: () => Promise<boolean>): () => void;
}

declare global {
  interface Window {
    radscore?: RadscoreBridge;
  }
}

export class ApiCallError extends Error {
  constructor(
    readonly kind: ApiErrorBody['kind'] | 'network',
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  readonly host: 'electron' | 'browser';
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** A native folder picker (Electron only); null in the browser host, where the user types a path. */
  readonly pickFolders: (() => Promise<string[]>) | null;
  /** A native settings-file picker (Electron only); null in the browser host. */
  readonly pickSettingsFile: (() => Promise<string | null>) | null;
  /** Electron only: answers the window's close query (see RadscoreBridge); null in the browser host. */
  readonly onCloseRequest: ((mayClose: () => Promise<boolean>) => () => void) | null;
}

function checkOutput<C extends Channel>(channel: C, value: unknown): ChannelOutput<C> {
  const parsed = channels[channel].output.safeParse(value);
  if (!parsed.success)
    throw new ApiCallError('failed', `${channel}: unexpected reply: ${describeIssues(parsed.error)}`);
  return parsed.data as ChannelOutput<C>;
}

export function electronClient(bridge: RadscoreBridge): ApiClient {
  return {
    host: 'electron',
    async call(channel, input) {
      const reply = await bridge.invoke(channel, input);
      if ('error' in reply) throw new ApiCallError(reply.kind, reply.error);
      return checkOutput(channel, reply.value);
    },
    onEvent: (listener) => bridge.onEvent(listener),
    pickFolders: () => bridge.pickFolders(),
    pickSettingsFile: () => bridge.pickSettingsFile(),
    onCloseRequest: bridge.onCloseRequest
      ? (mayClose) => bridge.onCloseRequest?.(mayClose) ?? (() => undefined)
      : null,
  };
}

/** The token comes in the launch URL (?token=…); keep it for reloads of this tab. */
function hostToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('radscore-token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('radscore-token') ?? '';
}

function browserClient(): ApiClient {
  const token = hostToken();
  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;
  return {
    host: 'browser',
    async call(channel, input) {
      let response: Response;
      try {
        response = await fetch(`api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Radscore-Token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        throw new ApiCallError('network', `${channel}: the host did not answer (${errorMessage(err)})`);
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
        throw new ApiCallError(body?.kind ?? 'failed', body?.error ?? `${channel}: HTTP ${response.status}`);
      }
      const value = binaryChannels.has(channel)
        ? decodeBinary(await response.arrayBuffer())
        : await response.json();
      return checkOutput(channel, value);
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource(`api/events?token=${encodeURIComponent(token)}`);
        source.onmessage = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as ApiEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => {
        listeners.delete(listener);
        if (!listeners.size && source) {
          source.close();
          source = null;
        }
      };
    },
    pickFolders: null,
    pickSettingsFile: null,
    onCloseRequest: null,
  };
}

let client: ApiClient | null = null;

export function api(): ApiClient {
  client ??= window.radscore ? electronClient(window.radscore) : browserClient();
  return client;
}
