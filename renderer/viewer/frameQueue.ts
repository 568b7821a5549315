/**
 * The ordering rules of the asynchronous read-back (readbackPresenter.ts), kept apart from WebGL so that they
 * can be tested. Frames enter in render order, each with its render sequence number; a frame is shown only
 * once its copy is done, and showing it retires it and every older frame, so that:
 * - an older frame is never shown after a newer one;
 * - the newest frame is never dropped: only the oldest ones make room for a new capture, so once rendering
 *   stops, polling until the queue is empty ends with the last rendered frame on screen.
 */
export interface SequencedFrame {
  /** Render sequence number (increasing). */
  readonly seq: number;
}

export class FrameQueue<F extends SequencedFrame> {
  private readonly frames: F[] = [];
  private presented = 0;

  constructor(private readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new Error(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  }

  /** Frames whose copy is on its way, oldest first. */
  get inFlight(): readonly F[] {
    return this.frames;
  }

  /** Sequence number of the frame on screen (0 before the first). */
  get presentedSeq(): number {
    return this.presented;
  }

  /** Drops the oldest frames so that one more fits; returns them (to release their resources). */
  makeRoom(): F[] {
    return this.frames.splice(0, Math.max(0, this.frames.length - this.maxInFlight + 1));
  }

  /** Adds a frame just captured (after makeRoom). */
  push(frame: F): void {
    const newest = this.frames.at(-1)?.seq ?? this.presented;
    if (frame.seq <= newest)
      throw new Error(`frame ${frame.seq} captured after frame ${newest}: frames enter in render order`);
    if (this.frames.length >= this.maxInFlight) throw new Error('no room for another frame: call makeRoom');
    this.frames.push(frame);
  }

  /**
   * The frame to show now: the newest whose copy is done (`isReady`). It and all older frames leave the queue;
   * `retired` lists them all (the shown one included) for their resources to be released after showing.
   * `show` is null when no frame is ready (nothing leaves the queue).
   */
  takeReady(isReady: (frame: F) => boolean): { show: F | null; retired: F[] } {
    for (let n = this.frames.length - 1; n >= 0; n--) {
      if (!isReady(this.frames[n])) continue;
      const show = this.frames[n];
      this.presented = show.seq;
      return { show, retired: this.frames.splice(0, n + 1) };
    }
    return { show: null, retired: [] };
  }

  /** Empties the queue (dispose); returns the frames for release. */
  clear(): F[] {
    return this.frames.splice(0);
  }
}
