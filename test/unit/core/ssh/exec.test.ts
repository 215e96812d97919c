import assert from 'node:assert/strict';
import { SshConnection } from '../../../../extension/core/ssh/connection';
import { SshConnectionError } from '../../../../extension/core/ssh/errors';
import { execRemote, execRemoteText } from '../../../../extension/core/ssh/exec';
import { isAbortError } from '../../../../extension/core/util/abort';
import { startNotebookSshServer } from '../../../../extension/local/ssh/notebookSshServer';
import { isAlive } from '../../../../extension/local/ssh/processes';
import { connectionOptionsFor } from './fixtureConnection';
import { type SshFixture, startFixture, waitFor } from '../../local/ssh/harness';

describe('core/ssh exec: commands in a notebook', () => {
  let fx: SshFixture;
  let conn: SshConnection;
  before(async () => {
    fx = await startFixture();
  });
  beforeEach(async () => {
    conn = new SshConnection(connectionOptionsFor(fx));
    await conn.connect();
  });
  afterEach(() => conn?.dispose());
  after(async () => fx?.dispose());

  it('keeps stdout and stderr apart and returns the exit code', async () => {
    const r = await execRemoteText(conn, 'echo out; echo err >&2; exit 7');
    assert.deepEqual(r, { code: 7, signal: undefined, stdout: 'out\n', stderr: 'err\n' });
  });

  it('streams output as it comes, feeds stdin, passes env, and runs in the work dir', async () => {
    const chunks: string[] = [];
    const r = await execRemote(conn, 'pwd; printf "%s|" "$MY_SETTING"; cat', {
      stdin: 'from stdin',
      env: { MY_SETTING: 'on' },
      onStdout: (c) => chunks.push(c.toString()),
    });
    assert.equal(r.code, 0);
    assert.equal(chunks.join(''), `${fx.workDir}\non|from stdin`);
  });

  it("closes stdin at once with stdin: '', so a reading command does not wait", async () => {
    const r = await execRemoteText(conn, 'cat; echo done', { stdin: '' });
    assert.equal(r.stdout, 'done\n');
  });

  it('reports a command killed by a signal', async () => {
    const r = await execRemoteText(conn, 'kill -TERM $$');
    assert.equal(r.code, undefined);
    assert.equal(r.signal, 'SIGTERM');
  });

  it('runs on a pty when asked', async () => {
    const r = await execRemoteText(conn, 'tty; echo "T=$TERM"; stty size', { pty: { cols: 91, rows: 27 } });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r$/m);
    assert.match(r.stdout, /^T=xterm-256color\r$/m);
    assert.match(r.stdout, /^27 91\r$/m);
  });

  it('kills the remote process when aborted', async () => {
    const controller = new AbortController();
    let out = '';
    const running = execRemote(conn, 'echo PID=$$; exec sleep 1000', { signal: controller.signal, onStdout: (c) => (out += c.toString()) });
    const pid = await waitFor(() => (/PID=(\d+)/.exec(out)?.[1] ? Number(/PID=(\d+)/.exec(out)?.[1]) : undefined), 'the remote pid');
    assert.ok(isAlive(pid));
    controller.abort();
    await assert.rejects(running, (err) => isAbortError(err));
    await waitFor(() => (isAlive(pid) ? undefined : true), `remote pid ${pid} to be gone`, 30_000);
    // The connection is still good for the next command.
    assert.equal((await execRemoteText(conn, 'echo still here')).stdout, 'still here\n');
  });

  it('refuses to start while the link is down, and reports a command cut off by a drop', async () => {
    let out = '';
    // Settled into a value at once: it rejects while the server is closing, before we assert on it.
    const running = execRemote(conn, 'echo started; exec sleep 1000', { onStdout: (c) => (out += c.toString()) }).then(
      () => assert.fail('the command finished despite the drop'),
      (err: unknown) => err,
    );
    await waitFor(() => (out.includes('started') ? true : undefined), 'the command to start');
    const port = fx.server.port;
    await fx.server.close();
    try {
      const err = await running;
      assert.ok(err instanceof SshConnectionError && err.kind === 'lost', String(err));
      assert.match(err.message, /whether it finished is unknown/);
      await assert.rejects(execRemote(conn, 'true'), (err) => err instanceof SshConnectionError && err.kind === 'not-ready');
    } finally {
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    }
    await conn.whenReady(AbortSignal.timeout(30_000));
    assert.equal((await execRemoteText(conn, 'echo back')).stdout, 'back\n');
  });
});
