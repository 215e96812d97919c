// When each part of a job's log was written. A job's stdout goes straight into its log file (the
// daemon never sees the bytes), and `MA_METRIC` lines carry no time of their own, yet the metrics
// panel charts them against wall time. So while a job runs, the daemon notes the log's size every
// half second in `log.clock` ("<size> <epoch ms>" lines, append-only): a byte at offset N was
// written at the time of the first entry whose size passes N — accurate to the interval, and
// durable, so a chart drawn after a restart or after the job ended shows the same times.

import { appendFile, readFile, stat } from 'node:fs/promises';

export interface ClockEntry {
  readonly size: number;
  readonly atMs: number;
}

/** Notes the log's growth while the job runs. */
export class LogClockWriter {
  private timer: NodeJS.Timeout | undefined;
  private lastSize = 0;
  private isStopped = false;

  constructor(
    private readonly logFile: string,
    private readonly clockFile: string,
    private readonly intervalMs = 500,
  ) {}

  start(): this {
    this.schedule();
    return this;
  }

  /** Notes the final size, then stops. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    clearTimeout(this.timer);
    await this.tick();
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  private schedule(): void {
    if (this.isStopped) return;
    this.timer = setTimeout(() => {
      // A clock that cannot be written only costs precise times; the job goes on.
      this.tick().then(
        () => this.schedule(),
        () => this.schedule(),
      );
    }, this.intervalMs);
    this.timer.unref(); // watching a job must not keep the daemon alive
  }

  /** Notes the log's size now (before a reading, so every line read has its time). */
  async tick(): Promise<void> {
    const size = await stat(this.logFile).then(
      (s) => s.size,
      () => 0,
    );
    if (size <= this.lastSize) return;
    this.lastSize = size;
    await appendFile(this.clockFile, `${size} ${Date.now()}\n`, { mode: 0o600 });
  }
}

/** Reads a clock file: entries in order of size (a malformed or partial line is ignored). */
export async function readLogClock(clockFile: string): Promise<ClockEntry[]> {
  const text = await readFile(clockFile, 'utf8').catch(() => '');
  const entries: ClockEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (!m) continue;
    const entry = { size: Number(m[1]), atMs: Number(m[2]) };
    if (entries.length === 0 || entry.size > (entries[entries.length - 1] as ClockEntry).size) entries.push(entry);
  }
  return entries;
}
