/**
 * Starts the browser host the way users do (`node out/main/serve.js`, built by `npm run test:e2e`) on a
 * fresh database, and reads the printed URL. Using the bundle rather than the TypeScript sources keeps the
 * e2e run independent of Playwright's module loader and tests what ships.
 */
import { test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeDemoCohort, type WrittenCohort } from '../main/demo/writeCohort';
import type { SplitMetrics } from '../shared/modeling/pipeline';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  /** POST /api/<channel> with the token; throws with the status and body on an HTTP error. */
  call(channel: string, input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function launchHost(repo: string, db: string): Promise<RunningHost> {
  const entry = join(repo, 'out/main/serve.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run \`npm run build\` (npm run test:e2e does)`);
  const child = spawn(process.execPath, [entry, '--db', db], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`the host printed no URL within 30 s\n${stdout}${stderr}`)),
      30_000,
    );
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = /open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited (${code}) before printing its URL\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    call: async (channel, input) => {
      const r = await fetch(new URL(`/api/${channel}`, parsed.origin), {
        method: 'POST',
        headers: {
          'x-radscore-token': parsed.searchParams.get('token') ?? '',
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
      });
      if (!r.ok) throw new Error(`${channel}: HTTP ${r.status} ${await r.text()}`);
      return r.json();
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface DemoCohortSpec {
  readonly host: RunningHost;
  readonly cohort: WrittenCohort;
  readonly tmp: string;
}

/**
 * For a spec file: before its tests, a small demo cohort (6 patients, 64² × 10, not yet imported) in a temp
 * folder and a host on a fresh database there; after them, both gone. Read the fields inside tests.
 */
export function useDemoCohortHost(repo: string, tmpPrefix: string, screenshots: string): DemoCohortSpec {
  const spec = {} as { host: RunningHost; cohort: WrittenCohort; tmp: string };
  test.beforeAll(async () => {
    spec.tmp = mkdtempSync(join(tmpdir(), tmpPrefix));
    mkdirSync(screenshots, { recursive: true });
    spec.cohort = await writeDemoCohort(join(spec.tmp, 'cohort'), { patients: 6, matrix: 64, slices: 10 });
    spec.host = await launchHost(repo, join(spec.tmp, 'e2e.sqlite'));
  });
  test.afterAll(async () => {
    await spec.host?.close();
    if (spec.tmp) rmSync(spec.tmp, { recursive: true, force: true });
  });
  return spec;
}

/**
 * Runs the built CLI (out/main/cli.js, built by `npm run test:e2e`) with `args` and returns its stdout; throws
 * with stderr on failure. `scratch` is a folder for the boot file.
 */
export async function runBuiltCli(repo: string, scratch: string, args: string[]): Promise<string> {
  const cli = join(repo, 'out/main/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` (npm run test:e2e does)`);
  // A boot file, not `node -e`: worker threads inherit the parent's execArgv, and `--input-type` breaks them.
  const boot = join(scratch, 'radscore-cli.mjs');
  writeFileSync(
    boot,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cli).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  const child = spawn(process.execPath, [boot, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`radscore ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`);
  return stdout;
}

/**
 * An AUC with its 95 % CI as the report and the Models screen print it (3 decimals, en dash), written out
 * here independently of the app's formatter.
 */
export const aucText = (m: Pick<SplitMetrics, 'auc' | 'auc_ci'>) =>
  `${m.auc.toFixed(3)} (95% CI ${m.auc_ci[0].toFixed(3)}–${m.auc_ci[1].toFixed(3)})`;

/**
 * A stand-in for the Electron preload's `window.radscore` that forwards every call to the browser host, so
 * only the client's bridge branch differs from the browser path. `record` sees each channel called; the
 * pickers answer with `folder` and `settingsFile`. app.info reports host "electron".
 */
export async function stubPreloadBridge(
  page: Page,
  host: RunningHost,
  picks: { folder?: string; settingsFile?: string } = {},
  record: (channel: string) => void = () => undefined,
): Promise<void> {
  await page.exposeFunction('__recordBridgeCall', record);
  await page.addInitScript(
    ({ token, folder, settingsFile }) => {
      const note = (window as unknown as { __recordBridgeCall: (c: string) => void }).__recordBridgeCall;
      (window as unknown as { radscore: unknown }).radscore = {
        async invoke(channel: string, input: unknown) {
          note(channel);
          const res = await fetch(`/api/${channel}`, {
            method: 'POST',
            headers: { 'x-radscore-token': token },
            body: JSON.stringify(input),
          });
          const body = await res.json();
          // The preload's reply: the value, or the error with its kind.
          if (!res.ok) return { error: body.error, kind: body.kind };
          return { value: channel === 'app.info' ? { ...body, host: 'electron' } : body };
        },
        onEvent: () => () => undefined,
        pickFolders: async () => (folder ? [folder] : []),
        pickSettingsFile: async () => settingsFile ?? null,
      };
    },
    { token: host.token, folder: picks.folder ?? null, settingsFile: picks.settingsFile ?? null },
  );
}
