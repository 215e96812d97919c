import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { SshConnection } from '../../../../extension/core/ssh/connection';
import { type PortForwardsChange, PortForwards } from '../../../../extension/core/ssh/portForward';
import { startNotebookSshServer } from '../../../../extension/local/ssh/notebookSshServer';
import { connectionOptionsFor } from './fixtureConnection';
import { freePort, type SshFixture, startFixture, waitFor } from '../../local/ssh/harness';

/** Sends `data` through a TCP connection to `port`, half-closes, and resolves with everything read back. */
function roundTrip(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('error', reject);
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.end(data);
  });
}

/** Resolves with how a connection to `port` ends when nothing is sent: 'refused', 'reset', or 'closed'. */
function probe(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
    socket.once('end', () => resolve('closed'));
    socket.resume();
  });
}

const listenOn = (server: net.Server, port = 0): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });

describe('core/ssh port forwards: local ports to services in a notebook', () => {
  let fx: SshFixture;
  let echo: net.Server;
  let echoPort: number;
  let web: http.Server;
  let webPort: number;
  let conn: SshConnection;
  let forwards: PortForwards;

  before(async () => {
    fx = await startFixture();
    // "In the notebook" is this machine's loopback: the local notebook runs on it.
    echo = net.createServer((s) => {
      s.on('error', () => undefined); // a forward reset by a test
      s.pipe(s);
    });
    echoPort = await listenOn(echo);
    web = http.createServer((req, res) => res.end(`jupyter says hi to ${req.url}`));
    webPort = await listenOn(web);
  });
  beforeEach(async () => {
    conn = new SshConnection(connectionOptionsFor(fx));
    await conn.connect();
    forwards = new PortForwards(conn, { linkWaitMs: 30_000 });
  });
  afterEach(async () => {
    await forwards?.closeAll();
    forwards?.dispose();
    conn?.dispose();
  });
  after(async () => {
    await new Promise((r) => echo?.close(r));
    await new Promise((r) => web?.close(r));
    await fx?.dispose();
  });

  it('forwards a local port to an HTTP server in the notebook', async () => {
    const info = await forwards.add({ remotePort: webPort, label: 'Jupyter' });
    assert.equal(info.localHost, '127.0.0.1');
    assert.equal(info.remoteHost, '127.0.0.1');
    assert.equal(info.requestedLocalPort, 0);
    assert.ok(info.localPort > 0);
    const body = await (await fetch(`http://127.0.0.1:${info.localPort}/lab`)).text();
    assert.equal(body, 'jupyter says hi to /lab');
    assert.equal(forwards.get(info.id)?.label, 'Jupyter');
  });

  it('carries many concurrent connections intact and counts them and their bytes', async () => {
    const info = await forwards.add({ remotePort: echoPort });
    const payloads = Array.from({ length: 8 }, (_, i) => randomBytes(200_000 + i * 1000));
    const echoed = await Promise.all(payloads.map((p) => roundTrip(info.localPort, p)));
    echoed.forEach((back, i) => assert.ok(back.equals(payloads[i]!), `connection ${i} came back intact`));
    const total = payloads.reduce((n, p) => n + p.length, 0);
    const stats = await waitFor(() => {
      const now = forwards.get(info.id);
      return now && now.activeConnections === 0 ? now : undefined;
    }, 'the connections to be closed');
    assert.equal(stats.totalConnections, 8);
    assert.equal(stats.failedConnections, 0);
    assert.equal(stats.bytesToRemote, total);
    assert.equal(stats.bytesFromRemote, total);
  });

  it('uses another local port when the preferred one is busy, and says so', async () => {
    const squatter = net.createServer();
    const busy = await listenOn(squatter);
    try {
      const info = await forwards.add({ remotePort: webPort, localPort: busy });
      assert.equal(info.requestedLocalPort, busy);
      assert.notEqual(info.localPort, busy);
      assert.equal(await (await fetch(`http://127.0.0.1:${info.localPort}/`)).text(), 'jupyter says hi to /');

      const free = await freePort();
      const exact = await forwards.add({ remotePort: echoPort, localPort: free });
      assert.equal(exact.localPort, free);
    } finally {
      squatter.close();
    }
  });

  it('returns the existing forward for the same remote port, lists, and removes', async () => {
    const changes: PortForwardsChange[] = [];
    forwards.onDidChange((c) => changes.push(c));
    const a = await forwards.add({ remotePort: webPort });
    const again = await forwards.add({ remotePort: webPort });
    assert.equal(again.id, a.id);
    const b = await forwards.add({ remotePort: echoPort });
    assert.deepEqual(
      forwards.list().map((f) => f.id),
      [a.id, b.id],
    );
    assert.equal(await forwards.remove(a.id), true);
    assert.equal(await forwards.remove(a.id), false);
    assert.equal(await probe(a.localPort), 'refused');
    assert.deepEqual(
      forwards.list().map((f) => f.id),
      [b.id],
    );
    assert.deepEqual(
      changes.filter((c) => c.type !== 'updated').map((c) => `${c.type} ${c.forward.id}`),
      [`added ${a.id}`, `added ${b.id}`, `removed ${a.id}`],
    );
    await forwards.closeAll();
    assert.deepEqual(forwards.list(), []);
    assert.equal(await probe(b.localPort), 'refused');
  });

  it('resets a local connection when nothing listens on the remote port, and reports why', async () => {
    const closedPort = await freePort();
    const info = await forwards.add({ remotePort: closedPort });
    assert.equal(await probe(info.localPort), 'reset', 'accepted, then reset (not a clean close that looks like an empty answer)');
    const after = await waitFor(
      () => (forwards.get(info.id)?.failedConnections ? forwards.get(info.id) : undefined),
      'the failure to be counted',
    );
    assert.match(
      after.lastError ?? '',
      new RegExp(`Nothing answered at 127\\.0\\.0\\.1:${closedPort} in the notebook.*service is running`),
    );
  });

  it('keeps listening across a reconnect: a connection made while the link is down waits for it', async () => {
    const info = await forwards.add({ remotePort: echoPort });
    assert.ok((await roundTrip(info.localPort, Buffer.from('before'))).equals(Buffer.from('before')));

    const port = fx.server.port;
    await fx.server.close();
    let duringOutage: Promise<Buffer>;
    try {
      await waitFor(() => (conn.state !== 'ready' ? true : undefined), 'the drop to be noticed');
      duringOutage = roundTrip(info.localPort, Buffer.from('during'));
    } finally {
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    }
    assert.equal((await duringOutage).toString(), 'during');
    assert.equal((await roundTrip(info.localPort, Buffer.from('after'))).toString(), 'after');
    assert.equal(forwards.get(info.id)?.localPort, info.localPort, 'same local port throughout');
  });

  it('resets open connections when the link drops, and frees its ports when the connection closes for good', async () => {
    const info = await forwards.add({ remotePort: echoPort });
    const socket = net.connect(info.localPort, '127.0.0.1');
    let ended: string | undefined;
    socket.once('error', (err: NodeJS.ErrnoException) => (ended ??= err.code ?? 'error'));
    socket.once('close', () => (ended ??= 'closed'));
    socket.write('hello');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));

    const port = fx.server.port;
    await fx.server.close();
    try {
      assert.equal(await waitFor(() => ended, 'the open connection to end'), 'ECONNRESET');
    } finally {
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    }

    conn.dispose();
    await waitFor(() => (forwards.list().length === 0 ? true : undefined), 'the forwards to close with the connection');
    assert.equal(await probe(info.localPort), 'refused');
    await assert.rejects(forwards.add({ remotePort: echoPort }), /closed; connect again/);
  });
});
