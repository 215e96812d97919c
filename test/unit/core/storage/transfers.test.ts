import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ListPartsCommand } from '@aws-sdk/client-s3';
import { downloadTempPaths } from '../../../../extension/core/storage/download';
import { readMetaFile } from '../../../../extension/local/s3/objectFile';
import { IntegrityError, StorageError } from '../../../../extension/core/storage/errors';
import { countCommands, type Env, exists, objectFile, randomFile, sha256, startEnv } from './helpers';

const MiB = 1024 * 1024;

/** Asserts progress reports never go back and end exactly at the total. */
function assertProgress(reports: [number, number][], total: number): void {
  assert.ok(reports.length > 0);
  for (let i = 1; i < reports.length; i++) assert.ok((reports[i]?.[0] ?? 0) >= (reports[i - 1]?.[0] ?? 0), `progress went back at ${i}`);
  for (const [, t] of reports) assert.equal(t, total);
  assert.deepEqual(reports.at(-1), [total, total]);
}

describe('core/storage file transfers (local S3 endpoint)', function () {
  this.timeout(120_000);
  let env: Env;
  beforeEach(async () => {
    env = await startEnv();
  });
  afterEach(async () => {
    await env?.close();
  });

  it('uploads a small file with one PUT, records its SHA-256, and downloads it verified', async () => {
    const file = path.join(env.work, 'small.json');
    const data = await randomFile(file, 3000);
    const counts = countCommands(env.storage);
    const up = await env.storage.uploadFile(file, { bucket: env.bucket, key: 'small.json' });
    assert.equal(up.multipart, false);
    assert.equal(up.sha256, sha256(data));
    assert.equal(counts.get('PutObjectCommand'), 1);
    assert.equal(counts.get('CreateMultipartUploadCommand'), undefined);
    const head = await env.storage.head({ bucket: env.bucket, key: 'small.json' });
    assert.equal(head?.metadata.sha256, sha256(data));
    assert.equal(head?.contentType, 'application/json');
    // Sent as x-amz-checksum-sha256 too, which this endpoint verified and stored.
    assert.equal((await readMetaFile(objectFile(env, 'small.json'))).checksums.sha256, Buffer.from(sha256(data), 'hex').toString('base64'));

    const out = path.join(env.work, 'out', 'small.json');
    const down = await env.storage.downloadFile({ bucket: env.bucket, key: 'small.json' }, out);
    assert.equal(down.verified, true);
    assert.deepEqual(await fsp.readFile(out), data);
    assert.equal(await exists(downloadTempPaths(out).temp), false);
    assert.equal(await exists(downloadTempPaths(out).state), false);
  });

  it('uploads and downloads 20 MiB in parallel parts with monotonic progress', async () => {
    const file = path.join(env.work, 'big.bin');
    const data = await randomFile(file, 20 * MiB);
    const counts = countCommands(env.storage);
    const upProgress: [number, number][] = [];
    const up = await env.storage.uploadFile(
      file,
      { bucket: env.bucket, key: 'models/big.bin' },
      { onProgress: (d, t) => upProgress.push([d, t]) },
    );
    assert.equal(up.multipart, true);
    assert.equal(up.partsUploaded, 3);
    assert.match(up.etag, /-3$/);
    assert.equal(counts.get('UploadPartCommand'), 3);
    assertProgress(upProgress, data.length);
    assert.equal(await exists(`${file}.ma-upload.json`), false, 'state removed after completion');

    const head = await env.storage.head({ bucket: env.bucket, key: 'models/big.bin' });
    assert.equal(head?.metadata.sha256, sha256(data));
    assert.equal(head?.size, data.length);

    const out = path.join(env.work, 'big.out');
    const downProgress: [number, number][] = [];
    const down = await env.storage.downloadFile({ bucket: env.bucket, key: 'models/big.bin' }, out, {
      partSize: 3 * MiB,
      concurrency: 4,
      onProgress: (d, t) => downProgress.push([d, t]),
    });
    assert.equal(down.verified, true);
    assert.equal(down.sha256, sha256(data));
    assert.equal(counts.get('GetObjectCommand'), 7);
    assertProgress(downProgress, data.length);
    assert.ok(downProgress.length > 7, 'download progress is reported as bytes arrive');
    assert.ok((await fsp.readFile(out)).equals(data));
  });

  it('resumes a cancelled upload without re-sending finished parts', async () => {
    const file = path.join(env.work, 'resume.bin');
    const data = await randomFile(file, 20 * MiB);
    const target = { bucket: env.bucket, key: 'resume.bin' };
    const counts = countCommands(env.storage);
    const ac = new AbortController();
    await assert.rejects(
      env.storage.uploadFile(file, target, {
        signal: ac.signal,
        concurrency: 1,
        onProgress: (done) => {
          if (done > 0) ac.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.equal(counts.get('UploadPartCommand'), 1);
    const state = JSON.parse(await fsp.readFile(`${file}.ma-upload.json`, 'utf8')) as {
      uploadId: string;
      parts: { partNumber: number; sha256: string; etag: string; size: number }[];
    };
    assert.deepEqual(
      state.parts.map((p) => [p.partNumber, p.size, p.sha256]),
      [[1, 8 * MiB, sha256(data.subarray(0, 8 * MiB))]],
    );
    assert.equal(await env.storage.head(target), undefined, 'nothing visible before completion');

    counts.clear();
    const progress: [number, number][] = [];
    const result = await env.storage.uploadFile(file, target, { onProgress: (d, t) => progress.push([d, t]) });
    assert.equal(counts.get('ListPartsCommand'), 1, 'resume verifies parts with ListParts');
    assert.equal(counts.get('CreateMultipartUploadCommand'), undefined, 'the same upload continues');
    assert.equal(counts.get('UploadPartCommand'), 2);
    assert.equal(result.partsSkipped, 1);
    assert.equal(result.partsUploaded, 2);
    assert.deepEqual(progress[0], [8 * MiB, data.length], 'progress starts at what was already sent');
    assertProgress(progress, data.length);

    const out = path.join(env.work, 'resume.out');
    await env.storage.downloadFile(target, out);
    assert.ok((await fsp.readFile(out)).equals(data), 'byte-identical');
  });

  it('trusts ListParts over the state file: unrecorded parts on the server are reused, recorded ones missing are re-sent', async () => {
    const file = path.join(env.work, 'crash.bin');
    const data = await randomFile(file, 20 * MiB);
    const target = { bucket: env.bucket, key: 'crash.bin' };
    const ac = new AbortController();
    await assert.rejects(
      env.storage.uploadFile(file, target, { signal: ac.signal, concurrency: 1, onProgress: (d) => d > 0 && ac.abort() }),
      { name: 'AbortError' },
    );
    // Simulate a crash between the server storing part 1 and the state recording it, and a state
    // that claims a part 2 the server never received.
    const statePath = `${file}.ma-upload.json`;
    const state = JSON.parse(await fsp.readFile(statePath, 'utf8')) as { parts: unknown[] };
    state.parts = [{ partNumber: 2, etag: '0'.repeat(32), size: 8 * MiB, sha256: sha256(data.subarray(8 * MiB, 16 * MiB)) }];
    await fsp.writeFile(statePath, JSON.stringify(state));
    const counts = countCommands(env.storage);
    const result = await env.storage.uploadFile(file, target);
    assert.equal(result.partsSkipped, 1);
    assert.equal(counts.get('UploadPartCommand'), 2);
    const out = path.join(env.work, 'crash.out');
    await env.storage.downloadFile(target, out);
    assert.ok((await fsp.readFile(out)).equals(data));
  });

  it('starts over when the file changed since the interrupted upload, and abortUpload gives up cleanly', async () => {
    const file = path.join(env.work, 'changing.bin');
    await randomFile(file, 12 * MiB);
    const target = { bucket: env.bucket, key: 'changing.bin' };
    const cancel = async (): Promise<string> => {
      const ac = new AbortController();
      await assert.rejects(
        env.storage.uploadFile(file, target, { signal: ac.signal, concurrency: 1, onProgress: (d) => d > 0 && ac.abort() }),
        { name: 'AbortError' },
      );
      return (JSON.parse(await fsp.readFile(`${file}.ma-upload.json`, 'utf8')) as { uploadId: string }).uploadId;
    };
    const oldId = await cancel();
    const data = await randomFile(file, 12 * MiB);
    const counts = countCommands(env.storage);
    await env.storage.uploadFile(file, target);
    assert.equal(counts.get('AbortMultipartUploadCommand'), 1, 'the stale upload is aborted');
    assert.equal(counts.get('UploadPartCommand'), 2);
    assert.equal((await env.storage.head(target))?.sha256, sha256(data));
    await assert.rejects(env.storage.s3.send(new ListPartsCommand({ ...{ Bucket: target.bucket, Key: target.key }, UploadId: oldId })), {
      name: 'NoSuchUpload',
    });

    await randomFile(file, 12 * MiB);
    const id = await cancel();
    assert.equal(await env.storage.abortUpload(file, target), true);
    assert.equal(await exists(`${file}.ma-upload.json`), false);
    await assert.rejects(env.storage.s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: target.key, UploadId: id })), {
      name: 'NoSuchUpload',
    });
    assert.equal(await env.storage.abortUpload(file, target), false, 'nothing left to abort');
  });

  it('keeps resume state in a given directory', async () => {
    const file = path.join(env.work, 'elsewhere.bin');
    await randomFile(file, 11 * MiB);
    const resumeDir = path.join(env.work, 'state');
    const ac = new AbortController();
    await assert.rejects(
      env.storage.uploadFile(
        file,
        { bucket: env.bucket, key: 'e.bin' },
        { resumeDir, signal: ac.signal, concurrency: 1, onProgress: (d) => d > 0 && ac.abort() },
      ),
      { name: 'AbortError' },
    );
    assert.equal(await exists(`${file}.ma-upload.json`), false);
    assert.equal((await fsp.readdir(resumeDir)).filter((n) => n.endsWith('.upload.json')).length, 1);
    const result = await env.storage.uploadFile(file, { bucket: env.bucket, key: 'e.bin' }, { resumeDir });
    assert.equal(result.partsSkipped, 1);
    assert.deepEqual(await fsp.readdir(resumeDir), []);
  });

  it('still uploads when the resume state cannot be written', async () => {
    const file = path.join(env.work, 'readonly.bin');
    const data = await randomFile(file, 11 * MiB);
    // A path under a regular file can never be created, even by root.
    const result = await env.storage.uploadFile(file, { bucket: env.bucket, key: 'ro.bin' }, { resumeFile: path.join(file, 'state.json') });
    assert.equal(result.multipart, true);
    assert.equal((await env.storage.head({ bucket: env.bucket, key: 'ro.bin' }))?.sha256, sha256(data));
  });

  it('refuses a corrupted object: IntegrityError and no file at the target', async () => {
    const file = path.join(env.work, 'victim.bin');
    const data = await randomFile(file, 6 * MiB);
    await env.storage.uploadFile(file, { bucket: env.bucket, key: 'victim.bin' });
    // Flip one byte inside the data region of the stored object file.
    const stored = objectFile(env, 'victim.bin');
    const fh = await fsp.open(stored, 'r+');
    try {
      const b = Buffer.alloc(1);
      const at = 3 * MiB + 17;
      await fh.read(b, 0, 1, at);
      b[0] = (b[0] as number) ^ 0xff;
      await fh.write(b, 0, 1, at);
    } finally {
      await fh.close();
    }
    const out = path.join(env.work, 'victim.out');
    await assert.rejects(
      env.storage.downloadFile({ bucket: env.bucket, key: 'victim.bin' }, out, { partSize: 2 * MiB }),
      (err: unknown) => {
        assert.ok(err instanceof IntegrityError);
        assert.equal(err.code, 'IntegrityError');
        assert.equal(err.expectedSha256, sha256(data));
        assert.notEqual(err.actualSha256, sha256(data));
        assert.match(err.message, /discarded/);
        return true;
      },
    );
    assert.equal(await exists(out), false);
    assert.equal(await exists(downloadTempPaths(out).temp), false);
    assert.equal(await exists(downloadTempPaths(out).state), false);
  });

  it('resumes a cancelled download from the ranges already written', async () => {
    const file = path.join(env.work, 'dl.bin');
    const data = await randomFile(file, 10 * MiB);
    await env.storage.uploadFile(file, { bucket: env.bucket, key: 'dl.bin' });
    const out = path.join(env.work, 'dl.out');
    const ac = new AbortController();
    await assert.rejects(
      env.storage.downloadFile({ bucket: env.bucket, key: 'dl.bin' }, out, {
        signal: ac.signal,
        partSize: 2 * MiB,
        concurrency: 1,
        onProgress: (d) => d > 5 * MiB && ac.abort(),
      }),
      { name: 'AbortError' },
    );
    assert.equal(await exists(out), false, 'nothing at the target until verified');
    assert.equal(await exists(downloadTempPaths(out).temp), true, 'partial data kept for resume');
    const progress: [number, number][] = [];
    const result = await env.storage.downloadFile({ bucket: env.bucket, key: 'dl.bin' }, out, {
      partSize: 2 * MiB,
      onProgress: (d, t) => progress.push([d, t]),
    });
    assert.equal(result.resumedBytes, 4 * MiB);
    assertProgress(progress, data.length);
    assert.ok((await fsp.readFile(out)).equals(data));
    assert.equal(await exists(downloadTempPaths(out).temp), false);
  });

  it('reports missing local files and missing objects clearly', async () => {
    await assert.rejects(env.storage.uploadFile(path.join(env.work, 'nope'), { bucket: env.bucket, key: 'k' }), {
      code: 'LocalFileNotFound',
    });
    await assert.rejects(
      env.storage.downloadFile({ bucket: env.bucket, key: 'nope' }, path.join(env.work, 'x')),
      (err: unknown) => err instanceof StorageError && err.code === 'NoSuchKey',
    );
    assert.equal(await exists(path.join(env.work, 'x')), false);
  });
});
