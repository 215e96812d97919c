import { Client, type ConnectConfig } from 'ssh2';
import { abortableSleep } from '../api/retry';
import { abortError, isAbortError } from '../util/abort';
import type { Disposable } from '../util/disposable';
import { Emitter, type Event } from '../util/event';
import { defaultReconnectPolicy, type ReconnectPolicy, reconnectDelayMs } from './backoff';
import { describeSshError, HostKeyMismatchError, SshConnectionError } from './errors';
import { fingerprintOfBlob } from './keys';

/**
 * One SSH link to a notebook over ssh2's pure-JS client, kept alive and re-established by itself.
 *
 * ssh2 needs no option to run without its native parts: it `require`s the optional
 * `sshcrypto.node` binding and `cpu-features` inside try/catch and falls back to Node's crypto
 * plus a WASM poly1305 (see selfTest.ts, which proves that path in the running process).
 *
 * Lifecycle: `connect()` once (it fails fast, so a wrong key or a stopped notebook is reported
 * at once instead of being retried); after the first `ready`, a dropped link (server gone,
 * network cut, keepalives unanswered) is re-established with backoff until `dispose()`, or until
 * the policy's attempt limit, or until an error that a retry cannot fix (host key, auth).
 * Consumers (terminals, forwards, exec) read `client` each time they need it and listen for
 * `ready` to re-attach: a new link is a new `Client`, and channels never survive a drop.
 */

export type SshConnectionState = 'idle' | 'connecting' | 'ready' | 'lost' | 'reconnecting' | 'closed';

/** What happened to the link; `state` always equals the `type` of the last event. */
export type SshConnectionEvent =
  /** A handshake started; attempt 0 is the first connect, 1… are reconnects. */
  | { readonly type: 'connecting'; readonly attempt: number }
  | { readonly type: 'ready'; readonly client: Client; readonly reconnected: boolean }
  | { readonly type: 'lost'; readonly reason: SshConnectionError }
  /** Waiting `delayMs` before reconnect attempt `attempt`. */
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly lastError: SshConnectionError }
  /** Final. `reason` is absent after `dispose()`. */
  | { readonly type: 'closed'; readonly reason?: SshConnectionError };

export interface SshConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** Private key text (OpenSSH or PEM). Held in memory only: never logged, never put in an error. */
  readonly privateKey: string;
  readonly passphrase?: string;
  /**
   * Decides whether the server's host key blob (SSH wire format) is the one pinned for this
   * notebook. Called on every handshake, reconnects included. `false` refuses the connection
   * before anything (not even the user name) is sent.
   */
  readonly verifyHostKey: (keyBlob: Buffer) => boolean | Promise<boolean>;
  /** Default 15 s. With `keepaliveCountMax` it bounds how long a silently dropped link goes unnoticed. */
  readonly keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the link counts as dead. Default 4 (so ~1 minute). */
  readonly keepaliveCountMax?: number;
  /** Limit for TCP connect + handshake + auth. Default 20 s. */
  readonly readyTimeoutMs?: number;
  /** Reconnect schedule (defaults: 1 s doubling to 30 s, forever); `false` = a drop closes the connection. */
  readonly reconnect?: Partial<ReconnectPolicy> | false;
  /** Aborting it is `dispose()`. */
  readonly signal?: AbortSignal;
  /** [0, 1) source for the backoff jitter; tests inject it. */
  readonly random?: () => number;
}

export class SshConnection implements Disposable {
  private readonly changes = new Emitter<SshConnectionEvent>();
  /** Every state change, in order. */
  readonly onDidChange: Event<SshConnectionEvent> = this.changes.event;
  private currentState: SshConnectionState = 'idle';
  private current: Client | undefined;
  private handshaking: Client | undefined;
  private closeReason: SshConnectionError | undefined;
  private lastFingerprint: string | undefined;
  private readonly lifetime = new AbortController();
  private readonly onExternalAbort = (): void => this.dispose();

  constructor(private readonly options: SshConnectionOptions) {
    if (options.signal?.aborted) this.lifetime.abort();
    options.signal?.addEventListener('abort', this.onExternalAbort, { once: true });
  }

