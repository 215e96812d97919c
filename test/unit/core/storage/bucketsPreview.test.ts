import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { StorageClient } from '../../../../extension/core/storage/client';
import { obsConfig } from '../../../../extension/core/storage/config';
import { looksBinary, maxTextPreviewBytes, previewCopy, previewKind } from '../../../../extension/core/storage/preview';
import { countCommands, creds, type Env, startEnv } from './helpers';

describe('core/storage: making buckets, and previews of objects (local S3 endpoint)', function () {
  this.timeout(120_000);
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('makes a bucket, and says so clearly when the name is bad or already there', async () => {
    await env.storage.createBucket('new-bucket');
    assert.ok((await env.storage.listBuckets()).some((b) => b.name === 'new-bucket'));
    const counts = countCommands(env.storage);
    await assert.rejects(env.storage.createBucket('Bad_Name'), { code: 'InvalidBucketName', message: /not a valid bucket name/ });
    assert.equal(counts.get('CreateBucketCommand'), undefined, 'a bad name is refused before anything is sent');
    await assert.rejects(env.storage.createBucket('new-bucket'), (err: Error) => /already/.test(err.message));
  });

  it('asks OBS for the bucket in the endpoint’s region (LocationConstraint; no network)', async () => {
    const storage = new StorageClient(obsConfig('cn-north-4', creds));
    let body = '';
    storage.s3.middlewareStack.addRelativeTo(
      () => async (args: { request: unknown }) => {
        body = String((args.request as { body?: unknown }).body ?? '');
        throw Object.assign(new Error('captured'), { name: 'Captured' });
      },
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'capture', override: true },
    );
    try {
      await assert.rejects(storage.createBucket('team-data'), /captured/);
      assert.match(body, /<LocationConstraint>cn-north-4<\/LocationConstraint>/);
    } finally {
      storage.dispose();
    }
  });

  it('tells images, text and what is too large for an editor apart', () => {
    assert.equal(previewKind('images/cat.PNG', 10), 'image');
    assert.equal(previewKind('a/photo.jpeg', 10), 'image');
    assert.equal(previewKind('code/train.py', 10), 'text');
    assert.equal(previewKind('logs/run', 10), 'text', 'no extension: its first bytes decide');
    assert.equal(previewKind('data/big.csv', maxTextPreviewBytes + 1), 'tooLarge');
    assert.equal(looksBinary(Buffer.from('print("hi")\n')), false);
    assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), true);
  });

  it('copies an object once for a preview, under its own name, and again only when it changed', async () => {
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'pics/cat.png', Body: 'not really a png' }));
    const [object] = (await env.storage.list({ bucket: env.bucket, prefix: 'pics/' })).objects;
    assert.ok(object);
    const root = path.join(env.work, 'preview');
    const counts = countCommands(env.storage);
    const file = await previewCopy(env.storage, { bucket: env.bucket, ...object }, root);
    assert.equal(path.basename(file), 'cat.png');
    assert.equal(readFileSync(file, 'utf8'), 'not really a png');
    const gets = counts.get('GetObjectCommand') ?? 0;
    assert.ok(gets > 0);
    const again = await previewCopy(env.storage, { bucket: env.bucket, ...object }, root);
    assert.equal(again, file);
    assert.equal(counts.get('GetObjectCommand'), gets, 'the second preview reads the copy');
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    await env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'pics/cat.png', Body: 'a new picture, longer' }));
    const [newer] = (await env.storage.list({ bucket: env.bucket, prefix: 'pics/' })).objects;
    assert.ok(newer);
    const fresh = await previewCopy(env.storage, { bucket: env.bucket, ...newer }, root);
    assert.notEqual(fresh, file, 'a changed object gets a copy of its own');
    assert.equal(readFileSync(fresh, 'utf8'), 'a new picture, longer');
  });
});
