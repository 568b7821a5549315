/**
 * The whole main-thread work of each animation frame, from a Chromium performance trace (Playwright's
 * browser.startTracing): the page marks each step with performance.mark(STEP_MARK) at the start of its
 * requestAnimationFrame callback, and a frame is the span from one mark to the next. Its work is the time
 * the renderer's main thread spent in top-level tasks within that span (input handlers, rAF callbacks,
 * React's scheduler tasks, style, layout, paint, and the compositor commit the thread waits in), so nothing
 * the step caused escapes the figure. The breakdown says where it went.
 */

/** The user-timing mark the perf spec sets at each step. */
export const STEP_MARK = 'radscore-step';

/** Trace categories the frame work needs (top-level tasks, timeline phases, user timing). */
export const FRAME_WORK_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
];

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  /** µs */
  ts?: number;
  /** µs */
  dur?: number;
  pid: number;
  tid: number;
}

/** Per-frame phases (ms). `script` is the outermost JavaScript (handlers, rAF callbacks, tasks, microtasks). */
export interface FramePhases {
  script: number;
  style_layout: number;
  paint: number;
  /** The main thread blocked while the compositor takes the frame (on software WebGL: canvas read-back). */
  commit: number;
  /** Garbage collection (also counted in script when it runs inside JavaScript). */
  gc: number;
  /** Task time outside the phases above. */
  other: number;
}

export interface FrameWork {
  /** Main-thread busy time of the frame, ms. */
  work: number;
  phases: FramePhases;
}

const SCRIPT = new Set([
  'EventDispatch',
  'FireAnimationFrame',
  'FunctionCall',
  'TimerFire',
  'RunMicrotasks',
  'FireIdleCallback',
  'EvaluateScript',
  'V8.Execute',
]);
const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'Layout', 'RecalculateStyles']);
const PAINT = new Set(['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'UpdateLayerTree', 'CompositeLayers']);
const COMMIT = new Set(['Commit']);
const GC = new Set(['MinorGC', 'MajorGC']);
const TOP_LEVEL = new Set(['ThreadControllerImpl::RunTask']);

/** Total length (µs) of the union of intervals clipped to [lo, hi), outermost only (nested ones add nothing). */
function clippedUnion(intervals: readonly [number, number][], lo: number, hi: number): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of intervals) {
    const s = Math.max(a, lo, end);
    const e = Math.min(b, hi);
    if (e > s) total += e - s;
    end = Math.max(end, Math.min(b, hi));
  }
  return total;
}

/**
 * Frame work per step: one entry per span between consecutive STEP_MARKs (so n marks give n − 1 frames).
 * The main thread is the one that recorded the marks. Throws when the trace holds fewer than two marks.
 */
export function frameWorkFromTrace(events: readonly TraceEvent[], mark = STEP_MARK): FrameWork[] {
  const marks = events.filter(
    (e) => e.name === mark && (e.cat ?? '').includes('blink.user_timing') && e.ts !== undefined,
  );
  if (marks.length < 2)
    throw new Error(
      `the trace holds ${marks.length} "${mark}" marks (need at least 2: was blink.user_timing recorded?)`,
    );
  const { pid, tid } = marks[0];
  const stamps = marks
    .filter((e) => e.pid === pid && e.tid === tid)
    .map((e) => e.ts as number)
    .sort((a, b) => a - b);
  const spans = new Map<string, [number, number][]>();
  const add = (key: string, e: TraceEvent) => {
    let list = spans.get(key);
    if (!list) spans.set(key, (list = []));
    list.push([e.ts as number, (e.ts as number) + (e.dur as number)]);
  };
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid || e.ph !== 'X' || e.ts === undefined || !(e.dur! > 0)) continue;
    if (TOP_LEVEL.has(e.name)) add('task', e);
    if (SCRIPT.has(e.name)) add('script', e);
    else if (STYLE_LAYOUT.has(e.name)) add('style_layout', e);
    else if (PAINT.has(e.name)) add('paint', e);
    else if (COMMIT.has(e.name)) add('commit', e);
    if (GC.has(e.name)) add('gc', e);
  }
  for (const list of spans.values()) list.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const frames: FrameWork[] = [];
  const ms = (key: string, lo: number, hi: number) => clippedUnion(spans.get(key) ?? [], lo, hi) / 1000;
  for (let n = 0; n + 1 < stamps.length; n++) {
    const [lo, hi] = [stamps[n], stamps[n + 1]];
    const work = ms('task', lo, hi);
    const phases: FramePhases = {
      script: ms('script', lo, hi),
      style_layout: ms('style_layout', lo, hi),
      paint: ms('paint', lo, hi),
      commit: ms('commit', lo, hi),
      gc: ms('gc', lo, hi),
      other: 0,
    };
    phases.other = Math.max(0, work - phases.script - phases.style_layout - phases.paint - phases.commit);
    frames.push({ work, phases });
  }
  return frames;
}
