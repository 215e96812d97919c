import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3Server } from '../../../../extension/local/s3/server';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';

/** A real local S3 endpoint over a temp dir, a StorageClient for it, and a temp work dir. */
export const creds = { accessKeyId: 'STORAGETESTAK', secretAccessKey: 'storage-test-secret-key-0123' };

export interface Env {
  server: S3Server;
  rootDir: string;
  work: string;
  storage: StorageClient;
  bucket: string;
  close(): Promise<void>;
}

export async function startEnv(bucket = 'test-bucket'): Promise<Env> {
  const rootDir = mkdtempSync(path.join(os.tmpdir(), 'ma-storage-s3-'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'ma-storage-work-'));
  const server = await startS3Server({ rootDir, credentials: creds });
  const storage = new StorageClient({ ...s3CompatibleConfig(server.endpoint, 'local', creds), maxAttempts: 1 });
  await storage.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    server,
    rootDir,
    work,
    storage,
    bucket,
    async close() {
      storage.dispose();
      await server.close();
      rmSync(rootDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Writes `size` random bytes to `file` (creating parent dirs) and returns them. */
export async function randomFile(file: string, size: number): Promise<Buffer> {
  const data = randomBytes(size);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, data);
  return data;
}

/** Where the local S3 endpoint keeps an object's file (data first, then a metadata footer). */
export function objectFile(env: Env, key: string): string {
  const h = createHash('sha256').update(key, 'utf8').digest('hex');
  return path.join(env.rootDir, 'buckets', env.bucket, 'objects', h.slice(0, 2), h);
}

/** Counts SDK commands by name, observed through a middleware on the real client. */
export function countCommands(storage: StorageClient): Map<string, number> {
  const counts = new Map<string, number>();
  storage.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: `countCommands-${Math.random()}` },
  );
  return counts;
}

export async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}
