import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Errors } from './http/apiError';
import type { Store } from './s3/store';

/** A place in storage, as ModelArts writes it: `obs://bucket/prefix` or `/bucket/prefix`. */
export interface StoragePath {
  readonly bucket: string;
  /** The key prefix without a leading slash; '' for the whole bucket. */
  readonly prefix: string;
}

/** Parses `obs://bucket/dir/` or `/bucket/dir/`; a 400 naming the field when it is neither. */
export function parseStoragePath(value: string, field: string): StoragePath {
  const m = /^(?:obs:\/|s3:\/)?\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!m) throw Errors.badRequest(`${field} must be a storage path like obs://bucket/dir/ or /bucket/dir/, not '${value}'.`);
  const prefix = m[2] ?? '';
  if (prefix.split('/').some((segment) => segment === '..' || segment === '.'))
    throw Errors.badRequest(`${field} must not contain '.' or '..' segments.`);
  return { bucket: m[1] as string, prefix };
}

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
  readonly lastModified: number;
}

/**
 * The daemon's own access to its object store, in process: what training jobs use to fetch their
 * code and inputs and to publish their outputs, and datasets to find their samples. It goes
 * through the same store as the S3 endpoint, so both always agree.
 */
export class StorageAccess {
  constructor(private readonly store: Store) {}

  async bucketExists(bucket: string): Promise<boolean> {
    return this.store.bucketExists(bucket);
  }

  /** Every object under the prefix (recursively), in key order. */
  async list(where: StoragePath): Promise<StoredObject[]> {
    if (!(await this.store.bucketExists(where.bucket))) throw Errors.badRequest(`Bucket ${where.bucket} does not exist.`);
    const index = await this.store.index(where.bucket);
    return index.keys
      .filter((k) => k.startsWith(where.prefix))
      .map((k) => {
        const m = index.meta.get(k);
        return { key: k, size: m?.size ?? 0, sha256: m?.sha256 ?? '', lastModified: m?.lastModified ?? 0 };
      });
  }

  /** An object's bytes (for small objects: text samples, manifests). */
  async read(bucket: string, key: string): Promise<Buffer> {
    const { fh, meta } = await this.store.openObject(bucket, key);
    try {
      const buf = Buffer.alloc(meta.size);
      await fh.read(buf, 0, meta.size, 0);
      return buf;
    } finally {
      await fh.close();
    }
  }

  /**
   * Copies every object under `where` into `localDir`, keeping the key's path below the prefix.
   * Keys that would land outside localDir are refused, and each file's SHA-256 is checked.
   */
  async downloadPrefix(where: StoragePath, localDir: string): Promise<number> {
    const base = where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
    const objects = (await this.list(where)).filter((o) => o.key === where.prefix || o.key.startsWith(base));
    let count = 0;
    for (const obj of objects) {
      const relative = obj.key === where.prefix ? path.basename(obj.key) : obj.key.slice(base.length);
      if (relative === '' || relative.endsWith('/')) continue;
      const target = path.resolve(localDir, relative);
      if (!target.startsWith(path.resolve(localDir) + path.sep))
        throw Errors.badRequest(`Object ${obj.key} would land outside the job's directory.`);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const { fh, meta } = await this.store.openObject(where.bucket, obj.key);
      try {
        const out = await fsp.open(target, 'w', 0o600);
        const hash = createHash('sha256');
        try {
          const chunk = Buffer.alloc(1 << 20);
          for (let pos = 0; pos < meta.size;) {
            const { bytesRead } = await fh.read(chunk, 0, Math.min(chunk.length, meta.size - pos), pos);
            if (bytesRead === 0) break;
            hash.update(chunk.subarray(0, bytesRead));
            await out.write(chunk.subarray(0, bytesRead));
            pos += bytesRead;
          }
        } finally {
          await out.close();
        }
        if (hash.digest('hex') !== meta.sha256)
          throw new Error(`SHA-256 mismatch reading ${where.bucket}/${obj.key}: the stored object is damaged.`);
      } finally {
        await fh.close();
      }
      count++;
    }
    return count;
  }

  /** Stores one local file under `bucket/key`, atomically, with its MD5 ETag and SHA-256. */
  async uploadFile(bucket: string, key: string, file: string, contentType = 'application/octet-stream'): Promise<void> {
    const temp = await this.store.newTemp();
    const md5 = createHash('md5');
    const sha = createHash('sha256');
    try {
      for await (const chunk of createReadStream(file)) {
        const buf = chunk as Buffer;
        md5.update(buf);
        sha.update(buf);
        await temp.write(buf);
      }
    } catch (err) {
      await temp.discard();
      throw err;
    }
    await this.store.commitObject(bucket, temp, {
      key,
      size: temp.bytes,
      etag: md5.digest('hex'),
      sha256: sha.digest('hex'),
      lastModified: Date.now(),
      contentType,
      userMeta: {},
      system: {},
      checksums: {},
    });
  }

  /** Uploads every file below `localDir` under the prefix (for a job's outputs). */
  async uploadDir(localDir: string, where: StoragePath): Promise<number> {
    const base = where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
    let count = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) {
          await this.uploadFile(where.bucket, base + path.relative(localDir, full).split(path.sep).join('/'), full);
          count++;
        }
      }
    };
    await walk(localDir);
    return count;
  }
}
