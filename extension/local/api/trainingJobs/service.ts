// The life of a local training job: Creating → (Pending/Queuing) → Running → Completed | Failed,
// or Terminating → Terminated, or Abnormal when its process was lost. Requests answer at once
// with the current phase; the transitions happen in the background, each persisted before it
// shows. Processes outlive the daemon: close() leaves them running and recover() adopts them.

import { rm } from 'node:fs/promises';
import type { DaemonContext } from '../../context';
import { type AdoptedExit, adoptProcess, type ProcessExit, startManagedProcess } from '../../runtime/processRunner';
import { CapacityQueue } from '../../runtime/capacityQueue';
import { readExitFile } from '../../runtime/exitFile';
import { ResourceSampler } from '../../runtime/resourceSampler';
import { RecordStore } from '../../store/recordStore';
import { newId } from '../ids';
import { findFlavor } from './catalog';
import { finalJobPhases, type JobPhase } from '../../../core/api/resources/trainingJobTypes';
import { jobNotFound, type JobRecord, jobView, type StoredJobEvent, TrainingError, withEvent } from './model';
import type { JobDefinition } from './request';
import { exportLog, type JobDirs, jobCommand, jobDirs, jobEnv, prepareJobDir, serviceLog, uploadOutputs } from './runner';
import { type LogPosition, readScalarsSince, type ScalarReading } from './scalars';
import { SummaryScalars } from './summaryScalars';
import { GpuProbe } from '../../runtime/gpuProbe';
import { stat } from 'node:fs/promises';
import { LogClockWriter, readLogClock } from '../../runtime/logClock';

/** A process we watch: started by us, or adopted after a restart. */
interface Watched {
  readonly pid: number;
  terminate(graceMs?: number): Promise<void>;
}

/** In-memory companions of a job that is (or was, in this daemon's life) running. */
interface Live {
  proc?: Watched;
  sampler?: ResourceSampler;
  clock?: LogClockWriter;
  /** Terminate or delete was asked: do not start, and end as Terminated. */
  stopRequested: boolean;
  /** Settles when the job has reached a final phase (or never ran). */
  done: Promise<void>;
  settle: () => void;
}

/** How long a terminated job gets between SIGTERM and SIGKILL. */
const terminateGraceMs = 3000;

/** Training jobs: the store, the flavor queues and the running processes. */
export class TrainingJobService {
  readonly store: RecordStore<JobRecord>;
  private readonly queue: CapacityQueue;
  private readonly live = new Map<string, Live>();
  private readonly summaries = new Map<string, SummaryScalars>();
  private readonly gpus: GpuProbe;
  private closed = false;

  constructor(private readonly ctx: DaemonContext) {
    this.store = new RecordStore<JobRecord>(`${ctx.paths.state}/training-jobs`);
    this.gpus = new GpuProbe(ctx.log);
    this.queue = new CapacityQueue({
      capacityOf: (flavorId) => findFlavor(flavorId)?.capacity,
      onStartError: (id, _flavor, err) =>
        ctx.background.run(`end job ${id} that could not start`, () =>
          this.finish(id, { code: null, signal: null }, `Could not start: ${message(err)}`, 'Failed'),
        ),
    });
  }

  dirs(id: string): JobDirs {
    return jobDirs(this.ctx.paths.jobs, id);
  }

  /** A visible job (not being deleted); throws ModelArts.2775 otherwise. */
  get(id: string): JobRecord {
    const job = this.store.get(id);
    if (!job || job.deleting) throw jobNotFound(id);
    return job;
  }

  visible(): JobRecord[] {
    return this.store.all().filter((j) => !j.deleting);
  }

  view(job: JobRecord) {
    const state = this.queue.stateOf(job.id);
    return jobView(job, findFlavor(job.spec.flavor_id), state?.state === 'queued' ? state.position : undefined);
  }

  samples(id: string) {
    return this.live.get(id)?.sampler?.samples() ?? [];
  }

  /** The job's MA_SUMMARY_DIR event files (see summaryScalars.ts); one reader cache per job. */
  summaryScalars(id: string): SummaryScalars {
    let summary = this.summaries.get(id);
    if (!summary) this.summaries.set(id, (summary = new SummaryScalars(this.dirs(id).summary)));
    return summary;
  }

