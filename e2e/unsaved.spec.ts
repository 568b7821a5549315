/**
 * Nothing drawn is dropped without a question (issue #14.2), in Chromium against the browser host on the small
 * demo cohort: with an unsaved contour, a tab change, the panel's Discard, a reload and the desktop window's
 * close (through the preload's "may close?" query, stubbed here as Electron's preload provides it) each ask
 * Save / Discard / Cancel; Cancel returns to the very same draft, Discard drops it, Save stores it first.
 * Screenshots of each question: e2e/screenshots/unsaved-*.png.
 */
import { test, expect, type Page } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDemoCohortHost } from './host';
import { waitForViewsSettled } from './viewerSettled';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

test.describe.configure({ mode: 'serial' });

const spec = useDemoCohortHost(repo, 'radscore-e2e-unsaved-', shots);

async function openFirstSeries(page: Page) {
  const patientId = spec.cohort.labels[0].patientId;
  await page.getByRole('tab', { name: 'Patients' }).click();
  const back = page.getByRole('button', { name: /Worklist/ });
  const row = page.getByRole('row', { name: new RegExp(patientId) });
  await expect(row.or(back).first()).toBeVisible();
  if (await back.isVisible()) await back.click();
  await row.click();
  await page
    .locator('table[aria-label^="Series of study"]')
    .getByRole('button', { name: /Open series/ })
    .click();
  await expect(page.getByTestId('viewport-axial').getByTestId('vtk-canvas')).toBeVisible({ timeout: 30_000 });
}

/** New ROI named `name` with one brush stroke across the middle of the axial view; returns its voxel count. */
async function drawDraft(page: Page, name: string): Promise<number> {
  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('ROI name').fill(name);
  const box = (await page.getByTestId('viewport-axial').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.55, { steps: 10 });
  await page.mouse.up();
  const voxels = Number(await page.getByTestId('stat-voxels').textContent());
  expect(voxels).toBeGreaterThan(0);
  return voxels;
}

const question = (page: Page) => page.getByRole('dialog', { name: 'Unsaved contour' });

async function roiNames(seriesUid: string): Promise<string[]> {
  return ((await spec.host.call('roi.list', { seriesUid })) as { name: string }[]).map((r) => r.name);
}

async function firstSeriesUid(): Promise<string> {
  const detail = (await spec.host.call('patient.get', { patientId: spec.cohort.labels[0].patientId })) as {
    studies: { series: { seriesUid: string }[] }[];
  };
  return detail.studies[0].series[0].seriesUid;
}

test('a tab change, Discard and a reload ask before an unsaved contour is dropped; Cancel keeps it', async ({
  page,
}) => {
  await page.goto(spec.host.url);
  await page.getByLabel('Folder or file path').fill(spec.cohort.folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await openFirstSeries(page);
  const seriesUid = await firstSeriesUid();
  const voxels = await drawDraft(page, 'Draft lesion');

  // Another tab: the question names the ROI; Cancel stays on the same draft.
  await page.getByRole('tab', { name: 'Features' }).click();
  await expect(question(page)).toBeVisible();
  await expect(question(page)).toContainText('Draft lesion');
  await expect(question(page)).toContainText(`${voxels} voxels`);
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'unsaved-tab.png') });
  await question(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(question(page)).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Viewer' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('stat-voxels')).toHaveText(String(voxels));
  await expect(page.getByLabel('ROI name')).toHaveValue('Draft lesion');

  // The panel's Discard asks too; Cancel keeps the draft, undo history included.
  await page.getByTestId('contour-actions').getByRole('button', { name: 'Discard' }).click();
  await expect(question(page)).toBeVisible();
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'unsaved-discard.png') });
  await question(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('stat-voxels')).toHaveText(String(voxels));
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();

  // A reload: the browser's own leave-page question; staying keeps the draft.
  const asked = page.waitForEvent('dialog');
  void page.evaluate(() => window.location.reload()).catch(() => undefined);
  const leave = await asked;
  expect(leave.type()).toBe('beforeunload');
  await leave.dismiss();
  await expect(page.getByTestId('stat-voxels')).toHaveText(String(voxels));

  // Discard for real: the tab change goes on, nothing was stored, and nothing is asked any more.
  await page.getByRole('tab', { name: 'Features' }).click();
  await question(page).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('tab', { name: 'Features' })).toHaveAttribute('aria-selected', 'true');
  expect(await roiNames(seriesUid)).not.toContain('Draft lesion');
  await page.getByRole('tab', { name: 'Viewer' }).click();
  await expect(page.getByRole('button', { name: 'New ROI' })).toBeVisible();
  await page.getByRole('tab', { name: 'Patients' }).click();
  await expect(question(page)).toHaveCount(0);

  // Save from the question: stored under the reader's name, then the tab changes.
  await openFirstSeries(page);
  await page.getByLabel('Reader name').fill('Dr Unsaved');
  const drawn = await drawDraft(page, 'Kept lesion');
  await page.getByRole('tab', { name: 'Response labels' }).click();
  await question(page).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('tab', { name: 'Response labels' })).toHaveAttribute('aria-selected', 'true');
  const rois = (await spec.host.call('roi.list', { seriesUid })) as {
    name: string;
    author: string;
    voxels: number;
  }[];
  expect(rois.find((r) => r.name === 'Kept lesion')).toMatchObject({ author: 'Dr Unsaved', voxels: drawn });
});

