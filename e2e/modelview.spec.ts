/**
 * Model results nobody can misread (issue #20, items 2–7), on the 40-patient demo cohort (extracted with the
 * `paper` preset; the demo's own model has 13 validation patients) behind the browser host:
 * - a model whose fit did not converge and separates its training outcomes carries "not for use" in the
 *   version list, on its page, in the report and on every prediction, and is applied only with an override
 *   (screen and `radscore predict --allow-not-for-use`);
 * - both coefficient sets side by side, each named by its model; every proportion at the training cut-off
 *   with its counts; the validation group's own Youden point only as a labelled aside;
 * - calibration of 13 validation patients drawn as rms::val.prob draws it, groups of at least 5;
 * - the preset (`paper`) named with its settings on the Features screen, the model page and the report.
 * Screenshots: e2e/screenshots/modelview-*.png.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartLayoutProblems } from './chartLayout';
import { launchHost, runBuiltCli, type RunningHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

let tmp: string;
let db: string;
let host: RunningHost;
const runCli = (args: string[]) => runBuiltCli(repo, tmp, args);

interface FitJson {
  model_id: number;
  glm: { converged: boolean };
  n: { validation: number };
  scores: { id: string; split: string }[];
  diagnostics: { not_for_use: boolean; problems: { code: string }[] };
}

/** The mark a fit that did not converge and separates its training outcomes carries (fitDiagnostics.ts). */
const MARK = 'did not converge, complete separation — not for use';

