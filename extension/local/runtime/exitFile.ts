// Durable exit status for jobs the daemon spawned. The daemon may die (kill -9, crash, upgrade)
// while a job runs; the job keeps running, and the restarted daemon adopts it by (pid, start time).
// The exit status of a process that is not your child is unknowable on Linux, so the job is run
// under a small /bin/sh wrapper that writes `$?` to a file when the command ends.
//
// File format: one line, the shell's `$?` in decimal: the exit code (0-128), or 128+N when the
// command was killed by signal N. That is the shell's own convention and shares its ambiguity: a
// program that calls exit(143) reads back as "killed by SIGTERM".

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How a process ended: an exit code, or the signal that killed it (the other is null). */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

// Signals the wrapper re-raises on itself after the command died of them, so the wrapper's own
// exit looks like the command's (ManagedProcess.exited then reports `signal: 'SIGTERM'`, not code
// 143). Only signals whose default action is a plain terminate: re-raising a core-dumping signal
// (SEGV, ABRT, QUIT) would make the shell dump core too; those stay exit codes 128+N.
const reRaised = ['SIGHUP', 'SIGINT', 'SIGKILL', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGUSR1', 'SIGUSR2'] as const;

/**
 * The wrapper, run as `/bin/sh -c WRAPPER modelarts-job-wrapper EXITFILE ARGV...` ($0 names it in
 * ps and in the shell's own error messages). The exit file path and the command arrive as
 * positional parameters, never spliced into the script, so there are no quoting issues.
 *
 * - It is the process group leader (the runner spawns it detached), so a group-wide SIGTERM
 *   reaches it and the command alike.
 * - Traps with a handler (not `trap ''`): the shell survives the signal long enough to record the
 *   status, while the command still gets default dispositions (handled signals are reset in
 *   children, ignored ones would be inherited). POSIX defers the trap until the foreground
 *   command has finished, and `$?` survives the trap, so `$?` is the command's status.
 * - A signal that arrives before the command started (terminate() right after start) is
 *   remembered by the handler, and the command is then not started at all: the status is 128+N
 *   as if it had been killed. Without that the command would miss the SIGTERM and run until the
 *   SIGKILL. A window of a few instructions remains (between the check and the fork), and a
 *   signal before the `trap` line kills the wrapper outright (no exit file; see below).
 * - Its variables have a prefix: variables from the job's env are exported in sh, so assigning
 *   to a plain `f` would change the job's own `f`.
 * - The status goes to EXITFILE.tmp, then `mv` renames it into place, so readers never see a
 *   half-written file. `command -p` finds mv on the standard path even when the job's env has no
 *   PATH (the env is exactly the job's; the wrapper does not add one).
 * - A group-wide SIGKILL kills the wrapper too, so nothing is written; the runner writes the file
 *   itself in that case when it is still alive to see the exit (see processRunner).
 */
export function exitFileWrapperScript(): string {
  const signals = os.constants.signals as Record<string, number | undefined>;
  const statuses = reRaised
    .map((name) => signals[name])
    .filter((n): n is number => n !== undefined)
    .map((n) => 128 + n);
  const trapped = ['HUP', 'INT', 'QUIT', 'TERM'].map((name) => `trap '__ma_sig=${128 + (signals[`SIG${name}`] ?? 0)}' ${name}`);
  return [
    '__ma_f=$1; shift; __ma_sig=',
    ...trapped,
    'if [ -z "$__ma_sig" ]; then "$@"; __ma_s=$?; else __ma_s=$__ma_sig; fi',
    '{ printf \'%s\\n\' "$__ma_s" > "$__ma_f.tmp" && command -p mv -f "$__ma_f.tmp" "$__ma_f"; } || echo "modelarts: could not write exit file $__ma_f" >&2',
    `case $__ma_s in ${statuses.join('|')}) trap - HUP INT QUIT TERM; kill -$((__ma_s - 128)) $$ ;; esac`,
    'exit "$__ma_s"',
  ].join('\n');
}

/** Wraps an argv so that it writes its exit status to `exitFile` (see `exitFileWrapperScript`). */
export function wrapWithExitFile(argv: readonly string[], exitFile: string): string[] {
  return ['/bin/sh', '-c', exitFileWrapperScript(), 'modelarts-job-wrapper', exitFile, ...argv];
}

/** Decodes a shell status (`$?`): 128+N for a signal this platform knows, else an exit code. */
export function decodeShellStatus(status: number): ProcessExit {
  if (status > 128) {
    const signals = os.constants.signals as Record<string, number | undefined>;
    const name = Object.keys(signals).find((k) => signals[k] === status - 128);
    if (name) return { code: null, signal: name };
  }
  return { code: status, signal: null };
}

/** The shell status for an exit: the code, or 128+N for signal N. */
export function encodeShellStatus(exit: ProcessExit): number {
  if (exit.code !== null) return exit.code;
  const n = exit.signal ? (os.constants.signals as Record<string, number | undefined>)[exit.signal] : undefined;
  return 128 + (n ?? 0);
}

/**
 * Reads an exit file. Undefined when it does not exist (yet) or does not hold a status (e.g. the
 * machine lost power between create and write — the wrapper does not fsync).
 */
export async function readExitFile(file: string): Promise<ProcessExit | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  return decodeShellStatus(Number(trimmed));
}

/**
 * Writes an exit file unless the wrapper already did: used by the runner when the whole group was
 * SIGKILLed (wrapper included). Atomic (write, fsync, rename) and never overwrites a status the
 * wrapper recorded, which is the more precise one.
 */
export async function writeExitFileIfMissing(file: string, exit: ProcessExit): Promise<void> {
  if ((await readExitFile(file)) !== undefined) return;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await handle.writeFile(`${encodeShellStatus(exit)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
}
