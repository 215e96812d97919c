// Runs training jobs and notebook kernels as local processes that outlive the daemon.
//
// - Each job is spawned detached: setsid() makes it a session and process-group leader, so the
//   daemon can exit (or crash) without the job getting SIGHUP/SIGINT, and terminate() can signal
//   the whole group with kill(-pgid).
// - stdout and stderr are the log file's descriptor itself (opened O_APPEND), not pipes into the
//   daemon: output keeps flowing into the log while no daemon is running, and nothing buffers in
//   the daemon's memory.
// - A job is identified by (pid, start time from /proc/<pid>/stat), which survives pid reuse, so a
//   restarted daemon can adopt what it finds in its state file (`adoptProcess`).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type ProcessExit, readExitFile, wrapWithExitFile, writeExitFileIfMissing } from './exitFile';
import { isDefunct, procAvailable, readProcStatSync } from './processTree';
import { terminateGroup } from './terminate';

export type { ProcessExit } from './exitFile';

/** What to run and where; see `startManagedProcess`. */
export interface StartProcessOptions {
  /** A string runs with `/bin/sh -c`; an array is an argv run directly (argv[0] looked up in env.PATH). */
  readonly command: string | readonly string[];
  /** Working directory; must exist. */
  readonly cwd: string;
  /**
   * The complete environment of the job, NOT merged with the daemon's process.env (the daemon's
   * own variables, e.g. ELECTRON_RUN_AS_NODE or credentials, must not leak into jobs). Note that
   * /bin/sh itself exports PWD.
   */
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr are appended here, interleaved as written. Parent directory is created. */
  readonly logFile: string;
  /**
   * When set, the command runs under a /bin/sh wrapper that writes its exit status to this file
   * when it ends (see exitFile.ts), so a restarted daemon can learn how an adopted job ended.
   * The wrapper is then the process the pid names.
   */
  readonly exitFile?: string;
}

/** A process the runner started; see `startManagedProcess`. */
export interface ManagedProcess {
  /** Pid of the group leader (the wrapper shell when `exitFile` is used); also the process group id. */
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: with `pid`, names this process across pid reuse. '' without /proc. */
  readonly startTime: string;
  /**
   * Settles when the leader exits; with `exitFile`, after the exit file exists. Background children
   * that outlive the leader keep running in its group: terminate() still ends them.
   */
  readonly exited: Promise<ProcessExit>;
  /** SIGTERM the group (and descendants that left it), SIGKILL after `graceMs`; resolves when all are gone. */
  terminate(graceMs?: number): Promise<void>;
}

/** How an adopted process ended: from its exit file when there was one, else unknown. */
export interface AdoptedExit extends ProcessExit {
  /** Why code/signal are what they are, e.g. 'exit status unknown after adoption'. */
  readonly reason: string;
}

/** A process found alive after a daemon restart; see `adoptProcess`. */
export interface AdoptedProcess {
  readonly pid: number;
  readonly startTime: string;
  /**
   * Settles when the process disappears (polled from /proc). The exit status of a process that is
   * not our child cannot be known, so code and signal are null unless an exit file recorded them.
   */
  readonly exited: Promise<AdoptedExit>;
  terminate(graceMs?: number): Promise<void>;
}

/** Options for `adoptProcess`. */
export interface AdoptOptions {
  /** The exit file the job was started with, if any: `exited` then reports its status. */
  readonly exitFile?: string;
  /** How often to look for the process in /proc. Default 500 ms. */
  readonly pollMs?: number;
}

const defaultGraceMs = 5000;

/**
 * Starts a job as a detached process-group leader with its output appended to `logFile`.
 * Rejects (having started nothing) when cwd is missing or the argv's program cannot be spawned.
 * The child handle is unref'd: a running job never keeps the daemon's event loop alive, so
 * `exited` only settles while something else (the HTTP server) keeps the daemon running.
 */
