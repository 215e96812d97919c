import type { Client, ClientChannel, ExecOptions as Ssh2ExecOptions } from 'ssh2';
import { abortError } from '../util/abort';
import type { SshConnection } from './connection';
import { SshConnectionError } from './errors';

/**
 * Runs one command in the notebook over an {@link SshConnection}, streaming its output.
 *
 * It does not wait for a reconnect: a command is run now or reported as not run, because
 * silently starting it later (maybe twice, after a retry by the caller) is worse than an error.
 */

export interface RemoteExecOptions {
  /** Aborting sends `abortSignalName` to the remote process and closes the channel. */
  readonly signal?: AbortSignal;
  /** Default 'TERM'. SSH signal names have no SIG prefix. */
  readonly abortSignalName?: string;
  /** Extra environment (sent as SSH `env` requests; the server may refuse some). */
  readonly env?: Record<string, string>;
  /** Run on a pty (output then arrives on stdout only, with \r\n line ends). */
  readonly pty?: boolean | { readonly cols: number; readonly rows: number; readonly term?: string };
  /**
   * Sent to the command's stdin, then EOF (`''` = EOF at once, like `ssh -n`). When absent,
   * stdin stays open until the command ends, as with `ssh host cmd` from a terminal: a command
   * that reads stdin then waits, and aborting it is the way out. Why not EOF by default: ssh2's
   * server (our local notebooks) ignores every session request after the client's EOF, the abort
   * signal included, so a command with closed stdin could not be stopped there.
   */
  readonly stdin?: string | Buffer;
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
}

export interface RemoteExecResult {
  /** The exit status; undefined when the command ended by a signal or the server sent none. */
  readonly code: number | undefined;
  /** e.g. 'SIGKILL' when the command was killed. */
  readonly signal: string | undefined;
}

/**
 * Runs `command` (a shell command line, interpreted by the notebook user's shell) and resolves
 * when it has ended and all its output was delivered. Rejects with an AbortError on abort, and
 * with an {@link SshConnectionError} when the link is down or drops while it runs (its outcome
 * is then unknown).
 */
export async function execRemote(connection: SshConnection, command: string, options: RemoteExecOptions = {}): Promise<RemoteExecResult> {
  if (options.signal?.aborted) throw abortError(options.signal.reason);
  const client = connection.requireClient();
  const { channel, exitStatus, closed } = await openExec(client, command, options);
  if (options.signal?.aborted) {
    channel.close();
    throw abortError(options.signal.reason);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      // The signal first, so the process group is killed even on servers (like OpenSSH's sshd)
      // that leave a non-pty command running when only its channel closes.
      sendSignal(channel, options.abortSignalName ?? 'TERM');
      channel.close();
      settle(() => reject(abortError(options.signal?.reason)));
    };
    void closed.then(() => {
      const exit = exitStatus();
      if (exit) return settle(() => resolve(exit));
      if (connection.client !== client) {
        const reason = connection.state === 'closed' ? connection.closedReason : undefined;
        return settle(() =>
          reject(
            new SshConnectionError(
              'lost',
              `The SSH connection to ${connection.destination} was lost while \`${shorten(command)}\` ran; whether it finished is unknown.`,
              reason,
            ),
          ),
        );
      }
      settle(() => resolve({ code: undefined, signal: undefined }));
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** {@link execRemote} with stdout and stderr collected as UTF-8 text (for short outputs). */
export async function execRemoteText(
  connection: SshConnection,
  command: string,
  options: Omit<RemoteExecOptions, 'onStdout' | 'onStderr'> = {},
): Promise<RemoteExecResult & { readonly stdout: string; readonly stderr: string }> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const result = await execRemote(connection, command, { ...options, onStdout: (c) => stdout.push(c), onStderr: (c) => stderr.push(c) });
  return { ...result, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}

/** An exec channel with its exit status and close already being watched. */
interface OpenedExec {
  readonly channel: ClientChannel;
  readonly exitStatus: () => RemoteExecResult | undefined;
  readonly closed: Promise<void>;
}

/**
 * Starts the command. Every listener goes on inside ssh2's callback, synchronously: the server's
 * exit-status can arrive in the same packet batch as the exec's success reply, and ssh2 emits
 * 'exit' right then, before any code after an `await` would run.
 */
function openExec(client: Client, command: string, options: RemoteExecOptions): Promise<OpenedExec> {
  const execOptions: Ssh2ExecOptions = { env: options.env ?? {} };
  if (options.pty)
    execOptions.pty = options.pty === true ? { term: 'xterm-256color' } : { term: 'xterm-256color', ...options.pty, width: 0, height: 0 };
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, execOptions, (err, channel) => {
        if (err) return reject(new Error(`The notebook refused to run \`${shorten(command)}\`: ${err.message}`, { cause: err }));
        let exit: RemoteExecResult | undefined;
        channel.on('data', (chunk: Buffer) => options.onStdout?.(chunk));
        channel.stderr.on('data', (chunk: Buffer) => options.onStderr?.(chunk));
        channel.on('error', () => undefined);
        channel.on('exit', (code: number | null, signal?: string) => {
          exit = { code: code ?? undefined, signal: signal === undefined ? undefined : signal.replace(/^SIG(SIG)?/, 'SIG') };
        });
        const closed = new Promise<void>((done) => channel.once('close', () => done()));
        if (options.stdin !== undefined) channel.end(options.stdin);
        resolve({ channel, exitStatus: () => exit, closed });
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/**
 * Sends an SSH `signal` request. ssh2's `channel.signal()` does nothing once we have sent EOF
 * (it checks `writable`), yet RFC 4254 allows signals after EOF and we always send EOF when
 * stdin is done, so the request goes through ssh2's protocol object directly in that state.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const internal = channel as unknown as {
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
  };
  const { outgoing } = internal;
  const protocol = internal._client?._protocol;
  try {
    if ((outgoing?.state === 'open' || outgoing?.state === 'eof') && outgoing.id !== undefined && typeof protocol?.signal === 'function')
      protocol.signal(outgoing.id, name);
    else channel.signal(name);
  } catch {
    // The channel or the link is already closing; closing the channel is all that is left.
  }
}

/** A command line short enough for an error message (commands can embed whole scripts). */
function shorten(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