  /** The metric lines the job's log gained after `from` (see scalars.ts). */
  async scalarsSince(id: string, from: LogPosition, maxBytes: number): Promise<ScalarReading> {
    const dirs = this.dirs(id);
    // While the job runs, read only as far as the clock has noted, so a point's time never changes
    // between readings; noting the size first makes that everything written until now.
    const clock = this.live.get(id)?.clock;
    await clock?.tick();
    const entries = await readLogClock(dirs.clockFile);
    const noted = clock && !clock.stopped ? (entries.at(-1)?.size ?? 0) : undefined;
    const fallbackMs = await stat(dirs.logFile).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    return readScalarsSince(dirs.logFile, from, { entries, fallbackMs, ...(noted !== undefined ? { upTo: noted } : {}) }, maxBytes);
  }

  /** Stores a validated job (Creating) and admits it to its flavor's queue on the next turn. */
  create(def: JobDefinition): JobRecord {
    const job = this.store.put(
      withEvent(
        {
          ...def,
          id: newId(),
          phase: 'Creating',
          secondary_phase: 'Creating',
          start_time: 0,
          end_time: 0,
          exit_code: null,
          reason: '',
          events: [],
        },
        'Info',
        'Job',
        'Training job created.',
      ),
    );
    setImmediate(() => this.admit(job.id));
    return job;
  }

  /** Updates the description (PUT …/training-jobs/{id}). */
  describe(id: string, description: string): void {
    this.get(id);
    this.store.update(id, (j) => ({ ...j, metadata: { ...j.metadata, description } }));
  }

  /** Terminate action: a queued job ends at once, a running one after its process tree is gone. */
  terminate(id: string): JobRecord {
    const job = this.get(id);
    if (finalJobPhases.includes(job.phase))
      throw new TrainingError(
        409,
        'ModelArts.2796',
        `Training job ${job.metadata.name} has already ended (${job.phase}); it cannot be terminated.`,
        'Only Creating, Pending or Running jobs can be terminated.',
      );
    if (job.phase === 'Terminating') return job;
    const live = this.liveOf(id);
    live.stopRequested = true;
    if (job.phase !== 'Running') {
      this.queue.cancel(id);
      const ended = this.setPhase(
        id,
        'Terminated',
        'Terminated',
        { level: 'Info', source: 'Job', message: 'Training job terminated before it started.' },
        { end_time: Date.now(), reason: 'Terminated by the user before it started.' },
      );
      live.settle();
      return ended ?? job;
    }
    const terminating = this.setPhase(id, 'Terminating', 'Terminating', {
      level: 'Info',
      source: 'Job',
      message: 'Terminating the training job.',
    });
    const proc = live.proc;
    if (proc) this.ctx.background.run(`terminate job ${id}`, () => proc.terminate(terminateGraceMs));
    return terminating ?? job;
  }

  /** Delete: hides the job now; terminates it, removes its files and then its record. */
  remove(id: string): void {
    this.get(id);
    this.store.update(id, (j) => ({ ...j, deleting: true }));
    this.ctx.background.run(`delete job ${id}`, () => this.finishDelete(id));
  }

  /** Brings jobs back after a restart: adopts live processes, re-queues waiting jobs. */
  async recover(): Promise<void> {
    const jobs = [...this.store.all()].sort((a, b) => a.metadata.create_time - b.metadata.create_time);
    // Adopted processes take their slots first, so re-queued jobs wait behind them.
    for (const job of jobs) {
      if (job.deleting) this.ctx.background.run(`delete job ${job.id}`, () => this.finishDelete(job.id));
      else if ((job.phase === 'Running' || job.phase === 'Terminating') && job.process) await this.readopt(job);
      else if (job.phase === 'Terminating')
        this.setPhase(
          job.id,
          'Terminated',
          'Terminated',
          { level: 'Info', source: 'Job', message: 'Training job terminated.' },
          { end_time: Date.now() },
        );
    }
    for (const job of jobs) {
      if (job.deleting || !this.store.has(job.id)) continue;
      const current = this.store.get(job.id) as JobRecord;
      // Running without a process: the daemon stopped while fetching code and inputs; nothing
      // ran yet, so the job simply starts again.
      if (current.phase === 'Creating' || current.phase === 'Pending' || (current.phase === 'Running' && !current.process)) {
        this.store.update(job.id, (j) =>
          withEvent({ ...j, start_time: 0 }, 'Info', 'Job', 'Queued again after a restart of the local platform.'),
        );
        this.admit(job.id);
      }
    }
  }

  /** Stops watching (samplers, timers); jobs keep running for the next daemon to adopt. */
  async close(): Promise<void> {
    this.closed = true;
    for (const live of this.live.values()) {
      live.sampler?.stop();
      await live.clock?.stop();
    }
  }

  countIn(workspaceId: string): number {
    return this.visible().filter((j) => j.metadata.workspace_id === workspaceId).length;
  }

