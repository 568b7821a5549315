/**
 * Frame times of the contouring workstation in Chromium on a 512 × 512 × 30 series written with
 * main/dicom/write.ts: slice scrolling (1×1 and 1×3 layouts) and a brush stroke, one step per animation
 * frame. Reported per scenario: the requestAnimationFrame interval (what the user sees; 16.7 ms = 60 fps),
 * the viewer's own draw time per view (1×3 draws three views per step; main thread: vtk.js render call + 2D
 * annotations), the synchronous input handler time (dispatchEvent: the step's handler incl. the mask edit),
 * and the frame work: the whole main-thread busy time of each frame (input, mask edit, statistics, React
 * render and commit, vtk render, style, layout, paint and the compositor commit the thread waits in), taken
 * from a Chromium trace of a second run of the same steps (tracing slows the page, so the rAF figures come
 * from the untraced run), with a per-phase breakdown (main/bench/frameWork.ts). Also the vtk render time
 * including gl.finish() (the GPU-process share). Written to test-results/perf.json (for `npm run bench`).
 * Run by `npm run bench:ui` (playwright.perf.config.ts), not by `npm test`: it measures and asserts no time
 * (the target is < 16 ms of frame work; `npm run bench` prints the figures against it). What these runs showed
 * on software WebGL, where a vtk canvas in the page makes the main thread's commit wait for a synchronous
 * read-back of every changed frame: commit phase 23–29 ms a frame when strokes still repainted the vtk
 * labelmap, 9–10 ms a scroll step at 1×1; hence a stroke paints only the 2D layer of the edited ROI, and vtk's
 * frames reach the screen through an asynchronous read-back (readbackPresenter.ts). The stroke's frame work
 * p95 was 5.7–14.2 ms in eight runs (load 1.9–4.0 on 2 cores), scrolling's 1×1 p95 12.1–17.7 ms in 17 runs on
 * 2026-11-27 (19–21 ms before the asynchronous read-back). The behaviour behind those fixes (a stroke renders no
 * vtk frame; the frames rendered are shown, the last one always) is tested in e2e/viewerFrames.spec.ts.
 */
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, type RunningHost } from './host';
import {
  FRAME_WORK_CATEGORIES,
  frameWorkFromTrace,
  STEP_MARK,
  type FramePhases,
  type FrameWork,
  type TraceEvent,
} from '../main/bench/frameWork';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const SLICES = 30;

let host: RunningHost;
let tmp: string;

test.describe.configure({ mode: 'serial' });

/** Writes the synthetic series (run under tsx so that it uses the app's own DICOM writer). */
const GENERATOR = `
const { writeImageSeries } = await import(process.env.WRITER);
const { writeFileSync, mkdirSync } = await import('node:fs');
const n = 512, nz = Number(process.env.SLICES);
const data = new Float32Array(n * n * nz);
for (let k = 0; k < nz; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
  const r = Math.hypot(i - 256, j - 256, (k - nz / 2) * 8);
  data[i + n * (j + n * k)] = Math.round(400 + 300 * Math.sin(i / 9) * Math.cos(j / 13) + (r < 90 ? 900 : 0) + ((i * 7 + j * 3 + k) % 23));
}
const volume = { size: [n, n, nz], spacing: [0.5, 0.5, 4], origin: [-128, -128, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
const { files } = writeImageSeries(volume, { patientId: 'PERF_512', patientName: 'Perf^Series' }, {}, { seriesDescription: 'T2 512' }, { uidSeed: 'perf' });
mkdirSync(process.env.OUT, { recursive: true });
for (const f of files) writeFileSync(process.env.OUT + '/' + f.name, f.bytes);
`;

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-perf-'));
  const script = join(tmp, 'generate.mjs');
  writeFileSync(script, GENERATOR);
  execFileSync(process.execPath, ['--import', 'tsx', script], {
    cwd: repo,
    env: {
      ...process.env,
      WRITER: join(repo, 'main/dicom/write.ts'),
      OUT: join(tmp, 'series'),
      SLICES: String(SLICES),
    },
    stdio: 'inherit',
  });
  host = await launchHost(repo, join(tmp, 'perf.sqlite'));
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const call = async <T>(channel: string, input: unknown): Promise<T> => (await host.call(channel, input)) as T;

