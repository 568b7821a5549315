/**
 * The Features tab end to end: a small demo cohort imported into a fresh database, an extraction with the
 * `paper` preset run from the screen with per-case progress, and the stored feature set listed.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoCohort } from '../main/demo/writeCohort';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');
const PATIENTS = 4;

let host: BuiltHost;
let tmp: string;

interface BuiltHost {
  url: string;
  call(channel: string, input: unknown): Promise<unknown>;
  close(): Promise<void>;
}
/**
 * The browser host from the built bundle (out/main/serve.js, built by `npm run build` / `npm run test:e2e`):
 * it runs the real worker bundles, and the presets' JSON imports are bundled in (Playwright's loader cannot
 * import JSON without attributes, so the host is not started in-process here).
 */
async function startBuiltHost(db: string): Promise<BuiltHost> {
  const child = spawn(process.execPath, [join(repo, 'out/main/serve.js'), '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the host did not start: ${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /open: (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        done(m[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => fail(new Error(`the host exited (${code}): ${output}`)));
  });
  const token = new URL(url).searchParams.get('token') ?? '';
  return {
    url,
    call: async (channel, input) => {
      const r = await fetch(new URL(`/api/${channel}`, url), { method: 'POST', headers: { 'x-radscore-token': token, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      if (!r.ok) throw new Error(`${channel}: HTTP ${r.status} ${await r.text()}`);
      return r.json();
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-e2e-extract-'));
  mkdirSync(shots, { recursive: true });
  const cohort = await writeDemoCohort(join(tmp, 'cohort'), { patients: PATIENTS, matrix: 64, slices: 10 });
  host = await startBuiltHost(join(tmp, 'e2e.sqlite'));
  // Import through the API (the Patients tab's import is covered by labelling.spec.ts).
  const { jobId } = (await host.call('import.start', { paths: [cohort.folder] })) as { jobId: string };
  for (;;) {
    const job = (await host.call('import.status', { jobId })) as { state: string; error: string | null };
    if (job.state === 'done') break;
    if (job.state !== 'running') throw new Error(`import ${job.state}: ${job.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('extract with the paper preset: progress per case, feature set listed', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'Features' }).click();
  await expect(page.getByText('No features extracted yet.')).toBeVisible();
  await expect(page.getByLabel('Preset', { exact: true })).toHaveValue('paper');
  await expect(page.getByTestId('preset-settings')).toContainText('"discretisation"');
  await page.mouse.move(700, 850); // no hover highlight on the tab in the picture
  await page.screenshot({ path: join(shots, 'extraction.png'), fullPage: true });

  await page.getByRole('button', { name: /Run extraction \(ak\)/ }).click();
  const status = page.getByTestId('extraction-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await expect(page.getByTestId('extraction-count')).toHaveText(`${PATIENTS} / ${PATIENTS} cases`);
  await expect(status).toContainText(`${PATIENTS} cases × 396 features`);
  const sets = page.locator('table[aria-label="Feature sets"] tbody tr');
  await expect(sets).toHaveCount(1);
  await expect(sets.first()).toContainText('ak');
  await expect(sets.first().locator('td').nth(3)).toHaveText(String(PATIENTS));
  await expect(sets.first().locator('td').nth(4)).toHaveText('396');
  await page.screenshot({ path: join(shots, 'extraction-done.png'), fullPage: true });

  // Every step of the worklist is now done for every patient except the label.
  await page.getByRole('tab', { name: 'Patients' }).click();
  await expect(page.locator('table[aria-label="Patients"] tbody tr').first().getByLabel('Features done')).toBeVisible();
});
