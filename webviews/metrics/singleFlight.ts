/**
 * At most one request in flight; every ask made while one is out collapses into a single
 * follow-up sent when it settles. This is what keeps a live job (a state every second) or a
 * dragged slider (an input event every few ms) from piling requests up behind a slow answer:
 * the chart gets the newest data as fast as the host can answer, never a backlog of stale ones.
 */
export class SingleFlight {
  private busy = false;
  private again = false;

  get inFlight(): boolean {
    return this.busy;
  }

  /** True when the caller may send now; false when one is out (the ask is remembered). */
  start(): boolean {
    if (this.busy) {
      this.again = true;
      return false;
    }
    this.busy = true;
    return true;
  }

  /** The request settled; true when asks came in meanwhile and one follow-up is due. */
  finish(): boolean {
    this.busy = false;
    const again = this.again;
    this.again = false;
    return again;
  }

  /** Forgets a remembered ask (the chart was unmounted, nothing needs sending). */
  cancelFollowUp(): void {
    this.again = false;
  }
}
