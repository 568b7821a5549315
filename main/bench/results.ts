/**
 * Figures measured elsewhere and left as JSON under test-results/: the UI frame times of the Playwright perf
 * spec (perf.json) and the reliability run (stress.json). The bench prints them next to its own figures;
 * a missing file is "not available", a malformed one a failure naming the file and the problem.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchLine } from './sections';
import { NotAvailable } from './sections';

/**
 * One scenario of e2e/perf.spec.ts: rAF intervals and the viewer's own draw times, in ms, and (newer files)
 * the whole main-thread work per frame from a trace, with its largest phase.
 */
export interface FrameSummary {
  frames: number;
  draws: number;
  median_ms: number;
  p95_ms: number;
  draw_median_ms: number;
  draw_p95_ms: number;
  work_median_ms?: number;
  work_p95_ms?: number;
  work_breakdown_ms?: Record<string, number>;
  /** Software WebGL: vtk frames rendered and shown through the asynchronous read-back. */
  readback?: { rendered: number; shown: number };
}

const SCENARIOS: Record<string, string> = {
  scroll_1x1: 'slice scrolling, 1×1',
  scroll_1x3: 'slice scrolling, 1×3 (three views per step)',
  paint_stroke: 'brush stroke',
};

/** One frame at 60 Hz: the best a requestAnimationFrame interval can be. */
const FRAME_BUDGET_MS = 16.7;
/** rAF intervals jitter by ~0.1 ms around the vsync period; a missed frame makes one ≥ 2 periods. */
const DROPPED_FRAME_MS = 1.5 * FRAME_BUDGET_MS;
/** The issue's target for the work of one frame. */
const FRAME_WORK_TARGET_MS = 16;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(path: string, producer: string): { doc: Record<string, unknown>; age: string } {
  if (!existsSync(path)) throw new NotAvailable(`run ${producer} first (no ${path})`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(doc)) throw new Error(`${path} does not hold a JSON object`);
  const mtime = statSync(path).mtime;
  return { doc, age: `written ${mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC` };
}

/** Table lines for perf.json (exported for tests: pure over the parsed document). */
export function perfLines(doc: Record<string, unknown>, where = 'perf.json'): BenchLine[] {
  const lines: BenchLine[] = [];
  const context = [
    doc.series && `series ${String(doc.series)}`,
    doc.browser && String(doc.browser),
    doc.load_avg_1m !== undefined && `load ${String(doc.load_avg_1m)}`,
  ]
    .filter(Boolean)
    .join(', ');
  for (const [key, title] of Object.entries(SCENARIOS)) {
    const s = doc[key];
    if (s === undefined) continue;
    if (!isRecord(s)) throw new Error(`${where}: ${key} is not an object`);
    const hasWork = s.work_p95_ms !== undefined;
    const fields = [
      'frames',
      'median_ms',
      'p95_ms',
      'draw_median_ms',
      'draw_p95_ms',
      ...(hasWork ? ['work_median_ms', 'work_p95_ms'] : []),
    ];
    for (const field of fields) {
      if (typeof s[field] !== 'number' || !Number.isFinite(s[field]))
        throw new Error(`${where}: ${key}.${field} must be a number`);
    }
    const f = s as unknown as FrameSummary;
    const breakdown = isRecord(f.work_breakdown_ms)
      ? Object.entries(f.work_breakdown_ms)
          .filter((e): e is [string, number] => typeof e[1] === 'number')
          .sort((a, b) => b[1] - a[1])
      : [];
    const work = hasWork
      ? `; frame work median ${f.work_median_ms} ms, p95 ${f.work_p95_ms} ms${breakdown.length ? ` (most: ${breakdown[0][0]} ${breakdown[0][1]} ms)` : ''}`
      : '';
    const over = (ms: number) => (ms < FRAME_WORK_TARGET_MS ? '' : ' (over budget)');
    const readback =
      isRecord(f.readback) && typeof f.readback.rendered === 'number' && typeof f.readback.shown === 'number'
        ? `; read-back: ${f.readback.shown} of ${f.readback.rendered} vtk frames shown`
        : '';
    lines.push({
      what: `UI frame time, ${title}${context ? ` (${context})` : ''}`,
      ours: `rAF median ${f.median_ms} ms, p95 ${f.p95_ms} ms (${f.frames} frames); draw median ${f.draw_median_ms} ms, p95 ${f.draw_p95_ms} ms${work}${readback}`,
      baseline: `${FRAME_BUDGET_MS} ms (60 fps)${hasWork ? `; work target < ${FRAME_WORK_TARGET_MS} ms` : ''}`,
      ratio:
        `p95 ${(f.p95_ms / FRAME_BUDGET_MS).toFixed(2)} of a frame${f.p95_ms > DROPPED_FRAME_MS ? ' (frames dropped)' : ''}` +
        (hasWork
          ? `; work p95 ${((f.work_p95_ms as number) / FRAME_WORK_TARGET_MS).toFixed(2)} of the target${over(f.work_p95_ms as number)}`
          : ''),
    });
  }
  if (!lines.length) throw new Error(`${where}: none of ${Object.keys(SCENARIOS).join(', ')} found`);
  return lines;
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * Table lines for stress.json: its `lines` ({what, ours, baseline?, ratio?}) when it has them, else one
 * line per section (a top-level object) listing its scalar fields, and one line for top-level scalars.
 */
export function stressLines(doc: Record<string, unknown>, where = 'stress.json'): BenchLine[] {
  if (Array.isArray(doc.lines)) {
    return doc.lines.map((l, n) => {
      if (!isRecord(l) || typeof l.what !== 'string' || l.ours === undefined)
        throw new Error(`${where}: lines[${n}] needs "what" and "ours"`);
      return {
        what: `stress: ${l.what}`,
        ours: String(l.ours),
        baseline: l.baseline === undefined ? '–' : String(l.baseline),
        ratio: l.ratio === undefined ? '–' : String(l.ratio),
      };
    });
  }
  const lines: BenchLine[] = [];
  const top: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const text = scalarText(value);
    if (text !== null) top.push(`${key} ${text}`);
    else if (isRecord(value)) {
      const fields = Object.entries(value).flatMap(([k, v]) => {
        const t = scalarText(v);
        return t === null ? [] : [`${k} ${t}`];
      });
      if (fields.length)
        lines.push({ what: `stress: ${key}`, ours: fields.join(', '), baseline: '–', ratio: '–' });
    }
  }
  if (top.length) lines.unshift({ what: 'stress run', ours: top.join(', '), baseline: '–', ratio: '–' });
  if (!lines.length) throw new Error(`${where}: no figures found`);
  return lines;
}

/** UI frame times from test-results/perf.json (written by e2e/perf.spec.ts, which `npm run bench:ui` runs). */
export function uiPerfSection(root: string): BenchLine[] {
  const path = join(root, 'test-results', 'perf.json');
  const { doc, age } = readJson(path, 'npm run bench:ui');
  const lines = perfLines(doc, path);
  lines[0] = { ...lines[0], what: `${lines[0].what} [${age}]` };
  return lines;
}

/** Reliability figures from test-results/stress.json (written by the stress run, if it writes one). */
export function stressSection(root: string): BenchLine[] {
  const path = join(root, 'test-results', 'stress.json');
  const { doc, age } = readJson(path, 'npm run test:stress');
  const lines = stressLines(doc, path);
  lines[0] = { ...lines[0], what: `${lines[0].what} [${age}]` };
  return lines;
}
