/**
 * Caps SFTP requests in flight across every file of one sync, so many files at once (good for
 * small files and high latency) cannot multiply into unbounded memory when they are all large:
 * each request holds one chunk (~32 KiB) until the server answers. First come, first served.
 */
export class RequestBudget {
  private available: number;
  private readonly waiting: { n: number; resolve: () => void }[] = [];

  constructor(readonly total: number) {
    this.available = total;
  }

  /** Resolves once `n` (at most `total`) requests may be sent. */
  acquire(n: number): Promise<void> {
    const want = Math.min(n, this.total);
    if (this.waiting.length === 0 && this.available >= want) {
      this.available -= want;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ n: want, resolve }));
  }

  release(n: number): void {
    this.available += Math.min(n, this.total);
    while (this.waiting.length > 0 && this.available >= (this.waiting[0]?.n ?? Infinity)) {
      const next = this.waiting.shift() as { n: number; resolve: () => void };
      this.available -= next.n;
      next.resolve();
    }
  }
}
