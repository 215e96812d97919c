/**
 * Leaves nothing behind after bench/trees.ts, however it ends. Its normal path stops what it
 * started one by one; this file is the safety net: `reap()` ends everything of one bench run
 * synchronously (daemon, job processes, code-server and all it forked, temp dirs), and a small
 * detached reaper process (this file run as a script) calls it once the bench's process is gone —
 * also when it was SIGKILLed, e.g. by tsx, which kills a child that does not acknowledge a
 * relayed Ctrl-C within a few tens of ms.
 *
 * Temp files: bench/trees.ts points TMPDIR at its own temp dir, so code-server's user-data dir,
 * Chromium's profile and whatever else they make go with it.
 *
 * Processes are only ever ended by pid: the daemon's from its discovery file, job process groups
 * from its state files (pid + start time), and code-server's processes by an environment marker
 * only this run's code-servers carry (MODELARTS_LOCAL_HOME=<this run's temp dir>).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readDiscovery } from '../extension/local/dataDir';
import { readProcStatSync } from '../extension/local/runtime/processTree';
import { killJobProcesses } from './treesSeed';

/** The environment entry every process of this run's code-servers carries. */
export const markerOf = (dataDir: string) => `MODELARTS_LOCAL_HOME=${dataDir}`;

/** SIGKILLs every process whose environment holds `marker`: code-server and all it forked. */
export function killMarked(marker: string): void {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(marker)) process.kill(Number(name), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

/** Ends everything of the run with temp dir `work` and data dir `dataDir`; synchronous. */
export function reap(work: string, dataDir: string): void {
  const daemon = readDiscovery(dataDir)?.pid;
  if (daemon) {
    try {
      process.kill(daemon, 'SIGKILL'); // its state is about to be deleted with the temp dir
    } catch {
      /* already gone */
    }
  }
  killJobProcesses(dataDir); // they outlive the daemon by design
  killMarked(markerOf(dataDir));
  rmSync(work, { recursive: true, force: true });
}

/** Starts the detached reaper that calls `reap` when this process has gone. */
export function startReaper(work: string, dataDir: string): void {
  const me = `${process.pid}:${readProcStatSync(process.pid)?.startTime ?? ''}`;
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, me, work, dataDir], {
    detached: true,
    stdio: 'ignore',
    cwd: path.dirname(__dirname),
  });
  child.unref();
}

if (require.main === module) {
  const [parent, work, dataDir] = process.argv.slice(2);
  if (!parent || !work || !dataDir) process.exit(2);
  // pid and start time: a reused pid is not the bench.
  const [pid, startTime] = parent.split(':');
  const timer = setInterval(() => {
    if (readProcStatSync(Number(pid))?.startTime === startTime) return;
    clearInterval(timer);
    reap(work, dataDir);
  }, 500);
}
