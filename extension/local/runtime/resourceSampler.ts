// CPU and memory of a job for the metrics endpoint (the "resource usage" chart of a training job).
// A job is a tree of processes (shell, python, dataloader workers), so figures are summed over the
// tree: the root, its descendants, and its process group (see processTree.listProcessTree).
//
// CPU percent is "percent of one core", like top: 250 means two and a half cores busy. It comes
// from the difference of utime+stime between two snapshots, so one snapshot alone says nothing.

import { performance } from 'node:perf_hooks';
import { clockTicksPerSecond, listProcessTree, pageSize, procAvailable, type ProcStat } from './processTree';

/** Resource use of a process tree at one moment. */
export interface TreeUsage {
  /** Percent of one core over the interval since the previous snapshot (may exceed 100). */
  readonly cpuPercent: number;
  /** Sum of resident set sizes. Shared pages are counted once per process, as `ps` does. */
  readonly memoryBytes: number;
  readonly processCount: number;
}

/** One point of the metrics series, named as the REST API names it. */
export interface ResourceSample {
  readonly timestamp_ms: number;
  readonly cpu_percent: number;
  readonly memory_bytes: number;
  /** With nvidia-smi: GPU utilisation and memory in use, percent over all GPUs. */
  readonly gpu_util_percent?: number;
  readonly gpu_memory_percent?: number;
}

/** A raw reading of a tree: CPU ticks per process, for diffing against the next one. */
interface TreeSnapshot {
  readonly atMs: number;
  /** key `pid:startTime` → utime+stime ticks */
  readonly ticks: Map<string, number>;
  readonly rssPages: number;
  readonly count: number;
}

async function snapshot(rootPid: number): Promise<TreeSnapshot | undefined> {
  const tree: ProcStat[] = await listProcessTree(rootPid);
  if (tree.length === 0) return undefined;
  const ticks = new Map<string, number>();
  let rssPages = 0;
  for (const p of tree) {
    ticks.set(`${p.pid}:${p.startTime}`, p.utime + p.stime);
    rssPages += p.rssPages;
  }
  return { atMs: performance.now(), ticks, rssPages, count: tree.length };
}

/**
 * CPU used between two snapshots. Processes in both count their tick difference; processes new in
 * the second count all their ticks (they were born inside the interval). Processes that exited in
 * between are lost (their last ticks are unknowable), so a short-lived worker reads low, never high.
 */
function usageBetween(prev: TreeSnapshot, next: TreeSnapshot): TreeUsage {
  let delta = 0;
  for (const [key, t] of next.ticks) delta += Math.max(0, t - (prev.ticks.get(key) ?? 0));
  const seconds = (next.atMs - prev.atMs) / 1000;
  const cpuPercent = seconds > 0 ? (delta / clockTicksPerSecond() / seconds) * 100 : 0;
  return { cpuPercent, memoryBytes: next.rssPages * pageSize(), processCount: next.count };
}

/**
 * Samples the process tree rooted at `rootPid` twice, `intervalMs` apart (default 250 ms), and
 * returns its usage over that interval. Undefined when the root (and its group) is already gone,
 * or when this system has no /proc (not Linux).
 */
export async function sampleProcessTree(rootPid: number, intervalMs = 250): Promise<TreeUsage | undefined> {
  if (!procAvailable()) return undefined;
  const first = await snapshot(rootPid);
  if (!first) return undefined;
  await new Promise((r) => setTimeout(r, intervalMs));
  const second = await snapshot(rootPid);
  return second ? usageBetween(first, second) : undefined;
}

/** Options for `ResourceSampler`. */
export interface ResourceSamplerOptions {
  /** Time between samples. Default 2000 ms. */
  readonly intervalMs?: number;
  /** Samples kept; older ones are dropped. Default 1800 (an hour at 2 s). */
  readonly capacity?: number;
  /** Stops sampling when aborted (e.g. the job's lifetime signal). */
  readonly signal?: AbortSignal;
  /** GPU usage to add to each sample, when the machine has GPUs (see gpuProbe.ts). */
  readonly gpu?: () => Promise<{ readonly utilPercent: number; readonly memoryPercent: number } | undefined>;
}

/**
 * Samples a job's process tree every `intervalMs` into a bounded ring buffer, for the metrics
 * endpoint. Stops by itself when the tree is gone, on `stop()`, or when `signal` aborts; the
 * samples stay readable afterwards. Its timer is unref'd: sampling never keeps the daemon alive.
 * Does nothing (no samples, `stopped` true) on systems without /proc.
 */
export class ResourceSampler {
  private readonly ring: ResourceSample[] = [];
  private next = 0; // where the next sample goes once the ring is full
  private readonly intervalMs: number;
  private readonly capacity: number;
  private timer: NodeJS.Timeout | undefined;
  private previous: TreeSnapshot | undefined;
  private isStopped = false;
  private readonly onAbort = (): void => this.stop();

  constructor(
    readonly pid: number,
    private readonly opts: ResourceSamplerOptions = {},
  ) {
    this.intervalMs = Math.max(10, opts.intervalMs ?? 2000);
    this.capacity = Math.max(1, Math.floor(opts.capacity ?? 1800));
  }

  /** Takes a first snapshot now and schedules the rest. Calling it twice is harmless. */
  start(): this {
    if (this.timer || this.isStopped) return this;
    if (!procAvailable() || this.opts.signal?.aborted) {
      this.stop();
      return this;
    }
    this.opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.tick();
    return this;
  }

  /** Stops sampling; idempotent. */
  stop(): void {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }

  /** True once stopped (explicitly, by abort, or because the process tree is gone). */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** The kept samples, oldest first. `sinceMs` keeps only those with a later timestamp. */
  samples(sinceMs?: number): ResourceSample[] {
    const ordered = this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return sinceMs === undefined ? ordered : ordered.filter((s) => s.timestamp_ms > sinceMs);
  }

  /** The most recent sample, if any. */
  latest(): ResourceSample | undefined {
    if (this.ring.length === 0) return undefined;
    return this.ring.length < this.capacity ? this.ring[this.ring.length - 1] : this.ring[(this.next + this.capacity - 1) % this.capacity];
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const snap = await snapshot(this.pid).catch(() => undefined);
    if (this.isStopped) return;
    if (!snap) {
      this.stop(); // the job is over
      return;
    }
    if (this.previous) {
      const usage = usageBetween(this.previous, snap);
      const gpu = await this.opts.gpu?.().catch(() => undefined);
      if (this.isStopped) return;
      this.push({
        timestamp_ms: Date.now(),
        cpu_percent: round2(usage.cpuPercent),
        memory_bytes: usage.memoryBytes,
        ...(gpu ? { gpu_util_percent: round2(gpu.utilPercent), gpu_memory_percent: round2(gpu.memoryPercent) } : {}),
      });
    }
    this.previous = snap;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private push(sample: ResourceSample): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(sample);
      return;
    }
    this.ring[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
