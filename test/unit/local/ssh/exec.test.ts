import assert from 'node:assert/strict';
import { type SshFixture, run, startFixture } from './harness';

describe('local/ssh notebook server: exec', () => {
  let fx: SshFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => fx?.dispose());

  it('runs in workDir with the notebook HOME and env, keeps stderr apart and returns the exit code', async () => {
    const r = await run('ssh', [...fx.sshArgs(), 'echo $HOME; pwd; echo $MA_TEST_VAR; echo $USER; echo to-stderr >&2; exit 3']);
    assert.equal(r.code, 3, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [fx.homeDir, fx.workDir, 'notebook-env-value', 'ma-user']);
    assert.match(r.stderr, /to-stderr/);
    assert.doesNotMatch(r.stdout, /to-stderr/);
  });

  it('forwards stdin and honours EOF', async () => {
    const r = await run('ssh', [...fx.sshArgs(), 'cat | wc -c'], { input: 'data' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '4');
  });

  it('passes env requested by the client but not the daemon environment', async () => {
    process.env.MA_DAEMON_ONLY = 'leak';
    try {
      const r = await run('ssh', [
        ...fx.sshArgs('-o', 'SetEnv=LC_MA_CLIENT=from-client'),
        'echo "$LC_MA_CLIENT ${MA_DAEMON_ONLY:-absent}"',
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'from-client absent');
    } finally {
      delete process.env.MA_DAEMON_ONLY;
    }
  });

  it('does not let the client override HOME or PATH', async () => {
    const r = await run('ssh', [...fx.sshArgs('-o', 'SetEnv=HOME=/nowhere'), 'echo $HOME']);
    assert.equal(r.stdout.trim(), fx.homeDir);
  });

  it('reports death by signal (ssh exits 255)', async () => {
    const r = await run('ssh', [...fx.sshArgs(), 'kill -TERM $$']);
    assert.equal(r.code, 255);
  });
});
