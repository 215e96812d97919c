import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { freePort, type SshFixture, run, startFixture, waitFor } from './harness';

describe('local/ssh notebook server: port forwarding', () => {
  let fx: SshFixture;
  let web: http.Server;
  let webPort: number;
  before(async () => {
    fx = await startFixture();
    web = http.createServer((_req, res) => res.end('hello through the tunnel'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
    webPort = (web.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => web?.close(resolve));
    await fx?.dispose();
  });

  /** Starts `ssh -N` with the given forward options; returns it with its collected stderr. */
  function tunnel(...options: string[]) {
    const child = spawn('ssh', [...fx.sshArgs('-N', '-o', 'ExitOnForwardFailure=yes', ...options)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const state = { stderr: '', exited: false };
    child.stderr.on('data', (d: Buffer) => (state.stderr += d.toString()));
    child.once('exit', () => (state.exited = true));
    return { child, state };
  }
  const fetchText = async (port: number): Promise<string | undefined> => {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/`)).text();
    } catch {
      return undefined;
    }
  };

  it('forwards a local port to a host:port on the notebook side (ssh -L)', async () => {
    const localPort = await freePort();
    const { child, state } = tunnel('-L', `${localPort}:127.0.0.1:${webPort}`);
    try {
      const body = await waitFor(() => (state.exited ? Promise.reject(new Error(state.stderr)) : fetchText(localPort)), 'the -L tunnel');
      assert.equal(body, 'hello through the tunnel');
    } finally {
      child.kill();
    }
  });

  it('opens a remote forward on 127.0.0.1 with a server-chosen port (ssh -R 0:...)', async () => {
    const { child, state } = tunnel('-R', `0:127.0.0.1:${webPort}`);
    try {
      const port = await waitFor(() => {
        if (state.exited) throw new Error(state.stderr);
        const m = /Allocated port (\d+) for remote forward/.exec(state.stderr);
        return m ? Number(m[1]) : undefined;
      }, 'the allocated port');
      assert.equal(await fetchText(port), 'hello through the tunnel');
    } finally {
      child.kill();
    }
  });

  it('opens a remote forward on a fixed port and closes it with the connection', async () => {
    const port = await freePort();
    const { child, state } = tunnel('-R', `127.0.0.1:${port}:127.0.0.1:${webPort}`);
    const body = await waitFor(() => (state.exited ? Promise.reject(new Error(state.stderr)) : fetchText(port)), 'the -R tunnel');
    assert.equal(body, 'hello through the tunnel');
    child.kill();
    await waitFor(async () => ((await fetchText(port)) === undefined ? true : undefined), 'the listener to close');
  });

  it('refuses a remote forward on a non-loopback address', async () => {
    const r = await run('ssh', [...fx.sshArgs('-N', '-o', 'ExitOnForwardFailure=yes', '-R', `0.0.0.0:0:127.0.0.1:${webPort}`)]);
    assert.equal(r.code, 255);
    assert.match(r.stderr, /remote port forwarding failed/i);
  });
});
