import { type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { PseudoTtyInfo, ServerChannel, Session } from 'ssh2';
import { type ProcessRegistry, PROCESS_TAG_VAR } from './processes';
import { innerCommand, type PtyHelper, ptyArgv, resizePty } from './pty';
import { serveSftp } from './sftpServer';

/** What a session needs from the server: where and as whom programs run. */
export interface SessionEnvironment {
  readonly registry: ProcessRegistry;
  /** The user's shell: /bin/bash if present, else /bin/sh. */
  readonly shell: string;
  readonly workDir: string;
  /** HOME, USER, LOGNAME, SHELL, PATH, the notebook's env and SSH_CONNECTION/SSH_CLIENT. */
  readonly env: Readonly<Record<string, string>>;
  readonly ptyHelper: PtyHelper | undefined;
}

/**
 * Variables a client may not set with an `env` request: the identity and search path the server
 * chose, the loader's injection hooks, and our process tag. Anything else is accepted (OpenSSH
 * would only take LANG/LC_* by default, but this is the user's own machine and a notebook's user
 * can set anything in the shell anyway; VS Code Remote and friends send their own variables).
 */
const PROTECTED_ENV = new Set(['HOME', 'USER', 'LOGNAME', 'SHELL', 'PATH', 'SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY', PROCESS_TAG_VAR]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function envAllowed(name: string): boolean {
  return ENV_NAME.test(name) && !PROTECTED_ENV.has(name) && !name.startsWith('LD_') && !name.startsWith('DYLD_');
}

/** Handles one `session` channel: env, pty-req, window-change, signal, then shell, exec or sftp. */
export function handleSession(session: Session, senv: SessionEnvironment): void {
  const clientEnv: Record<string, string> = {};
  let pty: PseudoTtyInfo | undefined;
  let child: ChildProcess | undefined;
  let size = { rows: 0, cols: 0 };

  session.on('env', (accept, reject, info) => {
    if (child || !envAllowed(info.key)) return reject?.();
    clientEnv[info.key] = info.val;
    accept?.();
  });
  session.on('pty', (accept, reject, info) => {
    if (child || !senv.ptyHelper) return reject?.();
    pty = info;
    size = { rows: info.rows, cols: info.cols };
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    size = { rows: info.rows, cols: info.cols };
    accept?.();
    if (pty && child?.pid !== undefined) void resizePty(child.pid, info.rows, info.cols);
  });
  session.on('signal', (accept, reject, info) => {
    const name = `SIG${info.name.replace(/^SIG/, '')}` as NodeJS.Signals;
    if (!child) return reject?.();
    try {
      senv.registry.signalGroup(child, name);
      accept?.();
    } catch {
      reject?.();
    }
  });
  session.on('shell', (accept, reject) => {
    if (child) return reject?.();
    child = run(accept(), undefined);
  });
  session.on('exec', (accept, reject, info) => {
    if (child) return reject?.();
    child = run(accept(), info.command);
  });
  session.on('sftp', (accept, reject) => {
    if (child) return reject?.();
    serveSftp(accept(), senv.workDir);
  });
  // Other subsystems, X11 and agent forwarding are not offered.
  session.on('subsystem', (_accept, reject) => reject?.());
  session.on('x11', (_accept, reject) => reject?.());
  session.on('auth-agent', (_accept, reject) => reject?.());

  function run(channel: ServerChannel, command: string | undefined): ChildProcess {
    const env: Record<string, string> = { ...senv.env, ...clientEnv };
    let file: string;
    let args: string[];
    if (pty && senv.ptyHelper) {
      if (pty.term) env.TERM = pty.term;
      [file, args] = ptyArgv(senv.ptyHelper, senv.shell, size.rows, size.cols, innerCommand(senv.shell, command));
    } else {
      file = senv.shell;
      // No command and no pty (`ssh host < script`): a login shell reading commands from stdin.
      args = command === undefined ? ['-l'] : ['-c', command];
    }
    const proc = senv.registry.spawn(file, args, { cwd: senv.workDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    wire(channel, proc, pty !== undefined, senv.registry);
    return proc;
  }
}

/**
 * Connects a channel to a process: stdin with EOF, stdout and stderr kept apart, then the exit
 * status or signal, then EOF and close. The exit is reported on 'close' (process gone and both
 * pipes drained), so no output is lost behind the exit status.
 */
function wire(channel: ServerChannel, proc: ChildProcess, isPty: boolean, registry: ProcessRegistry): void {
  let finished = false;
  proc.stdin?.on('error', () => undefined); // EPIPE when the program exits without reading stdin.
  if (proc.stdin) channel.pipe(proc.stdin);
  proc.stdout?.pipe(channel, { end: false });
  proc.stderr?.pipe(channel.stderr, { end: false });

  proc.once('error', (err: NodeJS.ErrnoException) => {
    if (finished) return;
    finished = true;
    channel.stderr.write(`Cannot run the command: ${err.code ?? err.message}\r\n`);
    channel.exit(127);
    channel.end();
  });
  proc.once('close', (code, signal) => {
    if (finished) return;
    finished = true;
    if (code !== null) channel.exit(code);
    else if (signal) {
      try {
        channel.exit(signal, false, '');
      } catch {
        // A signal the SSH protocol has no name for: report the shell's convention instead.
        channel.exit(128 + signalNumber(signal));
      }
    }
    channel.end();
  });
  channel.on('error', () => undefined);
  channel.once('close', () => {
    if (finished) return;
    // The client went away. With a pty, hang up like sshd does (the helper exits, the kernel
    // sends SIGHUP to the shell's session). Without one, only the pipes close, so a program that
    // was deliberately backgrounded (VS Code's server, nohup jobs) keeps running until close().
    if (isPty) registry.signalGroup(proc, 'SIGHUP');
    proc.stdin?.destroy();
    proc.stdout?.destroy();
    proc.stderr?.destroy();
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return (osConstants.signals as Record<string, number | undefined>)[signal] ?? 0;
}
