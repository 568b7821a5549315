/**
 * Starts the browser host the way users do (`node out/main/serve.js`, built by `npm run test:e2e`) on a
 * fresh database, and reads the printed URL. Using the bundle rather than the TypeScript sources keeps the
 * e2e run independent of Playwright's module loader and tests what ships.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

export async function launchHost(repo: string, db: string): Promise<RunningHost> {
  const entry = join(repo, 'out/main/serve.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm run test:e2e does)`);
  const child = spawn(process.execPath, [entry, '--db', db], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the host printed no URL within 30 s\n${stdout}${stderr}`)), 30_000);
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
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