export async function startManagedProcess(opts: StartProcessOptions): Promise<ManagedProcess> {
  if (process.platform === 'win32') {
    throw new Error('The local process runtime needs a POSIX system (process groups, /bin/sh); Windows is not supported.');
  }
  const argv = typeof opts.command === 'string' ? ['/bin/sh', '-c', opts.command] : [...opts.command];
  if (argv.length === 0 || argv[0] === '') throw new Error('startManagedProcess: empty command.');
  const stat = await fs.promises.stat(opts.cwd).catch(() => undefined);
  if (!stat?.isDirectory()) throw new Error(`Working directory does not exist: ${opts.cwd}`);
  if (opts.exitFile) await fs.promises.rm(opts.exitFile, { force: true }); // a stale status would lie
  await fs.promises.mkdir(path.dirname(opts.logFile), { recursive: true });

  const [file, ...args] = opts.exitFile ? wrapWithExitFile(argv, opts.exitFile) : argv;
  const fd = fs.openSync(opts.logFile, 'a');
  let child;
  let startTime = '';
  try {
    child = spawn(file as string, args, { cwd: opts.cwd, env: { ...opts.env }, detached: true, stdio: ['ignore', fd, fd] });
    // Read the start time before yielding to the event loop: until then libuv cannot reap the
    // child, so even a process that exits instantly is still in /proc (as a zombie).
    if (child.pid !== undefined) startTime = readProcStatSync(child.pid)?.startTime ?? '';
  } finally {
    fs.closeSync(fd); // the child holds its own copy
  }
  const exitedRaw = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const pid = child.pid as number;
  child.on('error', () => undefined); // later errors (none expected: we signal via process.kill) must not crash the daemon
  child.unref();

  const exitFile = opts.exitFile;
  const exited = exitedRaw.then(async (exit) => {
    // The group was SIGKILLed (wrapper included) or the wrapper died otherwise: we saw the exit,
    // so record it for a future daemon. Best effort: the log says nothing, the status is in memory.
    if (exitFile) await writeExitFileIfMissing(exitFile, exit).catch(() => undefined);
    return exit;
  });
  return {
    pid,
    startTime,
    exited,
    terminate: async (graceMs = defaultGraceMs) => {
      await terminateGroup(pid, startTime, graceMs);
      await exited;
    },
  };
}

/** True when `pid` is alive (not a zombie) and its /proc start time is `startTime`. Needs /proc. */
export function isSameProcess(pid: number, startTime: string): boolean {
  requireProc('isSameProcess');
  const stat = readProcStatSync(pid);
  return stat !== undefined && !isDefunct(stat) && stat.startTime === startTime;
}

/**
 * Re-attaches to a job after a daemon restart. Undefined when the pid is gone, a zombie, or now
 * names a different process (start time differs: pid reused). Needs /proc; throws elsewhere.
 */
export function adoptProcess(pid: number, startTime: string, opts: AdoptOptions = {}): AdoptedProcess | undefined {
  if (!isSameProcess(pid, startTime)) return undefined;
  const pollMs = opts.pollMs ?? 500;
  const exitFile = opts.exitFile;
  // While our own terminate() runs, `exited` waits for it: it may still have to write the exit file.
  let terminating: Promise<unknown> = Promise.resolve();
  const exited = new Promise<AdoptedExit>((resolve) => {
    const check = (): void => {
      if (isSameProcess(pid, startTime)) {
        setTimeout(check, pollMs).unref(); // watching a job must not keep the daemon alive
        return;
      }
      // An unreadable exit file must still settle `exited`, or the job would wait for ever.
      const unknown = (err: unknown): AdoptedExit => ({ code: null, signal: null, reason: `exit file unreadable: ${String(err)}` });
      void terminating.then(() => exitFromFile(exitFile)).then(resolve, (err: unknown) => resolve(unknown(err)));
    };
    check();
  });
  const terminate = async (graceMs = defaultGraceMs): Promise<void> => {
    // terminateGroup refuses if the group id now belongs to someone else (pid reuse); if the leader
    // is gone but orphans of the job remain in its group, they are still ended.
    const sent = await terminateGroup(pid, startTime, graceMs);
    // A SIGKILL kills the wrapper before it can write the exit file (and a SIGTERM before its trap
    // is set up does too): we ended the job, so we know how, and record it for the next daemon.
    if (exitFile && sent) await writeExitFileIfMissing(exitFile, { code: null, signal: sent }).catch(() => undefined);
  };
  return {
    pid,
    startTime,
    exited,
    terminate: (graceMs) => {
      const run = terminate(graceMs);
      terminating = run.catch(() => undefined);
      return run;
    },
  };
}

async function exitFromFile(exitFile: string | undefined): Promise<AdoptedExit> {
  const recorded = exitFile ? await readExitFile(exitFile) : undefined;
  if (recorded) return { ...recorded, reason: 'exit status from exit file' };
  return { code: null, signal: null, reason: 'exit status unknown after adoption' };
}

function requireProc(what: string): void {
  if (!procAvailable()) throw new Error(`${what} needs Linux /proc, which this system (${process.platform}) does not have.`);
}
