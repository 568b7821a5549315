/**
 * The viewer as radiologists use viewers (issue #20, items 9–12; OHIF and 3D Slicer conventions), in Chromium
 * against the browser host on the small demo cohort: keys work as soon as a series opens; a left drag sets
 * window/level and a click moves the crosshair (alt-drag makes it follow); the Window tool needs no ROI; the
 * MR presets say what they show and differ; the corners show patient, study date, series, slice and position
 * in mm in every plane, W/L and zoom, without running into the orientation markers in 1×3; the contour
 * panel keeps Save in sight, lists the ROI being drawn as unsaved, and a status message moves no tool.
 * Screenshots: e2e/screenshots/workflow-*.png.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDemoCohortHost } from './host';
import { waitForViewsSettled } from './viewerSettled';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

const spec = useDemoCohortHost(repo, 'radscore-e2e-workflow-', shots);

async function openFirstSeries(page: Page) {
  const row = page.getByRole('row', { name: new RegExp(spec.cohort.labels[0].patientId) });
  await row.click();
  await page
    .locator('table[aria-label^="Series of study"]')
    .getByRole('button', { name: /Open series/ })
    .click();
  await expect(page.getByTestId('viewport-axial').getByTestId('vtk-canvas')).toBeVisible({ timeout: 30_000 });
}

const sliceOf = async (info: Locator) => Number(/Slice (\d+)/.exec((await info.textContent()) ?? '')?.[1]);
const crosshairText = (page: Page) => page.getByTestId('crosshair').textContent();
/** Window and level of the toolbar's read-out ("W 964 / L 598"). */
async function windowLevel(page: Page): Promise<{ window: number; level: number }> {
  const m = /W (-?\d+) \/ L (-?\d+)/.exec((await page.getByLabel('Window and level').textContent()) ?? '');
  return { window: Number(m?.[1]), level: Number(m?.[2]) };
}

async function drag(page: Page, pane: Locator, from: [number, number], to: [number, number]) {
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 8 });
  await page.mouse.up();
}

