/**
 * Fills a local daemon with many training jobs for bench/trees.ts, through the signed REST API
 * (the toolkit's own client and signer, as a person's CLI would), and cleans up what they started.
 *
 * Two shapes, because 10,000 live processes would swamp the machine (local flavors run 2 + 1 jobs
 * at once, the rest queue FIFO per flavor; see extension/local/api/trainingJobs/service.ts):
 *   - 'finished': every job's command exits at once (`exit 0`; every 10th `exit 1`), so they run
 *     through the 3 slots in a few minutes and end Completed or Failed — a long job history;
 *   - 'queued': one `sleep` per slot takes every slot of both flavors, and every other job waits
 *     behind them, Pending (Queuing) — nothing runs but the blockers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createPlatformClient, localPlatformConfig, type LocalDiscovery } from '../extension/core/api/client';
import { ModelArtsApi } from '../extension/core/api/resources/modelArtsApi';
import type { JobPhase } from '../extension/core/api/resources/trainingJobTypes';
import { dataPaths } from '../extension/local/dataDir';
import { isDefunct, readProcStatSync } from '../extension/local/runtime/processTree';

export type JobState = 'finished' | 'queued';

export interface SeedResult {
  /** Wall time of the create requests. */
  readonly createMs: number;
  /** Wall time until every job had ended ('finished'); 0 for 'queued'. */
  readonly settleMs: number;
  /** Phase → number of jobs, as the daemon reports it once seeding is over. */
  readonly phases: Readonly<Record<string, number>>;
  /** The view's own query from outside VS Code (see `firstPageMs`), one figure per try. */
  readonly firstPageMs: readonly number[];
  /**
   * Every page of the same search, newest first: what the Stop/Delete/Show Log pickers
   * (extension/host/commands/pick.ts `pickJobs`) walk when fewer than 200 jobs pass their
   * client-side filter, e.g. Stop with no job running.
   */
  readonly fullScan: { readonly ms: number; readonly jobs: number };
}

const livePhases: JobPhase[] = ['Creating', 'Pending', 'Running', 'Terminating'];
/** How long the blockers of 'queued' could run if nothing stopped them (cleanup terminates them). */
const blockerSeconds = 3 * 3600;

export const jobName = (i: number) => `bench-job-${String(i).padStart(6, '0')}`;

/** Creates `count` jobs with `concurrency` requests in flight; `progress` is called now and then. */
export async function seedJobs(
  discovery: LocalDiscovery,
  count: number,
  state: JobState,
  concurrency: number,
  progress: (line: string) => void,
): Promise<SeedResult> {
  const client = createPlatformClient(localPlatformConfig(discovery));
  const api = new ModelArtsApi(client);
  try {
    const engine = (await api.trainingJobs.engines())[0]?.engine_id;
    if (!engine) throw new Error('the daemon lists no training engine');
    const flavors = await api.trainingJobs.flavors();
    const create = (name: string, command: string, flavor: string) =>
      api.trainingJobs.create({
        kind: 'job',
        metadata: { name },
        algorithm: { command, engine: { engine_id: engine } },
        spec: { resource: { flavor_id: flavor, node_count: 1 } },
      } as never);

    const t0 = performance.now();
    let next = 0;
    if (state === 'queued') {
      // Fill every slot first (2 on the 2-vCPU flavor, 1 on the 8-vCPU one): the rest can only queue.
      for (const f of flavors)
        for (let s = 0; s < (f.capacity ?? 1) && next < count; s++)
          await create(jobName(next++), `exec sleep ${blockerSeconds}`, f.flavor_id);
    }
    const small = flavors[0]?.flavor_id ?? 'modelarts.vm.cpu.2u';
    let done = next;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        // finished: alternate flavors so all three slots work through the backlog.
        const flavor = state === 'finished' ? (flavors[i % flavors.length]?.flavor_id ?? small) : small;
        await create(jobName(i), state === 'queued' ? 'exit 0' : i % 10 === 9 ? 'exit 1' : 'exit 0', flavor);
        if (++done % 1000 === 0) progress(`created ${done}/${count} jobs (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const createMs = performance.now() - t0;

    let settleMs = 0;
    if (state === 'finished') {
      const t1 = performance.now();
      let lastReport = 0;
      for (;;) {
        const live = await countMatching(api, livePhases);
        if (live === 0) break;
        if (performance.now() - lastReport > 10_000) {
          progress(`waiting for jobs to end: ${live} still Creating/Pending/Running (${((performance.now() - t1) / 1000).toFixed(0)} s)`);
          lastReport = performance.now();
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      settleMs = performance.now() - t1;
    }
    const phases: Record<string, number> = {};
    for (const phase of ['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'Abnormal', 'Creating', 'Terminating'] as JobPhase[]) {
      const n = await countMatching(api, [phase]);
      if (n) phases[phase] = n;
    }
    const firstPage: number[] = [];
    for (let i = 0; i < 5; i++) firstPage.push(await firstPageMs(api));
    const t2 = performance.now();
    let scanned = 0;
    for await (const _job of api.trainingJobs.search({ workspaceId: '0', sortBy: 'create_time', order: 'desc' })) scanned++;
    return { createMs, settleMs, phases, firstPageMs: firstPage, fullScan: { ms: performance.now() - t2, jobs: scanned } };
  } finally {
    client.close();
  }
}

/**
 * The Training Jobs view's first page as its spec asks for it (extension/host/views/specs.ts:
 * newest first, 50 per request, iterating until a 51st job shows there is more), timed from
 * outside VS Code: what the daemon and the client take, without the editor.
 */
async function firstPageMs(api: ModelArtsApi): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const _job of api.trainingJobs.search({ workspaceId: '0', sortBy: 'create_time', order: 'desc', pageSize: 50 }))
    if (++n > 50) break;
  return performance.now() - t0;
}

async function countMatching(api: ModelArtsApi, phases: JobPhase[]): Promise<number> {
  for await (const page of api.trainingJobs.searchPages({ phases, pageSize: 1 })) return page.count ?? 0;
  return 0;
}

/**
 * Job processes the daemon recorded as started and that are still alive: read from its state
 * files, so it works with the daemon gone. Each is a process-group leader (setsid), identified by
 * pid and /proc start time, so a reused pid is never taken for it.
 */
export function liveJobProcesses(dataDir: string): number[] {
  const dir = path.join(dataPaths(dataDir).state, 'training-jobs');
  const pids: number[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return pids;
  }
  for (const name of names) {
    try {
      const job = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { process?: { pid: number; start_time: string } };
      if (!job.process) continue;
      const stat = readProcStatSync(job.process.pid);
      if (stat && !isDefunct(stat) && stat.startTime === job.process.start_time) pids.push(job.process.pid);
    } catch {
      /* no such process, or a record being rewritten */
    }
  }
  return pids;
}

/** SIGKILLs the process groups of `liveJobProcesses`; returns how many there were. */
export function killJobProcesses(dataDir: string): number {
  const pids = liveJobProcesses(dataDir);
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return pids.length;
}