  get state(): SshConnectionState {
    return this.currentState;
  }

  /** The live client while `state` is 'ready'; undefined otherwise. Do not cache it across drops. */
  get client(): Client | undefined {
    return this.current;
  }

  /** `user@host:port`, for messages. */
  get destination(): string {
    return `${this.options.username}@${this.options.host}:${this.options.port}`;
  }

  /** `SHA256:…` of the host key the server offered last (accepted or not). */
  get hostKeyFingerprint(): string | undefined {
    return this.lastFingerprint;
  }

  /** Why the connection closed, when it closed on an error. */
  get closedReason(): SshConnectionError | undefined {
    return this.closeReason;
  }

  /**
   * Connects once. Rejects with an {@link SshConnectionError} (a {@link HostKeyMismatchError}
   * when the host key was refused) and the connection is then closed; make a new one to retry.
   */
  async connect(): Promise<void> {
    if (this.currentState !== 'idle') throw new Error(`connect() was already called on the connection to ${this.destination}.`);
    if (this.lifetime.signal.aborted) throw abortError();
    this.transition({ type: 'connecting', attempt: 0 });
    try {
      this.adopt(await this.handshake(), false);
    } catch (err) {
      if (this.lifetime.signal.aborted) throw abortError();
      const reason = err as SshConnectionError;
      this.finish(reason);
      throw reason;
    }
  }

