import { describe, expect, it } from 'vitest';
import { FrameQueue } from './frameQueue';

interface Frame {
  seq: number;
}
const frame = (seq: number): Frame => ({ seq });

/** Captures frame `seq` the way the presenter does: make room, then push; returns the frames dropped. */
function capture(queue: FrameQueue<Frame>, seq: number): number[] {
  const dropped = queue.makeRoom().map((f) => f.seq);
  queue.push(frame(seq));
  return dropped;
}

describe('FrameQueue (read-back ordering)', () => {
  it('shows the newest ready frame and retires every older one with it', () => {
    const q = new FrameQueue<Frame>(3);
    capture(q, 1);
    capture(q, 2);
    capture(q, 3);
    const { show, retired } = q.takeReady((f) => f.seq <= 2);
    expect(show?.seq).toBe(2);
    expect(retired.map((f) => f.seq)).toEqual([1, 2]);
    expect(q.presentedSeq).toBe(2);
    expect(q.inFlight.map((f) => f.seq)).toEqual([3]);
  });

  it('shows nothing (and keeps every frame) while no copy is done', () => {
    const q = new FrameQueue<Frame>(2);
    capture(q, 1);
    expect(q.takeReady(() => false)).toEqual({ show: null, retired: [] });
    expect(q.inFlight).toHaveLength(1);
    expect(q.presentedSeq).toBe(0);
  });

  it('a newer frame ready before an older one: the older is never shown afterwards', () => {
    const q = new FrameQueue<Frame>(2);
    capture(q, 1);
    capture(q, 2);
    expect(q.takeReady((f) => f.seq === 2).show?.seq).toBe(2);
    expect(q.takeReady(() => true).show).toBeNull(); // frame 1 left the queue with frame 2
    expect(q.presentedSeq).toBe(2);
  });

  it('makes room by dropping the oldest frames, never the newest', () => {
    const q = new FrameQueue<Frame>(2);
    expect(capture(q, 1)).toEqual([]);
    expect(capture(q, 2)).toEqual([]);
    expect(capture(q, 3)).toEqual([1]);
    expect(capture(q, 4)).toEqual([2]);
    expect(q.inFlight.map((f) => f.seq)).toEqual([3, 4]);
  });

  it('refuses frames out of render order, or older than the one shown, and a push without room', () => {
    const q = new FrameQueue<Frame>(1);
    capture(q, 5);
    q.takeReady(() => true);
    expect(() => q.push(frame(5))).toThrow(/render order/);
    q.push(frame(6));
    expect(() => q.push(frame(7))).toThrow(/makeRoom/);
    expect(() => new FrameQueue<Frame>(0)).toThrow(/positive integer/);
  });

  it('random renders, copies and polls: shown frames only move forward, and the last rendered is shown once rendering stops', () => {
    // A deterministic pseudo-random schedule (LCG), many runs.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    for (let run = 0; run < 500; run++) {
      const q = new FrameQueue<Frame>(1 + (run % 3));
      const done = new Set<number>();
      let seq = 0;
      let lastShown = 0;
      const poll = () => {
        const { show, retired } = q.takeReady((f) => done.has(f.seq));
        if (!show) return;
        expect(show.seq).toBeGreaterThan(lastShown);
        expect(retired.at(-1)).toBe(show);
        lastShown = show.seq;
      };
      const steps = 5 + Math.floor(random() * 40);
      for (let step = 0; step < steps; step++) {
        const r = random();
        if (r < 0.45) capture(q, ++seq);
        else if (r < 0.8) {
          // Some copy finishes (not necessarily the oldest one: the rules must not rely on it).
          const waiting = q.inFlight.filter((f) => !done.has(f.seq));
          if (waiting.length) done.add(waiting[Math.floor(random() * waiting.length)].seq);
        } else poll();
      }
      // Rendering stops; copies finish in any order and polling goes on while frames are in flight.
      while (q.inFlight.length) {
        const waiting = q.inFlight.filter((f) => !done.has(f.seq));
        if (waiting.length) done.add(waiting[Math.floor(random() * waiting.length)].seq);
        poll();
      }
      expect(q.presentedSeq).toBe(seq);
      expect(lastShown).toBe(seq);
    }
  });
});
