/** SSH failures as the bridge reports them: a kind to decide on, and a message that says what to do. */

/** What kind of failure, so callers (and the reconnect loop) can decide without parsing text. */
export type SshErrorKind = 'host-key' | 'auth' | 'key' | 'unreachable' | 'timeout' | 'lost' | 'not-ready' | 'closed' | 'gave-up' | 'other';

/** An SSH failure whose message says what went wrong and what to do. Never contains key material. */
export class SshConnectionError extends Error {
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SshConnectionError';
  }

  /** True when trying again cannot help until someone changes something (key, pin, account). */
  get permanent(): boolean {
    return this.kind === 'host-key' || this.kind === 'auth' || this.kind === 'key';
  }
}

/** The server's host key was refused by `verifyHostKey`; the handshake stopped before auth. */
export class HostKeyMismatchError extends SshConnectionError {
  constructor(
    readonly destination: string,
    /** `SHA256:…` of the key the server offered. */
    readonly fingerprint: string,
  ) {
    super(
      'host-key',
      `The host key of ${destination} did not match the key pinned for this notebook (the server offered ${fingerprint}); nothing was sent to it. ` +
        'If the notebook was deleted and recreated, remove its old pinned key and connect again; otherwise someone may be intercepting the connection.',
    );
    this.name = 'HostKeyMismatchError';
  }
}

export interface ErrorContext {
  readonly destination: string;
  readonly username: string;
  readonly readyTimeoutMs: number;
  readonly keepaliveMs: number;
  readonly keepaliveCountMax: number;
}

/** Turns an ssh2 or socket error into an {@link SshConnectionError} with advice. */
export function describeSshError(err: unknown, ctx: ErrorContext, whileConnected = false): SshConnectionError {
  if (err instanceof SshConnectionError) return err;
  const { code, level, message } = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    level?: unknown;
    message?: unknown;
  };
  const text = typeof message === 'string' ? message : String(err);
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  if (whileConnected) {
    const why =
      text === 'Keepalive timeout'
        ? `no answer to ${ctx.keepaliveCountMax} keepalives in ${seconds(ctx.keepaliveMs * ctx.keepaliveCountMax)}; the network dropped the link`
        : text.replace(/\.$/, '');
    return new SshConnectionError('lost', `The connection to ${ctx.destination} was lost (${why}).`, err);
  }
  if (level === 'client-authentication') {
    return new SshConnectionError(
      'auth',
      `${ctx.destination} refused the key for user "${ctx.username}". Use the private key of the key pair the notebook was created with.`,
      err,
    );
  }
  if (/privateKey|private key|passphrase/i.test(text)) {
    return new SshConnectionError(
      'key',
      `The private key could not be used (${text}). Select the key file (.pem) that was downloaded when the key pair was created.`,
      err,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new SshConnectionError(
      'unreachable',
      `Nothing accepts SSH connections at ${ctx.destination} (connection refused). Check that the notebook is running and has remote SSH access switched on.`,
      err,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new SshConnectionError(
      'unreachable',
      `Cannot resolve the host of ${ctx.destination} (${String(code)}). Check the address and your network or proxy.`,
      err,
    );
  }
  if (level === 'client-timeout' || code === 'ETIMEDOUT') {
    return new SshConnectionError(
      'timeout',
      `${ctx.destination} did not complete the SSH handshake within ${seconds(ctx.readyTimeoutMs)}. Check the address, the notebook's IP allow-list and your network.`,
      err,
    );
  }
  return new SshConnectionError('other', `SSH connection to ${ctx.destination} failed: ${text}`, err);
}
