/**
 * The daemon's background work: what a request starts and answers before it finishes (a notebook
 * stopping, a job's upload, a deletion). Every piece goes through here, so none can reject
 * unhandled: a failure is logged with what was being done, and `onFailure` marks the record it
 * concerned (failed, with the reason), so the user sees why instead of a state stuck in STOPPING.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: (line: string) => void) {}

  /**
   * Runs `work` without waiting for it. `what` names it in the log ("stop notebook nb-1");
   * `onFailure` gets the reason when it fails, and may itself fail without harm.
   */
  run(what: string, work: () => Promise<unknown>, onFailure?: (reason: string) => void): void {
    const task = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          this.log(`${what} failed: ${err instanceof Error ? (err.stack ?? reason) : reason}`);
          try {
            onFailure?.(reason);
          } catch (markErr) {
            this.log(`${what}: could not record the failure: ${markErr instanceof Error ? markErr.message : String(markErr)}`);
          }
        },
      )
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once everything started so far has settled (for an orderly shutdown and for tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
