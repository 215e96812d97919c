import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isAlive } from '../../../../extension/local/ssh/processes';
import { type SshFixture, startFixture, waitFor } from './harness';

describe('local/ssh notebook server: teardown', () => {
  let fx: SshFixture;
  beforeEach(async () => {
    fx = await startFixture();
  });
  afterEach(async () => fx?.dispose());

  /** Runs ssh with a command that prints pids, and resolves with them while it keeps running. */
  async function startRemote(args: string[], count: number, input?: string) {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', () => undefined);
    if (input) child.stdin.write(input);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pids = await waitFor(() => {
      const found = [...out.matchAll(/PID=(\d+)/g)].map((m) => Number(m[1]));
      return found.length >= count ? found : undefined;
    }, 'pids from the remote command');
    return { child, pids, exited };
  }

  it('kills an exec process group and a setsid-escaped background job on close()', async () => {
    const cmd = 'setsid sleep 1000 >/dev/null 2>&1 </dev/null & echo PID=$!; echo PID=$$; exec sleep 1000';
    const { pids, exited } = await startRemote([...fx.sshArgs(), cmd], 2);
    assert.ok(pids.every(isAlive), 'processes run before close()');
    await fx.server.close();
    // close() ends them; on a loaded machine the kernel may take a moment to reap, so poll (no timing asserted).
    for (const pid of pids) await waitFor(() => (isAlive(pid) ? undefined : true), `pid ${pid} to be gone`, 30_000);
    await exited; // The client saw the connection end.
  });

  it('kills a pty shell and its jobs on close()', async () => {
    const { pids, exited } = await startRemote([...fx.sshArgs('-tt')], 2, 'sleep 1000 & echo "PID=$!"; echo "PID=$$"\n');
    assert.ok(pids.every(isAlive));
    await fx.server.close();
    // close() ends them; on a loaded machine the kernel may take a moment to reap, so poll (no timing asserted).
    for (const pid of pids) await waitFor(() => (isAlive(pid) ? undefined : true), `pid ${pid} to be gone`, 30_000);
    await exited;
  });

  it('hangs up a pty shell when the client disconnects', async () => {
    const { child, pids } = await startRemote([...fx.sshArgs('-tt')], 1, 'echo "PID=$$"\n');
    child.kill('SIGKILL');
    await waitFor(() => (isAlive(pids[0]!) ? undefined : true), 'the shell to exit after hangup');
  });
});
