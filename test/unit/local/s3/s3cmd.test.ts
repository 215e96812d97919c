import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { ensureCommand } from '../../../helpers/peers';
import { creds, type Harness, startHarness } from './helpers';

/** The real s3cmd (Debian package) against the endpoint: what a real client accepts is the contract. */
describe('local/s3 with real s3cmd', function () {
  this.timeout(120_000);
  let h: Harness;
  let s3cmd: string;
  let config: string;
  // Asynchronous on purpose: the server runs in this process, so a blocking spawn would deadlock.
  const run = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(s3cmd, ['--config', config, ...args], { encoding: 'utf8' }, (err, stdout, stderr) =>
        err ? reject(new Error(`s3cmd ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
      );
    });

  before(async () => {
    s3cmd = ensureCommand('s3cmd', 's3cmd');
    h = await startHarness();
    const hostPort = new URL(h.server.endpoint).host;
    config = path.join(h.rootDir, 's3cmd.cfg');
    writeFileSync(
      config,
      [
        '[default]',
        `access_key = ${creds.accessKeyId}`,
        `secret_key = ${creds.secretAccessKey}`,
        `host_base = ${hostPort}`,
        `host_bucket = ${hostPort}`,
        'use_https = False',
        'signature_v2 = False',
        'check_ssl_certificate = False',
        '',
      ].join('\n'),
    );
  });
  after(() => h.close());

  it('makes a bucket, puts a multipart file, lists, gets it back byte-identical, deletes, removes the bucket', async () => {
    const src = path.join(h.rootDir, 'upload.bin');
    const dst = path.join(h.rootDir, 'download.bin');
    const data = randomBytes(12 * 1024 * 1024 + 777);
    writeFileSync(src, data);

    await run('mb', 's3://cmd-bucket');
    await run('put', '--multipart-chunk-size-mb=5', src, 's3://cmd-bucket/models/upload.bin');
    // s3cmd hides its part progress when not on a tty; the ETag shows the object was assembled from 3 parts.
    const head = await h.client.send(new HeadObjectCommand({ Bucket: 'cmd-bucket', Key: 'models/upload.bin' }));
    assert.match(head.ETag ?? '', /-3"$/);
    await run('put', src, 's3://cmd-bucket/models/single file.bin', '--disable-multipart');
    const ls = await run('ls', 's3://cmd-bucket/models/');
    assert.match(ls, /s3:\/\/cmd-bucket\/models\/upload\.bin/);
    assert.match(ls, /s3:\/\/cmd-bucket\/models\/single file\.bin/);
    assert.match(await run('ls', 's3://cmd-bucket'), /DIR\s+s3:\/\/cmd-bucket\/models\//);
    assert.match(await run('ls'), /s3:\/\/cmd-bucket/);

    await run('get', 's3://cmd-bucket/models/upload.bin', dst);
    assert.ok(readFileSync(dst).equals(data), 'downloaded bytes differ');
    await run('get', '--force', 's3://cmd-bucket/models/single file.bin', dst);
    assert.ok(readFileSync(dst).equals(data), 'downloaded bytes differ (single PUT)');

    await run('del', 's3://cmd-bucket/models/upload.bin');
    await run('del', 's3://cmd-bucket/models/single file.bin');
    assert.doesNotMatch(await run('ls', 's3://cmd-bucket/models/'), /upload\.bin/);
    await run('rb', 's3://cmd-bucket');
    assert.doesNotMatch(await run('ls'), /cmd-bucket/);
  });
});