  private liveOf(id: string): Live {
    let live = this.live.get(id);
    if (!live) {
      let settle = (): void => undefined;
      const done = new Promise<void>((resolve) => (settle = resolve));
      live = { stopRequested: false, done, settle };
      this.live.set(id, live);
    }
    return live;
  }

  private admit(id: string): void {
    const job = this.store.get(id);
    if (this.closed || !job || job.deleting || finalJobPhases.includes(job.phase) || this.queue.stateOf(id)) return;
    const state = this.queue.enqueue(id, job.spec.flavor_id, () => this.run(id));
    if (state === 'queued') {
      this.setPhase(id, 'Pending', 'Queuing', {
        level: 'Info',
        source: 'Job',
        message: `Waiting for a free ${job.spec.flavor_id} slot (position ${this.queue.position(id)}).`,
      });
    }
  }

  /** Called by the queue when the job has a slot: fetch, then start the process. */
  private async run(id: string): Promise<void> {
    const live = this.liveOf(id);
    const dirs = this.dirs(id);
    let job = this.setPhase(
      id,
      'Running',
      'Running',
      { level: 'Info', source: 'Job', message: 'Training job is running.' },
      { start_time: Date.now() },
    );
    if (!job) return;
    try {
      await prepareJobDir(job, dirs, this.ctx.storage, () => live.stopRequested || this.closed);
      if (live.stopRequested || this.closed) throw new Stop();
      // The record is read again: a deletion during the upload removes it, and that stops the job too.
      job = this.store.get(id);
      if (!job) throw new Stop();
      const proc = await startManagedProcess({
        command: jobCommand(job, dirs),
        cwd: dirs.code,
        env: jobEnv(job, dirs),
        logFile: dirs.logFile,
        exitFile: dirs.exitFile,
      });
      live.proc = proc;
      this.store.update(id, (j) =>
        withEvent({ ...j, process: { pid: proc.pid, start_time: proc.startTime } }, 'Info', 'Task', '[worker-0] training started.'),
      );
      if (live.stopRequested) void proc.terminate(terminateGraceMs).catch(() => undefined);
      this.watch(id, live, proc.pid, proc.exited);
    } catch (err) {
      if (err instanceof Stop) await this.finish(id, { code: null, signal: null }, 'Terminated before the process started.', 'Terminated');
      else {
        await serviceLog(dirs, `Could not start the job: ${message(err)}`).catch(() => undefined);
        await this.finish(id, { code: null, signal: null }, `Could not start: ${message(err)}`, 'Failed');
      }
    }
  }

  private watch(id: string, live: Live, pid: number, exited: Promise<ProcessExit | AdoptedExit>): void {
    live.sampler = new ResourceSampler(pid, { intervalMs: 1000, capacity: 3600, gpu: () => this.gpus.sample() }).start();
    const dirs = this.dirs(id);
    live.clock = new LogClockWriter(dirs.logFile, dirs.clockFile).start();
    this.ctx.background.run(
      `finish job ${id}`,
      async () => {
        const exit = await exited;
        // An adopted process whose wrapper was killed outright left no status: we cannot say it failed.
        const unknown = 'reason' in exit && exit.code === null && exit.signal === null;
        await this.finish(
          id,
          exit,
          unknown ? `The process ended while the local platform was restarting: ${exit.reason}.` : undefined,
          unknown ? 'Abnormal' : undefined,
        );
      },
      // Outputs or the log could not be handled: the job must still end, with why.
      (reason) => {
        const job = this.store.get(id);
        if (job && !job.deleting && !finalJobPhases.includes(job.phase))
          this.setPhase(
            id,
            'Failed',
            'Failed',
            { level: 'Error', source: 'Job', message: `Training job failed: ${reason}` },
            { end_time: Date.now(), reason: `Finishing the job failed: ${reason}`, process: undefined },
          );
        // The slot goes to the next job in the queue even so.
        this.queue.release(id);
        live.settle();
      },
    );
  }

