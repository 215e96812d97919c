// Ending a job's whole process tree: SIGTERM, a grace period, SIGKILL. Used by ManagedProcess and
// AdoptedProcess (processRunner.ts). Linux /proc makes it thorough (descendants that left the group,
// zombies ignored, lost signals re-sent); without /proc only the process group is signalled.

import os from 'node:os';
import { isDefunct, listProcessTree, listProcesses, procAvailable, readProcStatSync, signalDisposition } from './processTree';

/** A process to signal individually: one that left the group (setsid) but was in the tree. */
interface Straggler {
  readonly pid: number;
  readonly startTime: string;
}

// After SIGKILL a process normally vanishes at once; one stuck in uninterruptible sleep (D state,
// e.g. on a dead NFS mount) may not. Give up waiting after this and say so.
const killWaitMs = 10_000;
const pollMs = 25;
// How often, during the grace period, to look for processes that missed the SIGTERM (see nudge).
const nudgeEveryMs = 100;

/**
 * SIGTERM the process group `pgid` plus descendants that left it, wait up to `graceMs` for all of
 * them to go, then SIGKILL whatever is left and wait for that. Resolves when nothing is left, with
 * the last signal it had to send (undefined if it sent none); rejects if processes survive SIGKILL
 * for `killWaitMs`. A no-op when the group id no longer belongs to the leader that had
 * `leaderStartTime` (pid reuse).
 */
export async function terminateGroup(pgid: number, leaderStartTime: string, graceMs: number): Promise<'SIGTERM' | 'SIGKILL' | undefined> {
  if (!groupIdStillOurs(pgid, leaderStartTime)) return undefined;
  // Snapshot the tree BEFORE signalling: once a parent dies its children are re-parented and can
  // no longer be found under it. Strays in other groups are tracked by (pid, start time).
  const strays = await findStragglers(pgid);
  if ((await liveMembers(pgid, strays)).length === 0) return undefined;
  signalAll(pgid, strays, 'SIGTERM');
  if (await waitGone(pgid, strays, graceMs, true)) return 'SIGTERM';
  // Anything forked during the grace period joins the kill list.
  for (const s of await findStragglers(pgid)) if (!strays.some((x) => x.pid === s.pid)) strays.push(s);
  if (!groupIdStillOurs(pgid, leaderStartTime)) return 'SIGTERM';
  signalAll(pgid, strays, 'SIGKILL');
  if (await waitGone(pgid, strays, killWaitMs, false)) return 'SIGKILL';
  throw new Error(`Process group ${pgid} still has live processes ${killWaitMs} ms after SIGKILL (uninterruptible sleep?).`);
}

/**
 * Guards kill(-pgid) against pid reuse. Linux never hands out a number still in use as a process
 * group id, so while any member of our group lives, -pgid is ours. Once the group is empty the
 * number is free, and a new process may get it and lead a group of its own: that process then
 * sits at /proc/<pgid> with another start time. (Without /proc, startTime is '' and we cannot tell.)
 */
function groupIdStillOurs(pgid: number, leaderStartTime: string): boolean {
  if (leaderStartTime === '') return true;
  const stat = readProcStatSync(pgid);
  return stat === undefined || stat.startTime === leaderStartTime;
}

async function findStragglers(pgid: number): Promise<Straggler[]> {
  if (!procAvailable()) return [];
  const tree = await listProcessTree(pgid);
  return tree.filter((p) => p.pgrp !== pgid).map((p) => ({ pid: p.pid, startTime: p.startTime }));
}

function signalAll(pgid: number, strays: readonly Straggler[], signal: NodeJS.Signals): void {
  trySignal(-pgid, signal);
  for (const s of strays) {
    const stat = readProcStatSync(s.pid);
    if (stat && !isDefunct(stat) && stat.startTime === s.startTime) trySignal(s.pid, signal);
  }
}

function trySignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone. EPERM: not ours (cannot happen for our own jobs); nothing to do either way.
  }
}

/**
 * Polls until the group and the strays are gone; false if `timeoutMs` passed first. With `nudge`,
 * re-sends SIGTERM now and then to live processes whose SIGTERM disposition is the default.
 *
 * Why: a signal can be lost in the fork-exec window. The shell (our exit-file wrapper, or any job
 * script) forks a child that still runs the shell's SIGTERM handler until it execs; a SIGTERM
 * landing there is swallowed, and the exec'd program (say `sleep`, or python) then runs on
 * until the SIGKILL. A process with the default disposition that is alive after SIGTERM was
 * sent cannot have received it (it would have died) — unless the signal is blocked, in which case
 * it is still pending and re-sending is a no-op. So the re-send is always safe, and a handler is
 * never hit twice: processes that catch or ignore SIGTERM are left alone.
 */
async function waitGone(pgid: number, strays: readonly Straggler[], timeoutMs: number, nudge: boolean): Promise<boolean> {
  const start = Date.now();
  let lastNudge = start;
  for (;;) {
    const live = await liveMembers(pgid, strays);
    if (live.length === 0) return true;
    const now = Date.now();
    if (now - start >= timeoutMs) return false;
    if (nudge && now - lastNudge >= nudgeEveryMs) {
      lastNudge = now;
      await resendWhereLost(live);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function resendWhereLost(pids: readonly number[]): Promise<void> {
  const sigterm = os.constants.signals.SIGTERM;
  for (const pid of pids) if ((await signalDisposition(pid, sigterm)) === 'default') trySignal(pid, 'SIGTERM');
}

/** Pids still alive in the group or among the strays. Without /proc: [-pgid] while the group exists. */
async function liveMembers(pgid: number, strays: readonly Straggler[]): Promise<number[]> {
  if (!procAvailable()) {
    // kill(-pgid, 0) succeeds while any member exists (zombies included).
    try {
      process.kill(-pgid, 0);
      return [-pgid];
    } catch {
      return [];
    }
  }
  // Zombies do not count: an orphan's zombie may linger if PID 1 is slow to reap, and our own
  // leader stays a zombie until libuv reaps it on the next loop turn.
  const live = (await listProcesses()).filter((p) => !isDefunct(p));
  return live.filter((p) => p.pgrp === pgid || strays.some((s) => s.pid === p.pid && s.startTime === p.startTime)).map((p) => p.pid);
}
