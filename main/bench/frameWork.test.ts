/** Frame work from a trace: busy time of the marking thread between marks, split into phases. */
import { describe, expect, it } from 'vitest';
import { frameWorkFromTrace, STEP_MARK, type TraceEvent } from './frameWork';

const MAIN = { pid: 1, tid: 1 };
const mark = (ts: number, where = MAIN): TraceEvent => ({
  name: STEP_MARK,
  cat: 'blink.user_timing',
  ph: 'R',
  ts,
  ...where,
});
const task = (ts: number, dur: number, name = 'ThreadControllerImpl::RunTask', where = MAIN): TraceEvent => ({
  name,
  cat: 'toplevel',
  ph: 'X',
  ts,
  dur,
  ...where,
});

describe('frameWorkFromTrace', () => {
  it('sums the main thread’s tasks between consecutive marks, clipped at the marks', () => {
    const events: TraceEvent[] = [
      mark(0),
      task(100, 4000), // 4 ms in frame 0
      task(5000, 2000, 'FireAnimationFrame'), // a phase, not a task: no work on its own
      task(15000, 3000), // 1.667 ms in frame 0, 1.333 in frame 1
      mark(16667),
      task(20000, 25000), // 13.333 ms in frame 1, 11.667 ms in frame 2
      mark(33333),
      mark(50000),
      task(1000, 9000, 'ThreadControllerImpl::RunTask', { pid: 2, tid: 7 }), // another thread: ignored
    ];
    const frames = frameWorkFromTrace(events);
    expect(frames).toHaveLength(3);
    expect(frames[0].work).toBeCloseTo(4 + 1.667, 3);
    expect(frames[1].work).toBeCloseTo(1.333 + 13.333, 3);
    expect(frames[2].work).toBeCloseTo(11.667, 3);
  });

  it('splits the work into phases, counting nested events once', () => {
    const events: TraceEvent[] = [
      mark(0),
      task(0, 10000),
      task(100, 3000, 'FireAnimationFrame'),
      task(200, 2000, 'EventDispatch'), // nested in the rAF callback
      task(3200, 500, 'UpdateLayoutTree'),
      task(3700, 800, 'Layout'),
      task(4600, 1000, 'Paint'),
      task(5600, 4000, 'Commit'),
      task(300, 1000, 'MinorGC'),
      mark(16000),
    ];
    const [frame] = frameWorkFromTrace(events);
    expect(frame.work).toBeCloseTo(10, 6);
    expect(frame.phases.script).toBeCloseTo(3, 6);
    expect(frame.phases.style_layout).toBeCloseTo(1.3, 6);
    expect(frame.phases.paint).toBeCloseTo(1, 6);
    expect(frame.phases.commit).toBeCloseTo(4, 6);
    expect(frame.phases.gc).toBeCloseTo(1, 6);
    expect(frame.phases.other).toBeCloseTo(0.7, 6);
  });

  it('needs the marks', () => {
    expect(() => frameWorkFromTrace([mark(0), task(0, 10)])).toThrow(/1 "radscore-step" marks/);
  });
});
