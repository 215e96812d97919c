/**
 * Live updates redraw charts one at a time, one per animation frame. A live job's tick makes
 * every mounted chart's answer arrive within a few milliseconds; drawn as they come, their
 * canvases (and the browser's paint of them) would all land in one frame. Queued here, each
 * frame draws at most a share of them, and a chart that gets newer data before its turn draws
 * only the newest. A first draw or a rebuild does not come through here: it is drawn at once.
 */
export class FramePacer {
  private readonly pending = new Map<object, () => void>();
  private scheduled = false;
  /** Frames left of the current spread: a queue that started empty finishes within spreadFrames. */
  private framesLeft = 0;

  /** Frames a queue of charts is spread over at most: at 10 Hz a tick has six 60 Hz frames. */
  static readonly spreadFrames = 5;

  /** `nextFrame` is requestAnimationFrame in the page (a parameter, so tests step frames by hand). */
  constructor(private readonly nextFrame: (callback: () => void) => void) {}

  /** Runs `draw` in a coming frame; a later call for the same `owner` replaces it. */
  queue(owner: object, draw: () => void): void {
    if (this.pending.size === 0) this.framesLeft = FramePacer.spreadFrames;
    this.pending.set(owner, draw);
    if (this.scheduled) return;
    this.scheduled = true;
    this.nextFrame(() => this.frame());
  }

  /** The owner went (its chart was destroyed): its queued draw must not run. */
  cancel(owner: object): void {
    this.pending.delete(owner);
  }

  private frame(): void {
    this.scheduled = false;
    // Enough per frame that the queue still finishes within the spread, never fewer than one.
    let budget = Math.ceil(this.pending.size / Math.max(1, this.framesLeft--));
    for (const [owner, draw] of this.pending) {
      if (budget-- <= 0) break;
      this.pending.delete(owner);
      draw();
    }
    if (this.pending.size > 0) {
      this.scheduled = true;
      this.nextFrame(() => this.frame());
    }
  }
}