test('closing the desktop window asks through the preload; Cancel keeps the window and the draft', async ({
  page,
}) => {
  // What the Electron preload provides (main/electron/preload.ts), forwarding the calls to the browser host;
  // main's "may close?" query reaches the page through onCloseRequest's handler, called here directly.
  await page.addInitScript(
    ({ token, binary }) => {
      const w = window as unknown as { radscore: unknown; __mayClose?: () => Promise<boolean> };
      w.radscore = {
        async invoke(channel: string, input: unknown) {
          const res = await fetch(`/api/${channel}`, {
            method: 'POST',
            headers: { 'x-radscore-token': token },
            body: JSON.stringify(input),
          });
          // The preload's reply (main/electron/main.ts): { value }, or the error with its kind.
          if (!res.ok) {
            const body = (await res.json()) as { error: string; kind: string };
            return { error: body.error, kind: body.kind };
          }
          if (!binary.includes(channel)) return { value: await res.json() };
          // The binary payload (shared/api/codecs.ts decodeBinary): magic, header length, JSON header, 8-aligned data.
          const buffer = await res.arrayBuffer();
          const headerLength = new DataView(buffer).getUint32(4, true);
          const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
          const raw = buffer.slice(Math.ceil((8 + headerLength) / 8) * 8);
          return {
            value: {
              meta: header.meta,
              data: header.dtype === 'float32' ? new Float32Array(raw) : new Uint8Array(raw),
            },
          };
        },
        onEvent: () => () => undefined,
        pickFolders: async () => [],
        pickSettingsFile: async () => null,
        onCloseRequest(handler: () => Promise<boolean>) {
          w.__mayClose = handler;
          return () => (w.__mayClose = undefined);
        },
      };
    },
    { token: spec.host.token, binary: ['series.volume', 'roi.mask'] },
  );
  await page.goto(spec.host.url);
  await openFirstSeries(page);
  const voxels = await drawDraft(page, 'Window draft');
  const mayClose = () =>
    page.evaluate(() => (window as unknown as { __mayClose: () => Promise<boolean> }).__mayClose());

  const first = mayClose();
  await expect(question(page)).toBeVisible();
  await expect(question(page)).toContainText('closing the window');
  await waitForViewsSettled(page);
  await page.screenshot({ path: join(shots, 'unsaved-close.png') });
  await question(page).getByRole('button', { name: 'Cancel' }).click();
  expect(await first).toBe(false);
  await expect(page.getByTestId('stat-voxels')).toHaveText(String(voxels));

  const second = mayClose();
  await question(page).getByRole('button', { name: 'Discard' }).click();
  expect(await second).toBe(true);
  // Nothing unsaved any more: the next query is answered at once.
  expect(await mayClose()).toBe(true);
});
