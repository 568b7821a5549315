/**
 * What reaches the screen, without timing anything (frame times are measured by `npm run bench:ui`, see
 * e2e/perf.spec.ts): scrolling shows the frames it renders; a brush stroke renders no vtk frame (the edited
 * ROI is on the view's 2D layer); and under CPU load, once scrolling stops, the last rendered frame is on
 * screen, it shows the slice the label names, no older frame was shown after a newer one, and its pixels are
 * those of the same slice rendered by vtk's canvas composited directly. STS_001 T1 (174 × 158 × 59, one ROI).
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, type RunningHost } from './host';
import { waitForMasksDrawn, waitForSettled } from './viewerSettled';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const dataset = resolve(repo, '../shared/data/mr-series-sts001-t1');

let host: RunningHost;
let tmp: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-frames-'));
  host = await launchHost(repo, join(tmp, 'frames.sqlite'));
  const { jobId } = (await host.call('import.start', { paths: [dataset] })) as { jobId: string };
  await expect
    .poll(async () => ((await host.call('import.status', { jobId })) as { state: string }).state, {
      timeout: 90_000,
    })
    .toBe('done');
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Opens STS_001's series; returns the axial view's shown canvas once the ROI's mask is drawn and the view settled. */
async function openSeries(page: Page) {
  await page.goto(host.url);
  await page.getByRole('row', { name: /STS_001/ }).click();
  await page
    .locator('table[aria-label^="Series of study"]')
    .getByRole('button', { name: /Open series/ })
    .click();
  const canvas = page.getByTestId('viewport-axial').getByTestId('vtk-canvas');
  await expect(canvas).toBeVisible({ timeout: 30_000 });
  await waitForMasksDrawn(page, 'axial');
  await waitForSettled(page, 'axial');
  return canvas;
}

/**
 * Steps the axial view through slices in bursts: several steps in one task (arrow keys and the wheel), then a
 * yield to a timer or an animation frame, so that new frames render while earlier read-backs are in flight.
 * Returns the net number of slices moved.
 */
function scrollBursts(page: Page, steps: number): Promise<number> {
  return page.evaluate(async (steps) => {
    const el = document.querySelector('[data-testid="viewport-axial"]') as HTMLElement;
    let net = 0;
    for (let n = 0; n < steps; n++) {
      const up = n % 7 < 4;
      net += up ? 1 : -1;
      if (n % 4 === 3) el.dispatchEvent(new WheelEvent('wheel', { deltaY: up ? 100 : -100, bubbles: true }));
      else
        el.dispatchEvent(new KeyboardEvent('keydown', { key: up ? 'ArrowUp' : 'ArrowDown', bubbles: true }));
      if (n % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      else if (n % 5 === 0) await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return net;
  }, steps);
}

test('scrolling shows the frames it renders, the last one once scrolling stops', async ({ page }) => {
  const canvas = await openSeries(page);
  const before = await waitForSettled(page, 'axial');
  const net = await scrollBursts(page, 30);
  const after = await waitForSettled(page, 'axial');
  expect(after.renderedSlice).toBe(before.renderedSlice + net);
  expect(after.renderedSeq).toBeGreaterThan(before.renderedSeq);
  expect(after.presentedSeq).toBe(after.renderedSeq);
  // Software WebGL (the test machines): the frames came through the asynchronous read-back.
  if ((await canvas.getAttribute('data-frames-shown')) !== null) {
    expect(Number(await canvas.getAttribute('data-frames-shown'))).toBeGreaterThan(0);
    await expect(canvas).toHaveAttribute('data-readback-pending', '0');
  }
});

test('a brush stroke renders no vtk frame: the edited ROI is drawn on the 2D layer', async ({ page }) => {
  await openSeries(page);
  await page.getByRole('button', { name: 'New ROI' }).click();
  const before = await waitForSettled(page, 'axial');
  const viewport = page.getByTestId('viewport-axial');
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  expect(Number(await page.getByTestId('stat-voxels').textContent())).toBeGreaterThan(0);
  const after = await waitForSettled(page, 'axial');
  expect(after.renderedSeq).toBe(before.renderedSeq);
  // The stroke is on the live layer instead.
  const painted = await viewport.getByTestId('view-live-roi').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(100);
});

test('under CPU load the last rendered frame is on screen once scrolling stops, and it is what vtk renders', async ({
  browser,
  page,
}) => {
  const canvas = await openSeries(page);
  // Record every frame the view puts on screen, to check that none is older than the one before it.
  await canvas.evaluate((c) => {
    const shown: number[] = [];
    (window as unknown as { __presentedSeqs: number[] }).__presentedSeqs = shown;
    new MutationObserver(() => shown.push(Number(c.dataset.presentedSeq))).observe(c, {
      attributes: true,
      attributeFilter: ['data-presented-seq'],
    });
  });
  // Three busy-loop workers (a blob: worker, as vtk.js uses; the CSP allows worker-src blob:) load the CPU.
  await page.evaluate(() => {
    const url = URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' }));
    (window as unknown as { __busy: Worker[] }).__busy = [0, 1, 2].map(() => new Worker(url));
  });
  const start = await waitForSettled(page, 'axial');
  let expected = start.renderedSlice;
  for (const steps of [40, 25, 9]) {
    expected += await scrollBursts(page, steps);
    const settled = await waitForSettled(page, 'axial');
    expect(settled.renderedSlice).toBe(expected);
    expect(settled.labelSlice).toBe(expected);
    expect(settled.presentedSeq).toBe(settled.renderedSeq);
  }
  const shown = await page.evaluate(
    () => (window as unknown as { __presentedSeqs: number[] }).__presentedSeqs,
  );
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((seq, n) => n === 0 || seq >= shown[n - 1])).toBe(true);
  const underLoad = await canvas.screenshot();
  await page.evaluate(() => (window as unknown as { __busy: Worker[] }).__busy.forEach((w) => w.terminate()));

  // The same slice rendered by vtk's WebGL canvas composited directly (no read-back).
  const direct = await browser.newPage({ viewport: page.viewportSize() ?? undefined });
  await direct.addInitScript(() => {
    (window as unknown as { __radscoreDirectWebGl: boolean }).__radscoreDirectWebGl = true;
  });
  const directCanvas = await openSeries(direct);
  const from = (await waitForSettled(direct, 'axial')).renderedSlice;
  await direct.getByTestId('viewport-axial').focus();
  for (let n = 0; n < Math.abs(expected - from); n++)
    await direct.keyboard.press(expected > from ? 'ArrowUp' : 'ArrowDown');
  expect((await waitForSettled(direct, 'axial')).renderedSlice).toBe(expected);
  const reference = await directCanvas.screenshot();
  await direct.close();

  const differing = await page.evaluate(
    async ([a, b]) => {
      const pixels = async (src: string) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const [x, y] = [await pixels(a), await pixels(b)];
      if (x.width !== y.width || x.height !== y.height) return 1;
      let n = 0;
      for (let i = 0; i < x.data.length; i += 4)
        if (Math.max(...[0, 1, 2].map((c) => Math.abs(x.data[i + c] - y.data[i + c]))) > 8) n++;
      return n / (x.width * x.height);
    },
    [underLoad, reference].map((png) => `data:image/png;base64,${png.toString('base64')}`),
  );
  expect(differing).toBeLessThan(0.001);
});