test('keys work at once; a drag sets window/level, a click the crosshair; presets say what they show', async ({
  page,
}) => {
  await page.goto(spec.host.url);
  await page.getByLabel('Folder or file path').fill(spec.cohort.folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await openFirstSeries(page);
  const axial = page.getByTestId('viewport-axial');
  const info = page.getByTestId('slice-info-axial');

  // (9) No click into the image: the slice keys, − / + and the tool keys act at once.
  await expect(axial).toBeFocused();
  const k = await sliceOf(info);
  await page.keyboard.press('ArrowUp');
  await expect(info).toContainText(`Slice ${k + 1} / 10`);
  await page.keyboard.press('+');
  await expect(page.getByTestId('view-info-axial')).toContainText('Zoom 1.25×');
  await page.keyboard.press('-');
  await expect(page.getByTestId('view-info-axial')).toContainText('Zoom 1.00×');
  await page.keyboard.press('2');
  await expect(page.getByRole('button', { name: 'Window', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.keyboard.press('1');
  await expect(page.getByRole('button', { name: 'Crosshair' })).toHaveAttribute('aria-pressed', 'true');
  // Also with nothing focused (the page itself).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowDown');
  await expect(info).toContainText(`Slice ${k} / 10`);

  // (10) Left drag: window/level, the crosshair stays; a click moves the crosshair; alt-drag makes it follow.
  const crosshair = await crosshairText(page);
  const before = await windowLevel(page);
  await drag(page, axial, [0.5, 0.5], [0.62, 0.44]);
  await expect.poll(() => windowLevel(page)).not.toEqual(before);
  expect(await crosshairText(page)).toBe(crosshair);
  await expect(
    page.getByRole('group', { name: 'Window presets' }).locator('[aria-pressed="true"]'),
  ).toHaveCount(0);
  const box = (await axial.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.4);
  await expect.poll(() => crosshairText(page)).not.toBe(crosshair);
  const clicked = await crosshairText(page);
  await page.keyboard.down('Alt');
  await drag(page, axial, [0.6, 0.6], [0.66, 0.64]);
  await page.keyboard.up('Alt');
  await expect.poll(() => crosshairText(page)).not.toBe(clicked);

  // The Window tool, without starting an ROI: a drag sets window/level, a click leaves the crosshair.
  await page.getByRole('button', { name: 'Window', exact: true }).click();
  await expect(axial).toHaveAttribute('data-tool', 'window');
  const windowed = await windowLevel(page);
  const followed = await crosshairText(page);
  await drag(page, axial, [0.5, 0.5], [0.4, 0.6]);
  await expect.poll(() => windowLevel(page)).not.toEqual(windowed);
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  expect(await crosshairText(page)).toBe(followed);
  await page.getByRole('button', { name: 'Crosshair' }).click();

  // Presets: each says what it shows; Tissue is narrower than Auto, Bright wider; ROI windows the GTV.
  const presets = page.getByRole('group', { name: 'Window presets' }).getByRole('button');
  await expect(presets).toHaveText(['Auto', 'Tissue', 'Bright', 'ROI', 'Full']);
  for (const button of await presets.all())
    expect((await button.getAttribute('title'))?.length).toBeGreaterThan(30);
  const presetWl = async (label: string) => {
    await page.getByRole('button', { name: label, exact: true }).click();
    await expect(page.getByRole('button', { name: label, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    return windowLevel(page);
  };
  const auto = await presetWl('Auto');
  const tissue = await presetWl('Tissue');
  const bright = await presetWl('Bright');
  expect(tissue.window).toBeLessThan(auto.window);
  expect(bright.window).toBeGreaterThan(auto.window);
  await page.getByRole('button', { name: 'Go to ROI GTV' }).click();
  const roi = await presetWl('ROI');
  expect(roi).not.toEqual(auto);
  await page.getByRole('button', { name: 'Tissue', exact: true }).hover();
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'workflow-presets.png') });
});

/** Whether two DOMRects overlap (touching edges do not count). */
const overlaps = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('corner annotations: patient, study date, series, slice and position in every plane, W/L, zoom', async ({
  page,
}) => {
  const patientId = spec.cohort.labels[0].patientId;
  const detail = (await spec.host.call('patient.get', { patientId })) as {
    patient: { patientName: string };
    studies: { studyDate: string }[];
  };
  const date = detail.studies[0].studyDate.replace(/^(\d{4})(\d\d)(\d\d)$/, '$1-$2-$3');
  const [family, given] = detail.patient.patientName.split('^');
  await page.goto(spec.host.url);
  await openFirstSeries(page);
  await page.getByRole('button', { name: '1×3' }).click();
  const wl = await windowLevel(page);
  for (const [plane, coordinate] of [
    ['axial', 'z'],
    ['coronal', 'y'],
    ['sagittal', 'x'],
  ]) {
    const top = page.getByTestId(`patient-info-${plane}`);
    await expect(top).toContainText(`${family}, ${given}`); // as on the worklist: "Demo, Patient001"
    await expect(top).toContainText(patientId);
    await expect(top).toContainText(date);
    await expect(page.getByTestId(`series-info-${plane}`)).toContainText('T2 TSE AX #2 · MR');
    await expect(page.getByTestId(`slice-info-${plane}`)).toContainText(
      new RegExp(`Slice \\d+ / \\d+${coordinate} -?\\d+\\.\\d\\d mm`),
    );
    await expect(page.getByTestId(`view-info-${plane}`)).toContainText(`W ${wl.window} L ${wl.level}`);
    await expect(page.getByTestId(`view-info-${plane}`)).toContainText('Zoom 1.00×');
  }
  // Hover gives the voxel read-out in the corner too; nothing in a corner overlaps an orientation marker.
  const sagittal = page.getByTestId('viewport-sagittal');
  const sbox = (await sagittal.boundingBox())!;
  await page.mouse.move(sbox.x + sbox.width * 0.5, sbox.y + sbox.height * 0.5);
  await expect(page.getByTestId('view-info-sagittal')).toContainText(
    /LPS -?\d+\.\d, -?\d+\.\d, -?\d+\.\d mm/,
  );
  for (const plane of ['axial', 'coronal', 'sagittal']) {
    const rects = await page.getByTestId(`viewport-${plane}`).evaluate((pane) => {
      const r = (el: Element) => el.getBoundingClientRect().toJSON() as DOMRect;
      return {
        corners: [...pane.querySelectorAll('.viewport-overlay')].map(r),
        markers: [...pane.querySelectorAll('.orientation')].map(r),
        shadow: getComputedStyle(pane.querySelector('.viewport-overlay')!).textShadow,
      };
    });
    expect(rects.corners).toHaveLength(4);
    expect(rects.markers).toHaveLength(4);
    for (const c of rects.corners) for (const m of rects.markers) expect(overlaps(c, m), plane).toBe(false);
    // A dark outline on every side, not a single glow: readable on bright image.
    expect(rects.shadow.split('px,').length).toBeGreaterThanOrEqual(4);
  }
  await page.getByRole('button', { name: 'Full', exact: true }).click();
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'workflow-annotations-1x3.png') });
  await page.getByRole('button', { name: '1×1' }).click();
  await page.getByRole('button', { name: 'Bright', exact: true }).click();
  // Zoomed in, the image runs under the corners: the outlined text stays readable on it.
  for (let n = 0; n < 3; n++) await page.keyboard.press('+');
  await expect(page.getByTestId('view-info-axial')).toContainText('Zoom 1.95×');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'workflow-annotations.png') });
});

test('contour panel: Save in sight, the ROI being drawn listed as unsaved, messages move no tool', async ({
  page,
}) => {
  // A short window: the side panel scrolls, the footer with Save stays.
  await page.setViewportSize({ width: 1400, height: 640 });
  await page.goto(spec.host.url);
  await openFirstSeries(page);
  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('ROI name').fill('Node');
  await drag(page, page.getByTestId('viewport-axial'), [0.42, 0.5], [0.58, 0.52]);
  const voxels = Number(await page.getByTestId('stat-voxels').textContent());
  expect(voxels).toBeGreaterThan(0);
  const draft = page.getByTestId('roi-draft');
  await expect(draft).toContainText('Node');
  await expect(draft).toContainText(`unsaved · ${voxels} vox`);
  await draft.scrollIntoViewIfNeeded();
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'workflow-contour-draft.png') });
  const save = page.getByRole('button', { name: 'Save ROI' });
  await expect(save).toBeInViewport();
  // Scrolled to the end of the panel and back: Save is still in sight.
  await page.getByRole('button', { name: 'Keep largest' }).scrollIntoViewIfNeeded();
  await expect(save).toBeInViewport();
  const tools = page.getByRole('group', { name: 'Contour tool' });
  const fill = page.getByRole('button', { name: 'Fill between slices' });
  const [toolsBefore, fillBefore] = [await tools.boundingBox(), await fill.boundingBox()];
  await page.getByRole('button', { name: 'Keep largest' }).click();
  await expect(page.getByTestId('viewer-notice')).not.toBeEmpty();
  expect(await tools.boundingBox()).toEqual(toolsBefore);
  expect(await fill.boundingBox()).toEqual(fillBefore);
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'workflow-contour-panel.png') });
  await save.click();
  await expect(draft).toHaveCount(0);
  await expect(page.locator('.roi-list li', { hasText: 'Node' })).toContainText('drawn');
});
