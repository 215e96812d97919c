import { createHash, randomBytes } from 'node:crypto';
import { isValidBucketName } from '../../core/storage/urls';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { S3Error } from './errors';
import { type ObjectMeta, readMeta, readMetaFile, syncDir, TempFile } from './objectFile';

/**
 * The on-disk store. Layout under rootDir:
 *
 *   tmp/                                  files being written; emptied at start-up
 *   buckets/<bucket>/objects/<hh>/<sha256(key)>   one object file each (see objectFile.ts)
 *   buckets/<bucket>/uploads/<uploadId>/          multipart uploads (see multipart.ts)
 *
 * Keys never become path segments: a file is named by the SHA-256 of its key, so `..`, `/`,
 * `\`, NUL or absolute-looking keys cannot reach outside rootDir by construction. Bucket names
 * are validated by S3's rules (lower-case letters, digits, '.', '-'), which are safe segments.
 * The key itself lives in the file's metadata; a per-bucket in-memory index (sorted keys, for
 * listing) is rebuilt from the files on first use, so there is no second structure to keep
 * consistent across a crash.
 */
export const MAX_KEY_BYTES = 1024;

/** The client's bucket rules (core/storage) are the server's: one definition for both ends. */
export function validateBucketName(name: string): void {
  if (!isValidBucketName(name)) throw new S3Error('InvalidBucketName', `The specified bucket '${name}' is not valid.`);
}

export function validateKey(key: string): void {
  if (key.length === 0) throw new S3Error('InvalidArgument', 'The object key is empty.');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', 'Your key is too long (1024 bytes max).');
}

