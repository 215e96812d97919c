import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { StorageClient } from '../../../../extension/core/storage/client';
import { obsConfig, s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { StorageError, toStorageError } from '../../../../extension/core/storage/errors';
import { formatObsUrl, parseObsUrl } from '../../../../extension/core/storage/urls';

const creds = { accessKeyId: 'AKEXAMPLE', secretAccessKey: 'SKEXAMPLEsecretvalue' };

describe('core/storage URLs', () => {
  it('parses obs://, s3:// and ModelArts /bucket/ paths to the same location', () => {
    assert.deepEqual(parseObsUrl('obs://my-bucket/data/train/'), { bucket: 'my-bucket', key: 'data/train/' });
    assert.deepEqual(parseObsUrl('s3://my-bucket/data/train/'), { bucket: 'my-bucket', key: 'data/train/' });
    assert.deepEqual(parseObsUrl('/my-bucket/data/train/'), { bucket: 'my-bucket', key: 'data/train/' });
    assert.deepEqual(parseObsUrl('  OBS://my-bucket  '), { bucket: 'my-bucket', key: '' });
    assert.deepEqual(parseObsUrl('obs://my-bucket/'), { bucket: 'my-bucket', key: '' });
    assert.deepEqual(parseObsUrl('/my.bucket/a b/ü.txt'), { bucket: 'my.bucket', key: 'a b/ü.txt' });
  });

  it('rejects bad URLs with InvalidObsUrl and a hint', () => {
    for (const bad of [
      '',
      '   ',
      'http://bucket/key',
      'bucket/key',
      'obs://',
      'obs:///key',
      '/',
      'obs://Bad_Bucket/x',
      'obs://ab/x',
      'obs://b..c/x',
      'obs://bucket//x',
    ]) {
      assert.throws(
        () => parseObsUrl(bad),
        (err: unknown) => err instanceof StorageError && err.code === 'InvalidObsUrl' && /obs:\/\/bucket\/path/.test(err.message),
        bad,
      );
    }
  });

  it('formats in each style and round-trips', () => {
    const loc = { bucket: 'b-1', key: 'dir/file.txt' };
    assert.equal(formatObsUrl(loc), 'obs://b-1/dir/file.txt');
    assert.equal(formatObsUrl(loc, 's3'), 's3://b-1/dir/file.txt');
    assert.equal(formatObsUrl(loc, 'path'), '/b-1/dir/file.txt');
    assert.equal(formatObsUrl({ bucket: 'b-1', key: '' }), 'obs://b-1');
    assert.equal(formatObsUrl({ bucket: 'b-1', key: '' }, 'path'), '/b-1/');
    for (const style of ['obs', 's3', 'path'] as const) assert.deepEqual(parseObsUrl(formatObsUrl(loc, style)), loc);
  });
});

/** Captures the signed request the SDK would send, then stops it before any network I/O. */
async function capture(
  storage: StorageClient,
  send: () => Promise<unknown>,
): Promise<{ hostname: string; path: string; headers: Record<string, string> }> {
  let seen: { hostname: string; path: string; headers: Record<string, string> } | undefined;
  storage.s3.middlewareStack.addRelativeTo(
    () => async (args: { request: unknown }) => {
      const r = args.request as { hostname: string; path: string; headers: Record<string, string> };
      seen = { hostname: r.hostname, path: r.path, headers: { ...r.headers } };
      throw Object.assign(new Error('captured'), { name: 'Captured' });
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'capture', override: true },
  );
  // Through the storage client the sentinel arrives wrapped as a StorageError; either way it stopped.
  await assert.rejects(send(), (err: Error) => err.name === 'Captured' || /captured/.test(err.message));
  assert.ok(seen);
  return seen;
}

describe('core/storage config', () => {
  it('obsConfig: regional OBS endpoint, virtual-host addressing, UNSIGNED-PAYLOAD, no flexible checksums', () => {
    const cfg = obsConfig('cn-north-4', creds);
    assert.equal(cfg.endpoint, 'https://obs.cn-north-4.myhuaweicloud.com');
    assert.equal(cfg.addressing, 'virtual-host');
    assert.equal(cfg.region, 'cn-north-4');
    assert.equal(cfg.unsignedPayload, true);
    assert.equal(cfg.sha256Checksums, false);
    assert.throws(() => obsConfig('cn-north-4.evil.com/', creds), { code: 'InvalidConfig' });
  });

  it('the OBS client puts the bucket in the host name and signs with UNSIGNED-PAYLOAD (no network)', async () => {
    const storage = new StorageClient(obsConfig('ap-southeast-3', creds));
    try {
      const put = await capture(storage, () =>
        storage.s3.send(new PutObjectCommand({ Bucket: 'my-bucket', Key: 'a/b.txt', Body: Buffer.from('hello') })),
      );
      assert.equal(put.hostname, 'my-bucket.obs.ap-southeast-3.myhuaweicloud.com');
      assert.equal(put.path, '/a/b.txt');
      assert.equal(put.headers['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
      assert.match(put.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKEXAMPLE\/\d{8}\/ap-southeast-3\/s3\/aws4_request/);
      assert.ok(!Object.keys(put.headers).some((h) => h.startsWith('x-amz-checksum-')), 'no CRC32 added to uploads');
    } finally {
      storage.dispose();
    }
  });

  it('an OBS upload carries Content-MD5 and x-amz-meta-sha256 but no flexible checksum (no network)', async () => {
    const storage = new StorageClient(obsConfig('cn-north-4', creds));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-storage-obs-'));
    try {
      const file = path.join(dir, 'a.txt');
      writeFileSync(file, 'hello obs');
      const put = await capture(storage, () => storage.uploadFile(file, { bucket: 'my-bucket', key: 'dir/a.txt' }));
      assert.equal(put.hostname, 'my-bucket.obs.cn-north-4.myhuaweicloud.com');
      assert.equal(put.headers['x-amz-meta-sha256'], createHash('sha256').update('hello obs').digest('hex'));
      assert.equal(put.headers['content-md5'], createHash('md5').update('hello obs').digest('base64'));
      assert.equal(put.headers['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
      assert.ok(!Object.keys(put.headers).some((h) => h.startsWith('x-amz-checksum-')));
    } finally {
      storage.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the OBS client sends Content-MD5 (not CRC32) with DeleteObjects', async () => {
    const storage = new StorageClient(obsConfig('cn-north-4', creds));
    try {
      const del = await capture(storage, () =>
        storage.s3.send(new DeleteObjectsCommand({ Bucket: 'my-bucket', Delete: { Objects: [{ Key: 'x' }] } })),
      );
      assert.match(del.headers['content-md5'] ?? '', /^[A-Za-z0-9+/]{22}==$/);
      assert.ok(!Object.keys(del.headers).some((h) => h.startsWith('x-amz-checksum-')));
    } finally {
      storage.dispose();
    }
  });

  it('s3CompatibleConfig uses path-style addressing and rejects non-http endpoints', async () => {
    const cfg = s3CompatibleConfig('http://127.0.0.1:9000/ignored', 'local', creds);
    assert.equal(cfg.endpoint, 'http://127.0.0.1:9000');
    assert.equal(cfg.addressing, 'path');
    assert.throws(() => s3CompatibleConfig('ftp://x', 'local', creds), { code: 'InvalidConfig' });
    assert.throws(() => s3CompatibleConfig('not a url', 'local', creds), { code: 'InvalidConfig' });
    const storage = new StorageClient(cfg);
    try {
      const get = await capture(storage, () => storage.s3.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'k' })));
      assert.equal(get.hostname, '127.0.0.1');
      assert.equal(get.path, '/my-bucket/k');
    } finally {
      storage.dispose();
    }
  });
});

describe('core/storage error mapping', () => {
  const ctx = { operation: 'Read', bucket: 'b-1', target: 'obs://b-1/k', endpoint: 'https://obs.x', secrets: [creds.secretAccessKey] };
  const sdkError = (name: string, status: number, message = ''): unknown =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: 'REQ123' } });

  it('says what to do, keeps code, status and request id', () => {
    const skew = toStorageError(sdkError('RequestTimeTooSkewed', 403), ctx) as StorageError;
    assert.equal(skew.code, 'RequestTimeTooSkewed');
    assert.equal(skew.status, 403);
    assert.equal(skew.requestId, 'REQ123');
    assert.match(skew.message, /clock/);
    assert.match(toStorageError(sdkError('SignatureDoesNotMatch', 403), ctx).message, /secret key.*clock/);
    assert.match(toStorageError(sdkError('AccessDenied', 403), ctx).message, /AK\/SK/);
    assert.match(toStorageError(sdkError('NoSuchBucket', 404), ctx).message, /b-1 does not exist/);
    assert.equal((toStorageError(sdkError('NotFound', 404), ctx) as StorageError).code, 'NoSuchKey');
    assert.equal((toStorageError(sdkError('Forbidden', 403), ctx) as StorageError).code, 'AccessDenied');
  });

  it('maps network failures and never repeats a secret', () => {
    const refused = toStorageError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx) as StorageError;
    assert.equal(refused.code, 'NetworkError');
    assert.match(refused.message, /https:\/\/obs\.x.*refused/);
    const leaky = toStorageError(sdkError('WeirdError', 400, `bad request for ${creds.secretAccessKey}`), ctx) as StorageError;
    assert.ok(!leaky.message.includes(creds.secretAccessKey));
    const abort = Object.assign(new Error('x'), { name: 'AbortError' });
    assert.equal(toStorageError(abort, ctx), abort);
  });
});
