import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process a notebook's SSH server starts, so close() can end all of them.
 *
 * Each child is spawned `detached`, i.e. as the leader of a new session and process group, so a
 * signal to `-pid` reaches the whole pipeline it runs. That is not enough on its own: a pty
 * session runs the shell under `script`, which puts the shell in yet another session, and job
 * control gives every background job its own group; a `nohup x &` may also outlive its parent and
 * be re-parented to init. Node cannot become a child subreaper (that needs prctl, i.e. a native
 * module), so every child also carries an environment tag unique to this server instance, and on
 * Linux close() scans /proc/<pid>/environ for it. A process only escapes if it clears its own
 * environment, which is the same escape a cgroup-less supervisor has anywhere.
 */
export const PROCESS_TAG_VAR = 'MA_NOTEBOOK_SSH_TAG';

const KILL_GRACE_MS = 1500;
const POLL_MS = 50;

export class ProcessRegistry {
  private readonly children = new Set<ChildProcess>();

  /**
   * @param tag marks every process this registry starts. Random by default, so two servers never
   *   kill each other's work; the daemon passes one per notebook instead, so that after a daemon
   *   restart a new registry with the same tag still finds (and stop still ends) what the old one started.
   */
  constructor(readonly tag: string = randomBytes(12).toString('hex')) {}

  /** Spawns `file args` detached (own process group), tagged, and tracked until it exits. */
  spawn(file: string, args: string[], options: SpawnOptions & { env: NodeJS.ProcessEnv }): ChildProcess {
    const child = spawn(file, args, { ...options, detached: true, env: { ...options.env, [PROCESS_TAG_VAR]: this.tag } });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    // A spawn failure (ENOENT, EACCES) arrives as 'error' and never as 'exit'.
    child.once('error', () => this.children.delete(child));
    return child;
  }

  /** Sends a signal to the child's whole process group; falls back to the pid alone. */
  signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    signalGroupOrPid(child.pid, signal);
  }

  /**
   * SIGTERM to every process group (and tagged process) this server started, then SIGKILL to
   * whatever is still alive after a short grace. Resolves when nothing tagged is left, or after
   * the SIGKILL round.
   */
  async killAll(): Promise<void> {
    const targets = (): Set<number> => {
      const pids = new Set<number>();
      for (const child of this.children) if (child.pid !== undefined) pids.add(child.pid);
      for (const pid of taggedPids(this.tag)) pids.add(pid);
      return pids;
    };
    const first = targets();
    if (first.size === 0) return;
    for (const pid of first) signalGroupOrPid(pid, 'SIGTERM');
    for (const pid of taggedPids(this.tag)) signalPid(pid, 'SIGTERM');
    const deadline = Date.now() + KILL_GRACE_MS;
    while (Date.now() < deadline) {
      if (![...targets()].some(isAlive)) return;
      await delay(POLL_MS);
    }
    for (const pid of targets()) {
      signalGroupOrPid(pid, 'SIGKILL');
      signalPid(pid, 'SIGKILL');
    }
    // Give the kernel a moment to reap, so a caller that checks right after close() sees them gone.
    const reapDeadline = Date.now() + KILL_GRACE_MS;
    while (Date.now() < reapDeadline && [...targets()].some(isAlive)) await delay(POLL_MS);
  }
}

function signalGroupOrPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    signalPid(pid, signal);
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone, or not ours: nothing to do.
  }
}

/** True while the pid exists and is not a zombie (a zombie is dead, only waiting to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // No /proc (not Linux): kill(0) said it exists.
  }
}

/** Pids whose initial environment carries our tag. Linux only; elsewhere returns nothing. */
function taggedPids(tag: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = Buffer.from(`\0${PROCESS_TAG_VAR}=${tag}\0`);
  const needleAtStart = needle.subarray(1);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      if (environ.includes(needle) || environ.subarray(0, needleAtStart.length).equals(needleAtStart)) found.push(pid);
    } catch {
      // Not ours (EACCES) or exited meanwhile.
    }
  }
  return found;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
