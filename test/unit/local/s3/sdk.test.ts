import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type Harness, signer, startHarness, streamToBuffer } from './helpers';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();

async function rejectsWith(p: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(p, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    return true;
  });
}

describe('local/s3 with @aws-sdk/client-s3', function () {
  this.timeout(120_000);
  let h: Harness;
  let s3: S3Client;
  const bucket = 'sdk-bucket';
  before(async () => {
    h = await startHarness();
    s3 = h.client;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(() => h.close());

  it('creates, heads, lists, locates and deletes buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'other.bucket-2' }));
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'other.bucket-2' })), 'BucketAlreadyOwnedByYou');
    await s3.send(new HeadBucketCommand({ Bucket: 'other.bucket-2' }));
    const names = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
    assert.deepEqual(names, ['other.bucket-2', bucket]);
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'other.bucket-2' }));
    assert.equal(loc.LocationConstraint, 'local');
    await s3.send(new PutObjectCommand({ Bucket: 'other.bucket-2', Key: 'x', Body: 'x' }));
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'other.bucket-2' })), 'BucketNotEmpty');
    await s3.send(new DeleteObjectCommand({ Bucket: 'other.bucket-2', Key: 'x' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'other.bucket-2' }));
    await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: 'other.bucket-2' })), 'NotFound');
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName');
  });

  it('puts and gets an object with content type, metadata, ETag and SHA-256', async () => {
    const body = Buffer.from('hello, local s3 ✓');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'dir/hello world.txt',
        Body: body,
        ContentType: 'text/plain; charset=utf-8',
        Metadata: { owner: 'alice', run: '42' },
      }),
    );
    assert.equal(put.ETag, `"${md5(body).toString('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/hello world.txt', ChecksumMode: 'ENABLED' }));
    assert.deepEqual(await streamToBuffer(got.Body), body);
    assert.equal(got.ContentType, 'text/plain; charset=utf-8');
    assert.deepEqual(got.Metadata, { owner: 'alice', run: '42' });
    assert.equal(got.ChecksumSHA256, createHash('sha256').update(body).digest('base64'));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/hello world.txt' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ETag, put.ETag);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'nope' })), 'NotFound');
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'nope' })), 'NoSuchKey');
  });

  it('accepts a stream body (aws-chunked with a CRC32 trailer) and an empty object', async () => {
    const data = randomBytes(300_000);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'streamed.bin',
        Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]),
        ContentLength: data.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed.bin' }));
    assert.equal(sha256(await streamToBuffer(got.Body)), sha256(data));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'empty', Body: Buffer.alloc(0) }));
    const empty = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'empty' }));
    assert.equal((await streamToBuffer(empty.Body)).length, 0);
  });

  it('verifies CRC32C and SHA-1 checksums the client asks for', async () => {
    const data = randomBytes(10_000);
    for (const alg of ['CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const) {
      const key = `ck-${alg}`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ChecksumAlgorithm: alg }));
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${key}-stream`,
          Body: Readable.from([data]),
          ContentLength: data.length,
          ChecksumAlgorithm: alg,
        }),
      );
    }
  });

  it('serves byte ranges with 206 and refuses unsatisfiable ones with 416', async () => {
    const data = randomBytes(4096);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'ranged', Body: data }));
    const cases: [string, number, number][] = [
      ['bytes=0-9', 0, 9],
      ['bytes=100-', 100, 4095],
      ['bytes=-10', 4086, 4095],
      ['bytes=4000-9999', 4000, 4095],
    ];
    for (const [range, start, end] of cases) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'ranged', Range: range }));
      assert.equal(got.$metadata.httpStatusCode, 206);
      assert.equal(got.ContentRange, `bytes ${start}-${end}/4096`);
      assert.deepEqual(await streamToBuffer(got.Body), data.subarray(start, end + 1));
    }
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'ranged', Range: 'bytes=5000-' })),
      (err: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(err.$metadata.httpStatusCode, 416);
        assert.equal(err.name, 'InvalidRange');
        return true;
      },
    );
  });

  it('lists with prefix, delimiter, pagination over more than 1000 keys, start-after and v1 markers', async () => {
    const lb = 'list-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: lb }));
    const keys: string[] = [];
    for (let i = 0; i < 1100; i++) keys.push(`data/${String(i).padStart(4, '0')}.txt`);
    keys.push('logs/a/1', 'logs/a/2', 'logs/b/1', 'logs/c', 'top');
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((k) => s3.send(new PutObjectCommand({ Bucket: lb, Key: k, Body: k }))));
    }
    const all = await s3.send(new ListObjectsV2Command({ Bucket: lb }));
    assert.equal(all.KeyCount, 1000);
    assert.equal(all.IsTruncated, true);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: lb, Prefix: 'data/', MaxKeys: 250, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
      token = page.NextContinuationToken;
      pages++;
    } while (token);
    assert.equal(pages, 5);
    assert.deepEqual(seen, keys.slice(0, 1100));

    const tree = await s3.send(new ListObjectsV2Command({ Bucket: lb, Delimiter: '/' }));
    assert.deepEqual(
      tree.CommonPrefixes?.map((p) => p.Prefix),
      ['data/', 'logs/'],
    );
    assert.deepEqual(
      tree.Contents?.map((c) => c.Key),
      ['top'],
    );
    const logs = await s3.send(new ListObjectsV2Command({ Bucket: lb, Prefix: 'logs/', Delimiter: '/', MaxKeys: 2 }));
    assert.deepEqual(
      logs.CommonPrefixes?.map((p) => p.Prefix),
      ['logs/a/', 'logs/b/'],
    );
    assert.equal(logs.IsTruncated, true);
    const rest = await s3.send(
      new ListObjectsV2Command({ Bucket: lb, Prefix: 'logs/', Delimiter: '/', ContinuationToken: logs.NextContinuationToken }),
    );
    assert.deepEqual(
      rest.Contents?.map((c) => c.Key),
      ['logs/c'],
    );
    assert.equal(rest.CommonPrefixes, undefined);

    const after = await s3.send(new ListObjectsV2Command({ Bucket: lb, StartAfter: 'logs/b/1' }));
    assert.deepEqual(
      after.Contents?.map((c) => c.Key),
      ['logs/c', 'top'],
    );
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: lb, Prefix: 'logs/', Marker: 'logs/a/1' }));
    assert.deepEqual(
      v1.Contents?.map((c) => c.Key),
      ['logs/a/2', 'logs/b/1', 'logs/c'],
    );

    const del = await s3.send(new DeleteObjectsCommand({ Bucket: lb, Delete: { Objects: keys.slice(0, 1000).map((Key) => ({ Key })) } }));
    assert.equal(del.Deleted?.length, 1000);
    assert.equal(del.Errors, undefined);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: lb }));
    assert.equal(left.KeyCount, 105);
  });

  it('copies objects, keeping or replacing metadata', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'src key+1', Body: 'copy me', ContentType: 'text/x-src', Metadata: { a: '1' } }),
    );
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'copied', CopySource: `${bucket}/${encodeURIComponent('src key+1')}` }),
    );
    assert.equal(copy.CopyObjectResult?.ETag, `"${md5(Buffer.from('copy me')).toString('hex')}"`);
    const kept = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'copied' }));
    assert.equal(await kept.Body?.transformToString(), 'copy me');
    assert.equal(kept.ContentType, 'text/x-src');
    assert.deepEqual(kept.Metadata, { a: '1' });
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'copied',
        CopySource: `${bucket}/copied`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/x-new',
        Metadata: { b: '2' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copied' }));
    assert.equal(replaced.ContentType, 'text/x-new');
    assert.deepEqual(replaced.Metadata, { b: '2' });
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copied', CopySource: `${bucket}/copied` })), 'InvalidRequest');
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/missing` })), 'NoSuchKey');
  });

  it('uploads 20 MiB in parallel parts and completes with an md5-of-md5s ETag', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 12345);
    const partSize = 5 * 1024 * 1024;
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big/model.bin',
        ContentType: 'application/x-model',
        Metadata: { epoch: '3' },
      }),
    );
    const uploadId = created.UploadId as string;
    const slices: Buffer[] = [];
    for (let off = 0; off < data.length; off += partSize) slices.push(data.subarray(off, off + partSize));
    const etags = await Promise.all(
      slices.map(
        async (Body, i) =>
          (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/model.bin', UploadId: uploadId, PartNumber: i + 1, Body })))
            .ETag as string,
      ),
    );
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/model.bin', UploadId: uploadId }));
    assert.deepEqual(
      listed.Parts?.map((p) => p.PartNumber),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      listed.Parts?.map((p) => p.Size),
      slices.map((s) => s.length),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big/model.bin',
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const expected = createHash('md5')
      .update(Buffer.concat(slices.map(md5)))
      .digest('hex');
    assert.equal(done.ETag, `"${expected}-5"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/model.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ContentType, 'application/x-model');
    assert.deepEqual(got.Metadata, { epoch: '3' });
    assert.equal(got.ChecksumSHA256, createHash('sha256').update(data).digest('base64'));
    assert.equal(sha256(await streamToBuffer(got.Body)), sha256(data));
    await rejectsWith(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/model.bin', UploadId: uploadId })), 'NoSuchUpload');
  });

  it('rejects bad completions and aborts uploads', async () => {
    const key = 'mp-bad';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'small' }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: 'small' }));
    const complete = (Parts: { ETag?: string; PartNumber: number }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts } }));
    await rejectsWith(
      complete([
        { ETag: p1.ETag, PartNumber: 1 },
        { ETag: p2.ETag, PartNumber: 2 },
      ]),
      'EntityTooSmall',
    );
    await rejectsWith(
      complete([
        { ETag: p2.ETag, PartNumber: 2 },
        { ETag: p1.ETag, PartNumber: 1 },
      ]),
      'InvalidPartOrder',
    );
    await rejectsWith(complete([{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }]), 'InvalidPart');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
    await rejectsWith(s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 3, Body: 'x' })), 'NoSuchUpload');
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), 'NotFound');
  });

  it('serves a presigned GET URL to plain fetch, and refuses it once expired or altered', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'shared/report.json', Body: '{"ok":true}', ContentType: 'application/json' }),
    );
    const url = new URL(h.server.endpoint);
    const presign = (signingDate: Date, expiresIn: number) =>
      signer().presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: `/${bucket}/shared/report.json`,
          query: {},
          headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        },
        // As @aws-sdk/s3-request-presigner does: an unsigned payload, the marker not hoisted into the URL.
        {
          expiresIn,
          signingDate,
          unsignableHeaders: new Set(['x-amz-content-sha256']),
          unhoistableHeaders: new Set(['x-amz-content-sha256']),
        },
      );
    const toUrl = (q: Record<string, unknown> = {}) =>
      `${h.server.endpoint}/${bucket}/shared/report.json?${new URLSearchParams(q as Record<string, string>)}`;
    const fresh = await presign(new Date(), 300);
    const res = await fetch(toUrl(fresh.query));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"ok":true}');
    assert.equal(res.headers.get('content-type'), 'application/json');

    const expired = await presign(new Date(Date.now() - 3600_000), 60);
    const gone = await fetch(toUrl(expired.query));
    assert.equal(gone.status, 403);
    assert.match(await gone.text(), /<Code>AccessDenied<\/Code>.*expired/);

    const altered = await fetch(toUrl({ ...fresh.query, 'X-Amz-Expires': '600' }));
    assert.equal(altered.status, 403);
    assert.match(await altered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('deletes objects (missing keys count as deleted)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doomed', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'doomed' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'doomed' }));
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doomed' })), 'NotFound');
  });
});
