/**
 * The HTML report in Chromium: `radscore demo` on a small cohort writes it; opened from disk it must draw
 * every chart (each SVG has data marks of non-zero size), load nothing at all from anywhere (it is a
 * self-contained file a reader can mail around), and print the same AUCs and CIs as the fit JSON the
 * demo printed.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chartLayoutProblems } from './chartLayout';
import { aucText, runBuiltCli } from './host';
import type { SplitMetrics } from '../shared/modeling/pipeline';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shots = join(here, 'screenshots');

interface DemoJson {
  model_id: number;
  report: string;
  selected: string[];
  train: SplitMetrics;
  validation: SplitMetrics | null;
}

const runCli = (args: string[]) => runBuiltCli(repo, tmp, args);

/** The charts of a fit with a training and a validation group, in report order. */
const EXPECTED_FIGURES = [
  'fig-lasso-path',
  'fig-lasso-cv',
  'fig-coefficients',
  'fig-roc',
  'fig-calibration',
  'fig-waterfall-train',
  'fig-waterfall-validation',
  'fig-decision-curve-train',
  'fig-decision-curve-validation',
];

let tmp: string;
let demo: DemoJson;

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-e2e-report-'));
  const out = join(tmp, 'demo');
  // 24 patients of 96² × 12: both outcomes in training and validation, a fit in ~5 s.
  demo = JSON.parse(
    await runCli([
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
      out,
      '--json',
    ]),
  ) as DemoJson;
});

test.afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the demo report opens from disk, draws every chart, fetches nothing and shows the fit JSON AUCs', async ({
  page,
  context,
}) => {
  expect(existsSync(demo.report)).toBe(true);
  expect(demo.validation).not.toBeNull();
  const reportUrl = pathToFileURL(demo.report).href;

  // Everything the page asks for, and a route that refuses it: only the report document itself may load.
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await context.route('**/*', (route) =>
    route.request().url() === reportUrl ? route.continue() : route.abort(),
  );
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // Anything lazily requested after load is in `requested` once the network has been idle.
  await page.goto(reportUrl, { waitUntil: 'networkidle' });

  // Each expected chart is a figure with exactly one SVG; nothing is reported as "Not drawn".
  const figureIds = await page.locator('figure').evaluateAll((els) => els.map((e) => e.id));
  expect(figureIds).toEqual(EXPECTED_FIGURES);
  await expect(page.locator('figure .missing')).toHaveCount(0);
  expect(await page.locator('svg').count()).toBe(EXPECTED_FIGURES.length);

  // Data marks (Plot's line/dot/bar/area/rect groups, not axes, grids or rules) drawn with a real size.
  const marks = await page.locator('figure').evaluateAll((figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg');
      if (!svg) return { id: figure.id, drawn: 0, width: 0, height: 0 };
      const box = svg.getBoundingClientRect();
      const shapes = svg.querySelectorAll(
        'g[aria-label="line"] path, g[aria-label="dot"] circle, g[aria-label="dot"] path, g[aria-label="bar"] rect, g[aria-label="area"] path, g[aria-label="rect"] rect, g[aria-label="cell"] rect',
      );
      let drawn = 0;
      for (const s of shapes) {
        const b = (s as SVGGraphicsElement).getBBox();
        if (b.width > 0 || b.height > 0) drawn++;
      }
      return { id: figure.id, drawn, width: box.width, height: box.height };
    }),
  );
  for (const m of marks) {
    expect(m.drawn, `${m.id}: drawn data marks`).toBeGreaterThan(0);
    expect(m.width * m.height, `${m.id}: SVG area on the page`).toBeGreaterThan(100 * 100);
  }

  // The performance table: one row per group, AUC with its DeLong CI as in the fit JSON.
  const rows = page.locator('#performance table').first().locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td,th')].map((c) => (c.textContent ?? '').trim())),
  );
  expect(cells.map((r) => [r[0], r[1], r[3]])).toEqual([
    ['Training', String(demo.train.n), aucText(demo.train)],
    ['Validation', String(demo.validation!.n), aucText(demo.validation!)],
  ]);
  // The selected features are the fit's, named in the coefficient table.
  const terms = await page
    .locator('#formula table')
    .first()
    .locator('tbody tr td:first-child')
    .allTextContents();
  expect(terms.map((t) => t.trim())).toEqual(['(Intercept)', ...demo.selected]);

  expect(pageErrors).toEqual([]);
  expect(requested.filter((u) => u !== reportUrl)).toEqual([]);

  // Legends clear of the data, λ labels apart, no text cut off at a chart's edge.
  for (const id of EXPECTED_FIGURES)
    expect(await chartLayoutProblems(page.locator(`#${id}`)), `${id}: layout`).toEqual([]);

  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
});

test('at 1200 px no table runs past the text column, and Table 1 lists the clinical variables with their tests', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(pathToFileURL(demo.report).href, { waitUntil: 'load' });
  const clinical = page
    .locator('#table1 h3', { hasText: 'Clinical variables' })
    .locator('xpath=following-sibling::div[1]//table');
  const rows = await clinical
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim())),
    );
  expect(rows.map((r) => r[0])).toEqual(['age', 'sex', 't_stage', 'n_stage', 'ebv_dna']);
  expect(rows.find((r) => r[0] === 'age')![4]).toBe('Welch t-test');
  for (const v of ['sex', 't_stage', 'n_stage'])
    expect(rows.find((r) => r[0] === v)![4], v).toMatch(
      /^(Fisher’s exact test|Fisher's exact test|χ² test.*|no test: one level)$/,
    );
  // Every cell ends inside its section (long feature names wrap; a table that cannot shrink scrolls in its wrapper).
  const overflow = await page.locator('main section').evaluateAll((sections) =>
    sections.flatMap((section) => {
      const right = section.getBoundingClientRect().right;
      return [...section.querySelectorAll('td, th')]
        .filter((c) => c.getBoundingClientRect().right > right + 1 && !c.closest('.table-wrap'))
        .map((c) => `${section.id}: ${c.textContent}`);
    }),
  );
  expect(overflow).toEqual([]);
  const wrappers = await page.locator('main section').evaluateAll((sections) =>
    sections.flatMap((section) => {
      const right = section.getBoundingClientRect().right;
      return [...section.querySelectorAll('.table-wrap')]
        .filter((w) => w.getBoundingClientRect().right > right + 1)
        .map(() => section.id);
    }),
  );
  expect(wrappers).toEqual([]);
  // Table 1's long names wrap: its tables fit the column without scrolling.
  const scrolling = await page
    .locator('#table1 .table-wrap')
    .evaluateAll((ws) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
  expect(scrolling).toBe(0);
  const table1 = page.locator('#table1');
  await table1.scrollIntoViewIfNeeded();
  await table1.screenshot({ path: join(shots, 'report-table1-1200.png') });
});
