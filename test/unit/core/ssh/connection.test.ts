import assert from 'node:assert/strict';
import net from 'node:net';
import { reconnectDelayMs } from '../../../../extension/core/ssh/backoff';
import { SshConnection, type SshConnectionEvent } from '../../../../extension/core/ssh/connection';
import { HostKeyMismatchError, type SshConnectionError } from '../../../../extension/core/ssh/errors';
import { generateEd25519 } from '../../../../extension/core/ssh/keys';
import { startNotebookSshServer } from '../../../../extension/local/ssh/notebookSshServer';
import { freePort, type SshFixture, startFixture, waitFor } from '../../local/ssh/harness';
import { connectionOptionsFor, publicBlob } from './fixtureConnection';

/**
 * A TCP relay in front of the SSH server that can go silent: existing connections stop carrying
 * bytes but stay open, like a firewall that dropped an idle flow. New connections relay normally.
 */
async function startSilencingProxy(targetPort: number) {
  const pairs: Array<[net.Socket, net.Socket]> = [];
  const silenced: net.Socket[] = [];
  const server = net.createServer((downstream) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [downstream, upstream]) s.on('error', () => undefined);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    pairs.push([downstream, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silenceAll(): void {
      for (const [down, up] of pairs.splice(0)) {
        down.unpipe(up);
        up.unpipe(down);
        down.pause();
        up.pause();
        // Kept referenced (not destroyed): the link must look alive to TCP.
        silenced.push(down, up);
      }
    },
    close(): void {
      for (const s of [...pairs.flat(), ...silenced]) s.destroy();
      server.close();
    },
  };
}
describe('core/ssh connection: backoff', () => {
  it('doubles the step per attempt, keeps at least half of it, and caps it', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: Infinity };
    assert.equal(
      reconnectDelayMs(1, policy, () => 0),
      500,
    );
    assert.equal(
      reconnectDelayMs(1, policy, () => 0.999999),
      1000,
    );
    assert.equal(
      reconnectDelayMs(3, policy, () => 0),
      2000,
    );
    assert.equal(
      reconnectDelayMs(20, policy, () => 0),
      15_000,
    );
    assert.equal(
      reconnectDelayMs(20, policy, () => 0.999999),
      30_000,
    );
  });
});

