import assert from 'node:assert/strict';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { IntegrityError, StorageError } from '../../../../extension/core/storage/errors';
import { type Env, sha256, startEnv } from './helpers';

describe('core/storage whole objects for the editor (local S3 endpoint)', function () {
  this.timeout(120_000);
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(async () => {
    await env?.close();
  });
  const loc = (key: string) => ({ bucket: env.bucket, key });

  it('writes bytes with their SHA-256 recorded, keeping the type and metadata given, and reads them back verified', async () => {
    const bytes = Buffer.from('print("saved")\n');
    const head = await env.storage.writeObject(loc('code/a.py'), bytes, {
      contentType: 'text/x-python',
      metadata: { owner: 'me', sha256: 'stale' },
    });
    assert.equal(head.size, bytes.length);
    assert.equal(head.sha256, sha256(bytes));
    const raw = await env.storage.s3.send(new HeadObjectCommand({ Bucket: env.bucket, Key: 'code/a.py' }));
    assert.equal(raw.ContentType, 'text/x-python');
    assert.deepEqual(raw.Metadata, { owner: 'me', sha256: sha256(bytes) });
    assert.equal(raw.ETag?.replace(/"/g, ''), head.etag);
    const got = await env.storage.s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: 'code/a.py' }));
    assert.equal(await got.Body?.transformToString(), 'print("saved")\n');

    const progress: [number, number][] = [];
    const read = await env.storage.readObject(loc('code/a.py'), { maxBytes: 1024, onProgress: (d, t) => progress.push([d, t]) });
    assert.equal(read.bytes.toString(), 'print("saved")\n');
    assert.equal(read.verified, true);
    assert.equal(read.head.etag, head.etag);
    assert.deepEqual(progress.at(0), [0, bytes.length]);
    assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
  });

  it('reads an object another tool wrote, verified by the endpoint’s whole-object checksum, and an empty one', async () => {
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'plain.txt', Body: 'by another tool' }));
    // No x-amz-meta-sha256, but the endpoint answers x-amz-checksum-sha256 (FULL_OBJECT) to the GET.
    const read = await env.storage.readObject(loc('plain.txt'), { maxBytes: 1024 });
    assert.equal(read.bytes.toString(), 'by another tool');
    assert.equal(read.verified, true);
    assert.equal(read.head.sha256, sha256(Buffer.from('by another tool')));
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'empty.txt', Body: '' }));
    assert.equal((await env.storage.readObject(loc('empty.txt'), { maxBytes: 1024 })).bytes.length, 0);
  });

  it('refuses bytes that do not match the SHA-256 recorded for the object', async () => {
    await env.storage.s3.send(
      new PutObjectCommand({
        Bucket: env.bucket,
        Key: 'damaged.txt',
        Body: 'actual bytes',
        Metadata: { sha256: sha256(Buffer.from('other bytes')) },
      }),
    );
    await assert.rejects(env.storage.readObject(loc('damaged.txt'), { maxBytes: 1024 }), (e: unknown) => {
      assert.ok(e instanceof IntegrityError);
      assert.equal(e.expectedSha256, sha256(Buffer.from('other bytes')));
      assert.equal(e.actualSha256, sha256(Buffer.from('actual bytes')));
      return true;
    });
  });

  it('refuses an object above the size cap before reading it, and a missing one as NoSuchKey', async () => {
    await env.storage.writeObject(loc('big.log'), Buffer.alloc(4096, 'x'), { contentType: 'text/plain' });
    await assert.rejects(
      env.storage.readObject(loc('big.log'), { maxBytes: 4095 }),
      (e: unknown) => e instanceof StorageError && e.code === 'ObjectTooLarge' && /4096 bytes, more than the 4095/.test(e.message),
    );
    await assert.rejects(
      env.storage.readObject(loc('nothing/here.txt'), { maxBytes: 10 }),
      (e: unknown) => e instanceof StorageError && e.code === 'NoSuchKey',
    );
  });
});
