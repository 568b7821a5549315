/**
 * The browser host (DESIGN §2): a Node http server on 127.0.0.1 that serves the built renderer and exposes
 * the same API handlers as Electron IPC, behind a per-launch random token.
 *
 *   GET  /?token=T           index.html; sets an HttpOnly SameSite=Strict cookie so the page's assets load
 *   GET  /assets/…           static files under out/renderer (path traversal refused)
 *   POST /api/<channel>      JSON input → JSON output, or a binary envelope (shared/api/codecs.ts) for volumes/masks
 *   GET  /api/events         Server-Sent Events: 'import.progress' and other pushed events
 *
 * Every request needs the token (header x-radscore-token, the cookie, or ?token=), else 401. The Host header
 * must be our own 127.0.0.1:PORT (DNS rebinding), and a cross-origin Origin is refused (CSRF).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { binaryChannels, encodeBinary, isChannel, type ApiEvent, type BinaryPayload } from '../../shared/api';
import {
  ApiError,
  createHandlers,
  openAppServices,
  type AppServices,
  type Handlers,
} from '../services/handlers';
import { mimeType, resolveStaticPath, SECURITY_HEADERS } from './security';
import { errorMessage } from '../../shared/errorMessage';

export interface HostOptions {
  /** Database path (created if missing). Ignored when `services` is given. */
  db?: string;
  /** 0 or undefined: a random free port. */
  port?: number;
  /** The built renderer; default out/renderer next to this bundle. */
  rendererDir?: string;
  /** Inject services (tests); otherwise opened on `db`. */
  services?: AppServices;
  /** Largest accepted request body, bytes. */
  maxBodyBytes?: number;
}

export interface Host {
  url: string;
  token: string;
  port: number;
  handlers: Handlers;
  close(): Promise<void>;
}

const COOKIE = 'radscore_token';

function defaultRendererDir(): string {
  // Bundled: out/main/serve.js → out/renderer. From source (tests): main/host/server.ts → out/renderer.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '../renderer'), join(here, '../../out/renderer')];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? candidates[0];
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  type: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, kind: string, message: string) {
  send(res, status, JSON.stringify({ error: message, kind }), 'application/json; charset=utf-8');
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError('bad-input', `request body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHost(options: HostOptions = {}): Promise<Host> {
  const services = options.services ?? (await openAppServices(options.db ?? ''));
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const token = randomBytes(24).toString('base64url');
  const sseClients = new Set<ServerResponse>();

  const emit = (event: ApiEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  };
  const handlers = createHandlers(services, { host: 'browser', emit });
  let port = 0;

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return sendError(res, 405, 'bad-input', 'API calls use POST');
    if (!isChannel(channel)) return sendError(res, 404, 'not-found', `unknown channel "${channel}"`);
    let input: unknown;
    try {
      const body = await readBody(req, maxBody);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (err) {
      const message = err instanceof ApiError ? err.message : 'request body is not valid JSON';
      return sendError(res, 400, 'bad-input', message);
    }
    try {
      const output = await handlers.invoke(channel, input);
      if (binaryChannels.has(channel))
        send(res, 200, encodeBinary(output as BinaryPayload), 'application/octet-stream');
      else send(res, 200, JSON.stringify(output), 'application/json; charset=utf-8');
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError('failed', errorMessage(err));
      sendError(res, apiErr.status, apiErr.kind, apiErr.message);
    }
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      sseClients.delete(res);
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string, setCookie: boolean) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'bad-input', 'only GET for files');
    const file = resolveStaticPath(rendererDir, pathname);
    if (!file) return sendError(res, 403, 'bad-input', 'path refused');
    if (!existsSync(file) || !statSync(file).isFile()) {
      const hint = pathname === '/' ? ' (renderer not built: run `npm run build`)' : '';
      return sendError(res, 404, 'not-found', `not found: ${pathname}${hint}`);
    }
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': mimeType(file),
      'Content-Length': String(statSync(file).size),
    };
    if (setCookie) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // DNS rebinding: only our own address. CSRF: a browser Origin, when sent, must be ours.
    const ownHost = `127.0.0.1:${port}`;
    if (req.headers.host !== ownHost) return sendError(res, 403, 'bad-input', 'wrong Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${ownHost}`)
      return sendError(res, 403, 'bad-input', 'cross-origin request refused');

    const header = req.headers['x-radscore-token'];
    const queryToken = url.searchParams.get('token') ?? undefined;
    const authorised =
      sameSecret(typeof header === 'string' ? header : undefined, token) ||
      sameSecret(cookieValue(req, COOKIE), token) ||
      sameSecret(queryToken, token);
    if (!authorised)
      return sendError(res, 401, 'bad-input', 'missing or wrong token (open the URL printed at start-up)');

    const path = url.pathname;
    if (path === '/api/events') return handleEvents(req, res);
    if (path.startsWith('/api/')) {
      void handleApi(req, res, path.slice('/api/'.length));
      return;
    }
    // The raw path, not URL's normalised one: a request that tries "..", encoded or not, is refused outright.
    const rawPath = (req.url ?? '/').split('?')[0];
    handleStatic(req, res, rawPath, queryToken !== undefined);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    handlers,
    close: async () => {
      for (const client of sseClients) client.end();
      sseClients.clear();
      await handlers.settle();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      if (!options.services) services.close();
    },
  };
}
