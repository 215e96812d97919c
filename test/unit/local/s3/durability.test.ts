import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { makeClient, streamToBuffer } from './helpers';

function startChild(rootDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serverEntry.ts'), rootDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, endpoint: (JSON.parse(line) as { endpoint: string }).endpoint });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('local/s3 durability', function () {
  this.timeout(120_000);
  const rootDir = mkdtempSync(path.join(os.tmpdir(), 'ma-s3-dur-'));
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(rootDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged PUT byte-identical across kill -9, and nothing half-written is visible', async () => {
    const first = await startChild(rootDir);
    child = first.child;
    const s3 = makeClient(first.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));

    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 80; i++) bodies.set(`obj-${i}`, randomBytes(256 * 1024 + i * 9973));
    const acked = new Set<string>();
    const exited = new Promise((r) => first.child.once('exit', r));
    let killed = false;
    await Promise.allSettled(
      [...bodies].map(async ([key, body]) => {
        await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: key, Body: body }));
        if (killed) return;
        acked.add(key);
        // Kill while plenty of other PUTs are still streaming.
        if (acked.size === 20) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }),
    );
    await exited;
    s3.destroy();
    assert.ok(acked.size >= 20, `only ${acked.size} PUTs were acknowledged`);

    const second = await startChild(rootDir);
    child = second.child;
    const s3b = makeClient(second.endpoint);
    try {
      for (const key of acked) {
        const got = await s3b.send(new GetObjectCommand({ Bucket: 'durable', Key: key }));
        assert.equal(sha(await streamToBuffer(got.Body)), sha(bodies.get(key) as Buffer), `${key} differs after restart`);
      }
      // Whatever else is listed must be a complete object too (a PUT may land without its reply).
      const listed = (await s3b.send(new ListObjectsV2Command({ Bucket: 'durable' }))).Contents ?? [];
      for (const { Key, Size } of listed) {
        const body = bodies.get(Key as string) as Buffer;
        assert.equal(Size, body.length);
        const got = await s3b.send(new GetObjectCommand({ Bucket: 'durable', Key }));
        assert.equal(sha(await streamToBuffer(got.Body)), sha(body), `${Key} is corrupt after restart`);
      }
      assert.ok(listed.length >= acked.size);
      assert.ok(listed.length < bodies.size, 'the kill came too late to test anything');
    } finally {
      s3b.destroy();
      second.child.kill('SIGKILL');
    }
  });
});