interface Summary {
  frames: number;
  /** Viewer draws during the run (one per step expected; rAF coalesces any extra requests). */
  draws: number;
  median_ms: number;
  p95_ms: number;
  draw_median_ms: number;
  draw_p95_ms: number;
  /** dispatchEvent of the step's input event (the handler, mask edit included; not React's later render). */
  input_median_ms: number;
  input_p95_ms: number;
  /** Whole main-thread work per frame (traced run). */
  work_frames: number;
  work_median_ms: number;
  work_p95_ms: number;
  work_max_ms: number;
  /** Mean ms per frame of each phase of the frame work. */
  work_breakdown_ms: FramePhases;
  /**
   * Software WebGL: vtk frames of the axial view rendered and shown by the asynchronous read-back
   * (readbackPresenter.ts; a frame overtaken by a newer one before its copy arrived is not shown).
   */
  readback?: { rendered: number; shown: number };
}

/** One run of a scenario's steps: rAF intervals, viewer draw times, input handler times (ms). */
interface StepRun {
  frames: number[];
  draws: number[];
  inputs: number[];
  readback?: { rendered: number; shown: number };
}

/** The axial view's read-back counters (software WebGL only; see readbackPresenter.ts). */
const READBACK_COUNTERS = `(() => {
  const c = document.querySelector('[data-testid="viewport-axial"] [data-testid="vtk-canvas"]');
  return c && c.dataset.framesCaptured !== undefined ? { rendered: Number(c.dataset.framesCaptured), shown: Number(c.dataset.framesShown), pending: Number(c.dataset.readbackPending) } : null;
})()`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function summarise(run: StepRun, work: FrameWork[]): Summary {
  const r = round2;
  const works = work.map((w) => w.work);
  const mean = (key: keyof FramePhases) =>
    r(work.reduce((s, w) => s + w.phases[key], 0) / Math.max(work.length, 1));
  return {
    frames: run.frames.length,
    draws: run.draws.length,
    median_ms: r(quantile(run.frames, 0.5)),
    p95_ms: r(quantile(run.frames, 0.95)),
    draw_median_ms: r(quantile(run.draws, 0.5)),
    draw_p95_ms: r(quantile(run.draws, 0.95)),
    input_median_ms: r(quantile(run.inputs, 0.5)),
    input_p95_ms: r(quantile(run.inputs, 0.95)),
    work_frames: work.length,
    work_median_ms: r(quantile(works, 0.5)),
    work_p95_ms: r(quantile(works, 0.95)),
    work_max_ms: r(Math.max(...works)),
    work_breakdown_ms: {
      script: mean('script'),
      style_layout: mean('style_layout'),
      paint: mean('paint'),
      commit: mean('commit'),
      gc: mean('gc'),
      other: mean('other'),
    },
    ...(run.readback ? { readback: run.readback } : {}),
  };
}

/**
 * Runs `steps` under a Chromium trace and returns the frame work per step (the first frame is dropped as
 * warm-up). RADSCORE_PERF_TRACE_DIR=folder keeps each scenario's trace there as <name>.json.
 */
async function traced(page: Page, name: string, run: () => Promise<unknown>): Promise<FrameWork[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to trace');
  await browser.startTracing(page, { categories: FRAME_WORK_CATEGORIES, screenshots: false });
  await run();
  const buffer = await browser.stopTracing();
  const keep = process.env.RADSCORE_PERF_TRACE_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    writeFileSync(join(keep, `${name}.json`), buffer);
  }
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const frames = frameWorkFromTrace(Array.isArray(trace) ? trace : trace.traceEvents);
  return frames.slice(1);
}

