import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { creds, errorCode, type Harness, makeClient, rawRequest, startHarness, streamToBuffer } from './helpers';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** An aws-chunked body with per-chunk signatures (written here independently of the server code). */
function signedChunkedBody(data: Buffer, seed: string, amzDate: string, chunkSize: number, corruptChunk = -1): Buffer {
  const day = amzDate.slice(0, 8);
  const scope = `${day}/local/s3/aws4_request`;
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), 'local'), 's3'), 'aws4_request');
  const out: Buffer[] = [];
  let prev = seed;
  const chunks: Buffer[] = [];
  for (let off = 0; off < data.length; off += chunkSize) chunks.push(data.subarray(off, off + chunkSize));
  chunks.push(Buffer.alloc(0));
  chunks.forEach((chunk, i) => {
    const sts = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, prev, sha(''), sha(chunk)].join('\n');
    prev = createHmac('sha256', key).update(sts).digest('hex');
    const sent = i === corruptChunk ? Buffer.from(chunk.map((b) => b ^ 1)) : chunk;
    out.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${prev}\r\n`), sent, Buffer.from('\r\n'));
  });
  return Buffer.concat(out);
}

describe('local/s3 bad input', function () {
  this.timeout(60_000);
  let h: Harness;
  const bucket = 'bad-input';
  before(async () => {
    h = await startHarness({ maxObjectBytes: 64 * 1024 });
    await h.client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(() => h.close());

  it('rejects a wrong secret, an unknown access key and a missing signature', async () => {
    const wrongSecret = makeClient(h.server.endpoint, { ...creds, secretAccessKey: 'not-the-secret' });
    await assert.rejects(wrongSecret.send(new ListBucketsCommand({})), { name: 'SignatureDoesNotMatch' });
    const unknownKey = makeClient(h.server.endpoint, { ...creds, accessKeyId: 'NOSUCHKEY' });
    await assert.rejects(unknownKey.send(new ListBucketsCommand({})), { name: 'InvalidAccessKeyId' });
    wrongSecret.destroy();
    unknownKey.destroy();
    const anonymous = await fetch(`${h.server.endpoint}/${bucket}`);
    assert.equal(anonymous.status, 403);
    assert.match(await anonymous.text(), /<Code>AccessDenied<\/Code>/);
  });

  it('rejects a request dated more than 15 minutes off', async () => {
    const res = await rawRequest(h.server.endpoint, { method: 'GET', path: '/', signingDate: new Date(Date.now() - 20 * 60_000) });
    assert.equal(res.status, 403);
    assert.equal(errorCode(res.body), 'RequestTimeTooSkewed');
  });

  it('rejects a body that does not match its signed SHA-256 and stores nothing', async () => {
    const res = await rawRequest(h.server.endpoint, {
      method: 'PUT',
      path: `/${bucket}/tampered`,
      body: 'original body',
      sendBody: 'tampered body',
    });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), 'XAmzContentSHA256Mismatch');
    const md5 = await rawRequest(h.server.endpoint, {
      method: 'PUT',
      path: `/${bucket}/tampered`,
      body: 'abc',
      headers: { 'content-md5': createHash('md5').update('abd').digest('base64') },
    });
    assert.equal(errorCode(md5.body), 'BadDigest');
    await assert.rejects(h.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'tampered' })), { name: 'NoSuchKey' });
  });

  it('verifies aws-chunked chunk signatures', async () => {
    const data = Buffer.alloc(20_000, 7);
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length) };
    const put = (key: string, corrupt: number) =>
      rawRequest(h.server.endpoint, {
        method: 'PUT',
        path: `/${bucket}/${key}`,
        headers,
        payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        bodyFromSignature: (sig, date) => signedChunkedBody(data, sig, date, 8192, corrupt),
      });
    assert.equal((await put('chunked-ok', -1)).status, 200);
    const got = await h.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked-ok' }));
    assert.deepEqual(await streamToBuffer(got.Body), data);
    const bad = await put('chunked-bad', 1);
    assert.equal(errorCode(bad.body), 'SignatureDoesNotMatch');
    await assert.rejects(h.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked-bad' })), { name: 'NoSuchKey' });
  });

  it('keeps keys with .., backslashes, absolute paths and NUL inside rootDir', async () => {
    const paths = [
      '/bad-input/../../escape-1',
      '/bad-input/..%2F..%2F..%2Fescape-2',
      '/bad-input/..%5C..%5Cescape-3',
      '/bad-input//etc/escape-4',
      '/bad-input/%2Ftmp%2Fescape-5',
      '/bad-input/nul%00escape-6',
    ];
    for (const p of paths) {
      const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: p, body: `body of ${p}` });
      assert.equal(res.status, 200, `${p}: ${res.body.toString()}`);
      const back = await rawRequest(h.server.endpoint, { method: 'GET', path: p });
      assert.equal(back.body.toString(), `body of ${p}`);
    }
    const files = walk(h.rootDir);
    for (const f of files) assert.ok(f.startsWith(path.join(h.rootDir, 'buckets', bucket) + path.sep) || f.endsWith('s3cmd.cfg'), f);
    assert.ok(!files.some((f) => path.basename(f).includes('escape')), 'a key became a file name');
    const list = await rawRequest(h.server.endpoint, { method: 'GET', path: `/${bucket}`, query: { 'list-type': '2', prefix: '../' } });
    assert.match(list.body.toString(), /<Key>\.\.\/\.\.\/escape-1<\/Key>/);
    const badBucket = await rawRequest(h.server.endpoint, { method: 'PUT', path: '/../x' });
    assert.equal(errorCode(badBucket.body), 'InvalidBucketName');
    const longKey = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${bucket}/${'k'.repeat(1025)}`, body: 'x' });
    assert.equal(errorCode(longKey.body), 'KeyTooLongError');
  });

  it('refuses objects over maxObjectBytes with EntityTooLarge', async () => {
    await assert.rejects(h.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'huge', Body: Buffer.alloc(64 * 1024 + 1) })), {
      name: 'EntityTooLarge',
    });
  });

  it('answers unsupported operations with a 501 S3 XML error and keeps serving', async () => {
    const cases: [string, string, Record<string, string>][] = [
      ['GET', `/${bucket}`, { acl: '' }],
      ['PUT', `/${bucket}/k`, { tagging: '' }],
      ['GET', `/${bucket}`, { versions: '' }],
      ['PATCH', `/${bucket}/k`, {}],
      ['POST', '/', {}],
    ];
    for (const [method, p, query] of cases) {
      const res = await rawRequest(h.server.endpoint, { method, path: p, query });
      assert.equal(res.status, 501, `${method} ${p}`);
      assert.match(String(res.headers['content-type']), /^application\/xml/);
      assert.equal(errorCode(res.body), 'NotImplemented');
      assert.doesNotMatch(res.body.toString(), /<html|at \w+ \(/i);
    }
    const garbage = await fetch(`${h.server.endpoint}/%E0%A4%A`, { headers: { authorization: 'garbage' } });
    assert.equal(garbage.status, 400);
    const still = await h.client.send(new ListBucketsCommand({}));
    assert.deepEqual(
      still.Buckets?.map((b) => b.Name),
      [bucket],
    );
  });
});
