import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureCommand } from '../../../helpers/peers';
import { type SshFixture, run, startFixture } from './harness';

describe('local/ssh notebook server: sftp and scp', () => {
  let fx: SshFixture;
  before(async () => {
    ensureCommand('scp', 'openssh-client');
    ensureCommand('sftp', 'openssh-client');
    fx = await startFixture();
  });
  after(async () => fx?.dispose());

  const scpArgs = (): string[] => [...fx.commonOptions(), '-P', String(fx.server.port)];
  const sftpArgs = (batch: string): string[] => [...fx.commonOptions(), '-P', String(fx.server.port), '-b', batch, 'ma-user@127.0.0.1'];

  it('copies a 5 MiB file up (relative to workDir) and back with scp, byte for byte', async () => {
    const data = randomBytes(5 * 1024 * 1024);
    const local = path.join(fx.dir, 'big.bin');
    writeFileSync(local, data);
    const up = await run('scp', [...scpArgs(), local, 'ma-user@127.0.0.1:big-remote.bin'], { limitMs: 60_000 });
    assert.equal(up.code, 0, up.stderr);
    assert.ok(readFileSync(path.join(fx.workDir, 'big-remote.bin')).equals(data), 'uploaded bytes match');
    const back = path.join(fx.dir, 'big-back.bin');
    const down = await run('scp', [...scpArgs(), `ma-user@127.0.0.1:${path.join(fx.workDir, 'big-remote.bin')}`, back], {
      limitMs: 60_000,
    });
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(back).equals(data), 'downloaded bytes match');
  });

  it('keeps times and mode with scp -p', async () => {
    const local = path.join(fx.dir, 'stamped.txt');
    writeFileSync(local, 'x', { mode: 0o640 });
    const when = new Date('2020-01-02T03:04:05Z');
    utimesSync(local, when, when);
    const r = await run('scp', [...scpArgs(), '-p', local, 'ma-user@127.0.0.1:stamped.txt']);
    assert.equal(r.code, 0, r.stderr);
    const st = statSync(path.join(fx.workDir, 'stamped.txt'));
    assert.equal(st.mtime.getTime(), when.getTime());
    assert.equal(st.mode & 0o777, 0o640);
  });

  it('runs an sftp batch: mkdir, put, ls -l, rename, chmod, symlink, get, rm, rmdir', async () => {
    const local = path.join(fx.dir, 'note.txt');
    writeFileSync(local, 'hello sftp\n');
    const fetched = path.join(fx.dir, 'fetched.txt');
    const batch = path.join(fx.dir, 'batch');
    writeFileSync(
      batch,
      [
        'pwd',
        'mkdir d',
        `put ${local} d/a.txt`,
        'ls -l d',
        'rename d/a.txt d/b.txt',
        'chmod 600 d/b.txt',
        'symlink b.txt d/link',
        'ls d',
        `get d/b.txt ${fetched}`,
      ].join('\n') + '\n',
    );
    const r = await run('sftp', sftpArgs(batch));
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`Remote working directory: ${fx.workDir}`));
    assert.match(r.stdout, /^-rw\S*\s+1 \S+\s+\S+\s+11 .* a\.txt$/m);
    assert.match(r.stdout, /d\/link/);
    assert.match(r.stdout, /d\/b\.txt/);
    assert.equal(readFileSync(fetched, 'utf8'), 'hello sftp\n');
    const b = path.join(fx.workDir, 'd', 'b.txt');
    assert.equal(statSync(b).mode & 0o777, 0o600);
    assert.equal(readlinkSync(path.join(fx.workDir, 'd', 'link')), 'b.txt');
    assert.ok(lstatSync(path.join(fx.workDir, 'd', 'link')).isSymbolicLink());

    writeFileSync(batch, ['rm d/link', 'rm d/b.txt', 'rmdir d'].join('\n') + '\n');
    const cleanup = await run('sftp', sftpArgs(batch));
    assert.equal(cleanup.code, 0, cleanup.stderr + cleanup.stdout);
    assert.equal(existsSync(path.join(fx.workDir, 'd')), false);
  });

  it('reports a missing file as an error and stops the batch', async () => {
    const batch = path.join(fx.dir, 'batch-missing');
    writeFileSync(batch, `get no-such-file ${path.join(fx.dir, 'never')}\n`);
    const r = await run('sftp', sftpArgs(batch));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /not found|No such file/i);
  });
});
