/**
 * The Features tab end to end: a small demo cohort imported into a fresh database, an extraction with the
 * `paper` preset run from the screen with per-case progress, and the stored feature set listed.
 */
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, stubPreloadBridge, type RunningHost } from './host';
import { writeDemoCohort } from '../main/demo/writeCohort';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');
const PATIENTS = 4;

let host: RunningHost;
let tmp: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-e2e-extract-'));
  mkdirSync(shots, { recursive: true });
  const cohort = await writeDemoCohort(join(tmp, 'cohort'), { patients: PATIENTS, matrix: 64, slices: 10 });
  host = await launchHost(repo, join(tmp, 'e2e.sqlite'));
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
  await expect(page.getByTestId('preset-description')).toContainText('The settings of the source study');
  await expect(page.getByTestId('preset-settings')).toBeHidden(); // the JSON is one click away
  await page.getByText('Settings as JSON').click();
  await expect(page.getByTestId('preset-settings')).toContainText('"discretisation"');
  await page.getByText('Settings as JSON').click();
  const plan = page.getByTestId('extraction-plan');
  await expect(plan).toHaveText(`${PATIENTS} ROIs: ${PATIENTS} to compute with the ak profile.`);
  // A settings file that cannot be read is named before anything runs, and the run button waits.
  await page.getByLabel('Settings file').fill(join(tmp, 'missing.yaml'));
  await expect(plan).toContainText('cannot read settings file');
  await expect(page.getByRole('button', { name: /Run extraction/ })).toBeDisabled();
  await page.getByLabel('Settings file').fill('');
  await page.getByLabel('Settings file').blur();
  // A ROI name that matches none: the names there are, and nothing to run.
  await page.getByLabel('ROI name').fill('GTVX');
  await expect(plan).toHaveText('No ROI named “GTVX”: the names in the database are “GTV”.');
  await expect(page.getByRole('button', { name: /Run extraction/ })).toBeDisabled();
  await page.getByLabel('ROI name').fill('');
  await expect(plan).toHaveText(`${PATIENTS} ROIs: ${PATIENTS} to compute with the ak profile.`);
  await page.mouse.move(700, 850); // no hover highlight on the tab in the picture
  await page.screenshot({ path: join(shots, 'extraction.png'), fullPage: true });

  await page.getByRole('button', { name: /Run extraction \(ak\)/ }).click();
  const status = page.getByTestId('extraction-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await expect(page.getByTestId('extraction-count')).toHaveText(`${PATIENTS} / ${PATIENTS} cases`);
  await expect(status).toContainText(`${PATIENTS} cases × 396 features`);
  // (each row's preset cell holds a table of its own: count the set rows and their own cells only)
  const sets = page.locator('table[aria-label="Feature sets"] > tbody > tr');
  await expect(sets).toHaveCount(1);
  await expect(sets.first()).toContainText('ak');
  await expect(sets.first().locator('details.preset-cell summary')).toHaveText('paper');
  await expect(sets.first().locator(':scope > td').nth(4)).toHaveText(String(PATIENTS));
  await expect(sets.first().locator(':scope > td').nth(5)).toHaveText('396');
  // The set as CSV, as `radscore export-features` writes it: one row per ROI, 3 + 396 columns.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    sets.first().getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('radscore-features-1.csv');
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\n');
  expect(csv).toHaveLength(PATIENTS + 1);
  expect(csv[0].split(',').slice(0, 3)).toEqual(['patient_id', 'series_uid', 'roi']);
  expect(csv[0].split(',')).toHaveLength(3 + 396);
  expect(csv[0]).toContain('ClusterProminence_angle135_offset4');
  const [deidentified] = await Promise.all([
    page.waitForEvent('download'),
    sets.first().getByRole('button', { name: 'CSV, de-identified' }).click(),
  ]);
  const deidCsv = readFileSync(await deidentified.path(), 'utf8');
  expect(deidCsv.split('\n')).toHaveLength(PATIENTS + 2);
  expect(deidCsv).not.toMatch(/NPC0/);

  // Nothing left to do for these settings: a rerun would compute nothing.
  await expect(plan).toHaveText(
    `${PATIENTS} ROIs: all already extracted with these settings (feature set 1).`,
  );
  await page.screenshot({ path: join(shots, 'extraction-done.png'), fullPage: true });

  // Every step of the worklist is now done for every patient except the label.
  await page.getByRole('tab', { name: 'Patients' }).click();
  await expect(
    page.locator('table[aria-label="Patients"] tbody tr').first().getByLabel('Features done'),
  ).toBeVisible();
});

test("desktop: a settings file chosen in the native picker (an A.K. block: ITK's 13 directions) is planned as new work", async ({
  page,
}) => {
  const file = join(tmp, 'itk13.yaml');
  writeFileSync(file, 'ak:\n  allDirection: itk13\n');
  await stubPreloadBridge(page, host, { settingsFile: file });
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'Features' }).click();
  const plan = page.getByTestId('extraction-plan');
  await expect(plan).toHaveText(
    `${PATIENTS} ROIs: all already extracted with these settings (feature set 1).`,
  );
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await expect(page.getByLabel('Settings file')).toHaveValue(file);
  // Other settings, another feature set: every ROI is to compute again.
  await expect(plan).toHaveText(`${PATIENTS} ROIs: ${PATIENTS} to compute with the ak profile.`);
  await expect(page.getByRole('button', { name: /Run extraction/ })).toBeEnabled();
});
