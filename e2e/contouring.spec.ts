/**
 * Contouring end to end in Chromium against the browser host (STS_001 T1, 174 × 158 × 59): draw a ROI with
 * mouse strokes, undo/redo by button and keys, save with the reader's name, reload and find it; draw on two
 * slices and fill between them (checked on the stored mask through the API); a second reader's polygon ROI
 * of the same tumour with Dice shown; SEG export; the 1×3 layout with a linked crosshair.
 * Screenshots of each state go to e2e/screenshots/contouring-*.png.
 */
import { test, expect, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, type RunningHost } from './host';
import { waitForViewsSettled } from './viewerSettled';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const dataset = resolve(repo, '../shared/data/mr-series-sts001-t1');
const shots = join(here, 'screenshots');

let host: RunningHost;
let tmp: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-contour-'));
  mkdirSync(shots, { recursive: true });
  host = await launchHost(repo, join(tmp, 'contour.sqlite'));
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const call = async <T>(channel: string, input: unknown): Promise<T> => (await host.call(channel, input)) as T;

/** roi.mask over HTTP: magic (4 bytes), header length (u32 LE), JSON header, data aligned to 8 bytes. */
async function roiMask(roiId: number): Promise<{ size: [number, number, number]; data: Uint8Array }> {
  const r = await fetch(`${host.origin}/api/roi.mask`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Radscore-Token': host.token },
    body: JSON.stringify({ roiId }),
  });
  const buffer = await r.arrayBuffer();
  const metaLength = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, metaLength))) as {
    meta: { size: [number, number, number] };
  };
  return { size: header.meta.size, data: new Uint8Array(buffer.slice(Math.ceil((8 + metaLength) / 8) * 8)) };
}

async function openSeries(page: Page) {
  const row = page.getByRole('row', { name: /STS_001/ });
  await expect(row).toBeVisible();
  await row.click();
  const seriesTable = page.locator('table[aria-label^="Series of study"]');
  await seriesTable.getByRole('button', { name: /Open series/ }).click();
  await expect(page.getByTestId('viewport-axial').getByTestId('vtk-canvas')).toBeVisible({ timeout: 30_000 });
}

async function stroke(page: Page, testId: string, from: [number, number], to: [number, number]) {
  const box = (await page.getByTestId(testId).boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 12 });
  await page.mouse.up();
}

const voxelsShown = async (page: Page) => Number(await page.getByTestId('stat-voxels').textContent());

