/**
 * A label or clinical CSV that would replace what was entered by hand asks first (#14.3), end to end in
 * Chromium against the browser host: the question lists patient, field, the stored value with who stored it,
 * when and how, and the file's value; "Keep" applies nothing, "Replace" applies the file. The labelling panel of
 * the open patient then shows the stored label from the CSV, not the calculator's unsaved result. Screenshots:
 * e2e/screenshots/csv-conflicts-labels.png, csv-conflicts-label-panel.png, csv-conflicts-clinical.png.
 */
import { test, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuiltCli, useDemoCohortHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

const spec = useDemoCohortHost(repo, 'radscore-e2e-conflicts-', shots);

test.beforeAll(async () => {
  await runBuiltCli(repo, spec.tmp, [
    'import',
    spec.cohort.folder,
    '--db',
    join(spec.tmp, 'e2e.sqlite'),
    '--json',
  ]);
});

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('a label CSV over a hand-entered label asks first; the open patient then shows the stored label', async ({
  page,
}) => {
  const [a, b] = spec.cohort.labels.map((l) => l.patientId);
  // A label entered by hand for patient a.
  await spec.host.call('labels.assess', {
    patientId: a,
    timepoint: 'post-treatment',
    response: 'SD',
    assessor: 'Dr Hand',
  });
  await page.setViewportSize({ width: 1400, height: 1100 });
  await page.goto(spec.host.url);
  await page.getByRole('tab', { name: 'Response labels' }).click();
  const picker = page.locator('table[aria-label="Patients to label"]');
  await picker.getByRole('row', { name: new RegExp(a) }).click();
  await expect(page.getByTestId('stored-label')).toContainText('SD');
  // The reader starts a RECIST assessment (50 → 20 mm: PR) and does not save it yet.
  await page.getByRole('button', { name: 'RECIST 1.1' }).click();
  await page.getByLabel('Lesion 1 baseline').fill('50');
  await page.getByLabel('Lesion 1 follow-up 1').fill('20');
  await expect(page.getByTestId('recist-result').locator('.big')).toHaveText('PR');

  // The file changes a's label and labels b: a question, nothing applied.
  const labels = csvFile('labels.csv', `patient_id,response,assessor\n${a},PD,Dr CSV\n${b},CR,Dr CSV\n`);
  await page.getByLabel('Import label CSV').setInputFiles(labels);
  const question = page.getByTestId('labels-csv').getByRole('alertdialog');
  await expect(question).toContainText(
    'labels.csv would replace 2 stored values of 1 patient. Nothing has been applied yet.',
  );
  const rows = question.locator('table[aria-label="Values the file would replace"] tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(a);
  await expect(rows.nth(0)).toContainText('response @ post-treatment');
  await expect(rows.nth(0)).toContainText('SD');
  await expect(rows.nth(0)).toContainText('Dr Hand');
  await expect(rows.nth(0)).toContainText('set directly');
  await expect(rows.nth(0)).toContainText('PD');
  await expect(rows.nth(1)).toContainText('assessor');
  await expect(picker.getByRole('row', { name: new RegExp(b) })).toContainText('–');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'csv-conflicts-labels.png'), fullPage: true });

  // Keep: nothing applied.
  await question.getByRole('button', { name: 'Keep the stored values (apply nothing)' }).click();
  await expect(page.getByTestId('labels-csv').getByRole('status')).toContainText('nothing applied');
  await expect(page.getByTestId('stored-label')).toContainText('SD');
  await expect(picker.getByRole('row', { name: new RegExp(b) })).toContainText('–');

  // Asked again, and this time replaced.
  await page.getByLabel('Import label CSV').setInputFiles(labels);
  await question.getByRole('button', { name: 'Replace 2 stored values' }).click();
  await expect(page.getByTestId('labels-csv').getByRole('status')).toContainText(
    '2 updated, 0 unchanged (2 stored values replaced)',
  );
  await expect(picker.getByRole('row', { name: new RegExp(b) })).toContainText('CR');
  // The open patient's panel shows what is stored now, and says the calculator's PR is not it.
  const stored = page.getByTestId('stored-label');
  await expect(stored).toContainText('PD');
  await expect(stored).toContainText('CSV, Dr CSV');
  await expect(page.getByTestId('label-changed')).toContainText('The stored label changed meanwhile');
  await expect(page.getByTestId('label-changed')).toContainText('the calculator result below is not saved');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'csv-conflicts-label-panel.png'), fullPage: true });
});

test('a clinical CSV over a value entered by hand asks first', async ({ page }) => {
  const [a] = spec.cohort.labels.map((l) => l.patientId);
  await page.goto(spec.host.url);
  await page.getByRole('row', { name: new RegExp(a) }).click();
  await page.getByLabel('New variable name').fill('kps');
  await page.getByLabel('New variable value').fill('90');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByLabel('Clinical kps')).toHaveValue('90');
  await page
    .getByLabel('Import clinical CSV')
    .setInputFiles(csvFile('clinical.csv', `patient_id,kps,stage\n${a},80,III\n`));
  const question = page.getByTestId('clinical-csv').getByRole('alertdialog');
  await expect(question).toContainText('clinical.csv would replace 1 stored value of 1 patient');
  await expect(question.locator('tbody tr')).toContainText(['kps']);
  await expect(question.locator('tbody tr .old')).toHaveText('90');
  await expect(question.locator('tbody tr td.new')).toHaveText('80');
  await expect(page.getByLabel('Clinical stage')).toHaveCount(0); // nothing applied, not even the new variable
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'csv-conflicts-clinical.png'), fullPage: true });
  await question.getByRole('button', { name: 'Replace 1 stored value' }).click();
  await expect(page.getByLabel('Clinical kps')).toHaveValue('80');
  await expect(page.getByLabel('Clinical stage')).toHaveValue('III');
});