  private async readopt(job: JobRecord): Promise<void> {
    const proc = job.process as NonNullable<JobRecord['process']>;
    const dirs = this.dirs(job.id);
    const adopted = adoptProcess(proc.pid, proc.start_time, { exitFile: dirs.exitFile });
    const live = this.liveOf(job.id);
    live.stopRequested = job.phase === 'Terminating';
    if (adopted) {
      live.proc = adopted;
      this.queue.enqueue(job.id, job.spec.flavor_id, async () => undefined);
      this.store.update(job.id, (j) =>
        withEvent(j, 'Info', 'Job', `Re-attached to the running process ${proc.pid} after a restart of the local platform.`),
      );
      if (live.stopRequested) void adopted.terminate(terminateGraceMs).catch(() => undefined);
      this.watch(job.id, live, adopted.pid, adopted.exited);
      return;
    }
    // Gone while no daemon watched: the exit file (written by the job's wrapper) says how it ended.
    const exit = await readExitFile(dirs.exitFile);
    if (exit) await this.finish(job.id, exit, `${describeExit(exit)} while the local platform was not running.`);
    else
      await this.finish(
        job.id,
        { code: null, signal: null },
        'The process was lost while the local platform was not running; its exit status is unknown.',
        'Abnormal',
      );
  }

  /**
   * The job's process is over (or never started): upload outputs and the log, then the final
   * phase. `forced` overrides the phase the exit would give.
   */
  private async finish(id: string, exit: ProcessExit, why?: string, forced?: JobPhase): Promise<void> {
    if (this.closed) return; // the next daemon adopts or settles it
    const live = this.liveOf(id);
    live.sampler?.stop();
    await live.clock?.stop();
    const dirs = this.dirs(id);
    const before = this.store.get(id);
    if (before && !before.deleting && !finalJobPhases.includes(before.phase)) {
      const ranProcess = before.process !== undefined;
      if (ranProcess)
        this.store.update(id, (j) =>
          withEvent(j, exit.code === 0 ? 'Info' : 'Warning', 'Task', `[worker-0] Training finished. ${describeExit(exit)}.`),
        );
      const problems = ranProcess || before.start_time ? await uploadOutputs(before, dirs, this.ctx.storage) : [];
      await exportLog(before, dirs, this.ctx.storage).catch((err: unknown) => problems.push(`log export: ${message(err)}`));
      const job = this.store.get(id);
      if (job && !job.deleting) {
        // A stop the user asked for wins over how the process happened to end.
        const phase: JobPhase =
          live.stopRequested || job.phase === 'Terminating' ? 'Terminated' : (forced ?? (exit.code === 0 ? 'Completed' : 'Failed'));
        const reason = [
          why ?? (phase === 'Terminated' ? `Terminated by the user (${describeExit(exit)}).` : describeExit(exit)),
          ...problems.map((p) => `Upload failed: ${p}`),
        ].join(' ');
        const level: StoredJobEvent['level'] = phase === 'Completed' || phase === 'Terminated' ? 'Info' : 'Error';
        const finalPhase: JobPhase = phase === 'Completed' && problems.length ? 'Failed' : phase;
        this.setPhase(
          id,
          finalPhase,
          finalPhase,
          {
            level,
            source: 'Job',
            message: `Training job ${finalPhase === 'Completed' ? 'completed' : finalPhase.toLowerCase()}: ${reason}`,
          },
          { end_time: Date.now(), exit_code: exit.code, reason, process: undefined },
        );
      }
    }
    this.queue.release(id);
    live.settle();
  }

  private async finishDelete(id: string): Promise<void> {
    const job = this.store.get(id);
    if (!job) return;
    const watched = this.live.has(id);
    const live = this.liveOf(id);
    live.stopRequested = true;
    if (job.phase === 'Creating' || job.phase === 'Pending') this.queue.cancel(id);
    if ((job.phase === 'Running' || job.phase === 'Terminating') && watched) {
      await live.proc?.terminate(terminateGraceMs);
      await live.done;
    } else if (job.process && !live.proc) {
      // Recovering a delete that a restart interrupted: end whatever is left of the process.
      await adoptProcess(job.process.pid, job.process.start_time)?.terminate(terminateGraceMs);
    }
    live.sampler?.stop();
    await rm(this.dirs(id).root, { recursive: true, force: true });
    this.store.delete(id);
    this.live.delete(id);
    this.summaries.delete(id);
  }

  private setPhase(
    id: string,
    phase: JobPhase,
    secondary: string,
    event: Omit<StoredJobEvent, 'time'>,
    extra: Partial<JobRecord> = {},
  ): JobRecord | undefined {
    if (!this.store.has(id)) return undefined;
    return this.store.update(id, (j) =>
      withEvent({ ...j, ...extra, phase, secondary_phase: secondary }, event.level, event.source, event.message),
    );
  }
}

class Stop extends Error {}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeExit(exit: ProcessExit): string {
  if (exit.signal) return `Killed by ${exit.signal}`;
  if (exit.code !== null) return `Exit code ${exit.code}`;
  return 'Exit status unknown';
}