test('draw, undo/redo, save with the reader, reload; fill between slices; second reader; export; 1×3 layout', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByLabel('Folder or file path').fill(dataset);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await openSeries(page);
  const sliceInfo = page.getByTestId('slice-info-axial');
  await expect(sliceInfo).toContainText('Slice 30 / 59');

  // Reader A draws with the brush.
  await page.getByLabel('Reader name').fill('Reader A');
  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('ROI name').fill('Tumour');
  // Brush size keys (− / +) on the focused view.
  await page.getByTestId('viewport-axial').focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(page.getByText('Brush radius 4.0 mm')).toBeVisible();
  await page.keyboard.press('-');
  await expect(page.getByText('Brush radius 3.5 mm')).toBeVisible();
  await stroke(page, 'viewport-axial', [0.4, 0.45], [0.55, 0.55]);
  await stroke(page, 'viewport-axial', [0.4, 0.55], [0.55, 0.45]);
  const drawn = await voxelsShown(page);
  expect(drawn).toBeGreaterThan(50);
  await expect(page.getByTestId('roi-stats')).toContainText('mL');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'contouring-drawn.png') });

  // Undo / redo: buttons, then the Slicer keys on the focused view.
  await page.getByRole('button', { name: 'Undo' }).click();
  const afterOneUndo = await voxelsShown(page);
  expect(afterOneUndo).toBeLessThan(drawn);
  expect(afterOneUndo).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByTestId('stat-voxels')).toHaveText(String(drawn));
  await page.getByTestId('viewport-axial').focus();
  await page.keyboard.press('z');
  await page.keyboard.press('z');
  await expect(page.getByTestId('stat-voxels')).toHaveText('0');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'contouring-undone.png') });
  await page.keyboard.press('y');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('stat-voxels')).toHaveText(String(drawn));
  await page.getByRole('button', { name: 'Save ROI' }).click();
  await expect(page.getByTestId('contour-panel')).toHaveCount(0);
  const listed = await call<
    { roiId: number; name: string; author: string; voxels: number; updatedAt?: string }[]
  >('roi.list', { seriesUid: await firstSeriesUid() });
  const tumourA = listed.find((r) => r.name === 'Tumour');
  expect(tumourA).toMatchObject({ author: 'Reader A', voxels: drawn });
  expect(tumourA?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

  // The save is in the patient's audit trail under the reader's name.
  const audit = await call<{ actor: string; what: string; action: string }[]>('patient.audit', {
    patientId: 'STS_001',
  });
  expect(audit.some((a) => a.actor === 'Reader A' && /Tumour/.test(`${a.what} ${a.action}`))).toBe(true);

  // Reload the page: the ROI is still there, with its reader.
  await page.reload();
  await openSeries(page);
  const roiItem = page.getByTestId(`roi-${tumourA!.roiId}`);
  await expect(roiItem).toContainText('Tumour');
  await expect(roiItem).toContainText('Reader A');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'contouring-reloaded.png') });

  // Two contoured slices 4 apart, then fill between them.
  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('ROI name').fill('Interpolated');
  await stroke(page, 'viewport-axial', [0.45, 0.5], [0.5, 0.5]);
  const viewport = page.getByTestId('viewport-axial');
  await viewport.focus();
  for (let n = 0; n < 4; n++) await page.keyboard.press('ArrowRight');
  await expect(sliceInfo).toContainText('Slice 34 / 59');
  await stroke(page, 'viewport-axial', [0.47, 0.48], [0.53, 0.52]);
  const twoSlices = await voxelsShown(page);
  await page.getByRole('button', { name: 'Fill between slices' }).click();
  await expect(page.getByTestId('viewer-notice')).toContainText(/Filled \d+ voxels/);
  expect(await voxelsShown(page)).toBeGreaterThan(twoSlices);
  await page.getByRole('button', { name: 'Save ROI' }).click();
  await expect(page.getByTestId('contour-panel')).toHaveCount(0);
  const rois = await call<{ roiId: number; name: string }[]>('roi.list', {
    seriesUid: await firstSeriesUid(),
  });
  const interp = rois.find((r) => r.name === 'Interpolated')!;
  const mask = await roiMask(interp.roiId);
  const perSlice = Array.from({ length: mask.size[2] }, (_, k) => {
    let n = 0;
    const s = mask.size[0] * mask.size[1];
    for (let p = k * s; p < (k + 1) * s; p++) n += mask.data[p];
    return n;
  });
  // Key slices k = 29 and 33 (1-based 30 and 34); everything between filled, nothing outside.
  for (const k of [29, 30, 31, 32, 33]) expect(perSlice[k], `slice k=${k}`).toBeGreaterThan(0);
  expect(perSlice[28]).toBe(0);
  expect(perSlice[34]).toBe(0);

  // Reader B outlines the same tumour with the polygon tool (keys 5 = polygon) on slice 30.
  await viewport.focus();
  for (let n = 0; n < 4; n++) await page.keyboard.press('ArrowLeft');
  await expect(sliceInfo).toContainText('Slice 30 / 59');
  await page.getByLabel('Reader name').fill('Reader B');
  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('ROI name').fill('Tumour');
  await viewport.focus();
  await page.keyboard.press('5');
  await expect(page.getByRole('button', { name: 'Polygon' })).toHaveAttribute('aria-pressed', 'true');
  const box = (await viewport.boundingBox())!;
  const at = (fx: number, fy: number) => page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  await at(0.41, 0.43);
  await at(0.56, 0.44);
  await at(0.56, 0.57);
  await at(0.41, 0.56);
  await at(0.41, 0.43); // back on the first vertex: closes and fills
  expect(await voxelsShown(page)).toBeGreaterThan(drawn / 2);
  await page.getByRole('button', { name: 'Save ROI' }).click();
  await expect(page.getByTestId('contour-panel')).toHaveCount(0);
  const agreement = page.getByTestId('reader-agreement');
  await expect(agreement.getByLabel('Reader A ROI').locator('option:checked')).toHaveText(
    'Tumour (Reader A)',
  );
  await expect(agreement.getByLabel('Reader B ROI').locator('option:checked')).toHaveText(
    'Tumour (Reader B)',
  );
  const dice = Number(await page.getByTestId('dice').textContent());
  expect(dice).toBeGreaterThan(0.2);
  expect(dice).toBeLessThan(1);
  await expect(page.getByTestId('volume-difference')).toContainText('mL');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'contouring-readers.png') });

  // Export reader A's ROI as DICOM SEG.
  await page.getByRole('button', { name: 'Export ROI Tumour as SEG' }).first().click();
  await expect(page.getByTestId('viewer-notice')).toContainText('written to');
  const written = /written to (\S+\.dcm)/.exec(
    (await page.getByTestId('viewer-notice').textContent()) ?? '',
  )?.[1];
  expect(written && existsSync(written)).toBe(true);
  // The same export again: the file exists, so the user is asked before it is replaced (here: Cancel).
  let question = '';
  page.once('dialog', (d) => {
    question = d.message();
    void d.dismiss();
  });
  await page.getByRole('button', { name: 'Export ROI Tumour as SEG' }).first().click();
  await expect(page.getByTestId('viewer-notice')).toHaveText('Export cancelled');
  expect(question).toBe(`${written} already exists. Replace it?`);

  // Three views; a click in the coronal view moves the axial slice (linked crosshair).
  await page.getByRole('button', { name: '1×3' }).click();
  await expect(page.getByTestId('viewport-coronal')).toBeVisible();
  await expect(page.getByTestId('viewport-sagittal')).toBeVisible();
  await expect(page.getByTestId('orientation-right-coronal')).toHaveText('L');
  await expect(page.getByTestId('orientation-right-sagittal')).toHaveText('P');
  await page.getByRole('button', { name: 'Outline' }).click();
  // Cine plays through the active view's slices and stops on Pause.
  await page.getByTestId('viewport-axial').focus();
  const beforeCine = await sliceInfo.textContent();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(sliceInfo).not.toHaveText(beforeCine ?? '');
  await page.getByRole('button', { name: 'Pause' }).click();
  const before = await sliceInfo.textContent();
  const coronal = (await page.getByTestId('viewport-coronal').boundingBox())!;
  await page.mouse.click(coronal.x + coronal.width * 0.5, coronal.y + coronal.height * 0.35);
  await expect(sliceInfo).not.toHaveText(before ?? '');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'contouring-1x3.png') });

  // Tools work on any view: a brush stroke in the sagittal view paints that sagittal slice only.
  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('ROI name').fill('Sagittal stroke');
  await stroke(page, 'viewport-sagittal', [0.45, 0.45], [0.55, 0.5]);
  const afterStroke = await voxelsShown(page);
  expect(afterStroke).toBeGreaterThan(10);
  // Freehand (key 6): a dragged loop fills on release; polygon (key 5) closed by a double-click.
  const sag = page.getByTestId('viewport-sagittal');
  const sbox = (await sag.boundingBox())!;
  const sp = (fx: number, fy: number) => [sbox.x + sbox.width * fx, sbox.y + sbox.height * fy] as const;
  await sag.focus();
  await page.keyboard.press('6');
  await page.mouse.move(...sp(0.3, 0.6));
  await page.mouse.down();
  await page.mouse.move(...sp(0.4, 0.6), { steps: 5 });
  await page.mouse.move(...sp(0.35, 0.7), { steps: 5 });
  await page.mouse.up();
  const afterFreehand = await voxelsShown(page);
  expect(afterFreehand).toBeGreaterThan(afterStroke + 10);
  await page.keyboard.press('5');
  await page.mouse.click(...sp(0.6, 0.6));
  await page.mouse.click(...sp(0.7, 0.6));
  await page.mouse.dblclick(...sp(0.65, 0.7));
  expect(await voxelsShown(page)).toBeGreaterThan(afterFreehand + 10);
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'contouring-sagittal-paint.png') });
  await page.getByRole('button', { name: 'Save ROI' }).click();
  await expect(page.getByTestId('contour-panel')).toHaveCount(0);
  const sagRoi = (
    await call<{ roiId: number; name: string }[]>('roi.list', { seriesUid: await firstSeriesUid() })
  ).find((r) => r.name === 'Sagittal stroke')!;
  const sagMask = await roiMask(sagRoi.roiId);
  const columns = new Set<number>();
  sagMask.data.forEach((v, n) => v && columns.add(n % sagMask.size[0]));
  expect(columns.size).toBe(1);

  // Delete it again (after the confirmation dialog).
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete ROI Sagittal stroke' }).click();
  await expect(page.getByTestId(`roi-${sagRoi.roiId}`)).toHaveCount(0);
  expect(
    (await call<{ roiId: number }[]>('roi.list', { seriesUid: await firstSeriesUid() })).some(
      (r) => r.roiId === sagRoi.roiId,
    ),
  ).toBe(false);
  const trail = await call<{ actor: string; action: string; what: string }[]>('patient.audit', {
    patientId: 'STS_001',
  });
  expect(
    trail.some(
      (a) =>
        a.actor === 'Reader B' && /delete/i.test(a.action) && /Sagittal stroke/.test(`${a.what} ${a.action}`),
    ),
  ).toBe(true);
});

async function firstSeriesUid(): Promise<string> {
  const patients = await call<{ items: { patientId: string }[] }>('patients.list', {});
  const detail = await call<{ studies: { series: { seriesUid: string }[] }[] }>('patient.get', {
    patientId: patients.items[0].patientId,
  });
  return detail.studies[0].series[0].seriesUid;
}
