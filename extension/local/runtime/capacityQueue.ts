// Admission control for local jobs. Each flavor (e.g. "modelarts.local.cpu.2u") has a number of
// slots; a job takes its slots while it runs and gives them back with release(). Jobs that do not
// fit wait in a strict FIFO per flavor — the daemon reports them as Pending/Queuing with their
// position — and the head of the queue starts as soon as enough slots are free.
//
// Strict FIFO on purpose: a small job never overtakes a big one waiting at the head, so a job
// needing all slots is not starved by a stream of small ones (what users expect from a queue).
// Pure logic, no processes, no timers: the daemon supplies `start` and calls `release`.

/** Where a job is: holding slots, or waiting at a 1-based position in its flavor's queue. */
export type QueueEntryState =
  | { readonly state: 'running'; readonly flavorId: string }
  | { readonly state: 'queued'; readonly flavorId: string; readonly position: number };

/** Options for `CapacityQueue`. */
export interface CapacityQueueOptions {
  /** Slots of a flavor; undefined for an unknown flavor (enqueue then throws). Asked on every dispatch, so capacity may change (call `dispatchAll()` after). */
  readonly capacityOf: (flavorId: string) => number | undefined;
  /** `start` threw or rejected: the job's slots are already freed. The daemon marks the job Failed. */
  readonly onStartError?: (jobId: string, flavorId: string, error: unknown) => void;
}

interface Entry {
  readonly jobId: string;
  readonly flavorId: string;
  readonly slots: number;
  readonly start: () => Promise<void>;
}

/** FIFO queues per flavor with slot capacities; see the file comment. */
export class CapacityQueue {
  private readonly waiting = new Map<string, Entry[]>(); // flavorId → FIFO
  private readonly runningJobs = new Map<string, Entry>(); // jobId → entry holding slots

  constructor(private readonly opts: CapacityQueueOptions) {}

  /**
   * Adds a job. If its flavor has room and nobody is waiting ahead, `start` is called at once
   * (synchronously, slots already taken) and 'running' is returned; otherwise 'queued' and `start`
   * is called later, when the job reaches the head and its slots are free. Throws for a duplicate
   * job id, an unknown flavor, or a job needing more slots than the flavor has.
   */
  enqueue(jobId: string, flavorId: string, start: () => Promise<void>, slots = 1): 'running' | 'queued' {
    if (this.stateOf(jobId)) throw new Error(`Job ${jobId} is already queued or running.`);
    const capacity = this.opts.capacityOf(flavorId);
    if (capacity === undefined) throw new Error(`Unknown flavor ${flavorId}.`);
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`A job needs a positive whole number of slots, not ${slots}.`);
    if (slots > capacity) throw new Error(`Job ${jobId} needs ${slots} slots but flavor ${flavorId} has only ${capacity}.`);
    const queue = this.waiting.get(flavorId) ?? [];
    this.waiting.set(flavorId, queue);
    queue.push({ jobId, flavorId, slots, start });
    this.dispatch(flavorId);
    return this.runningJobs.has(jobId) ? 'running' : 'queued';
  }

  /**
   * The job finished (or was stopped): frees its slots and starts whoever fits next. For a job
   * still queued this is the same as `cancel`. False when the job is unknown (idempotent).
   */
  release(jobId: string): boolean {
    const entry = this.runningJobs.get(jobId);
    if (!entry) return this.cancel(jobId);
    this.runningJobs.delete(jobId);
    this.dispatch(entry.flavorId);
    return true;
  }

  /** Removes a queued job without starting it; false if it is not queued (running jobs need `release`). */
  cancel(jobId: string): boolean {
    for (const [flavorId, queue] of this.waiting) {
      const i = queue.findIndex((e) => e.jobId === jobId);
      if (i < 0) continue;
      queue.splice(i, 1);
      // The cancelled job may have been the head that did not fit; smaller ones behind may fit now.
      this.dispatch(flavorId);
      return true;
    }
    return false;
  }

  /** 0 for a running job, 1-based queue position for a waiting one, undefined if unknown. */
  position(jobId: string): number | undefined {
    const s = this.stateOf(jobId);
    return s === undefined ? undefined : s.state === 'running' ? 0 : s.position;
  }

  /** Where the job is, or undefined if the queue does not know it. */
  stateOf(jobId: string): QueueEntryState | undefined {
    const running = this.runningJobs.get(jobId);
    if (running) return { state: 'running', flavorId: running.flavorId };
    for (const [flavorId, queue] of this.waiting) {
      const i = queue.findIndex((e) => e.jobId === jobId);
      if (i >= 0) return { state: 'queued', flavorId, position: i + 1 };
    }
    return undefined;
  }

  /** Job ids waiting for a flavor, head first. */
  queued(flavorId: string): string[] {
    return (this.waiting.get(flavorId) ?? []).map((e) => e.jobId);
  }

  /** Job ids holding slots of a flavor. */
  running(flavorId: string): string[] {
    return [...this.runningJobs.values()].filter((e) => e.flavorId === flavorId).map((e) => e.jobId);
  }

  /** Slots of a flavor in use. */
  usedSlots(flavorId: string): number {
    let used = 0;
    for (const e of this.runningJobs.values()) if (e.flavorId === flavorId) used += e.slots;
    return used;
  }

  /** Re-checks every flavor, e.g. after `capacityOf` started returning more slots. */
  dispatchAll(): void {
    for (const flavorId of [...this.waiting.keys()]) this.dispatch(flavorId);
  }

  private dispatch(flavorId: string): void {
    const queue = this.waiting.get(flavorId);
    // Re-read state every iteration: a `start` may synchronously release or enqueue.
    while (queue && queue.length > 0) {
      const head = queue[0] as Entry;
      const capacity = this.opts.capacityOf(flavorId) ?? 0;
      if (this.usedSlots(flavorId) + head.slots > capacity) break;
      queue.shift();
      this.runningJobs.set(head.jobId, head); // slots are taken before start runs
      this.launch(head);
    }
    if (queue && queue.length === 0) this.waiting.delete(flavorId);
  }

  private launch(entry: Entry): void {
    let started: Promise<void>;
    try {
      started = entry.start();
    } catch (err) {
      started = Promise.reject(err);
    }
    started.catch((err: unknown) => {
      // Only free the slots if they are still this job's (it may have been released meanwhile).
      if (this.runningJobs.get(entry.jobId) === entry) this.release(entry.jobId);
      this.opts.onStartError?.(entry.jobId, entry.flavorId, err);
    });
  }
}
