/**
 * Reads a notebook's SSH host key and pins it in the toolkit's known_hosts before OpenSSH (or
 * VS Code Remote-SSH) connects with strict checking. Nothing here ever trusts a changed key
 * without asking.
 */
import { Client } from 'ssh2';
import { abortError, isAbortError, throwIfAborted } from '../util/abort';
import { compareHostKey, knownHostsFile, pinHostKey } from './knownHosts';
import { fingerprintOf } from './keys';
import type { SshTarget } from './target';

export interface ScanOptions {
  readonly signal?: AbortSignal;
  /** Connect plus key exchange; default 20 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The server's host public key line (`ssh-ed25519 AAAA...`). The key exchange runs to its end, so
 * the server has proved it holds the private half (ssh2 checks the exchange signature before
 * `handshake`); then the connection is closed without authenticating.
 */
export function scanHostKey(host: string, port: number, options: ScanOptions = {}): Promise<string> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  throwIfAborted(signal);
  return new Promise((resolve, reject) => {
    const client = new Client();
    let captured: string | undefined;
    let settled = false;
    const settle = (err: Error | undefined, line?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      client.end();
      if (err) reject(err);
      else resolve(line as string);
    };
    const onAbort = () => settle(abortError(signal?.reason));
    const timer = setTimeout(
      () => settle(new Error(`no SSH handshake from ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    // Stays attached: ssh2 may report the disconnect after we settled.
    client.on('error', (err) => settle(err));
    client.on('close', () => settle(new Error(`${host}:${port} closed the connection before the SSH handshake finished`)));
    client.on('handshake', () =>
      captured ? settle(undefined, captured) : settle(new Error('the SSH handshake finished without a host key')),
    );
    client.connect({
      host,
      port,
      username: 'ma-user',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer): boolean => {
        captured = keyLineOf(key);
        return true;
      },
    });
  });
}

/** `type base64` from the wire form of a public key (string type, then key data). */
function keyLineOf(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = blob.subarray(4, 4 + length).toString('latin1');
  const line = `${type} ${blob.toString('base64')}`;
  fingerprintOf(line); // refuses a blob that is not a key
  return line;
}

export type HostKeyQuestion =
  | { readonly kind: 'new'; readonly fingerprint: string }
  | { readonly kind: 'changed'; readonly oldFingerprint: string; readonly newFingerprint: string };

/** Asks the user (or a flag) whether to trust a key; true pins it. */
export type HostKeyDecider = (question: HostKeyQuestion) => boolean | Promise<boolean>;

export interface PinOptions extends ScanOptions {
  /** Without it, any key that would need a decision is refused. */
  readonly decide?: HostKeyDecider;
  /** Default: {@link knownHostsFile}. */
  readonly knownHostsFile?: string;
  /** Default: {@link scanHostKey} (tests pass their own). */
  readonly scan?: (host: string, port: number, options: ScanOptions) => Promise<string>;
}

export interface PinResult {
  readonly fingerprint: string;
  readonly outcome: 'already-pinned' | 'pinned' | 'replaced';
}

export type HostKeyProblem = 'unreachable' | 'unexpected-key' | 'refused-new' | 'refused-changed';

export class HostKeyError extends Error {
  constructor(
    readonly problem: HostKeyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'HostKeyError';
  }
}

/**
 * Makes sure the notebook's current host key is pinned under its HostKeyAlias:
 * - the platform's fingerprint (local mode sends one) must match the scanned key, or this fails;
 * - a first key is pinned silently when the platform vouched for it, else `decide` is asked;
 * - a changed key is only replaced when `decide` says so, never silently.
 */
export async function pinHostKeyForTarget(target: SshTarget, options: PinOptions = {}): Promise<PinResult> {
  const file = options.knownHostsFile ?? knownHostsFile();
  const scan = options.scan ?? scanHostKey;
  const label = `notebook '${target.notebookName}'`;
  const where = `${target.host}:${target.port}`;
  let line: string;
  try {
    line = await scan(target.host, target.port, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new HostKeyError(
      'unreachable',
      `Could not read the SSH host key of ${label} at ${where} (${reason}). Check that the notebook is running and that this machine's IP is in its SSH allow-list.`,
    );
  }
  const fingerprint = fingerprintOf(line);
  if (target.expectedFingerprint && target.expectedFingerprint !== fingerprint) {
    throw new HostKeyError(
      'unexpected-key',
      `The SSH server at ${where} presented host key ${fingerprint}, but the platform says ${label} has ${target.expectedFingerprint}. Something may be intercepting the connection, or the address now belongs to another server; not connecting. Refresh the notebook and try again.`,
    );
  }
  const comparison = compareHostKey(target.hostKeyAlias, line, file);
  if (comparison.kind === 'match') return { fingerprint, outcome: 'already-pinned' };
  if (comparison.kind === 'new') {
    const trusted = target.expectedFingerprint !== undefined || (await ask(options, { kind: 'new', fingerprint }));
    throwIfAborted(options.signal);
    if (!trusted)
      throw new HostKeyError(
        'refused-new',
        `The host key of ${label} (${fingerprint}) was not accepted, so nothing was pinned and SSH will not connect.`,
      );
    pinHostKey(target.hostKeyAlias, line, file);
    return { fingerprint, outcome: 'pinned' };
  }
  const accepted = await ask(options, { kind: 'changed', oldFingerprint: comparison.oldFingerprint, newFingerprint: fingerprint });
  throwIfAborted(options.signal);
  if (!accepted) {
    throw new HostKeyError(
      'refused-changed',
      `The host key of ${label} changed from ${comparison.oldFingerprint} to ${fingerprint} and the new key was not accepted, so SSH will refuse to connect. Accept it only if the notebook was recreated or its key reset; otherwise someone may be intercepting the connection.`,
    );
  }
  pinHostKey(target.hostKeyAlias, line, file);
  return { fingerprint, outcome: 'replaced' };
}

async function ask(options: PinOptions, question: HostKeyQuestion): Promise<boolean> {
  return options.decide ? (await options.decide(question)) === true : false;
}