async function openModels(page: Page) {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(page.getByRole('table', { name: 'Model versions' }).locator('tbody tr').first()).toBeVisible();
}

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-e2e-modelview-'));
  db = join(tmp, 'radscore.sqlite');
  mkdirSync(shots, { recursive: true });
  // The demo imports, labels, extracts with the `paper` preset and stores its own fit (version 1).
  await runCli([
    'demo',
    '--patients',
    '40',
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
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('a model that did not converge is marked not for use everywhere and applied only with an override', async ({
  page,
}) => {
  await openModels(page);
  const versions = page.getByRole('table', { name: 'Model versions' });
  await expect(versions.locator('tbody tr')).toHaveCount(1);
  await expect(versions.locator('.not-for-use-mark')).toHaveCount(0); // the demo's model is usable

  // 3-fold CV at split seed 3: the LASSO keeps 9 features for 27 training patients and the refit separates them.
  await page.locator('#fit-folds').fill('3');
  await page.locator('#fit-split-seed').fill('3');
  await page.locator('#fit-name').fill('separated');
  await page.getByRole('form', { name: 'Fit settings' }).getByRole('button', { name: 'Fit model' }).click();
  await expect(versions.locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  const row = versions.locator('tbody tr', { hasText: 'separated' });
  const id = Number(/#(\d+)/.exec((await row.locator('td').nth(1).textContent()) ?? '')?.[1]);
  const cli = JSON.parse(await runCli(['model', String(id), '--db', db, '--json'])) as FitJson;
  expect(cli.glm.converged).toBe(false);
  expect(cli.diagnostics.problems.map((p) => p.code)).toEqual(['not_converged', 'complete_separation']);

  // The version list, then the model page.
  await expect(row.locator('.not-for-use-mark')).toHaveText(MARK);
  await row.click();
  const banner = page.getByRole('alert', { name: 'Not for use' });
  await expect(banner).toContainText(`Model ${id}: ${MARK}`);
  await expect(banner).toContainText('The logistic refit did not converge');
  await page
    .locator('.model-side .panel.grow')
    .screenshot({ path: join(shots, 'modelview-versions-not-for-use.png') });
  await banner.screenshot({ path: join(shots, 'modelview-not-for-use-banner.png') });

  // Applying it: refused until "Apply anyway", and the prediction says which model it came from.
  const patient = cli.scores.find((s) => s.split === 'validation')!.id;
  await page.locator('#apply-patient').fill(patient);
  const apply = page.getByRole('button', { name: 'Apply model' });
  await expect(apply).toBeDisabled();
  await page.locator('#apply-override').check();
  await expect(apply).toBeEnabled();
  await apply.click();
  const prediction = page.getByRole('table', { name: 'Prediction' });
  await expect(prediction.locator('tr.prediction-not-for-use')).toContainText(MARK);
  await page.locator('.apply-model').scrollIntoViewIfNeeded();
  await page.locator('.apply-model').screenshot({ path: join(shots, 'modelview-apply-not-for-use.png') });

  // The command line: refused without --allow-not-for-use, marked with it; the list and the report say so.
  await expect(runCli(['predict', '--model', String(id), '--patient', patient, '--db', db])).rejects.toThrow(
    /not for use.*--allow-not-for-use/s,
  );
  const forced = JSON.parse(
    await runCli([
      'predict',
      '--model',
      String(id),
      '--patient',
      patient,
      '--allow-not-for-use',
      '--db',
      db,
      '--json',
    ]),
  ) as { not_for_use: string | null };
  expect(forced.not_for_use).toBe(MARK);
  expect(await runCli(['models', '--db', db])).toContain(MARK.toUpperCase());
  const reportPath = join(tmp, `model-${id}.html`);
  await runCli(['report', '--model', String(id), '--out', reportPath, '--db', db]);
  expect(readFileSync(reportPath, 'utf8')).toContain(`<h2>Model ${id}: ${MARK}</h2>`);
});

test('coefficients of both models, classification at the training cut-off, calibration of 13 patients', async ({
  page,
}) => {
  await openModels(page);
  const versions = page.getByRole('table', { name: 'Model versions' });
  await versions.locator('tbody tr').first().click();
  const cli = JSON.parse(await runCli(['model', '1', '--db', db, '--json'])) as FitJson;
  expect(cli.n.validation).toBe(13);
  expect(cli.diagnostics.not_for_use).toBe(false);
  await expect(page.getByRole('alert', { name: 'Not for use' })).toHaveCount(0);

  // Item 3: the table names each coefficient's model; one chart shows both, each panel named.
  const headers = await page
    .getByRole('table', { name: 'Selected features' })
    .locator('thead th')
    .allTextContents();
  expect(headers).toEqual([
    'Feature',
    'Logistic refit (the Rad-score): coefficient',
    'SE',
    'p',
    'LASSO (λ min): coefficient',
    'Sign',
  ]);
  const coefficients = page.locator('.model-results figure[data-chart="coefficients"]');
  await expect(coefficients.locator('h3')).toHaveText(
    'Coefficients of the two models: LASSO (λ min) and the logistic refit (the Rad-score)',
  );
  await expect(coefficients.locator('svg')).toContainText('LASSO (λ min)');
  await expect(coefficients.locator('svg')).toContainText('Logistic refit (the Rad-score)');
  await coefficients.scrollIntoViewIfNeeded();
  expect(await chartLayoutProblems(coefficients)).toEqual([]);
  await coefficients.screenshot({ path: join(shots, 'modelview-coefficients.png') });

  // Items 4, 5: both groups at the training cut-off, each proportion with k/n and its CI; the validation
  // group's own Youden point only as a labelled aside.
  const classification = page.getByRole('table', { name: 'Classification at the training cut-off' });
  await expect(classification.locator('thead th')).toHaveText([
    'At the training cut-off',
    'Training (n = 27)',
    'Validation (n = 13)',
  ]);
  for (const cell of await classification.locator('tbody td').allTextContents())
    expect(cell).toMatch(/^(\d\.\d{3}|—) \(\d+\/\d+\)95% CI (\d\.\d{3}–\d\.\d{3}|—)$/);
  await expect(page.getByTestId('own-youden')).toContainText(
    "Secondary, optimistic: the validation group's own",
  );
  const performance = page
    .getByRole('table', { name: 'Performance' })
    .locator('xpath=ancestor::div[contains(@class,"panel")][1]');
  await performance.screenshot({ path: join(shots, 'modelview-performance.png') });

  // Item 6: 13 validation patients: the smooth curve and 2 groups (7 and 6), each labelled with its n.
  const calibration = page.locator('.model-results figure[data-chart="calibration"]');
  const svg = calibration.locator('svg');
  await expect(svg).toContainText('Validation (n = 13;');
  await expect(svg).toContainText('slope ');
  const labels = await svg.locator('g[aria-label="text"] text').allTextContents();
  expect(labels.filter((t) => /^n=\d+$/.test(t)).map((t) => Number(t.slice(2)))).toEqual(
    expect.arrayContaining([7, 6]),
  );
  await expect(calibration.locator('figcaption')).toContainText('validation: 2 groups of 7, 6');
  await calibration.scrollIntoViewIfNeeded();
  expect(await chartLayoutProblems(calibration)).toEqual([]);
  await calibration.screenshot({ path: join(shots, 'modelview-calibration-13.png') });
});

test('the preset is named with its settings: feature sets, the model page and the report', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'Features' }).click();
  const sets = page.getByRole('table', { name: 'Feature sets' });
  const setRows = sets.locator(':scope > tbody > tr');
  await expect(setRows).toHaveCount(1);
  const preset = setRows.first().locator('details.preset-cell');
  await expect(preset.locator('summary')).toHaveText('paper');
  await preset.locator('summary').click();
  await expect(preset.getByRole('table')).toContainText('64 grey levels; distances 1, 4, 7 voxels');
  await sets.screenshot({ path: join(shots, 'modelview-feature-sets.png') });

  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByRole('table', { name: 'Model versions' }).locator('tbody tr').first().click();
  await expect(page.getByTestId('model-preset')).toHaveText('paper');
  const fitSettings = page.getByRole('table', { name: 'Fit settings' });
  await expect(fitSettings).toContainText('0.676 — 27 of 40 patients');
  await expect(fitSettings).not.toContainText('0.676056338028169');
  const provenance = page.locator('.panel.provenance');
  await provenance.scrollIntoViewIfNeeded();
  await provenance.screenshot({ path: join(shots, 'modelview-provenance.png') });

  const reportPath = join(tmp, 'model-1.html');
  await runCli(['report', '--model', '1', '--out', reportPath, '--db', db]);
  const html = readFileSync(reportPath, 'utf8');
  expect(html).toMatch(/<td>Preset<\/td><td>paper<\/td>/);
  expect(html).not.toMatch(/Preset<\/td><td>none/);
  // settings as readable rows; the JSON only inside a collapsed <details>
  expect(html).toMatch(/<td>Training fraction<\/td><td>0\.676 — 27 of 40 patients<\/td>/);
  const outsideDetails = html.replace(/<details>[\s\S]*?<\/details>/g, '');
  expect(outsideDetails).not.toContain('0.676056338028169');
  expect(html).toContain('0.676056338028169');
  await page.goto(`file://${reportPath}`);
  await page.locator('#extraction').screenshot({ path: join(shots, 'modelview-report-extraction.png') });
  await page.locator('#cohort').screenshot({ path: join(shots, 'modelview-report-cohort.png') });
  await page.locator('#performance h3', { hasText: 'Classification' }).scrollIntoViewIfNeeded();
  await page.locator('#performance').screenshot({ path: join(shots, 'modelview-report-performance.png') });
});
