import assert from 'node:assert/strict';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { StorageError } from '../../../../extension/core/storage/errors';
import { runPool } from '../../../../extension/core/storage/pool';
import { countCommands, creds, type Env, startEnv } from './helpers';

describe('core/storage listing and object operations (local S3 endpoint)', function () {
  this.timeout(120_000);
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(async () => {
    await env?.close();
  });

  const put = (key: string, body = 'x'): Promise<unknown> =>
    env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: key, Body: body }));

  it('lists buckets', async () => {
    const buckets = await env.storage.listBuckets();
    assert.deepEqual(
      buckets.map((b) => b.name),
      [env.bucket],
    );
  });

  it('lists folders and objects with a delimiter', async () => {
    await Promise.all(['tree/a.txt', 'tree/b.txt', 'tree/sub1/x', 'tree/sub1/y', 'tree/sub2/z', 'treehouse.txt'].map((k) => put(k, k)));
    const page = await env.storage.list({ bucket: env.bucket, prefix: 'tree/', delimiter: '/' });
    assert.deepEqual(page.folders, ['tree/sub1/', 'tree/sub2/']);
    assert.deepEqual(
      page.objects.map((o) => [o.key, o.size]),
      [
        ['tree/a.txt', 10],
        ['tree/b.txt', 10],
      ],
    );
    assert.equal(page.truncated, false);
    assert.match(page.objects[0]?.etag ?? '', /^[0-9a-f]{32}$/);
    assert.ok(page.objects[0]?.lastModified instanceof Date);

    const flat = await env.storage.list({ bucket: env.bucket, prefix: 'tree' });
    assert.deepEqual(flat.folders, []);
    assert.equal(flat.objects.length, 6);
  });

  it('pages through more than 1000 keys, with small and default page sizes', async () => {
    const keys = Array.from({ length: 1105 }, (_, i) => `many/${String(i).padStart(5, '0')}`);
    await runPool(keys, 16, undefined, async (k) => void (await put(k)));

    const small: string[] = [];
    let pages = 0;
    for await (const page of env.storage.listAll({ bucket: env.bucket, prefix: 'many/', pageSize: 250 })) {
      pages++;
      small.push(...page.objects.map((o) => o.key));
    }
    assert.equal(pages, 5);
    assert.deepEqual(small, keys);

    const first = await env.storage.list({ bucket: env.bucket, prefix: 'many/' });
    assert.equal(first.objects.length, 1000);
    assert.equal(first.truncated, true);
    const second = await env.storage.list({ bucket: env.bucket, prefix: 'many/', marker: first.nextMarker });
    assert.equal(second.objects.length, 105);
    assert.equal(second.truncated, false);

    // Paging with a delimiter: pages that end on a folder continue after it.
    await Promise.all(Array.from({ length: 7 }, (_, i) => put(`mixed/d${i}/f`)).concat([put('mixed/a'), put('mixed/z')]));
    const folders: string[] = [];
    const objects: string[] = [];
    for await (const page of env.storage.listAll({ bucket: env.bucket, prefix: 'mixed/', delimiter: '/', pageSize: 2 })) {
      folders.push(...page.folders);
      objects.push(...page.objects.map((o) => o.key));
    }
    assert.deepEqual(
      folders,
      Array.from({ length: 7 }, (_, i) => `mixed/d${i}/`),
    );
    assert.deepEqual(objects, ['mixed/a', 'mixed/z']);
  });

  it('deletes a prefix in batches and reports the count', async () => {
    const counts = countCommands(env.storage);
    const progress: number[] = [];
    const n = await env.storage.deletePrefix(env.bucket, 'many/', { pageSize: 500, onProgress: (d) => progress.push(d) });
    assert.equal(n, 1105);
    assert.deepEqual(progress, [500, 1000, 1105]);
    assert.equal(counts.get('DeleteObjectsCommand'), 3);
    const after = await env.storage.list({ bucket: env.bucket, prefix: 'many/' });
    assert.equal(after.objects.length, 0);
    await assert.rejects(env.storage.deletePrefix(env.bucket, ''), { code: 'InvalidArgument' });
  });

  it('creates folders as zero-byte markers', async () => {
    const key = await env.storage.createFolder(env.bucket, 'empty/inner');
    assert.equal(key, 'empty/inner/');
    const head = await env.storage.head({ bucket: env.bucket, key });
    assert.equal(head?.size, 0);
    const page = await env.storage.list({ bucket: env.bucket, prefix: 'empty/', delimiter: '/' });
    assert.deepEqual(page.folders, ['empty/inner/']);
    await assert.rejects(env.storage.createFolder(env.bucket, ''), { code: 'InvalidArgument' });
  });

  it('copies an object with its metadata, heads and deletes it', async () => {
    await env.storage.s3.send(
      new PutObjectCommand({ Bucket: env.bucket, Key: 'src/a b+c.txt', Body: 'copy me', Metadata: { sha256: 'ab'.repeat(32) } }),
    );
    const etag = await env.storage.copy({ bucket: env.bucket, key: 'src/a b+c.txt' }, { bucket: env.bucket, key: 'dst/copy.txt' });
    assert.match(etag, /^[0-9a-f]{32}$/);
    const head = await env.storage.head({ bucket: env.bucket, key: 'dst/copy.txt' });
    assert.equal(head?.size, 7);
    assert.equal(head?.metadata.sha256, 'ab'.repeat(32));
    assert.equal(head?.sha256, 'ab'.repeat(32));
    await env.storage.deleteObject({ bucket: env.bucket, key: 'dst/copy.txt' });
    assert.equal(await env.storage.head({ bucket: env.bucket, key: 'dst/copy.txt' }), undefined);
    await assert.rejects(
      env.storage.copy({ bucket: env.bucket, key: 'src/missing' }, { bucket: env.bucket, key: 'dst/x' }),
      (err: unknown) => {
        assert.ok(err instanceof StorageError);
        assert.equal(err.code, 'NoSuchKey');
        assert.match(err.message, /obs:\/\/test-bucket\/src\/missing does not exist/);
        assert.match(err.requestId ?? '', /^[0-9A-F]+$/);
        return true;
      },
    );
  });

  it('maps server errors to actionable StorageErrors without secrets', async () => {
    await assert.rejects(env.storage.list({ bucket: 'no-such-bucket' }), (err: unknown) => {
      assert.ok(err instanceof StorageError);
      assert.equal(err.code, 'NoSuchBucket');
      assert.equal(err.status, 404);
      assert.match(err.message, /no-such-bucket does not exist/);
      return true;
    });
    const wrong = new StorageClient({
      ...s3CompatibleConfig(env.server.endpoint, 'local', { ...creds, secretAccessKey: 'wrong-secret-key-value' }),
      maxAttempts: 1,
    });
    try {
      await assert.rejects(wrong.listBuckets(), (err: unknown) => {
        assert.ok(err instanceof StorageError);
        assert.equal(err.code, 'SignatureDoesNotMatch');
        assert.match(err.message, /secret key \(SK\).*clock/);
        assert.ok(!err.message.includes('wrong-secret-key-value'));
        return true;
      });
    } finally {
      wrong.dispose();
    }
  });

  it('honours an already-aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(env.storage.list({ bucket: env.bucket, signal: ac.signal }), { name: 'AbortError' });
  });
});
