/**
 * RECIST labels as the working group applies them, end to end in Chromium against the browser host on a
 * demo database (imported, labelled, extracted and fitted by `radscore demo`): a seventh target is refused
 * (a sixth only as a non-standard assessment); a patient's response history (100 → 70 → 70 → 80 mm is PR,
 * PR, PR: the confirmed PR continues) is shown, saved and shown again from the database; a target not
 * measured gives NE, which is stored, shown as "not evaluable", and left out of a fit with its reason on
 * the Models screen. Screenshots go to e2e/screenshots/recist-*.png.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, runBuiltCli, type RunningHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

let tmp: string;
let db: string;
let host: RunningHost;
let patients: string[] = [];

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-e2e-recist-'));
  mkdirSync(shots, { recursive: true });
  db = join(tmp, 'radscore.sqlite');
  await runBuiltCli(repo, tmp, [
    'demo',
    '--patients',
    '24',
    '--matrix',
    '96',
    '--slices',
    '12',
    '--workers',
    '2',
    '--out',
    join(tmp, 'demo'),
    '--db',
    db,
    '--json',
  ]);
  host = await launchHost(repo, db);
  const list = (await host.call('worklist.list', { limit: 50 })) as { items: { patientId: string }[] };
  patients = list.items.map((p) => p.patientId);
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Opens the labelling screen on a patient, in the RECIST 1.1 calculator. */
async function openCalculator(page: Page, patientId: string) {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'Response labels' }).click();
  await page.getByLabel('Search patients').fill(patientId);
  await page
    .locator('table[aria-label="Patients to label"]')
    .getByRole('row', { name: new RegExp(patientId) })
    .click();
  await expect(page.getByRole('heading', { name: `Label ${patientId}` })).toBeVisible();
  await page.getByRole('button', { name: 'RECIST 1.1' }).click();
}

/** Fills target lesion n (1-based): organ, node, and the diameters per timepoint as typed. */
async function fillLesion(page: Page, n: number, organ: string, values: string[], node = false) {
  await page.getByLabel(`Lesion ${n} organ`).fill(organ);
  if (node) await page.getByLabel(`Lesion ${n} is a lymph node`).check();
  for (const [t, v] of values.entries())
    await page.getByLabel(`Lesion ${n} ${t === 0 ? 'baseline' : `follow-up ${t}`}`, { exact: true }).fill(v);
}

test('a seventh target is refused; a sixth only as a non-standard assessment', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1250 });
  await openCalculator(page, patients[0]);
  const organs = ['liver', 'lung', 'bone', 'adrenal', 'spleen', 'kidney'];
  for (const [n, organ] of organs.entries()) {
    if (n > 0) await page.getByRole('button', { name: '+ Add target lesion' }).click();
    await fillLesion(page, n + 1, organ, ['20', '10']);
  }
  const lesionRows = page.locator('table[aria-label="Target lesions"] > tbody:not(.timepoint-meta) > tr');
  await expect(lesionRows).toHaveCount(6);
  // Six targets: refused until the reader marks the assessment non-standard.
  const problem = page.getByTestId('recist-problem');
  await expect(problem).toContainText(
    'RECIST 1.1 §4.2 allows at most 5 target lesions; "Lesion 6" is the 6th',
  );
  await expect(page.getByRole('button', { name: 'Save label' })).toBeDisabled();
  await page.getByLabel('Non-standard (targets outside RECIST 1.1 limits)').check();
  const result = page.getByTestId('recist-result');
  await expect(result.locator('.big')).toHaveText('PR');
  await expect(result.getByRole('list', { name: 'Non-standard' })).toContainText(
    '6 target lesions (RECIST 1.1 §4.2: at most 5)',
  );
  // The seventh is refused outright: not added, and the reason shown.
  await page.getByRole('button', { name: '+ Add target lesion' }).click();
  await expect(page.getByTestId('target-refused')).toContainText(
    'Target lesion 7 refused: RECIST 1.1 §4.2 allows at most 5 target lesions',
  );
  await expect(lesionRows).toHaveCount(6);
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'recist-seventh-target.png'), fullPage: true });
});

