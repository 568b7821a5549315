/**
 * The patient page's "Features as DICOM SR" export end to end: a small demo cohort imported and extracted
 * (ibsi profile) through the API, then, on the first patient's page, the feature set picked, a folder
 * given, the SR exported (plain, then de-identified); a second export to the same file is refused until
 * "Replace existing files" is ticked. The files written are real DICOM SR + SEG (checked on disk).
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, type RunningHost } from './host';
import { writeDemoCohort } from '../main/demo/writeCohort';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

let host: RunningHost;
let tmp: string;
let patientId = '';
let featureSetId = 0;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-e2e-sr-'));
  mkdirSync(shots, { recursive: true });
  const cohort = await writeDemoCohort(join(tmp, 'cohort'), { patients: 2, matrix: 64, slices: 10 });
  host = await launchHost(repo, join(tmp, 'e2e.sqlite'));
  const wait = async (status: string, jobId: string) => {
    for (;;) {
      const job = (await host.call(status, { jobId })) as { state: string; error: string | null };
      if (job.state === 'done') return job;
      if (job.state !== 'running') throw new Error(`${status} ${job.state}: ${job.error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const { jobId } = (await host.call('import.start', { paths: [cohort.folder] })) as { jobId: string };
  await wait('import.status', jobId);
  const run = (await host.call('extraction.start', { profile: 'ibsi', workers: 1 })) as { jobId: string };
  featureSetId = ((await wait('extraction.status', run.jobId)) as unknown as { featureSetId: number })
    .featureSetId;
  const patients = (await host.call('patients.list', {})) as { items: { patientId: string }[] };
  patientId = patients.items[0].patientId;
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('export a patient’s features as DICOM SR from the patient page', async ({ page }) => {
  const folder = join(tmp, 'exports');
  await page.goto(host.url);
  await page.getByRole('row', { name: new RegExp(patientId) }).click();
  const panel = page.getByTestId('sr-export');
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel('Feature set for the SR')).toHaveValue(String(featureSetId));
  await panel.getByLabel('SR export folder').fill(folder);
  await panel.getByRole('button', { name: 'Export DICOM SR' }).click();
  const status = panel.getByRole('status');
  await expect(status).toContainText(`written to ${folder}/${patientId}-features-set${featureSetId}.dcm`);
  const sr = join(folder, `${patientId}-features-set${featureSetId}.dcm`);
  const bytes = readFileSync(sr);
  expect(bytes.subarray(128, 132).toString('latin1')).toBe('DICM');
  expect(bytes.includes(Buffer.from('1.2.840.10008.5.1.4.1.1.88.22'))).toBe(true); // Enhanced SR
  expect(existsSync(sr.replace(/\.dcm$/, '.seg.dcm'))).toBe(true);
  await page.getByTestId('sr-export').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'patient-sr-export.png'), fullPage: true });

  // The same file again: refused, named; with "Replace existing files" it is written.
  await panel.getByRole('button', { name: 'Export DICOM SR' }).click();
  await expect(panel.getByRole('alert')).toContainText(
    'already exists; tick "Replace existing files" to replace it',
  );
  await page.screenshot({ path: join(shots, 'patient-sr-export-exists.png'), fullPage: true });
  await panel.getByLabel('Replace existing files').check();
  await panel.getByRole('button', { name: 'Export DICOM SR' }).click();
  await expect(panel.getByRole('status')).toContainText('written to');

  // De-identified: the file name and the file carry no patient id.
  await panel.getByLabel(/De-identify/).check();
  await panel.getByRole('button', { name: 'Export DICOM SR' }).click();
  await expect(panel.getByRole('status')).toContainText(`deidentified-features-set${featureSetId}.dcm`);
  const deid = readFileSync(join(folder, `deidentified-features-set${featureSetId}.dcm`));
  expect(deid.includes(Buffer.from(patientId))).toBe(false);
  expect(deid.includes(Buffer.from('SUBJ-'))).toBe(true);
});