/** UTF-8 byte order (S3's listing order) without encoding: code-point order, fixed up for surrogates. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && cb >= 0xd800) {
      ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
      cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
    }
    return ca - cb;
  }
  return a.length - b.length;
}

/** Index of the first element of `keys` greater than `after` (or >= when inclusive). */
export function lowerBound(keys: readonly string[], probe: string, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(keys[mid] as string, probe);
    if (c < 0 || (!inclusive && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface BucketIndex {
  keys: string[];
  meta: Map<string, ObjectMeta>;
}

const keyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export class Store {
  readonly tmpDir: string;
  private readonly bucketsDir: string;
  private readonly indexes = new Map<string, Promise<BucketIndex>>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(readonly rootDir: string) {
    this.tmpDir = path.join(rootDir, 'tmp');
    this.bucketsDir = path.join(rootDir, 'buckets');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.bucketsDir, { recursive: true, mode: 0o700 });
    // Leftovers of writes a crash interrupted: never renamed, so never acknowledged.
    await fsp.rm(this.tmpDir, { recursive: true, force: true });
    await fsp.mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  bucketDir(bucket: string): string {
    validateBucketName(bucket);
    return path.join(this.bucketsDir, bucket);
  }

  objectPath(bucket: string, key: string): string {
    const h = keyHash(key);
    return path.join(this.bucketDir(bucket), 'objects', h.slice(0, 2), h);
  }

  newTemp(): Promise<TempFile> {
    return TempFile.create(this.tmpDir);
  }

  /** Serialises commits and deletes of one key so the index always matches the winning rename. */
  async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = prev.then(() => mine);
    this.locks.set(id, chained);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(id) === chained) this.locks.delete(id);
    }
  }

  async listBuckets(): Promise<{ name: string; created: Date }[]> {
    const names = (await fsp.readdir(this.bucketsDir)).sort();
    const out: { name: string; created: Date }[] = [];
    for (const name of names) {
      const st = await fsp.stat(path.join(this.bucketsDir, name, 'objects')).catch(() => undefined);
      if (st) out.push({ name, created: st.birthtimeMs > 0 ? st.birthtime : st.mtime });
    }
    return out;
  }

  async bucketExists(bucket: string): Promise<boolean> {
    const st = await fsp.stat(path.join(this.bucketDir(bucket), 'objects')).catch(() => undefined);
    return st?.isDirectory() ?? false;
  }

  async requireBucket(bucket: string): Promise<void> {
    if (!(await this.bucketExists(bucket))) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist.');
  }

  /** A bucket exists once its objects/ directory does; it is created last, in a staged directory. */
  async createBucket(bucket: string): Promise<void> {
    const dir = this.bucketDir(bucket);
    if (await this.bucketExists(bucket))
      throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
    const staged = path.join(this.tmpDir, `bucket-${randomBytes(8).toString('hex')}`);
    await fsp.mkdir(path.join(staged, 'objects'), { recursive: true, mode: 0o700 });
    await fsp.mkdir(path.join(staged, 'uploads'), { mode: 0o700 });
    try {
      await fsp.rename(staged, dir);
    } catch (err) {
      await fsp.rm(staged, { recursive: true, force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new S3Error('BucketAlreadyOwnedByYou', 'The bucket already exists.');
      }
      throw err;
    }
    await syncDir(this.bucketsDir);
    this.indexes.delete(bucket);
  }

  async deleteBucket(bucket: string): Promise<void> {
    await this.withLock(`bucket:${bucket}`, async () => {
      await this.requireBucket(bucket);
      const index = await this.index(bucket);
      if (index.keys.length > 0) throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty.');
      // Move out of sight first (atomic), then remove at leisure.
      const graveyard = path.join(this.tmpDir, `deleted-${randomBytes(8).toString('hex')}`);
      await fsp.rename(this.bucketDir(bucket), graveyard);
      await syncDir(this.bucketsDir);
      this.indexes.delete(bucket);
      await fsp.rm(graveyard, { recursive: true, force: true });
    });
  }

  /** The bucket's key index, built from the object files the first time it is needed. */
  index(bucket: string): Promise<BucketIndex> {
    let idx = this.indexes.get(bucket);
    if (!idx) {
      idx = this.loadIndex(bucket);
      this.indexes.set(bucket, idx);
      idx.catch(() => this.indexes.delete(bucket));
    }
    return idx;
  }

  private async loadIndex(bucket: string): Promise<BucketIndex> {
    const objectsDir = path.join(this.bucketDir(bucket), 'objects');
    const meta = new Map<string, ObjectMeta>();
    for (const shard of await fsp.readdir(objectsDir).catch(() => [] as string[])) {
      const files = await fsp.readdir(path.join(objectsDir, shard)).catch(() => [] as string[]);
      for (let i = 0; i < files.length; i += 64) {
        await Promise.all(
          files.slice(i, i + 64).map(async (file) => {
            const m = await readMetaFile(path.join(objectsDir, shard, file)).catch(() => undefined);
            // A file that does not describe the key its name hashes is not ours: ignore it.
            if (m && keyHash(m.key) === file) meta.set(m.key, m);
          }),
        );
      }
    }
    return { keys: [...meta.keys()].sort(compareKeys), meta };
  }

  async headObject(bucket: string, key: string): Promise<ObjectMeta> {
    await this.requireBucket(bucket);
    const m = (await this.index(bucket)).meta.get(key);
    if (!m) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
    return m;
  }

  /** Opens an object for reading; the returned handle pins this version even if it is replaced. */
  async openObject(bucket: string, key: string): Promise<{ fh: fsp.FileHandle; meta: ObjectMeta }> {
    await this.requireBucket(bucket);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(this.objectPath(bucket, key), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new S3Error('NoSuchKey', 'The specified key does not exist.');
      throw err;
    }
    try {
      return { fh, meta: await readMeta(fh) };
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Renames a finished temp file into place: the moment the object becomes visible and durable. */
  async commitObject(bucket: string, temp: TempFile, meta: ObjectMeta): Promise<void> {
    await temp.finish(meta);
    const target = this.objectPath(bucket, meta.key);
    const shardDir = path.dirname(target);
    await this.withLock(`${bucket}/${meta.key}`, async () => {
      try {
        // Not recursive: if the bucket was deleted meanwhile this fails instead of resurrecting it.
        await fsp.mkdir(shardDir).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
        await fsp.rename(temp.path, target);
      } catch (err) {
        await temp.discard();
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new S3Error('NoSuchBucket', 'The specified bucket does not exist.');
        throw err;
      }
      await syncDir(shardDir);
      const index = await this.index(bucket);
      if (!index.meta.has(meta.key)) index.keys.splice(lowerBound(index.keys, meta.key, true), 0, meta.key);
      index.meta.set(meta.key, meta);
    });
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.requireBucket(bucket);
    validateKey(key);
    const target = this.objectPath(bucket, key);
    await this.withLock(`${bucket}/${key}`, async () => {
      try {
        await fsp.unlink(target);
        await syncDir(path.dirname(target));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      const index = await this.index(bucket);
      if (index.meta.delete(key)) {
        const at = lowerBound(index.keys, key, true);
        if (index.keys[at] === key) index.keys.splice(at, 1);
      }
    });
  }
}
