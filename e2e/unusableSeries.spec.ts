/**
 * A series missing a slice is flagged where users look (#14.5), end to end in Chromium against the browser
 * host: the worklist row says why the patient's series is not usable for extraction, the viewer's series
 * panel lists it among the warnings, and the Features screen says before a run that its ROI will be refused.
 * Screenshots: e2e/screenshots/unusable-worklist.png, unusable-viewer.png, unusable-features.png.
 */
import { test, expect } from '@playwright/test';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuiltCli, useDemoCohortHost } from './host';
import { waitForSettled } from './viewerSettled';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

const spec = useDemoCohortHost(repo, 'radscore-e2e-unusable-', shots);
const GAP =
  'slice 5 of 10 has no image (a gap in the slice positions: a file is missing or was not imported)';
let patient = '';

test.beforeAll(async () => {
  // The fifth image of the second patient's series is missing from the folder.
  patient = spec.cohort.labels[1].patientId;
  rmSync(join(spec.cohort.folder, `PAT_${patient}/STUDY1/SE2/IM0005`));
  await runBuiltCli(repo, spec.tmp, [
    'import',
    spec.cohort.folder,
    '--db',
    join(spec.tmp, 'e2e.sqlite'),
    '--json',
  ]);
});

test('the worklist, the viewer and the Features screen say why a series is not usable for extraction', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(spec.host.url);
  const note = page.getByLabel(`Not usable for extraction: ${patient}`);
  await expect(note).toContainText('⚠ Not usable for extraction: series 2');
  await expect(note).toContainText(GAP);
  await expect(page.getByLabel(/^Not usable for extraction: /)).toHaveCount(1);
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(shots, 'unusable-worklist.png') });

  await page.getByRole('row', { name: new RegExp(`^${patient}`) }).click();
  await page
    .locator('table[aria-label^="Series of study"]')
    .getByRole('button', { name: /Open series/ })
    .click();
  await waitForSettled(page, 'axial');
  await expect(page.locator('ul.warnings')).toContainText(`Not usable for extraction: ${GAP}`);
  await page.screenshot({ path: join(shots, 'unusable-viewer.png') });

  await page.getByRole('tab', { name: 'Features' }).click();
  const unusable = page.getByTestId('extraction-unusable');
  await expect(unusable).toContainText(`${patient}: 1 ROI on series`);
  await expect(unusable).toContainText(`will be refused — ${GAP}`);
  await page.screenshot({ path: join(shots, 'unusable-features.png') });
});
