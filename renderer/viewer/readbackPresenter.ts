/**
 * Shows the frames of a WebGL canvas on a 2D canvas through an asynchronous read-back. Used only on software
 * WebGL (SwiftShader, llvmpipe: workstations and virtual desktops without a GPU).
 *
 * Why: there the page compositor is software too, and Chromium copies every changed WebGL frame back from the
 * GPU process during the page's commit while the main thread waits (6–10 ms for a 512² view on the 2-core test
 * machine, half of a 60 Hz frame, so slice scrolling missed frames). Reading each frame into a pixel-pack
 * buffer behind a fence lets the GPU process make that copy while the main thread goes on; the WebGL canvas
 * itself is kept out of the page (nothing to copy at commit) and the 2D canvas shows the frame one animation
 * frame later. With a GPU the WebGL canvas is composited directly and this class is not used.
 */
import { FrameQueue } from './frameQueue';

/** A frame whose pixels are on their way into `buffer`. */
interface PendingFrame {
  /** The view's render sequence number of this frame. */
  seq: number;
  buffer: number;
  fence: WebGLSync;
  width: number;
  height: number;
}

/** Read-backs in flight at most: a newer frame drops the oldest one rather than waiting for it. */
const MAX_IN_FLIGHT = 2;

export class ReadbackPresenter {
  private readonly buffers: WebGLBuffer[] = [];
  /** Bytes allocated in each of `buffers`. */
  private readonly capacity: number[] = [];
  /** Which frame to show when (frameQueue.ts: never an older one after a newer one, always the last one). */
  private readonly queue = new FrameQueue<PendingFrame>(MAX_IN_FLIGHT);
  private image: ImageData | null = null;
  private pollRequest = 0;
  /** Frames captured and frames shown (a frame superseded before its read-back finished is never shown). */
  private captured = 0;
  private shown = 0;

  constructor(
    private readonly gl: WebGL2RenderingContext,
    /** The canvas on screen. WebGL rows run bottom-up, so it is drawn flipped (CSS scaleY(-1)), which costs nothing. */
    readonly display: HTMLCanvasElement,
  ) {
    for (let n = 0; n < MAX_IN_FLIGHT; n++) {
      const buffer = gl.createBuffer();
      if (!buffer) throw new Error('WebGL gave no buffer for the view read-back');
      this.buffers.push(buffer);
      this.capacity.push(0);
    }
    display.style.transform = 'scaleY(-1)';
    this.markState();
  }

  /**
   * Starts reading frame `seq`, just drawn into the default framebuffer (call in the same task as the draw,
   * while the drawing buffer still holds it), and shows it when the copy is done unless a newer frame is
   * shown first. Polls every animation frame until the newest frame captured is on screen.
   */
  capture(width: number, height: number, seq: number): void {
    const { gl } = this;
    this.release(this.queue.makeRoom());
    const busy = new Set(this.queue.inFlight.map((p) => p.buffer));
    const buffer = this.buffers.findIndex((_, n) => !busy.has(n));
    const bytes = width * height * 4;
    const readFramebuffer = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, this.buffers[buffer]);
    if (this.capacity[buffer] < bytes) {
      gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
      this.capacity[buffer] = bytes;
    }
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, readFramebuffer);
    const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    // No fence: the context is lost (vtk draws nothing either); the view comes back with a new one.
    if (!fence) return;
    // Send the commands now, so that the GPU process copies while this thread finishes the frame.
    gl.flush();
    this.queue.push({ seq, buffer, fence, width, height });
    this.captured++;
    this.markState();
    this.schedulePoll();
  }

  dispose(): void {
    if (this.pollRequest) cancelAnimationFrame(this.pollRequest);
    this.pollRequest = 0;
    this.release(this.queue.clear());
    for (const buffer of this.buffers) this.gl.deleteBuffer(buffer);
    this.buffers.length = 0;
  }

  private schedulePoll(): void {
    if (!this.pollRequest) this.pollRequest = requestAnimationFrame(this.poll);
  }

  /**
   * Shows the newest frame whose copy is done (older ones are dropped). Call before drawing a new frame: the
   * read of the buffer then does not queue behind the new frame's commands in the GPU process.
   */
  showReady(): void {
    const { gl } = this;
    const { show, retired } = this.queue.takeReady((frame) => {
      const status = gl.clientWaitSync(frame.fence, 0, 0);
      return status === gl.ALREADY_SIGNALED || status === gl.CONDITION_SATISFIED;
    });
    if (show) this.show(show);
    this.release(retired);
    this.markState();
  }

  /** Shows the newest frame whose copy is done; polls again while any frame is in flight. */
  private readonly poll = (): void => {
    this.pollRequest = 0;
    this.showReady();
    if (this.queue.inFlight.length) this.schedulePoll();
  };

  private show(frame: PendingFrame): void {
    const { gl, display } = this;
    if (display.width !== frame.width || display.height !== frame.height) {
      display.width = frame.width;
      display.height = frame.height;
    }
    if (this.image?.width !== frame.width || this.image.height !== frame.height)
      this.image = new ImageData(frame.width, frame.height);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, this.buffers[frame.buffer]);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, this.image.data, 0, frame.width * frame.height * 4);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const ctx = display.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas context');
    ctx.putImageData(this.image, 0, 0);
    this.shown++;
  }

  /** Frees the fences of frames that left the queue (their buffers are free again). */
  private release(frames: readonly PendingFrame[]): void {
    for (const frame of frames) this.gl.deleteSync(frame.fence);
  }

  /**
   * For tests and diagnostics: frames on their way, frames captured / shown, and the render sequence number
   * of the frame on screen (e2e/viewerSettled.ts waits for it to reach the view's data-rendered-seq).
   */
  private markState(): void {
    this.display.dataset.readbackPending = String(this.queue.inFlight.length);
    this.display.dataset.framesCaptured = String(this.captured);
    this.display.dataset.framesShown = String(this.shown);
    this.display.dataset.presentedSeq = String(this.queue.presentedSeq);
  }
}
