import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { StorageError } from '../../../../extension/core/storage/errors';
import type { FolderProgress } from '../../../../extension/core/storage/folders';
import { safeLocalPath } from '../../../../extension/core/storage/folders';
import { countCommands, type Env, exists, randomFile, startEnv } from './helpers';

const KiB = 1024;
const MiB = 1024 * KiB;

async function readTree(root: string, rel = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await readTree(root, r));
    else out[r] = (await fsp.readFile(path.join(root, r))).toString('base64');
  }
  return out;
}

function assertFolderProgress(reports: FolderProgress[], files: number, bytes: number): void {
  for (let i = 1; i < reports.length; i++) {
    assert.ok((reports[i]?.bytesDone ?? 0) >= (reports[i - 1]?.bytesDone ?? 0));
    assert.ok((reports[i]?.filesDone ?? 0) >= (reports[i - 1]?.filesDone ?? 0));
  }
  const last = reports.at(-1);
  assert.deepEqual([last?.filesDone, last?.filesTotal, last?.bytesDone, last?.bytesTotal], [files, files, bytes, bytes]);
}

describe('core/storage folder transfers (local S3 endpoint)', function () {
  this.timeout(120_000);
  let env: Env;
  beforeEach(async () => {
    env = await startEnv();
  });
  afterEach(async () => {
    await env?.close();
  });

  it('round-trips a nested folder, and a second upload skips unchanged files', async () => {
    const src = path.join(env.work, 'src');
    await randomFile(path.join(src, 'top.txt'), 100);
    await randomFile(path.join(src, 'a', 'one.bin'), 70 * KiB);
    await randomFile(path.join(src, 'a', 'b', 'c', 'deep.bin'), 6 * MiB);
    await randomFile(path.join(src, 'a', 'b', 'empty.txt'), 0);
    await randomFile(path.join(src, 'z', 'last.dat'), 3 * KiB);
    const total = 100 + 70 * KiB + 6 * MiB + 3 * KiB;

    const progress: FolderProgress[] = [];
    const up = await env.storage.uploadFolder(
      src,
      { bucket: env.bucket, prefix: 'datasets/run1' },
      { onProgress: (p) => progress.push(p), partSize: 5 * MiB },
    );
    assert.deepEqual(up, { files: 5, transferred: 5, skipped: 0, bytes: total });
    assertFolderProgress(progress, 5, total);
    const listed: string[] = [];
    for await (const page of env.storage.listAll({ bucket: env.bucket, prefix: 'datasets/run1/' }))
      listed.push(...page.objects.map((o) => o.key));
    assert.deepEqual(listed, [
      'datasets/run1/a/b/c/deep.bin',
      'datasets/run1/a/b/empty.txt',
      'datasets/run1/a/one.bin',
      'datasets/run1/top.txt',
      'datasets/run1/z/last.dat',
    ]);

    // Change one file, keep its size: only that one is sent again.
    await randomFile(path.join(src, 'a', 'one.bin'), 70 * KiB);
    const counts = countCommands(env.storage);
    const again = await env.storage.uploadFolder(src, { bucket: env.bucket, prefix: 'datasets/run1/' });
    assert.deepEqual(again, { files: 5, transferred: 1, skipped: 4, bytes: 70 * KiB });
    assert.equal(counts.get('PutObjectCommand'), 1);
    assert.equal(counts.get('UploadPartCommand'), undefined);

    const dest = path.join(env.work, 'dest');
    const downProgress: FolderProgress[] = [];
    const down = await env.storage.downloadFolder({ bucket: env.bucket, prefix: 'datasets/run1' }, dest, {
      onProgress: (p) => downProgress.push(p),
    });
    assert.deepEqual(down, { files: 5, transferred: 5, skipped: 0, bytes: total });
    assertFolderProgress(downProgress, 5, total);
    assert.deepEqual(await readTree(dest), await readTree(src));

    // A second download finds everything in place.
    counts.clear();
    const down2 = await env.storage.downloadFolder({ bucket: env.bucket, prefix: 'datasets/run1/' }, dest);
    assert.deepEqual(down2, { files: 5, transferred: 0, skipped: 5, bytes: 0 });
    assert.equal(counts.get('GetObjectCommand'), undefined);
  });

  it('recreates empty folder markers as directories', async () => {
    await env.storage.createFolder(env.bucket, 'tree/empty');
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'tree/file.txt', Body: 'hi' }));
    const dest = path.join(env.work, 'tree');
    const r = await env.storage.downloadFolder({ bucket: env.bucket, prefix: 'tree' }, dest);
    assert.equal(r.files, 1);
    assert.ok((await fsp.stat(path.join(dest, 'empty'))).isDirectory());
    assert.equal(await fsp.readFile(path.join(dest, 'file.txt'), 'utf8'), 'hi');
  });

  it('refuses keys that would escape the target folder, writing nothing', async () => {
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'evil/ok.txt', Body: 'fine' }));
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'evil/../../escaped.txt', Body: 'pwned' }));
    const keys: string[] = [];
    for await (const page of env.storage.listAll({ bucket: env.bucket, prefix: 'evil/' })) keys.push(...page.objects.map((o) => o.key));
    assert.ok(keys.includes('evil/../../escaped.txt'), 'the server stored the hostile key verbatim');
    const dest = path.join(env.work, 'inner', 'dest');
    await assert.rejects(env.storage.downloadFolder({ bucket: env.bucket, prefix: 'evil/' }, dest), (err: unknown) => {
      assert.ok(err instanceof StorageError);
      assert.equal(err.code, 'UnsafeKey');
      assert.match(err.message, /evil\/\.\.\/\.\.\/escaped\.txt/);
      return true;
    });
    assert.equal(await exists(dest), false, 'nothing was written');
    assert.equal(await exists(path.join(env.work, 'escaped.txt')), false);
  });

  it('checks key-to-path mapping', () => {
    const root = path.join(path.sep, 'tmp', 'root');
    assert.equal(safeLocalPath(root, 'a/b.txt'), path.join(root, 'a', 'b.txt'));
    assert.equal(safeLocalPath(root, 'a//b.txt'), path.join(root, 'a', 'b.txt'));
    for (const bad of ['../x', 'a/../../x', 'a/./b', '/etc/passwd', 'a/\0b', '', '..'])
      assert.equal(safeLocalPath(root, bad), undefined, bad);
  });

  it('cancels a folder upload and picks up where it stopped', async () => {
    const src = path.join(env.work, 'src');
    for (let i = 0; i < 6; i++) await randomFile(path.join(src, `f${i}.bin`), 200 * KiB);
    const ac = new AbortController();
    await assert.rejects(
      env.storage.uploadFolder(
        src,
        { bucket: env.bucket, prefix: 'c/' },
        { concurrency: 1, signal: ac.signal, onProgress: (p) => p.filesDone >= 2 && ac.abort() },
      ),
      { name: 'AbortError' },
    );
    const r = await env.storage.uploadFolder(src, { bucket: env.bucket, prefix: 'c/' });
    assert.equal(r.skipped, 2);
    assert.equal(r.transferred, 4);
  });

  it('reports a missing local folder', async () => {
    await assert.rejects(env.storage.uploadFolder(path.join(env.work, 'missing'), { bucket: env.bucket, prefix: 'x/' }), {
      code: 'LocalFileNotFound',
    });
  });
});
