/**
 * Whether the window may close now, as plain state (tested without an Electron binary; main.ts applies it):
 * a close asks the page first ("may close?" through the preload, which asks the user about unsaved
 * contours), and the window closes once the page says yes. While a question is open, further close attempts
 * wait for it. A page that is gone (crashed, or never loaded) cannot answer and does not hold the window.
 */
export type CloseStep = 'close' | 'ask' | 'wait';

export class CloseGuard {
  private approved = false;
  private asking = false;

  /** On the window's close event: 'close' lets it close; 'ask' and 'wait' prevent it ('ask': send the query). */
  onClose(pageCanAnswer: boolean): CloseStep {
    if (this.approved || !pageCanAnswer) return 'close';
    if (this.asking) return 'wait';
    this.asking = true;
    return 'ask';
  }

  /** The page's answer; true when the window should be closed now. */
  onAnswer(mayClose: boolean): boolean {
    if (!this.asking) return false;
    this.asking = false;
    this.approved = mayClose;
    return mayClose;
  }

  /** The page went away (reload, crash) with a question open: no answer will come. */
  onPageGone(): void {
    this.asking = false;
  }
}