test('the response history of a patient: 100 → 70 → 70 → 80 mm is PR, PR, PR, saved and shown again', async ({
  page,
}) => {
  const patientId = patients[1];
  await openCalculator(page, patientId);
  await page.getByRole('button', { name: '+ Add follow-up' }).click();
  await page.getByRole('button', { name: '+ Add follow-up' }).click();
  await fillLesion(page, 1, 'liver', ['100', '70', '70', '80']);
  const dates = ['2024-01-01', '2024-02-26', '2024-03-25', '2024-04-22'];
  for (const [t, d] of dates.entries())
    await page.getByLabel(`Date of ${t === 0 ? 'baseline' : `follow-up ${t}`}`).fill(d);
  const result = page.getByTestId('recist-result');
  await expect(result.locator('.big')).toHaveText('PR');
  const history = result.getByRole('table', { name: 'Response history' });
  await expect(history.locator('tbody tr')).toHaveCount(3);
  await expect(history.locator('tbody tr .badge')).toHaveText(['PR', 'PR', 'PR']);
  await expect(history.locator('tbody tr').nth(2)).toContainText('the PR confirmed at follow-up 2 continues');
  await expect(page.getByTestId('recist-rule')).toContainText(
    'a confirmed PR continues until the criteria for PD are met',
  );
  await page.getByLabel('Assessor').fill('Dr History');
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved PR' })).toBeVisible();
  // Stored with the label: the history comes back from the server.
  const stored = page.getByTestId('stored-history');
  await expect(stored.locator('tbody tr .badge')).toHaveText(['PR', 'PR', 'PR']);
  await expect(stored).toContainText('RECIST 1.1 · last follow-up');
  await expect(
    page.locator('table[aria-label="Current labels"]').getByRole('row', { name: /post-treatment/ }),
  ).toContainText('RECIST 1.1 · last follow-up');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'recist-history.png'), fullPage: true });
});

test('a target not measured gives NE: shown, stored, and left out of a fit with its reason', async ({
  page,
}) => {
  const patientId = patients[2];
  await openCalculator(page, patientId);
  await fillLesion(page, 1, 'nasopharynx', ['40', '30']);
  await page.getByRole('button', { name: '+ Add target lesion' }).click();
  await page.getByLabel('Lesion 2 name').fill('neck node');
  await fillLesion(page, 2, 'neck', ['20', 'NM'], true);
  const result = page.getByTestId('recist-result');
  await expect(result.locator('.big')).toHaveText('NE');
  await expect(page.getByTestId('recist-explanation')).toContainText('"neck node" not measured');
  await expect(page.getByTestId('recist-rule')).toContainText('RECIST 1.1 §4.4.2');
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved NE' })).toBeVisible();
  const row = page.locator('table[aria-label="Current labels"]').getByRole('row', { name: /post-treatment/ });
  await expect(row).toContainText('NE');
  await expect(row).toContainText('not evaluable: left out of modelling');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'recist-ne-label.png'), fullPage: true });

  // A fit on the Models screen leaves the patient out and says why.
  await page.getByRole('tab', { name: 'Models' }).click();
  const versions = page.getByRole('table', { name: 'Model versions' });
  await expect(versions.locator('tbody tr')).toHaveCount(1);
  await page.locator('#fit-folds').fill('4');
  await page.locator('#fit-name').fill('e2e-ne-fit');
  await page.getByRole('form', { name: 'Fit settings' }).getByRole('button', { name: 'Fit model' }).click();
  await expect(versions.locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  await versions.locator('tbody tr', { hasText: 'e2e-ne-fit' }).click();
  const outcome = page.getByTestId('fit-outcome');
  await expect(outcome).toContainText('NE (not evaluable) left out');
  await expect(outcome.getByRole('list', { name: 'Left out of the fit' })).toContainText(
    `Left out: ${patientId} — NE (not evaluable) at post-treatment: follow-up 1: "neck node" not measured`,
  );
  await outcome.scrollIntoViewIfNeeded();
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'recist-ne-fit.png'), fullPage: true });
  const stats = (await host.call('models.list', {})) as { modelId: number; name: string }[];
  const fitted = stats.find((m) => m.name === 'e2e-ne-fit');
  const detail = (await host.call('models.get', { modelId: fitted?.modelId })) as {
    fit: { scores: { id: string }[] };
  };
  expect(detail.fit.scores.map((s) => s.id)).not.toContain(patientId);
});
