/** The bench's lines for perf.json / stress.json: figures shown, bad documents named, missing files "not available". */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { perfLines, stressLines, stressSection, uiPerfSection } from './results';
import { NotAvailable } from './sections';

const tmp = mkdtempSync(join(tmpdir(), 'radscore-bench-results-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenario = (median: number, p95: number) => ({
  frames: 150,
  draws: 150,
  median_ms: median,
  p95_ms: p95,
  draw_median_ms: 3.1,
  draw_p95_ms: 5.2,
});
const perf = {
  series: '512x512x30',
  browser: 'chromium (software rendering)',
  load_avg_1m: 7.5,
  scroll_1x1: scenario(16.6, 18.2),
  scroll_1x3: scenario(16.7, 33.4),
  paint_stroke: scenario(16.5, 17.1),
};

describe('perf.json', () => {
  it('gives one line per scenario with median, p95 and the 60 fps budget', () => {
    const lines = perfLines(perf);
    expect(lines).toHaveLength(3);
    expect(lines[0].what).toContain('slice scrolling, 1×1');
    expect(lines[0].ours).toBe(
      'rAF median 16.6 ms, p95 18.2 ms (150 frames); draw median 3.1 ms, p95 5.2 ms',
    );
    expect(lines[0].baseline).toBe('16.7 ms (60 fps)');
    expect(lines[1].ratio).toBe('p95 2.00 of a frame (frames dropped)');
    expect(lines[2].ratio).toBe('p95 1.02 of a frame');
  });

  it('adds the traced frame work and its largest phase when the file has them', () => {
    const withWork = {
      paint_stroke: {
        ...scenario(16.7, 16.8),
        work_median_ms: 6.2,
        work_p95_ms: 18.4,
        work_breakdown_ms: { script: 3.9, commit: 2.1, paint: 0.6 },
      },
    };
    const [line] = perfLines(withWork);
    expect(line.ours).toBe(
      'rAF median 16.7 ms, p95 16.8 ms (150 frames); draw median 3.1 ms, p95 5.2 ms; frame work median 6.2 ms, p95 18.4 ms (most: script 3.9 ms)',
    );
    expect(line.baseline).toBe('16.7 ms (60 fps); work target < 16 ms');
    expect(line.ratio).toBe('p95 1.01 of a frame; work p95 1.15 of the target (over budget)');
    expect(perfLines({ paint_stroke: { ...withWork.paint_stroke, work_p95_ms: 9 } })[0].ratio).toBe(
      'p95 1.01 of a frame; work p95 0.56 of the target',
    );
    expect(perfLines({ paint_stroke: { ...withWork.paint_stroke, work_p95_ms: 16.2 } })[0].ratio).toMatch(
      /work p95 1\.01 of the target \(over budget\)$/,
    );
    const scrolled = perfLines({
      scroll_1x1: { ...withWork.paint_stroke, readback: { rendered: 142, shown: 131 } },
    })[0];
    expect(scrolled.ours).toMatch(/; read-back: 131 of 142 vtk frames shown$/);
    expect(() => perfLines({ paint_stroke: { ...withWork.paint_stroke, work_median_ms: null } })).toThrow(
      /paint_stroke\.work_median_ms must be a number/,
    );
  });

  it('names a malformed field', () => {
    expect(() => perfLines({ scroll_1x1: { ...scenario(1, 2), p95_ms: 'fast' } })).toThrow(
      /scroll_1x1\.p95_ms must be a number/,
    );
    expect(() => perfLines({ other: 1 })).toThrow(/none of scroll_1x1/);
  });

  it('reads test-results/perf.json, or is not available with the command to run', () => {
    const root = join(tmp, 'repo');
    expect(() => uiPerfSection(root)).toThrow(NotAvailable);
    expect(() => uiPerfSection(root)).toThrow(/run npm run bench:ui first/);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results', 'perf.json'), '{not json');
    expect(() => uiPerfSection(root)).toThrow(/perf\.json is not valid JSON/);
    writeFileSync(join(root, 'test-results', 'perf.json'), JSON.stringify(perf));
    const lines = uiPerfSection(root);
    expect(lines).toHaveLength(3);
    expect(lines[0].what).toMatch(/\[written \d{4}-\d\d-\d\d \d\d:\d\d UTC\]$/);
  });
});

describe('stress.json', () => {
  it('uses its own lines when it has them', () => {
    expect(stressLines({ lines: [{ what: 'fuzz 10,000 files', ours: '0 crashes', ratio: 'ok' }] })).toEqual([
      { what: 'stress: fuzz 10,000 files', ours: '0 crashes', baseline: '–', ratio: 'ok' },
    ]);
    expect(() => stressLines({ lines: [{ ours: 1 }] })).toThrow(/lines\[0\] needs "what" and "ours"/);
  });

  it('otherwise lists the scalar fields of each section', () => {
    const lines = stressLines({
      measured_at: '2026-11-26',
      fuzz: { files: 10000, crashes: 0, peak_heap_mb: 181.23456 },
      crash: { kills: 20, ok: true, detail: [1, 2] },
    });
    expect(lines).toEqual([
      { what: 'stress run', ours: 'measured_at 2026-11-26', baseline: '–', ratio: '–' },
      {
        what: 'stress: fuzz',
        ours: 'files 10000, crashes 0, peak_heap_mb 181.235',
        baseline: '–',
        ratio: '–',
      },
      { what: 'stress: crash', ours: 'kills 20, ok true', baseline: '–', ratio: '–' },
    ]);
    expect(() => stressLines({ a: [1] })).toThrow(/no figures found/);
  });

  it('is not available without the file', () => {
    expect(() => stressSection(join(tmp, 'nowhere'))).toThrow(/run npm run test:stress first/);
  });
});