  /** The client now if ready, else once it is; rejects when the connection closes or `signal` aborts. */
  whenReady(signal?: AbortSignal): Promise<Client> {
    if (this.current) return Promise.resolve(this.current);
    if (this.currentState === 'closed') return Promise.reject(this.closedError());
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
      const done = (): void => {
        subscription.dispose();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(abortError(signal?.reason));
      };
      const subscription = this.onDidChange((e) => {
        if (e.type === 'ready') {
          done();
          resolve(e.client);
        } else if (e.type === 'closed') {
          done();
          reject(this.closedError());
        }
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The ready client, or an error that says the link is down and what is happening about it. */
  requireClient(): Client {
    if (this.current) return this.current;
    if (this.currentState === 'closed') throw this.closedError();
    if (this.currentState === 'idle')
      throw new SshConnectionError('not-ready', `The SSH connection to ${this.destination} has not been opened; call connect() first.`);
    throw new SshConnectionError(
      'not-ready',
      `The SSH connection to ${this.destination} is not up (${this.currentState}); try again once it has reconnected.`,
    );
  }

  /** Ends the link (a clean SSH disconnect) and stops reconnecting. Final. */
  dispose(): void {
    if (this.currentState === 'closed') return;
    this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    this.lifetime.abort();
    const clients = [this.handshaking, this.current];
    this.handshaking = undefined;
    this.current = undefined;
    for (const client of clients) client?.end();
    this.transition({ type: 'closed' });
    this.changes.dispose();
  }

  private closedError(): SshConnectionError {
    return this.closeReason ?? new SshConnectionError('closed', `The SSH connection to ${this.destination} was closed; connect again.`);
  }

  private transition(e: SshConnectionEvent): void {
    this.currentState = e.type;
    this.changes.fire(e);
  }

  private finish(reason: SshConnectionError): void {
    if (this.currentState === 'closed') return;
    this.closeReason = reason;
    this.lifetime.abort();
    this.current?.end();
    this.current = undefined;
    this.transition({ type: 'closed', reason });
    this.changes.dispose();
  }

  /** One TCP connect + handshake + auth. Resolves with the authenticated client. */
  private handshake(): Promise<Client> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      this.handshaking = client;
      let refusedFingerprint: string | undefined;
      let settled = false;
      const settle = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        this.lifetime.signal.removeEventListener('abort', onAbort);
        if (this.handshaking === client) this.handshaking = undefined;
        if (err === undefined) return resolve(client);
        client.end();
        if (isAbortError(err)) return reject(err);
        reject(
          refusedFingerprint !== undefined
            ? new HostKeyMismatchError(this.destination, refusedFingerprint)
            : describeSshError(err, this.describeContext()),
        );
      };
      const onAbort = (): void => {
        client.end();
        settle(abortError());
      };
      // ssh2 throws on an unhandled 'error'; errors after `ready` are handled in adopt().
      client.on('error', (err) => settle(err));
      client.once('ready', () => settle());
      client.once('close', () => settle(new Error('The server closed the connection during the handshake.')));
      this.lifetime.signal.addEventListener('abort', onAbort, { once: true });

      const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
        const fingerprint = fingerprintOfBlob(key);
        this.lastFingerprint = fingerprint;
        Promise.resolve()
          .then(() => this.options.verifyHostKey(key))
          .then(
            (ok) => ok === true,
            () => false,
          )
          .then((ok) => {
            if (!ok) refusedFingerprint = fingerprint;
            verify(ok);
          })
          // verify() throwing (ssh2 already gave up on the handshake) must not become an unhandled rejection.
          .catch(() => undefined);
      };
      const config: ConnectConfig = {
        host: this.options.host,
        port: this.options.port,
        username: this.options.username,
        privateKey: this.options.privateKey,
        passphrase: this.options.passphrase,
        hostVerifier,
        keepaliveInterval: this.options.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: this.options.keepaliveCountMax ?? 4,
        readyTimeout: this.options.readyTimeoutMs ?? 20_000,
      };
      try {
        client.connect(config);
      } catch (err) {
        // A key ssh2 cannot parse throws here, synchronously.
        settle(err);
      }
    });
  }

  private describeContext() {
    const keepaliveMs = this.options.keepaliveIntervalMs ?? 15_000;
    const count = this.options.keepaliveCountMax ?? 4;
    return {
      destination: this.destination,
      username: this.options.username,
      readyTimeoutMs: this.options.readyTimeoutMs ?? 20_000,
      keepaliveMs,
      keepaliveCountMax: count,
    };
  }

  /** Makes `client` the live link and watches it for the drop. */
  private adopt(client: Client, reconnected: boolean): void {
    if (this.lifetime.signal.aborted) {
      client.end();
      return;
    }
    let lastError: unknown;
    client.on('error', (err) => (lastError ??= err));
    client.once('close', () => this.onLinkClosed(client, lastError));
    this.current = client;
    this.transition({ type: 'ready', client, reconnected });
  }

  private onLinkClosed(client: Client, error: unknown): void {
    if (client !== this.current || this.lifetime.signal.aborted) return;
    this.current = undefined;
    const reason = describeSshError(error ?? new Error('The server closed the connection.'), this.describeContext(), true);
    this.transition({ type: 'lost', reason });
    if (this.options.reconnect === false) this.finish(reason);
    else void this.reconnect(reason);
  }

  private async reconnect(firstReason: SshConnectionError): Promise<void> {
    const asked = this.options.reconnect || {};
    const policy: ReconnectPolicy = {
      baseDelayMs: asked.baseDelayMs ?? defaultReconnectPolicy.baseDelayMs,
      maxDelayMs: asked.maxDelayMs ?? defaultReconnectPolicy.maxDelayMs,
      maxAttempts: asked.maxAttempts ?? defaultReconnectPolicy.maxAttempts,
    };
    let lastError = firstReason;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      const delayMs = reconnectDelayMs(attempt, policy, this.options.random);
      this.transition({ type: 'reconnecting', attempt, delayMs, lastError });
      try {
        await abortableSleep(delayMs, this.lifetime.signal);
      } catch {
        return; // Disposed while waiting.
      }
      if (this.lifetime.signal.aborted) return;
      this.transition({ type: 'connecting', attempt });
      try {
        this.adopt(await this.handshake(), true);
        return;
      } catch (err) {
        if (this.lifetime.signal.aborted) return;
        lastError = err as SshConnectionError;
        // A changed host key or a refused login does not fix itself: stop instead of hammering.
        if (lastError.permanent) return this.finish(lastError);
      }
    }
    this.finish(
      new SshConnectionError(
        'gave-up',
        `Gave up reconnecting to ${this.destination} after ${policy.maxAttempts} attempts (last error: ${lastError.message}) Check that the notebook is running, then connect again.`,
        lastError,
      ),
    );
  }
}