describe('core/ssh connection: against a notebook SSH server', () => {
  let fx: SshFixture;
  let authAttempts = 0;
  const open: SshConnection[] = [];
  before(async () => {
    fx = await startFixture();
    const original = fx.options.authorizedKeys;
    // The server reads this at every login: counting calls tells whether a client got as far as auth.
    fx.options.authorizedKeys = () => {
      authAttempts++;
      return original();
    };
  });
  /** Set while a test has the server stopped, so a failing test does not leave it down for the next. */
  let pendingStart: (() => Promise<void>) | undefined;
  afterEach(async () => {
    for (const conn of open.splice(0)) conn.dispose();
    await pendingStart?.();
  });
  after(async () => fx?.dispose());

  function track(conn: SshConnection): SshConnection {
    open.push(conn);
    return conn;
  }

  /** Stops the notebook's SSH server (sessions end) and resolves with a function that starts it again on the same port and key. */
  async function stopServer(): Promise<() => Promise<void>> {
    const port = fx.server.port;
    await fx.server.close();
    const start = async (): Promise<void> => {
      if (pendingStart !== start) return;
      pendingStart = undefined;
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    };
    pendingStart = start;
    return start;
  }

  it('connects when the host key matches the pinned one, and reports its fingerprint', async () => {
    const conn = track(new SshConnection(connectionOptionsFor(fx)));
    const events: string[] = [];
    conn.onDidChange((e) => events.push(e.type));
    await conn.connect();
    assert.equal(conn.state, 'ready');
    assert.ok(conn.client);
    assert.equal(conn.hostKeyFingerprint, fx.server.hostKeyFingerprint);
    assert.deepEqual(events, ['connecting', 'ready']);
    conn.dispose();
    assert.equal(conn.state, 'closed');
    assert.equal(conn.client, undefined);
  });

  it('accepts an asynchronous verifier', async () => {
    const pinned = publicBlob(fx.hostKey.public);
    const conn = track(new SshConnection(connectionOptionsFor(fx, { verifyHostKey: async (blob) => blob.equals(pinned) })));
    await conn.connect();
    assert.equal(conn.state, 'ready');
  });

  it('refuses a host key that does not match, before authenticating, and says which key it saw', async () => {
    const other = publicBlob(generateEd25519().public);
    for (const verifyHostKey of [
      (blob: Buffer) => blob.equals(other),
      async () => false,
      () => Promise.reject(new Error('pin store unreadable')),
    ]) {
      const before = authAttempts;
      const conn = track(new SshConnection(connectionOptionsFor(fx, { verifyHostKey })));
      const err = await conn.connect().then(
        () => assert.fail('connected despite a refused host key'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof HostKeyMismatchError, String(err));
      assert.equal(err.kind, 'host-key');
      assert.equal(err.permanent, true);
      assert.equal(err.fingerprint, fx.server.hostKeyFingerprint);
      assert.ok(err.message.includes(fx.server.hostKeyFingerprint), err.message);
      assert.match(err.message, /did not match/);
      assert.equal(conn.state, 'closed');
      assert.equal(conn.client, undefined);
      assert.equal(authAttempts, before, 'the client never reached authentication');
    }
  });

  it('explains a refused login and a closed port, and never puts the key in the message', async () => {
    const wrongKey = generateEd25519().private;
    const conn = track(new SshConnection(connectionOptionsFor(fx, { privateKey: wrongKey })));
    const auth = await conn.connect().then(
      () => assert.fail('connected with an unauthorized key'),
      (e: unknown) => e as SshConnectionError,
    );
    assert.equal(auth.kind, 'auth');
    assert.match(auth.message, /refused the key for user "ma-user"/);
    assert.ok(!auth.message.includes('PRIVATE KEY'));

    const port = await freePort();
    const refused = track(new SshConnection(connectionOptionsFor(fx, { port })));
    const unreachable = await refused.connect().then(
      () => assert.fail('connected to a closed port'),
      (e: unknown) => e as SshConnectionError,
    );
    assert.equal(unreachable.kind, 'unreachable');
    assert.match(unreachable.message, /connection refused.*notebook is running/);

    const garbled = track(new SshConnection(connectionOptionsFor(fx, { privateKey: 'not a key' })));
    const key = await garbled.connect().then(
      () => assert.fail('connected with garbage as the key'),
      (e: unknown) => e as SshConnectionError,
    );
    assert.equal(key.kind, 'key');
    assert.match(key.message, /\.pem/);
  });

  it('reconnects by itself after the server goes away and comes back on the same port with the same key', async () => {
    const conn = track(new SshConnection(connectionOptionsFor(fx)));
    const events: SshConnectionEvent[] = [];
    conn.onDidChange((e) => events.push(e));
    await conn.connect();
    const first = conn.client;

    const start = await stopServer();
    await waitFor(() => (events.some((e) => e.type === 'lost') ? true : undefined), 'the drop to be noticed');
    assert.notEqual(conn.state, 'ready');
    assert.throws(() => conn.requireClient(), /not up .*try again once it has reconnected/);
    await start();

    const client = await conn.whenReady(AbortSignal.timeout(30_000));
    assert.notEqual(client, first, 'a new link is a new client');
    assert.equal(conn.state, 'ready');
    const lost = events.find((e) => e.type === 'lost');
    assert.ok(lost && lost.type === 'lost' && lost.reason.kind === 'lost', 'a lost event with a reason');
    assert.ok(events.some((e) => e.type === 'reconnecting' && e.attempt >= 1 && e.delayMs >= 0));
    const ready = events.filter((e) => e.type === 'ready');
    assert.deepEqual(
      ready.map((e) => e.type === 'ready' && e.reconnected),
      [false, true],
    );
  });

  it('notices a silently dropped link through unanswered keepalives and reconnects', async () => {
    const proxy = await startSilencingProxy(fx.server.port);
    try {
      const conn = track(new SshConnection(connectionOptionsFor(fx, { port: proxy.port, keepaliveIntervalMs: 100, keepaliveCountMax: 2 })));
      const reasons: string[] = [];
      conn.onDidChange((e) => e.type === 'lost' && reasons.push(e.reason.message));
      await conn.connect();
      const first = conn.client;
      proxy.silenceAll();
      await waitFor(() => (reasons.length ? true : undefined), 'the silent drop to be noticed', 30_000);
      assert.match(reasons[0] ?? '', /no answer to 2 keepalives in 0\.2 s; the network dropped the link/);
      const client = await conn.whenReady(AbortSignal.timeout(30_000));
      assert.notEqual(client, first);
    } finally {
      proxy.close();
    }
  });

  it('stops reconnecting when the server comes back with a different host key', async () => {
    const conn = track(new SshConnection(connectionOptionsFor(fx)));
    await conn.connect();
    const port = fx.server.port;
    await fx.server.close();
    const impostor = await startNotebookSshServer({ ...fx.options, hostKey: generateEd25519().private, port });
    try {
      const closed = await waitFor(
        () => (conn.state === 'closed' ? conn.closedReason : undefined),
        'the connection to give up on the impostor',
        30_000,
      );
      assert.ok(closed instanceof HostKeyMismatchError);
      assert.equal(closed.fingerprint, impostor.hostKeyFingerprint);
      await assert.rejects(conn.whenReady(), HostKeyMismatchError);
    } finally {
      await impostor.close();
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    }
  });

  it('gives up after the configured number of attempts', async () => {
    const conn = track(new SshConnection(connectionOptionsFor(fx, { reconnect: { baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 3 } })));
    const attempts: number[] = [];
    conn.onDidChange((e) => e.type === 'reconnecting' && attempts.push(e.attempt));
    await conn.connect();
    await stopServer();
    const reason = await waitFor(() => (conn.state === 'closed' ? conn.closedReason : undefined), 'the connection to give up', 30_000);
    assert.equal(reason?.kind, 'gave-up');
    assert.match(reason?.message ?? '', /after 3 attempts.*notebook is running/);
    assert.deepEqual(attempts, [1, 2, 3]);
  });

  it('closes without reconnecting when reconnect is off, and stops waiting when disposed or aborted', async () => {
    const noRetry = track(new SshConnection(connectionOptionsFor(fx, { reconnect: false })));
    await noRetry.connect();
    const start = await stopServer();
    const reason = await waitFor(() => (noRetry.state === 'closed' ? noRetry.closedReason : undefined), 'the connection to close');
    assert.equal(reason?.kind, 'lost');
    assert.match(reason?.message ?? '', /was lost \(The server closed the connection\)/);
    await start();

    // Disposing while reconnecting: the loop ends, whenReady() rejects.
    const conn = track(new SshConnection(connectionOptionsFor(fx, { reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000 } })));
    await conn.connect();
    const restart = await stopServer();
    await waitFor(() => (conn.state === 'reconnecting' ? true : undefined), 'the reconnect wait');
    const waiting = conn.whenReady();
    conn.dispose();
    await assert.rejects(waiting, /closed/);
    assert.equal(conn.state, 'closed');
    await restart();

    // An external AbortSignal is the same as dispose().
    const controller = new AbortController();
    const aborted = track(new SshConnection(connectionOptionsFor(fx, { signal: controller.signal })));
    await aborted.connect();
    controller.abort();
    assert.equal(aborted.state, 'closed');
  });
});
