import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const entry = join(repo, 'main/host/serve.ts');
const tmp = mkdtempSync(join(tmpdir(), 'radscore-serve-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run serve (main/host/serve.ts)', () => {
  it('refuses a bad --port or an unknown option with a one-line reason', () => {
    const bad = spawnSync(process.execPath, ['--import', 'tsx', entry, '--port', 'eighty'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port must be an integer');
    const unknown = spawnSync(process.execPath, ['--import', 'tsx', entry, '--prot', '1'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown option --prot');
  }, 30_000);

  it('uses $RADSCORE_DB, prints the tokenised 127.0.0.1 URL, and answers it', async () => {
    const db = join(tmp, 'env.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repo,
      env: { ...process.env, RADSCORE_DB: db },
    });
    try {
      const out = await new Promise<string>((resolveOut, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (/open: http/.test(text)) resolveOut(text);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      expect(out).toContain(`database: ${db}`);
      const url = /open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      const origin = new URL(url!).origin;
      const token = new URL(url!).searchParams.get('token')!;
      const info = await fetch(`${origin}/api/app.info`, {
        method: 'POST',
        headers: { 'x-radscore-token': token },
        body: '{}',
      });
      expect(await info.json()).toMatchObject({ db, host: 'browser' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
