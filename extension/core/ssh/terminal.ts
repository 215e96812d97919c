import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel } from 'ssh2';
import { abortError } from '../util/abort';
import { type Disposable, DisposableStore, toDisposable } from '../util/disposable';
import { Emitter, type Event } from '../util/event';
import type { SshConnection, SshConnectionEvent } from './connection';
import type { SshConnectionError } from './errors';

/**
 * An interactive shell on a pty over an {@link SshConnection}, with no VS Code in it: the host
 * wraps it in a `vscode.Pseudoterminal` (onData → onDidWrite, write → handleInput,
 * resize → setDimensions, onExit → onDidClose).
 *
 * When the link drops, the shell is gone with it (the notebook hangs up the pty like sshd), so
 * the terminal says so in its own output, waits for the connection to come back, and opens a
 * new shell at the current size. Keystrokes typed while the link is down are dropped, not queued:
 * replaying half a command line into a fresh shell could run something the user never finished.
 */

export interface TerminalOpenOptions {
  readonly cols: number;
  readonly rows: number;
  /** Sent as the pty's TERM. Default 'xterm-256color' (what VS Code's terminal emulates). */
  readonly term?: string;
  /** Extra environment for the shell (sent as SSH `env` requests; the server may refuse some). */
  readonly env?: Record<string, string>;
}

export type TerminalStatus =
  | { readonly kind: 'open'; readonly reopened: boolean }
  | { readonly kind: 'lost'; readonly reason: SshConnectionError }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'exited'; readonly code: number | undefined; readonly signal: string | undefined }
  /** The connection closed for good (gave up, host key, disposed) or the new shell could not open. */
  | { readonly kind: 'closed'; readonly reason?: Error };

export interface TerminalExit {
  /** The shell's exit status; undefined when it ended by signal or with the connection. */
  readonly code: number | undefined;
  readonly signal?: string;
  /** Set when the terminal ended because the connection did (not because the shell exited). */
  readonly reason?: Error;
}

/** The prefix of every line the terminal itself writes into the user's output. */
export const TERMINAL_NOTICE_PREFIX = '[ModelArts]';

export class SshTerminal implements Disposable {
  private readonly dataEmitter = new Emitter<string>();
  private readonly statusEmitter = new Emitter<TerminalStatus>();
  private readonly exitEmitter = new Emitter<TerminalExit>();
  /** Output for the user: shell output and the terminal's own notices, as text. */
  readonly onData: Event<string> = this.dataEmitter.event;
  readonly onStatus: Event<TerminalStatus> = this.statusEmitter.event;
  /** Fires once: the shell exited, or the connection ended for good. */
  readonly onExit: Event<TerminalExit> = this.exitEmitter.event;

  private readonly store = new DisposableStore();
  private readonly lifetime = new AbortController();
  private channel: ClientChannel | undefined;
  private size = { cols: 80, rows: 24 };
  private openOptions: TerminalOpenOptions | undefined;
  private ended = false;
  /** Whether the output so far ends with a line break, so notices start on a line of their own without blank lines. */
  private atLineStart = true;

  constructor(private readonly connection: SshConnection) {
    this.store.add(toDisposable(() => this.lifetime.abort()));
  }

  /** Opens the first shell (waiting for the connection to be ready). Rejects if it cannot. */
  async open(options: TerminalOpenOptions): Promise<void> {
    if (this.openOptions) throw new Error('This terminal is already open.');
    this.openOptions = options;
    this.size = { cols: options.cols, rows: options.rows };
    this.store.add(this.connection.onDidChange((e) => this.onConnectionChange(e)));
    await this.openShell(false);
  }

  /** Input from the user. Dropped while no shell is attached (see the class comment). */
  write(data: string | Buffer): void {
    if (this.channel?.writable) this.channel.write(data);
  }