/** Scrolls the axial view back and forth one slice per animation frame; returns frame intervals and draw times. */
async function scroll(page: Page, steps: number): Promise<StepRun> {
  const before = (await page.evaluate(READBACK_COUNTERS)) as { rendered: number; shown: number } | null;
  const run = await page.evaluate(
    async ({ steps, slices, mark }) => {
      const el = document.querySelector('[data-testid="viewport-axial"]') as HTMLElement;
      const timings = (window as unknown as { __radscoreDrawTimings: number[] }).__radscoreDrawTimings;
      const firstDraw = timings.length;
      const frames: number[] = [];
      const inputs: number[] = [];
      let k = Math.floor(slices / 2);
      let dir = 1;
      let last = 0;
      let n = 0;
      await new Promise<void>((resolve) => {
        const frame = (t: number) => {
          performance.mark(mark);
          if (last) frames.push(t - last);
          last = t;
          if (n++ >= steps) return resolve();
          if (k + dir < 0 || k + dir >= slices) dir = -dir;
          k += dir;
          const t0 = performance.now();
          el.dispatchEvent(
            new KeyboardEvent('keydown', { key: dir > 0 ? 'ArrowRight' : 'ArrowLeft', bubbles: true }),
          );
          inputs.push(performance.now() - t0);
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      // Let the last step draw.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { frames: frames.slice(1), draws: timings.slice(firstDraw), inputs };
    },
    { steps, slices: SLICES, mark: STEP_MARK },
  );
  if (!before) return run;
  // The last frame must reach the screen once the scrolling stops.
  await expect
    .poll(async () => ((await page.evaluate(READBACK_COUNTERS)) as { pending: number }).pending)
    .toBe(0);
  const after = (await page.evaluate(READBACK_COUNTERS)) as { rendered: number; shown: number };
  return {
    ...run,
    readback: { rendered: after.rendered - before.rendered, shown: after.shown - before.shown },
  };
}

/**
 * A brush stroke: one pointer move per animation frame along a circle of `ring` × the view size around the
 * view's centre on the axial view (each run takes its own ring, so that every stroke paints new voxels).
 */
function paintStroke(page: Page, steps: number, ring: number): Promise<StepRun> {
  return page.evaluate(
    async ({ steps, mark, ring }) => {
      const el = document.querySelector('[data-testid="viewport-axial"]') as HTMLElement;
      const timings = (window as unknown as { __radscoreDrawTimings: number[] }).__radscoreDrawTimings;
      const firstDraw = timings.length;
      const box = el.getBoundingClientRect();
      const at = (n: number) => {
        const a = (2 * Math.PI * n) / steps;
        return {
          clientX: box.left + box.width * (0.5 + ring * Math.cos(a)),
          clientY: box.top + box.height * (0.5 + ring * Math.sin(a)),
        };
      };
      const pointer = (type: string, n: number) =>
        el.dispatchEvent(
          new PointerEvent(type, {
            ...at(n),
            bubbles: true,
            pointerId: 1,
            pointerType: 'mouse',
            isPrimary: true,
            button: 0,
            buttons: type === 'pointerup' ? 0 : 1,
          }),
        );
      const frames: number[] = [];
      const inputs: number[] = [];
      let last = 0;
      let n = 0;
      pointer('pointerdown', 0);
      await new Promise<void>((resolve) => {
        const frame = (t: number) => {
          performance.mark(mark);
          if (last) frames.push(t - last);
          last = t;
          if (n++ >= steps) return resolve();
          const t0 = performance.now();
          pointer('pointermove', n);
          inputs.push(performance.now() - t0);
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      pointer('pointerup', steps);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { frames: frames.slice(1), draws: timings.slice(firstDraw), inputs };
    },
    { steps, mark: STEP_MARK, ring },
  );
}

test('frame times: scrolling a 512 × 512 series and a brush stroke', async ({ page }) => {
  const job = await call<{ jobId: string }>('import.start', { paths: [join(tmp, 'series')] });
  await expect
    .poll(async () => (await call<{ state: string }>('import.status', { jobId: job.jobId })).state, {
      timeout: 90_000,
    })
    .toBe('done');

  await page.goto(host.url);
  const row = page.getByRole('row', { name: /PERF_512/ });
  await row.click();
  await page
    .locator('table[aria-label^="Series of study"]')
    .getByRole('button', { name: /Open series/ })
    .click();
  const viewport = page.getByTestId('viewport-axial');
  await expect(viewport.getByTestId('vtk-canvas')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('slice-info-axial')).toContainText(`/ ${SLICES}`);
  await viewport.focus();
  await scroll(page, 20); // warm-up (JIT)

  const scroll1 = await scroll(page, 150);
  const scroll1Work = await traced(page, 'scroll_1x1', () => scroll(page, 150));
  await page.screenshot({ path: join(here, 'screenshots', 'perf-scroll.png') });

  await page.getByRole('button', { name: '1×3' }).click();
  await expect(page.getByTestId('viewport-sagittal')).toBeVisible();
  await page.getByTestId('viewport-axial').focus();
  const scroll3 = await scroll(page, 150);
  const scroll3Work = await traced(page, 'scroll_1x3', () => scroll(page, 150));
  await page.getByRole('button', { name: '1×1' }).click();

  await page.getByRole('button', { name: 'New ROI' }).click();
  await page.getByLabel('Brush radius').fill('6');
  // RADSCORE_PERF_TRACE=file.json records a Chromium performance trace of the stroke (where the frame time goes);
  // RADSCORE_PERF_TRACE_CATEGORIES=a,b,… replaces Playwright's default categories (e.g. add gpu, viz, cc).
  const traceFile = process.env.RADSCORE_PERF_TRACE;
  const categories = process.env.RADSCORE_PERF_TRACE_CATEGORIES?.split(',').filter(Boolean);
  if (traceFile)
    await page.context().browser()?.startTracing(page, { path: traceFile, screenshots: false, categories });
  const paint = await paintStroke(page, 150, 0.2);
  if (traceFile) await page.context().browser()?.stopTracing();
  const paintWork = await traced(page, 'paint_stroke', () => paintStroke(page, 150, 0.28));
  expect(Number(await page.getByTestId('stat-voxels').textContent())).toBeGreaterThan(1000);
  await page.screenshot({ path: join(here, 'screenshots', 'perf-paint.png') });

  // Where the time goes: the same steps with gl.finish() after each vtk render, so that the render's
  // GPU-process work (SwiftShader here) is timed on the main thread. Not part of the frame figures above.
  const gpuRun = async (run: () => Promise<unknown>) => {
    const first = await page.evaluate(() => {
      (window as unknown as { __radscoreGpuSync: boolean }).__radscoreGpuSync = true;
      return (window as unknown as { __radscoreGpuTimings: number[] }).__radscoreGpuTimings.length;
    });
    await run();
    return page.evaluate((first) => {
      (window as unknown as { __radscoreGpuSync: boolean }).__radscoreGpuSync = false;
      return (window as unknown as { __radscoreGpuTimings: number[] }).__radscoreGpuTimings.slice(first);
    }, first);
  };
  await page.getByTestId('viewport-axial').focus();
  const gpuScroll = await gpuRun(() => scroll(page, 60));
  const gpuPaint = await gpuRun(() => paintStroke(page, 60, 0.12));

  const result = {
    measured_at: new Date().toISOString(),
    series: `512x512x${SLICES}`,
    browser: 'chromium (software rendering)',
    cpus: cpus().length,
    load_avg_1m: Math.round(loadavg()[0] * 100) / 100,
    scroll_1x1: summarise(scroll1, scroll1Work),
    scroll_1x3: summarise(scroll3, scroll3Work),
    paint_stroke: summarise(paint, paintWork),
    /**
     * vtk render + gl.finish per view (ms), 60 steps each: the rendering work the frame intervals wait for. A
     * stroke renders no vtk frame (the edited ROI is on the 2D layer), so its count is 0 and it has no times.
     */
    render_with_gl_finish: {
      scroll_1x1: {
        renders: gpuScroll.length,
        median_ms: round2(quantile(gpuScroll, 0.5)),
        p95_ms: round2(quantile(gpuScroll, 0.95)),
      },
      paint_stroke: gpuPaint.length
        ? {
            renders: gpuPaint.length,
            median_ms: round2(quantile(gpuPaint, 0.5)),
            p95_ms: round2(quantile(gpuPaint, 0.95)),
          }
        : { renders: 0 },
    },
  };
  console.log(`perf: ${JSON.stringify(result, null, 2)}`);
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  writeFileSync(join(repo, 'test-results', 'perf.json'), `${JSON.stringify(result, null, 2)}\n`);

  // The run measured what it set out to (one step per animation frame, each drawn); no figure is asserted.
  for (const s of [result.scroll_1x1, result.scroll_1x3, result.paint_stroke]) {
    expect(s.frames).toBeGreaterThan(100);
    expect(s.draws).toBeGreaterThan(100);
  }
});
