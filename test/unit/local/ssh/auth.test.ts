import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateEd25519 } from '../../../../extension/core/ssh/keys';
import { startNotebookSshServer } from '../../../../extension/local/ssh/notebookSshServer';
import { type SshFixture, run, startFixture } from './harness';

describe('local/ssh notebook server: host key and authentication', () => {
  let fx: SshFixture;
  let extraKeys: string[] = [];
  before(async () => {
    fx = await startFixture();
    const original = fx.options.authorizedKeys;
    // Wrapped after start: the server must read the list again at every login.
    fx.options.authorizedKeys = () => [...original(), ...extraKeys];
    await fx.server.close();
    fx.server = await startNotebookSshServer({ ...fx.options, port: fx.server.port });
  });
  after(async () => fx?.dispose());

  it('reports the host key fingerprint as ssh-keygen -l prints it', () => {
    const pub = path.join(fx.dir, 'host.pub');
    writeFileSync(pub, `${fx.hostKey.public}\n`);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub], { encoding: 'utf8' });
    assert.equal(printed.split(' ')[1], fx.server.hostKeyFingerprint);
  });

  it('is accepted with the host key pinned, also after close() and a restart with the same key', async () => {
    const first = await run('ssh', [...fx.sshArgs(), 'echo ok']);
    assert.equal(first.code, 0, first.stderr);
    const port = fx.server.port;
    const fingerprint = fx.server.hostKeyFingerprint;
    await fx.server.close();
    fx.server = await startNotebookSshServer({ ...fx.options, port });
    assert.equal(fx.server.hostKeyFingerprint, fingerprint);
    const again = await run('ssh', [...fx.sshArgs(), 'echo ok']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.trim(), 'ok');
  });

  it('is refused by ssh when the host key differs from the pinned one', async () => {
    const port = fx.server.port;
    await fx.server.close();
    const impostor = await startNotebookSshServer({ ...fx.options, hostKey: generateEd25519().private, port });
    try {
      const r = await run('ssh', [...fx.sshArgs(), 'echo ok']);
      assert.equal(r.code, 255);
      assert.match(r.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
      assert.equal(r.stdout, '');
    } finally {
      await impostor.close();
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    }
  });

  it('rejects a key that is not authorized, and accepts it once it is added', async () => {
    const other = generateEd25519();
    const otherPath = path.join(fx.dir, 'other_key');
    writeFileSync(otherPath, other.private, { mode: 0o600 });
    const args = [...fx.sshArgs().map((a) => (a === fx.keyPath ? otherPath : a)), 'echo ok'];
    const refused = await run('ssh', args);
    assert.equal(refused.code, 255);
    assert.match(refused.stderr, /Permission denied \(publickey\)/);
    extraKeys = [other.public];
    try {
      const allowed = await run('ssh', args);
      assert.equal(allowed.code, 0, allowed.stderr);
    } finally {
      extraKeys = [];
    }
  });

  it('rejects any user name but ma-user', async () => {
    const args = fx.sshArgs().map((a) => (a === 'ma-user@127.0.0.1' ? 'root@127.0.0.1' : a));
    const r = await run('ssh', [...args, 'echo ok']);
    assert.equal(r.code, 255);
    assert.match(r.stderr, /Permission denied \(publickey\)/);
  });

  it('offers neither password nor keyboard-interactive', async () => {
    const r = await run('ssh', [...fx.sshArgs('-o', 'PreferredAuthentications=password,keyboard-interactive'), 'echo ok']);
    assert.equal(r.code, 255);
    assert.match(r.stderr, /Permission denied \(publickey\)/);
  });
});