  /** Applies at once to the live shell, and to any shell opened after a reconnect. */
  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.channel?.setWindow(rows, cols, 0, 0);
  }

  /** Closes the shell (the notebook hangs it up) and stops following the connection. */
  dispose(): void {
    const channel = this.channel;
    this.channel = undefined;
    this.ended = true;
    channel?.close();
    this.store.dispose();
    this.dataEmitter.dispose();
    this.statusEmitter.dispose();
    this.exitEmitter.dispose();
  }

  private async openShell(reopened: boolean): Promise<void> {
    const options = this.openOptions;
    if (!options) return;
    const client = await this.connection.whenReady(this.lifetime.signal);
    const { channel, early } = await startShell(client, { ...options, ...this.size }, this.lifetime.signal);
    if (this.ended) {
      channel.close();
      throw abortError();
    }
    this.attach(channel, client, early);
    this.statusEmitter.fire({ kind: 'open', reopened });
  }

  private attach(channel: ClientChannel, client: Client, early: EarlyEvents): void {
    this.channel = channel;
    const stdout = new StringDecoder('utf8');
    const stderr = new StringDecoder('utf8');
    channel.on('data', (chunk: Buffer) => this.emitText(stdout.write(chunk)));
    channel.stderr.on('data', (chunk: Buffer) => this.emitText(stderr.write(chunk)));
    void early.closed.then(() => {
      const exit = early.exit;
      this.emitText(stdout.end() + stderr.end());
      if (this.channel !== channel) return;
      this.channel = undefined;
      if (this.ended) return;
      // No exit status and a different (or no) live client: the channel died with the link.
      // The reconnect is driven by the connection's own events (see onConnectionChange).
      if (!exit && this.connection.client !== client) return;
      this.end({ code: exit?.code, signal: exit?.signal }, { kind: 'exited', code: exit?.code, signal: exit?.signal });
    });
  }

  private onConnectionChange(e: SshConnectionEvent): void {
    if (this.ended) return;
    switch (e.type) {
      case 'lost':
        this.notice(e.reason.message);
        this.statusEmitter.fire({ kind: 'lost', reason: e.reason });
        break;
      case 'reconnecting':
        this.notice(`Connection lost; reconnecting (attempt ${e.attempt}, in ${formatDelay(e.delayMs)})…`);
        this.statusEmitter.fire({ kind: 'reconnecting', attempt: e.attempt, delayMs: e.delayMs });
        break;
      case 'ready':
        if (!e.reconnected || this.channel) break;
        this.openShell(true).then(
          () =>
            this.notice(
              'Reconnected. This is a new shell: programs started in the old one ended with the connection (use tmux or nohup to keep them).',
            ),
          (err: unknown) => {
            if (this.ended) return;
            // Lost again while opening: the next 'ready' tries again. Anything else is final.
            if (this.connection.client !== e.client) return;
            const reason = err instanceof Error ? err : new Error(String(err));
            this.notice(`Could not open a new shell after reconnecting: ${reason.message}`);
            this.end({ code: undefined, reason }, { kind: 'closed', reason });
          },
        );
        break;
      case 'closed':
        if (e.reason) this.notice(`Connection closed: ${e.reason.message}`);
        this.end(
          { code: undefined, reason: e.reason ?? new Error('The SSH connection was closed.') },
          { kind: 'closed', reason: e.reason },
        );
        break;
      case 'connecting':
        break;
    }
  }

  private end(exit: TerminalExit, status: TerminalStatus): void {
    if (this.ended) return;
    this.ended = true;
    this.statusEmitter.fire(status);
    this.exitEmitter.fire(exit);
    this.store.dispose();
  }

  /** A line of our own in the user's output, on a fresh line so it never merges into a prompt. */
  private notice(text: string): void {
    this.emitText(`${this.atLineStart ? '' : '\r\n'}${TERMINAL_NOTICE_PREFIX} ${text}\r\n`);
  }

  private emitText(text: string): void {
    if (!text) return;
    this.atLineStart = text.endsWith('\n');
    this.dataEmitter.fire(text);
  }
}

/** `4 s`, `0.2 s`, `30 s`: what a person reads in "reconnecting in …" (never "0 s"). */
export function formatDelay(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds >= 10 ? Math.round(seconds) : Math.max(0.1, Math.round(seconds * 10) / 10)} s`;
}

/** The exit status and close of a channel, watched from the moment ssh2 hands it over. */
interface EarlyEvents {
  exit: { code: number | undefined; signal: string | undefined } | undefined;
  readonly closed: Promise<void>;
}

/**
 * Requests a pty and a login shell on `client`. The exit and close listeners go on inside ssh2's
 * callback: a shell that ends at once can send its exit status in the same batch as the reply,
 * and ssh2 emits it before any code after an `await` runs.
 */
function startShell(
  client: Client,
  options: TerminalOpenOptions,
  signal: AbortSignal,
): Promise<{ channel: ClientChannel; early: EarlyEvents }> {
  return new Promise((resolve, reject) => {
    const window = { cols: options.cols, rows: options.rows, width: 0, height: 0, term: options.term ?? 'xterm-256color' };
    try {
      client.shell(window, { env: options.env ?? {} }, (err, channel) => {
        if (err) return reject(new Error(`The notebook refused to open a shell: ${err.message}`, { cause: err }));
        const early: EarlyEvents = { exit: undefined, closed: new Promise<void>((done) => channel.once('close', () => done())) };
        channel.on('exit', (code: number | null, exitSignal?: string) => {
          early.exit = { code: code ?? undefined, signal: exitSignal === undefined ? undefined : exitSignal.replace(/^SIG(SIG)?/, 'SIG') };
        });
        channel.on('error', () => undefined);
        if (signal.aborted) {
          channel.close();
          return reject(abortError());
        }
        resolve({ channel, early });
      });
    } catch (err) {
      // ssh2 throws synchronously when the client is no longer connected.
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
