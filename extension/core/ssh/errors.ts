/** SSH failures as the bridge reports them: a kind to decide on, and a message that says what to do (in the process's language). */
import { plural } from '../util/plural';
import { messages as t } from '../util/translate';

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
      t(
        'The host key of {0} did not match the key pinned for this notebook (the server offered {1}); nothing was sent to it. If the notebook was deleted and recreated, remove its old pinned key and connect again; otherwise someone may be intercepting the connection.',
        destination,
        fingerprint,
      ),
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
  const seconds = (ms: number): string => t('{0} s', Math.round(ms / 100) / 10);
  if (whileConnected) {
    const why =
      text === 'Keepalive timeout'
        ? plural(ctx.keepaliveCountMax, {
            one: t('no answer to {0} keepalive in {1}; the network dropped the link', ctx.keepaliveCountMax, seconds(ctx.keepaliveMs)),
            other: t(
              'no answer to {0} keepalives in {1}; the network dropped the link',
              ctx.keepaliveCountMax,
              seconds(ctx.keepaliveMs * ctx.keepaliveCountMax),
            ),
          })
        : text.replace(/\.$/, '');
    return new SshConnectionError('lost', t('The connection to {0} was lost ({1}).', ctx.destination, why), err);
  }
  if (level === 'client-authentication') {
    return new SshConnectionError(
      'auth',
      t(
        '{0} refused the key for user "{1}". Use the private key of the key pair the notebook was created with.',
        ctx.destination,
        ctx.username,
      ),
      err,
    );
  }
  if (/privateKey|private key|passphrase/i.test(text)) {
    return new SshConnectionError(
      'key',
      t('The private key could not be used ({0}). Select the key file (.pem) that was downloaded when the key pair was created.', text),
      err,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new SshConnectionError(
      'unreachable',
      t(
        'Nothing accepts SSH connections at {0} (connection refused). Check that the notebook is running and has remote SSH access switched on.',
        ctx.destination,
      ),
      err,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new SshConnectionError(
      'unreachable',
      t('Cannot resolve the host of {0} ({1}). Check the address and your network or proxy.', ctx.destination, String(code)),
      err,
    );
  }
  if (level === 'client-timeout' || code === 'ETIMEDOUT') {
    return new SshConnectionError(
      'timeout',
      t(
        '{0} did not complete the SSH handshake within {1}. Check the address, the notebook’s IP allow-list and your network.',
        ctx.destination,
        seconds(ctx.readyTimeoutMs),
      ),
      err,
    );
  }
  return new SshConnectionError('other', t('SSH connection to {0} failed: {1}', ctx.destination, text), err);
}
