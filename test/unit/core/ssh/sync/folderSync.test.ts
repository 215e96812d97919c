import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { SyncError, type SyncOptions, type SyncProgress, syncFolder } from '../../../../../extension/core/ssh/sync';
import { isAbortError } from '../../../../../extension/core/util/abort';
import { type SshFixture, startFixture } from '../../../local/ssh/harness';
import { openSftp, type SftpSession } from './sftpSession';

/** Every file under `root` (relative, '/'), with empty folders as `dir/`, sorted. */
function listTree(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (rel && entries.length === 0) out.push(`${rel}/`);
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(path.join(dir, e.name), childRel);
      else out.push(childRel);
    }
  };
  visit(root, '');
  return out.sort();
}

function write(root: string, rel: string, content: string | Buffer): void {
  const file = path.join(root, ...rel.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Same bytes and same whole-second mtime (what sync promises) for every file of `a` in `b`. */
function assertMirrored(a: string, b: string, files: string[]): void {
  for (const rel of files.filter((f) => !f.endsWith('/'))) {
    const [fa, fb] = [path.join(a, rel), path.join(b, rel)];
    assert.ok(readFileSync(fa).equals(readFileSync(fb)), `${rel}: same bytes`);
    assert.equal(Math.floor(statSync(fb).mtimeMs / 1000), Math.floor(statSync(fa).mtimeMs / 1000), `${rel}: same mtime`);
  }
}

describe('core/ssh/sync syncFolder against a notebook SSH server', () => {
  let fx: SshFixture;
  let session: SftpSession;
  let local: string;
  let remote: string;
  let run = 0;

  before(async () => {
    fx = await startFixture();
    session = await openSftp(fx);
  });
  after(async () => {
    session?.close();
    await fx?.dispose();
  });
  beforeEach(() => {
    run++;
    local = path.join(fx.dir, `local-${run}`);
    remote = path.join(fx.workDir, `proj-${run}`);
    mkdirSync(local, { recursive: true });
  });

  const sync = (extra: Partial<SyncOptions> = {}) =>
    syncFolder(session.sftp, { direction: 'upload', localDir: local, remoteDir: remote, ...extra });

  it('copies everything the first time (nested, empty folders, unicode names, modes), nothing the second', async () => {
    write(local, 'a.txt', 'alpha');
    write(local, 'nested/deeper/b.bin', randomBytes(300_000));
    write(local, 'nested/empty.txt', '');
    write(local, '数据/模型 ü.txt', 'unicode');
    mkdirSync(path.join(local, 'empty-dir/inner-empty'), { recursive: true });
    write(local, 'run.sh', '#!/bin/sh\n');
    chmodSync(path.join(local, 'run.sh'), 0o755);
    const events: SyncProgress[] = [];

    const first = await sync({ onProgress: (p) => events.push(p) });
    const expected = ['a.txt', 'empty-dir/inner-empty/', 'nested/deeper/b.bin', 'nested/empty.txt', 'run.sh', '数据/模型 ü.txt'];
    assert.deepEqual(listTree(remote), expected);
    assertMirrored(local, remote, expected);
    assert.equal(statSync(path.join(remote, 'run.sh')).mode & 0o777, 0o755, 'executable bit kept');
    assert.equal(first.transferred, 5);
    assert.equal(first.unchanged, 0);
    assert.equal(first.bytes, 5 + 300_000 + 0 + 'unicode'.length + 10);
    assert.deepEqual(first.failures, []);
    const last = events.at(-1);
    assert.equal(last?.phase, 'done');
    assert.equal(last?.filesDone, 5);
    assert.equal(last?.filesTotal, 5);
    assert.equal(last?.bytesDone, last?.bytesTotal);

    const second = await sync();
    assert.equal(second.transferred, 0);
    assert.equal(second.unchanged, 5);
    assert.equal(second.bytes, 0);
  });

  it('copies only the file that changed (content or mtime)', async () => {
    write(local, 'one.txt', 'one');
    write(local, 'two.txt', 'two');
    write(local, 'sub/three.txt', 'three');
    await sync();
    write(local, 'two.txt', 'TWO'); // same size: the mtime tells
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(local, 'two.txt'), later, later);
    write(local, 'sub/three.txt', 'three, longer now');
    const before = statSync(path.join(remote, 'one.txt')).ino;

    const again = await sync();
    assert.equal(again.transferred, 2);
    assert.equal(again.unchanged, 1);
    assert.equal(readFileSync(path.join(remote, 'two.txt'), 'utf8'), 'TWO');
    assert.equal(readFileSync(path.join(remote, 'sub/three.txt'), 'utf8'), 'three, longer now');
    assert.equal(statSync(path.join(remote, 'one.txt')).ino, before, 'the unchanged file was not rewritten');
  });

  it('respects root and nested .gitignore files, negation included, and always skips .git', async () => {
    write(local, '.gitignore', '*.log\nbuild/\n/secret.env\n');
    write(local, 'app.py', 'print(1)');
    write(local, 'debug.log', 'x');
    write(local, 'build/out.o', 'x');
    write(local, 'secret.env', 'x');
    write(local, 'sub/.gitignore', '!keep.log\nlocal-only.txt\n');
    write(local, 'sub/keep.log', 'kept');
    write(local, 'sub/drop.log', 'x');
    write(local, 'sub/local-only.txt', 'x');
    write(local, 'sub/secret.env', 'anchored to the root only');
    write(local, '.git/HEAD', 'ref: refs/heads/main');
    write(local, 'vendored/.git', 'gitdir: ../.git/modules/vendored');
    write(local, 'vendored/lib.py', 'x');

    const summary = await sync();
    assert.deepEqual(listTree(remote), ['.gitignore', 'app.py', 'sub/.gitignore', 'sub/keep.log', 'sub/secret.env', 'vendored/lib.py']);
    assert.equal(summary.ignored, 7, 'debug.log, build, secret.env, sub/drop.log, sub/local-only.txt, .git, vendored/.git');
  });

  it('delete mode removes what the source lost, keeping ignored paths; without it nothing is removed', async () => {
    write(local, '.gitignore', 'node_modules/\n');
    write(local, 'keep.txt', 'k');
    write(local, 'old.txt', 'o');
    write(local, 'old-dir/inner/f.txt', 'f');
    await sync();
    write(remote, 'node_modules/pkg/index.js', 'installed on the notebook');
    write(remote, 'gone-dir/node_modules/x.js', 'ignored inside a folder the source lacks');
    rmSync(path.join(local, 'old.txt'));
    rmSync(path.join(local, 'old-dir'), { recursive: true });

    const plain = await sync();
    assert.equal(plain.deleted, 0);
    assert.ok(existsSync(path.join(remote, 'old.txt')));

    const summary = await sync({ delete: true });
    assert.deepEqual(listTree(remote), ['.gitignore', 'gone-dir/node_modules/x.js', 'keep.txt', 'node_modules/pkg/index.js']);
    assert.equal(summary.deleted, 4, 'old.txt, old-dir/inner/f.txt, old-dir/inner, old-dir');
  });

  it('downloads: copies the notebook folder here, then nothing the second time', async () => {
    write(remote, 'data/train.csv', 'a,b\n1,2\n');
    write(remote, 'data/更多/说明.md', '# 说明');
    write(remote, 'ckpt/model.bin', randomBytes(200_000));
    write(remote, '.gitignore', 'ckpt/*.tmp\n');
    write(remote, 'ckpt/partial.tmp', 'x');
    mkdirSync(path.join(remote, 'logs'));
    const stamp = new Date('2021-06-01T12:00:00Z');
    utimesSync(path.join(remote, 'data/train.csv'), stamp, stamp);

    const first = await sync({ direction: 'download' });
    const expected = ['.gitignore', 'ckpt/model.bin', 'data/train.csv', 'data/更多/说明.md', 'logs/'];
    assert.deepEqual(listTree(local), expected);
    assertMirrored(remote, local, expected);
    assert.equal(statSync(path.join(local, 'data/train.csv')).mtimeMs, stamp.getTime());
    assert.equal(first.transferred, 4);
    assert.equal(first.ignored, 1);

    const second = await sync({ direction: 'download' });
    assert.equal(second.transferred, 0);
    assert.equal(second.unchanged, 4);
  });

  for (const direction of ['upload', 'download'] as const) {
    it(`${direction}: a cancel midway leaves no partial or temp files, and a rerun completes`, async () => {
      const [source, dest] = direction === 'upload' ? [local, remote] : [remote, local];
      const files = Array.from({ length: 12 }, (_, i) => `part-${String(i).padStart(2, '0')}.bin`);
      for (const f of files) write(source, f, randomBytes(2 * 1024 * 1024));
      const controller = new AbortController();
      let sawBytes = false;
      await assert.rejects(
        sync({
          direction,
          signal: controller.signal,
          concurrency: 2,
          onProgress: (p) => {
            if (p.bytesDone > 0 && !sawBytes) {
              sawBytes = true;
              controller.abort();
            }
          },
        }),
        (err: unknown) => isAbortError(err),
      );
      assert.ok(sawBytes);
      const landed = existsSync(dest) ? listTree(dest) : [];
      assert.ok(landed.length < files.length, `stopped before the end (${landed.length} of ${files.length})`);
      for (const rel of landed) {
        assert.ok(files.includes(rel), `only real names at the destination, found ${rel}`);
        assert.ok(readFileSync(path.join(dest, rel)).equals(readFileSync(path.join(source, rel))), `${rel} is complete`);
      }

      const rerun = await sync({ direction });
      assert.equal(rerun.transferred + rerun.unchanged, files.length);
      assert.equal(rerun.unchanged, landed.length);
      assert.deepEqual(listTree(dest), files);
      assertMirrored(source, dest, files);
    });
  }

  it('skips symbolic links with a note and never follows them out of the tree', async () => {
    write(local, 'real.txt', 'r');
    symlinkSync('real.txt', path.join(local, 'link.txt'));
    symlinkSync('/etc', path.join(local, 'escape'));
    const summary = await sync();
    assert.deepEqual(listTree(remote), ['real.txt']);
    assert.equal(summary.notes.length, 2);
    assert.match(summary.notes.join('\n'), /escape: skipped, symbolic links are not followed/);
  });

  it('a file/folder clash fails that path with what to do, syncs the rest, and reports both', async () => {
    write(local, 'clash', 'a file here');
    write(local, 'fine.txt', 'ok');
    write(remote, 'clash/inside.txt', 'a folder there');
    const err = await sync().then(
      () => assert.fail('expected a SyncError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SyncError);
    assert.equal(err.failures.length, 1);
    assert.match(err.message, /clash: is a file here but a folder at the destination.*sync with delete on/);
    assert.equal(err.summary?.transferred, 1);
    assert.equal(readFileSync(path.join(remote, 'fine.txt'), 'utf8'), 'ok');

    await sync({ delete: true });
    assert.equal(readFileSync(path.join(remote, 'clash'), 'utf8'), 'a file here');
  });

  it('an unreadable source file fails alone, naming the file and the side', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads anything
    write(local, 'locked.txt', 'secret');
    write(local, 'open.txt', 'fine');
    chmodSync(path.join(local, 'locked.txt'), 0o000);
    try {
      const err = await sync().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof SyncError);
      assert.match(err.message, /locked\.txt: permission denied on this computer/);
      assert.equal(err.summary?.transferred, 1);
    } finally {
      chmodSync(path.join(local, 'locked.txt'), 0o644);
    }
  });

  it('a folder the notebook refuses to write fails its files alone, naming the notebook side', async function () {
    if (process.getuid?.() === 0) this.skip(); // root writes anywhere
    write(local, 'ro/a.txt', 'a');
    write(local, 'rw/b.txt', 'b');
    mkdirSync(path.join(remote, 'ro'), { recursive: true });
    chmodSync(path.join(remote, 'ro'), 0o555);
    try {
      const err = await sync().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof SyncError);
      assert.match(err.message, /ro\/a\.txt: permission denied on the notebook/);
      assert.equal(readFileSync(path.join(remote, 'rw/b.txt'), 'utf8'), 'b');
      assert.deepEqual(readdirSync(path.join(remote, 'ro')), [], 'no temp file left behind');
    } finally {
      chmodSync(path.join(remote, 'ro'), 0o755);
    }
  });

  it('says clearly when the source folder is missing, and changes nothing', async () => {
    await assert.rejects(
      sync({ localDir: path.join(local, 'nope') }),
      (err: unknown) => err instanceof SyncError && /nope does not exist on this computer/.test(err.message),
    );
    assert.equal(existsSync(remote), false);
    await assert.rejects(sync({ direction: 'download', remoteDir: path.join(remote, 'nope') }), /does not exist on the notebook/);
  });

  it('stops with a SyncError (not a hang) when the SFTP session is gone', async () => {
    write(local, 'f.txt', 'x');
    const other = await openSftp(fx);
    other.sftp.end();
    await new Promise((r) => setTimeout(r, 100));
    await assert.rejects(
      syncFolder(other.sftp, { direction: 'upload', localDir: local, remoteDir: remote }),
      (err: unknown) => err instanceof SyncError && /Sync stopped.*closed/.test(err.message),
    );
    other.close();
  });

  it('syncs into a relative remote path (resolved where the SFTP server starts)', async () => {
    write(local, 'r.txt', 'relative');
    await sync({ remoteDir: `rel-${run}/deep` });
    assert.equal(readFileSync(path.join(fx.workDir, `rel-${run}`, 'deep', 'r.txt'), 'utf8'), 'relative');
  });
});
