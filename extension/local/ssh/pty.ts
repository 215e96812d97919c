import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';

/**
 * Pseudo-terminals without a native module.
 *
 * Node cannot open a pty itself (that is what node-pty's native code does), so the session's
 * program runs under a small helper that owns the pty master and relays it over plain pipes:
 *
 * - util-linux `script -q -f -e -c CMD /dev/null` (preferred; in every Debian/Ubuntu/RHEL image):
 *   allocates a pty, makes it the controlling terminal of a new session, copies our stdin to
 *   the master and the master to our stdout, and exits with the child's status (`-e`).
 * - python3's `pty.spawn` as a fallback (macOS, busybox images without util-linux).
 *
 * Neither helper is told the window size (their stdin is a pipe, not a terminal, so they leave
 * the pty at 0x0). The command we hand them therefore starts with `stty rows R cols C`, run on
 * the new pty before the shell starts. Later `window-change` requests are applied from outside:
 * the helper's child has the pty slave as fd 0, found through /proc, and `stty -F /dev/pts/N`
 * sets the new size; the kernel then sends SIGWINCH to the pty's foreground process group, so
 * full-screen programs redraw. That part is Linux-only (it needs /proc); elsewhere the size set
 * at start stays.
 */
export type PtyHelper = { kind: 'script'; file: string } | { kind: 'python'; file: string };

/** Finds a helper on PATH: util-linux script first, python3 second, or undefined (pty refused). */
export async function detectPtyHelper(pathEnv: string): Promise<PtyHelper | undefined> {
  if (process.platform === 'linux') {
    const script = await findOnPath('script', pathEnv);
    // BSD/macOS script takes different arguments; only util-linux's is driven this way.
    if (script && (await outputOf(script, ['--version'])).includes('util-linux')) return { kind: 'script', file: script };
  }
  const python = await findOnPath('python3', pathEnv);
  if (python && (await outputOf(python, ['-c', 'import pty; print("ok")'])).trim() === 'ok') return { kind: 'python', file: python };
  return undefined;
}

/**
 * The argv that runs `shell -c inner` on a fresh pty. `inner` is shell code run on the pty; the
 * size and SSH_TTY are set there first.
 */
export function ptyArgv(helper: PtyHelper, shell: string, rows: number, cols: number, inner: string): [string, string[]] {
  const prelude = rows > 0 && cols > 0 ? `stty rows ${rows} cols ${cols} 2>/dev/null; ` : '';
  const code = `${prelude}SSH_TTY=$(tty 2>/dev/null); export SSH_TTY; ${inner}`;
  if (helper.kind === 'script') {
    // script runs its -c string with $SHELL -c, so the caller's env must have SHELL=shell.
    return [helper.file, ['-q', '-f', '-e', '-c', code, '/dev/null']];
  }
  return [helper.file, ['-c', PYTHON_PTY, shell, '-c', code]];
}

/** `exec shell -l` for an interactive login shell, `exec shell -c 'cmd'` for a command. */
export function innerCommand(shell: string, command: string | undefined): string {
  return command === undefined ? `exec ${shellQuote(shell)} -l` : `exec ${shellQuote(shell)} -c ${shellQuote(command)}`;
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// Relays stdin/stdout to a pty running argv[1:], exits with the child's status (128+n on signal).
const PYTHON_PTY = [
  'import os, pty, sys',
  'status = pty.spawn(sys.argv[1:])',
  'code = os.waitstatus_to_exitcode(status)',
  'sys.exit(128 - code if code < 0 else code)',
].join('\n');

/**
 * Applies a new window size to the pty under helper process `helperPid` (see the file comment).
 * Best effort: resolves false when the pty could not be found or stty failed.
 */
export async function resizePty(helperPid: number, rows: number, cols: number): Promise<boolean> {
  const tty = findPtyOfChild(helperPid);
  if (!tty || rows <= 0 || cols <= 0) return false;
  return new Promise((resolve) => {
    // stty is not a session leader here, so opening the slave cannot make it our controlling tty.
    const child = spawn('stty', ['-F', tty, 'rows', String(rows), 'cols', String(cols)], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** The /dev/pts/N that a direct child of `parentPid` has as stdin, via /proc (Linux). */
export function findPtyOfChild(parentPid: number): string | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "(comm)": state ppid ...; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const target = readlinkSync(`/proc/${entry}/fd/0`);
      if (target.startsWith('/dev/pts/')) return target;
    } catch {
      // Exited meanwhile, or not ours.
    }
  }
  return undefined;
}

async function findOnPath(name: string, pathEnv: string): Promise<string | undefined> {
  for (const dir of pathEnv.split(':')) {
    if (!dir) continue;
    const candidate = `${dir}/${name}`;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

function outputOf(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000 }, (err, stdout) => resolve(err ? '' : String(stdout)));
  });
}
