import assert from 'node:assert/strict';
import { ensureCommand } from '../../../helpers/peers';
import { type SshFixture, run, startFixture } from './harness';

describe('local/ssh notebook server: pty', () => {
  let fx: SshFixture;
  before(async () => {
    ensureCommand('script', 'bsdutils');
    fx = await startFixture();
  });
  after(async () => fx?.dispose());

  const env = { ...process.env, TERM: 'xterm-256color' };

  it('gives `ssh -tt` an interactive login shell on /dev/pts with the client TERM', async () => {
    const r = await run('ssh', [...fx.sshArgs('-tt')], { input: 'tty; echo "T=$TERM"; pwd; exit\n', env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r?$/m);
    assert.match(r.stdout, /^T=xterm-256color\r?$/m);
    assert.match(r.stdout, new RegExp(`^${fx.workDir}\\r?$`, 'm'));
  });

  it('runs a command on a pty with `ssh -tt host cmd` and returns its exit code', async () => {
    const r = await run('ssh', [...fx.sshArgs('-tt'), 'tty; echo "T=$TERM"; exit 5'], { env });
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r$/m);
    assert.match(r.stdout, /^T=xterm-256color\r$/m);
  });

  it('applies the client window size at start and on window-change', async () => {
    // The client needs a real terminal for ssh to send a size: run it under a local script(1).
    const remote = 'stty size; for i in $(seq 200); do s=$(stty size); [ "$s" = "40 120" ] && break; sleep 0.05; done; echo "final $s"';
    const sshCmd = ['ssh', ...fx.sshArgs('-tt'), remote].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const local = `stty rows 33 cols 101; (sleep 1; stty rows 40 cols 120 < /dev/tty) & ${sshCmd}`;
    const r = await run('script', ['-q', '-e', '-c', local, '/dev/null'], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // (The local script(1) may echo a ^@ before the first line, hence no ^ anchor.)
    assert.match(r.stdout, /33 101\r$/m);
    assert.match(r.stdout, /^final 40 120\r$/m);
  });
});
