/**
 * Worklist → patient page → response labelling, end to end in Chromium against the browser host, on a
 * small synthetic demo cohort imported through the Patients tab: a label set through the RECIST 1.1
 * calculator shows its category and lands in the audit trail; a label CSV with a bad row applies nothing
 * and names the line. Screenshots of each screen go to e2e/screenshots/.
 */
import { test, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDemoCohortHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

const spec = useDemoCohortHost(repo, 'radscore-e2e-labels-', shots);

test('worklist, patient page, RECIST label with its audit row, label CSV refused with the bad line named', async ({
  page,
}) => {
  const first = spec.cohort.labels[0].patientId;
  const second = spec.cohort.labels[1].patientId;
  await page.goto(spec.host.url);
  await expect(page.getByText('No patients yet')).toBeVisible();

  // Import the cohort folder through the Patients tab.
  await page.getByLabel('Folder or file path').fill(spec.cohort.folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const rows = page.locator('table[aria-label="Patients"] tbody tr');
  await expect(rows).toHaveCount(6);
  // Nothing labelled yet: the filter "needs label" keeps all six, "effective" none.
  await page.getByLabel('Status filter').selectOption('needs-label');
  await expect(rows).toHaveCount(6);
  await page.getByLabel('Response filter').selectOption('effective');
  await expect(page.getByText('No patient matches.')).toBeVisible();
  await page.getByLabel('Response filter').selectOption('any');
  await page.getByLabel('Status filter').selectOption('any');
  await expect(rows.first().getByLabel('Images done')).toBeVisible();
  await expect(rows.first().getByLabel('Contour done')).toBeVisible();
  await expect(rows.first().getByLabel('Label missing')).toBeVisible();
  // Person names as a worklist shows them ("Family, Given"), the DICOM form on hover.
  await expect(rows.first().getByText('Demo, Patient001')).toHaveAttribute('title', 'Demo^Patient001');
  await page.screenshot({ path: join(shots, 'worklist.png') });

  // Patient page: baseline study, series with its ROI, inline clinical edit (audited).
  await page.getByRole('row', { name: new RegExp(first) }).click();
  const patientPage = page.getByTestId('patient-page');
  await expect(patientPage.getByText(/Baseline/)).toBeVisible();
  await expect(patientPage.locator('table[aria-label^="Series of study"] tbody tr')).toHaveCount(1);
  await expect(
    patientPage.locator('table[aria-label^="Series of study"]').getByText(/GTV \(RTSTRUCT, \d+ vx\)/),
  ).toBeVisible();
  await page.getByLabel('New variable name').fill('kps');
  await page.getByLabel('New variable value').fill('90');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByLabel('Clinical kps')).toHaveValue('90');
  const pageAudit = page.locator('table[aria-label="Audit trail"]');
  await expect(pageAudit.getByRole('row', { name: /clinical: kps/ })).toBeVisible();
  // Clinical CSV from the page: an unknown patient on line 3 → nothing applied; then a good file.
  const clinicalBox = page.getByTestId('clinical-csv');
  await page.getByLabel('Import clinical CSV').setInputFiles({
    name: 'clinical.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`patient_id,stage\n${first},III\nNOBODY,II\n`),
  });
  await expect(clinicalBox.getByRole('alert')).toContainText('line 3');
  await expect(clinicalBox.getByRole('alert')).toContainText('unknown patient "NOBODY"');
  await expect(page.getByLabel('Clinical stage')).toHaveCount(0);
  await page.getByLabel('Import clinical CSV').setInputFiles({
    name: 'clinical.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`patient_id,stage\n${first},III\n`),
  });
  await expect(page.getByLabel('Clinical stage')).toHaveValue('III');
  await expect(pageAudit.getByRole('row', { name: /clinical: stage/ })).toBeVisible();
  await page.screenshot({ path: join(shots, 'patient-page.png'), fullPage: true });

  // Label through the RECIST 1.1 calculator: 50 + 30 mm → 20 + 10 mm is −62.5 %: PR.
  await page.getByRole('button', { name: 'Label response…' }).click();
  await page.getByRole('button', { name: 'RECIST 1.1' }).click();
  await page.getByLabel('Lesion 1 baseline').fill('50');
  await page.getByLabel('Lesion 1 follow-up 1').fill('20');
  await page.getByRole('button', { name: '+ Add target lesion' }).click();
  await page.getByLabel('Lesion 2 is a lymph node').check();
  await page.getByLabel('Lesion 2 baseline').fill('30');
  await page.getByLabel('Lesion 2 follow-up 1').fill('10');
  const result = page.getByTestId('recist-result');
  await expect(result.locator('.big')).toHaveText('PR');
  await expect(result).toContainText('80 mm');
  await expect(result).toContainText('−62.5%');
  await expect(result).toContainText('→ PR');
  await page.getByLabel('Assessor').fill('Dr Test');
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved PR' })).toBeVisible();
  const labelsTable = page.locator('table[aria-label="Current labels"]');
  await expect(labelsTable.getByRole('row', { name: /post-treatment/ })).toContainText('effective (1)');
  const audit = page.locator('table[aria-label="Audit trail"]');
  const auditRow = audit.getByRole('row', { name: /response @ post-treatment/ });
  await expect(auditRow).toContainText('—');
  await expect(auditRow).toContainText('PR (Dr Test)');
  await page.mouse.move(700, 850);
  await page.screenshot({ path: join(shots, 'labelling.png'), fullPage: true });

  // A label CSV with one bad row: nothing is applied, the line is named.
  await page.getByLabel('Import label CSV').setInputFiles({
    name: 'labels.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`patient_id,response\n${second},CR\n${first},maybe\n`),
  });
  const csvBox = page.getByTestId('labels-csv');
  await expect(csvBox.getByRole('alert')).toContainText('nothing applied');
  await expect(csvBox.getByRole('alert')).toContainText('line 3');
  await expect(csvBox.getByRole('alert')).toContainText('"maybe"');
  const pickerRow = page
    .locator('table[aria-label="Patients to label"]')
    .getByRole('row', { name: new RegExp(second) });
  await expect(pickerRow).toContainText('–'); // still unlabelled
  await page.screenshot({ path: join(shots, 'labelling-csv-error.png'), fullPage: true });

  // The good file is applied.
  await page.getByLabel('Import label CSV').setInputFiles({
    name: 'labels.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`patient_id,response\n${second},CR\n`),
  });
  await expect(csvBox.getByRole('status')).toContainText('1 updated');
  await expect(pickerRow).toContainText('CR');
});
