/**
 * The viewer's ruler end to end in Chromium against the browser host, on the synthetic demo cohort the
 * labelling spec uses (64 × 64 × 10, 3.4375 mm pixels, 4 mm slices): a ruler dragged on the sagittal view
 * (anisotropic in-plane) shows the length the pure core (shared/measure/ruler.ts) gives for the voxel positions
 * under the mouse; dragging an end changes it; a click or an Esc-cancelled drag adds nothing; a second ruler on
 * the axial view is listed and deleted; the ruler's length goes into the RECIST calculator as the baseline
 * diameter, yields the expected change and category and is named in the saved label; after a trip back to the
 * viewer for another ruler the calculator form is intact and takes it as the follow-up.
 * Screenshots: e2e/screenshots/ruler*.png.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDemoCohortHost } from './host';
import { waitForViewsSettled } from './viewerSettled';
import type { ImageGeometry, Vec3 } from '../shared/image/volume';
import { formatLengthMm, roundToTenthMm, rulerLengthMm } from '../shared/measure/ruler';
import {
  displayPlane,
  displayToIndex,
  displayToScreen,
  indexToDisplay,
  screenToDisplay,
  type DisplayPlane,
  type Viewport,
} from '../renderer/viewer/planes';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

const spec = useDemoCohortHost(repo, 'radscore-e2e-ruler-', shots);

/** A pane's drawing area (its padding box) in page coordinates, and the viewport planes.ts lays the view out in. */
async function paneArea(pane: Locator): Promise<{ left: number; top: number; vp: Viewport }> {
  const box = await pane.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      left: r.left + el.clientLeft,
      top: r.top + el.clientTop,
      width: el.clientWidth,
      height: el.clientHeight,
    };
  });
  return { left: box.left, top: box.top, vp: { width: box.width, height: box.height, zoom: 1, pan: [0, 0] } };
}

