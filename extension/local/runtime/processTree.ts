// Reading the kernel's process table from /proc (Linux). Everything else in the runtime builds on
// these few readers: start times that survive pid reuse, process groups and trees for terminate(),
// CPU ticks and RSS for the resource sampler.
//
// Elsewhere (macOS, Windows) there is no /proc: the readers return undefined / empty lists and
// `procAvailable()` says false, so callers can fail with a clear message instead of crashing.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The fields of `/proc/<pid>/stat` the runtime uses. */
export interface ProcStat {
  readonly pid: number;
  /** Executable name as the kernel truncates it (15 chars). */
  readonly comm: string;
  /** One-letter state: R running, S sleeping, D disk wait, Z zombie, T stopped, X dead, … */
  readonly state: string;
  readonly ppid: number;
  /** Process group id. */
  readonly pgrp: number;
  readonly session: number;
  /** User and system CPU time, in clock ticks (see `clockTicksPerSecond()`). */
  readonly utime: number;
  readonly stime: number;
  /**
   * Field 22, start time in clock ticks after boot, kept as the decimal string the kernel prints.
   * (pid, startTime) names one process for the life of the machine: a reused pid gets a new start time.
   */
  readonly startTime: string;
  /** Resident set size in pages (see `pageSize()`). */
  readonly rssPages: number;
}

/** True when this machine has a Linux-style /proc the readers can use. */
export function procAvailable(): boolean {
  return process.platform === 'linux' && fs.existsSync('/proc/self/stat');
}

/**
 * Parses one `/proc/<pid>/stat` line. The command name sits in parentheses and may itself contain
 * spaces and parentheses, so the fixed fields are counted from the LAST ')'.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number): string => rest[n - 3] ?? '';
  const stat: ProcStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: field(3),
    ppid: Number(field(4)),
    pgrp: Number(field(5)),
    session: Number(field(6)),
    utime: Number(field(14)),
    stime: Number(field(15)),
    startTime: field(22),
    rssPages: Number(field(24)),
  };
  if (!Number.isInteger(pid) || stat.startTime === '' || !Number.isFinite(stat.rssPages)) return undefined;
  return stat;
}

/** Reads `/proc/<pid>/stat` synchronously; undefined when the process is gone or /proc is absent. */
export function readProcStatSync(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Reads `/proc/<pid>/stat`; undefined when the process is gone or /proc is absent. */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await fs.promises.readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True for a process that has finished running: a zombie waiting to be reaped, or dead. */
export function isDefunct(stat: ProcStat): boolean {
  return stat.state === 'Z' || stat.state === 'X' || stat.state === 'x';
}

/**
 * Every process visible in /proc, zombies included (filter with `isDefunct`). A process that exits
 * while the table is read is simply missing. Empty when /proc is absent.
 */
export async function listProcesses(): Promise<ProcStat[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir('/proc');
  } catch {
    return [];
  }
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const stats = await Promise.all(pids.map((pid) => readProcStat(pid)));
  return stats.filter((s): s is ProcStat => s !== undefined);
}

/**
 * The live descendants of `rootPid` (children, grandchildren, …), found by following parent pids,
 * root excluded, zombies excluded.
 *
 * Limitation: a process whose parent has already exited is re-parented (to init or a subreaper),
 * so it no longer appears under `rootPid` here. Take this snapshot BEFORE signalling anything, and
 * combine it with the process group (`listGroupMembers`), which catches orphans that stayed in the
 * group. A grandchild that both called setsid() and lost its parent is found by neither.
 */
export function descendantsOf(rootPid: number, processes: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of processes) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcStat[] = [];
  const seen = new Set<number>([rootPid]);
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      stack.push(child.pid);
      if (!isDefunct(child)) out.push(child);
    }
  }
  return out;
}

/** Live (non-zombie) members of process group `pgid`. */
export function groupMembersOf(pgid: number, processes: readonly ProcStat[]): ProcStat[] {
  return processes.filter((p) => p.pgrp === pgid && !isDefunct(p));
}

/**
 * The live process tree of a job: `rootPid` itself (if alive), its descendants by parent pid, and
 * every member of the process group `rootPid` leads. Deduplicated by pid.
 */
export async function listProcessTree(rootPid: number): Promise<ProcStat[]> {
  const all = await listProcesses();
  const byPid = new Map<number, ProcStat>();
  const root = all.find((p) => p.pid === rootPid);
  if (root && !isDefunct(root)) byPid.set(root.pid, root);
  for (const p of descendantsOf(rootPid, all)) byPid.set(p.pid, p);
  for (const p of groupMembersOf(rootPid, all)) byPid.set(p.pid, p);
  return [...byPid.values()];
}

let cachedClockTicks: number | undefined;
let cachedPageSize: number | undefined;

function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim());
    return Number.isInteger(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/** `getconf CLK_TCK`, cached; 100 (the Linux value everywhere in practice) if getconf fails. */
export function clockTicksPerSecond(): number {
  cachedClockTicks ??= getconf('CLK_TCK', 100);
  return cachedClockTicks;
}

/** `getconf PAGESIZE`, cached; 4096 if getconf fails. */
export function pageSize(): number {
  cachedPageSize ??= getconf('PAGESIZE', 4096);
  return cachedPageSize;
}

/**
 * How a process currently handles a signal, from the SigIgn/SigCgt masks of /proc/<pid>/status:
 * 'default' (the kernel's action, e.g. terminate), 'caught' (a handler) or 'ignored'. Undefined
 * when the process is gone or /proc is absent.
 */
export async function signalDisposition(pid: number, signal: number): Promise<'default' | 'caught' | 'ignored' | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const mask = (name: string): bigint | undefined => {
    const hex = new RegExp(`^${name}:\\s*([0-9a-fA-F]+)$`, 'm').exec(text)?.[1];
    return hex === undefined ? undefined : BigInt(`0x${hex}`);
  };
  const ignored = mask('SigIgn');
  const caught = mask('SigCgt');
  if (ignored === undefined || caught === undefined) return undefined;
  const bit = 1n << BigInt(signal - 1);
  if (ignored & bit) return 'ignored';
  if (caught & bit) return 'caught';
  return 'default';
}
