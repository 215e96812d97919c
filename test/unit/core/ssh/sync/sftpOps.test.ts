import assert from 'node:assert/strict';
import type { SFTPWrapper } from 'ssh2';
import { SftpOps } from '../../../../../extension/core/ssh/sync/sftpOps';

type Cb = (err?: Error) => void;

/** Just enough of an SFTPWrapper to watch which requests replace() sends. */
function stub(posixRename: boolean, state = 'open') {
  const calls: string[] = [];
  const fake = {
    outgoing: { state },
    ext_openssh_rename(from: string, to: string, cb: Cb) {
      if (!posixRename) throw new Error('Server does not support this extended request');
      calls.push(`posix-rename ${from} ${to}`);
      cb();
    },
    rename(from: string, to: string, cb: Cb) {
      calls.push(`rename ${from} ${to}`);
      cb();
    },
    unlink(p: string, cb: Cb) {
      calls.push(`unlink ${p}`);
      cb();
    },
  };
  return { ops: new SftpOps(fake as unknown as SFTPWrapper), calls };
}

describe('core/ssh/sync SftpOps', () => {
  it('replaces atomically with posix-rename where the server offers it (OpenSSH)', async () => {
    const { ops, calls } = stub(true);
    await ops.replace('t', 'f', true);
    assert.deepEqual(calls, ['posix-rename t f']);
  });

  it('falls back to remove-then-rename without it, and stops asking', async () => {
    const { ops, calls } = stub(false);
    await ops.replace('t1', 'f1', true);
    await ops.replace('t2', 'f2', false);
    assert.deepEqual(calls, ['unlink f1', 'rename t1 f1', 'rename t2 f2']);
  });

  it('fails fast on a closed channel instead of sending a request nobody will answer', async () => {
    const { ops, calls } = stub(true, 'closed');
    await assert.rejects(ops.replace('t', 'f', false), /SFTP session to the notebook is closed/);
    assert.deepEqual(calls, []);
  });
});