/** Whole page pixel nearest to a voxel index on a view, and the voxel index the app reads back at that pixel. */
function pixelOf(
  plane: DisplayPlane,
  area: { left: number; top: number; vp: Viewport },
  index: Vec3,
): { x: number; y: number; index: Vec3 } {
  const [sx, sy] = displayToScreen(plane, area.vp, ...indexToDisplay(plane, index));
  const x = Math.round(area.left + sx);
  const y = Math.round(area.top + sy);
  return {
    x,
    y,
    index: displayToIndex(plane, ...screenToDisplay(plane, area.vp, x - area.left, y - area.top)),
  };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

const shownMm = async (entry: Locator) =>
  Number((await entry.getByTestId('ruler-length').textContent())?.replace(' mm', ''));

test('ruler on the sagittal view: length, adjust, cancel, delete, then RECIST diameters from rulers', async ({
  page,
}) => {
  const patientId = spec.cohort.labels[0].patientId;
  await page.goto(spec.host.url);
  await page.getByLabel('Folder or file path').fill(spec.cohort.folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByRole('row', { name: new RegExp(patientId) }).click();
  await page
    .locator('table[aria-label^="Series of study"]')
    .getByRole('button', { name: /Open series/ })
    .click();
  await expect(page.getByTestId('viewport-axial').getByTestId('vtk-canvas')).toBeVisible({ timeout: 30_000 });

  const patient = (await spec.host.call('patient.get', { patientId })) as {
    studies: { series: { seriesUid: string }[] }[];
  };
  const seriesUid = patient.studies[0].series[0].seriesUid;
  const { geometry } = (await spec.host.call('series.get', { seriesUid })) as { geometry: ImageGeometry };
  expect(geometry.spacing[2]).toBe(4);
  expect(geometry.spacing[1]).toBeCloseTo(3.4375, 6);

  // Centre the crosshair on the tumour, then look at the sagittal plane through it.
  await page.getByRole('button', { name: 'Go to ROI GTV' }).click();
  const crosshair = (await page.getByTestId('crosshair').textContent()) ?? '';
  const centre = /\((\d+), (\d+), (\d+)\)/.exec(crosshair)!.slice(1).map(Number) as Vec3;
  await page.getByRole('group', { name: 'View plane' }).getByRole('button', { name: 'Sagittal' }).click();
  const pane = page.getByTestId('viewport-sagittal');
  await expect(pane.getByTestId('vtk-canvas')).toBeVisible();
  await pane.focus();
  await page.keyboard.press('7');
  await expect(pane).toHaveAttribute('data-tool', 'ruler');
  await expect(page.getByRole('button', { name: 'Ruler', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  const plane = displayPlane(geometry, 0, centre[0]);
  expect(plane.name).toBe('Sagittal');
  const area = await paneArea(pane);
  // Across the tumour, antero-superior to postero-inferior: 8 rows (27.5 mm) and 5 slices (20 mm).
  const a = pixelOf(plane, area, [centre[0], centre[1] - 4, centre[2] + 2.5]);
  const b = pixelOf(plane, area, [centre[0], centre[1] + 4, centre[2] - 2.5]);
  await drag(page, a, b);
  const rulers = page.getByRole('list', { name: 'Rulers' }).getByRole('listitem');
  await expect(rulers).toHaveCount(1);
  const r1 = page.getByTestId('ruler-R1');
  await expect(r1).toContainText(`Sagittal ${centre[0] + 1}`);
  const expected = rulerLengthMm(geometry, a.index, b.index);
  expect(expected).toBeGreaterThan(30);
  expect(Math.abs((await shownMm(r1)) - expected)).toBeLessThan(0.5);
  // The overlay draws the same label (kept on the annotation canvas for tests).
  await expect(pane.getByTestId('view-annotations')).toHaveAttribute('data-labels', formatLengthMm(expected));
  await page.mouse.move(area.left + 20, area.top + 20);
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'ruler.png') });

  // Drag the lower end two slices further down: longer, and again what the core says.
  const b2 = pixelOf(plane, area, [centre[0], centre[1] + 4, centre[2] - 4.5]);
  await drag(page, b, b2);
  const adjusted = rulerLengthMm(geometry, a.index, b2.index);
  expect(adjusted - expected).toBeGreaterThan(5);
  await expect.poll(() => shownMm(r1)).toBeCloseTo(roundToTenthMm(adjusted), 5);
  expect(Math.abs((await shownMm(r1)) - adjusted)).toBeLessThan(0.5);
  await expect(rulers).toHaveCount(1);

  // A click is no ruler; a drag cancelled with Esc neither, and the tool stays the ruler.
  await page.mouse.click(area.left + 40, area.top + area.vp.height / 2);
  await page.mouse.move(a.x + 30, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 90, a.y + 10, { steps: 5 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(rulers).toHaveCount(1);
  await expect(pane).toHaveAttribute('data-tool', 'ruler');
  await expect(pane.getByTestId('view-annotations')).toHaveAttribute('data-labels', formatLengthMm(adjusted));

  // A second ruler on the axial view (0.5 voxel steps in-plane only), listed, then deleted.
  await page.getByRole('group', { name: 'View plane' }).getByRole('button', { name: 'Axial' }).click();
  const axialPane = page.getByTestId('viewport-axial');
  await expect(axialPane.getByTestId('vtk-canvas')).toBeVisible();
  const axial = displayPlane(geometry, 2, centre[2]);
  const axialArea = await paneArea(axialPane);
  const c = pixelOf(axial, axialArea, [centre[0] - 5, centre[1], centre[2]]);
  const d = pixelOf(axial, axialArea, [centre[0] + 5, centre[1], centre[2]]);
  await drag(page, c, d);
  await expect(rulers).toHaveCount(2);
  const r2 = page.getByTestId('ruler-R2');
  await expect(r2).toContainText(`Axial ${centre[2] + 1}`);
  expect(Math.abs((await shownMm(r2)) - rulerLengthMm(geometry, c.index, d.index))).toBeLessThan(0.5);
  await page.getByRole('button', { name: 'Delete ruler R2' }).click();
  await expect(rulers).toHaveCount(1);
  await page.getByRole('button', { name: 'Go to ruler R1' }).click();
  await expect(page.getByTestId('viewport-sagittal')).toBeVisible();
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'ruler-adjusted.png') });
  // In the 1×3 layout the sagittal pane shows R1 too (the crosshair now runs through its middle).
  await page.getByRole('button', { name: '1×3' }).click();
  await expect(page.getByTestId('viewport-sagittal').getByTestId('view-annotations')).toHaveAttribute(
    'data-labels',
    formatLengthMm(adjusted),
  );
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'ruler-1x3.png') });

  // To the calculator: R1 as lesion 1's baseline, a follow-up of half its length → −50 %, PR.
  await page.getByRole('button', { name: 'Use in RECIST…' }).click();
  await expect(page.getByRole('heading', { name: `Label ${patientId}` })).toBeVisible();
  await page.getByRole('button', { name: 'RECIST 1.1' }).click();
  const baselineMm = roundToTenthMm(adjusted);
  // The choice names the ruler with its length and where it was drawn.
  const fromRuler = page.getByLabel('Lesion 1 baseline from ruler');
  const option = fromRuler.locator('option', {
    hasText: `R1 · ${formatLengthMm(adjusted)} · Sagittal ${centre[0] + 1}`,
  });
  await fromRuler.selectOption((await option.getAttribute('value')) ?? '');
  await expect(page.getByLabel('Lesion 1 baseline', { exact: true })).toHaveValue(baselineMm.toFixed(1));
  await expect(page.getByTestId('diameter-source')).toHaveText('R1');
  const followUpMm = roundToTenthMm(baselineMm / 2);
  await page.getByLabel('Lesion 1 follow-up 1', { exact: true }).fill(String(followUpMm));
  const pct = Math.round(((followUpMm - baselineMm) / baselineMm) * 1000) / 10;
  /** A change as the calculator shows it: one decimal, U+2212 minus ("−50.0%"). */
  const pctShown = (x: number) => `${x < 0 ? '\u2212' : '+'}${Math.abs(x).toFixed(1)}%`;
  const result = page.getByTestId('recist-result');
  await expect(result.locator('.big')).toHaveText('PR');
  await expect(result).toContainText(pctShown(pct));
  await expect(result).toContainText(`${baselineMm} mm`);
  await page.mouse.move(700, 850);
  await page.screenshot({ path: join(shots, 'ruler-recist.png'), fullPage: true });

  // Saved, the label's assessment names the ruler the baseline came from.
  await page.getByLabel('Assessor').fill('Dr Ruler');
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved PR' })).toBeVisible();
  const labels = (await spec.host.call('patient.labels', { patientId })) as {
    assessment: {
      ruler_measurements?: { ruler: string; timepoint: string; seriesUid: string; lengthMm: number }[];
    } | null;
  }[];
  const measured = labels[0].assessment?.ruler_measurements ?? [];
  expect(measured).toHaveLength(1);
  expect(measured[0]).toMatchObject({ ruler: 'R1', timepoint: 'baseline', seriesUid });
  expect(measured[0].lengthMm).toBeCloseTo(adjusted, 6);

  // The value stays editable: typing another one drops the ruler note; a follow-up of 80 % of it is SD.
  const typed = roundToTenthMm(baselineMm + 1);
  await page.getByLabel('Lesion 1 baseline', { exact: true }).fill(String(typed));
  await page.getByLabel('Lesion 1 follow-up 1', { exact: true }).fill(String(roundToTenthMm(typed * 0.8)));
  await expect(page.getByTestId('diameter-source')).toHaveCount(0);
  await expect(result.locator('.big')).toHaveText('SD');

  // Back to the viewer for another measurement: a ruler on the axial view (6 columns, 20.6 mm) …
  await page.getByRole('tab', { name: 'Viewer' }).click();
  await expect(axialPane.getByTestId('vtk-canvas')).toBeVisible({ timeout: 30_000 });
  await axialPane.focus();
  await page.keyboard.press('7');
  const middle = geometry.size.map((n) => Math.floor(n / 2)) as Vec3;
  const viewerAxial = displayPlane(geometry, 2, middle[2]);
  const viewerArea = await paneArea(axialPane);
  const e = pixelOf(viewerAxial, viewerArea, [middle[0] - 3, middle[1], middle[2]]);
  const f = pixelOf(viewerAxial, viewerArea, [middle[0] + 3, middle[1], middle[2]]);
  await drag(page, e, f);
  const r3Mm = rulerLengthMm(geometry, e.index, f.index);
  await expect(page.getByTestId('ruler-R3')).toContainText(formatLengthMm(r3Mm));
  // … and the calculator is as it was left, with the new ruler offered for the follow-up.
  await page.getByRole('button', { name: 'Use in RECIST…' }).click();
  await expect(page.getByRole('button', { name: 'RECIST 1.1' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Lesion 1 baseline', { exact: true })).toHaveValue(String(typed));
  const followUpFromRuler = page.getByLabel('Lesion 1 follow-up 1 from ruler');
  await followUpFromRuler.selectOption(
    (await followUpFromRuler.locator('option', { hasText: /^R3 · / }).getAttribute('value')) ?? '',
  );
  const r3Shown = roundToTenthMm(r3Mm);
  await expect(page.getByLabel('Lesion 1 follow-up 1', { exact: true })).toHaveValue(r3Shown.toFixed(1));
  const change = Math.round(((r3Shown - typed) / typed) * 1000) / 10;
  expect(change).toBeLessThan(-30);
  await expect(result).toContainText(pctShown(change));
  await expect(result.locator('.big')).toHaveText('PR');
});
