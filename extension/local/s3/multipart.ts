import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { S3Error } from './errors';
import { type ObjectMeta, readMetaFile, syncDir, type TempFile } from './objectFile';
import type { Store } from './store';
import type { CompletePart } from './xml';

/**
 * Multipart uploads: buckets/<bucket>/uploads/<uploadId>/ holds upload.json (key and the
 * metadata given at creation) and one object file per part (part-<n>). Parts are written like
 * objects (temp, fsync, rename); completion concatenates them into a new object file in tmp/
 * and commits it with the usual single rename, so a crash mid-completion leaves the upload
 * intact and no half object. The upload directory is created complete under tmp/ and renamed
 * in, so an upload either exists with its upload.json or not at all.
 */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10000;

export interface UploadInfo {
  key: string;
  initiated: number;
  contentType: string;
  userMeta: Record<string, string>;
  system: Record<string, string>;
}

export function validateUploadId(id: string): void {
  if (!/^[0-9a-f]{32}$/.test(id)) throw new S3Error('NoSuchUpload', 'The specified upload does not exist.');
}

export function validatePartNumber(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS)
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}.`);
  return n;
}

export class Multipart {
  constructor(private readonly store: Store) {}

  private uploadDir(bucket: string, id: string): string {
    validateUploadId(id);
    return path.join(this.store.bucketDir(bucket), 'uploads', id);
  }

  async create(bucket: string, info: UploadInfo): Promise<string> {
    await this.store.requireBucket(bucket);
    const id = randomBytes(16).toString('hex');
    const staged = path.join(this.store.tmpDir, `upload-${id}`);
    await fsp.mkdir(staged, { mode: 0o700 });
    const fh = await fsp.open(path.join(staged, 'upload.json'), 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(info));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fsp.rename(staged, this.uploadDir(bucket, id));
    } catch {
      await fsp.rm(staged, { recursive: true, force: true });
      throw new S3Error('NoSuchBucket', 'The specified bucket does not exist.');
    }
    await syncDir(path.dirname(this.uploadDir(bucket, id)));
    return id;
  }

  /** The upload's info; NoSuchUpload if it does not exist or belongs to another key. */
  async info(bucket: string, key: string, id: string): Promise<UploadInfo> {
    await this.store.requireBucket(bucket);
    const text = await fsp.readFile(path.join(this.uploadDir(bucket, id), 'upload.json'), 'utf8').catch(() => undefined);
    const info = text === undefined ? undefined : (JSON.parse(text) as UploadInfo);
    if (!info || info.key !== key)
      throw new S3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      );
    return info;
  }

  async commitPart(bucket: string, id: string, temp: TempFile, meta: ObjectMeta): Promise<void> {
    await temp.finish(meta);
    const dir = this.uploadDir(bucket, id);
    try {
      await fsp.rename(temp.path, path.join(dir, `part-${meta.partNumber}`));
    } catch {
      await temp.discard();
      throw new S3Error('NoSuchUpload', 'The upload was aborted or completed while this part was being sent.');
    }
    await syncDir(dir);
  }

  async parts(bucket: string, id: string): Promise<ObjectMeta[]> {
    const dir = this.uploadDir(bucket, id);
    const names = (await fsp.readdir(dir).catch(() => [] as string[])).filter((n) => /^part-\d+$/.test(n));
    const metas = await Promise.all(names.map((n) => readMetaFile(path.join(dir, n)).catch(() => undefined)));
    return metas.filter((m): m is ObjectMeta => m !== undefined).sort((a, b) => (a.partNumber ?? 0) - (b.partNumber ?? 0));
  }

  async abort(bucket: string, key: string, id: string): Promise<void> {
    await this.info(bucket, key, id);
    const graveyard = path.join(this.store.tmpDir, `aborted-${id}`);
    await fsp.rename(this.uploadDir(bucket, id), graveyard).catch(() => undefined);
    await fsp.rm(graveyard, { recursive: true, force: true });
  }

  async complete(bucket: string, key: string, id: string, requested: CompletePart[]): Promise<ObjectMeta> {
    return this.store.withLock(`upload:${id}`, async () => {
      const info = await this.info(bucket, key, id);
      const stored = new Map((await this.parts(bucket, id)).map((p) => [p.partNumber, p]));
      const chosen: ObjectMeta[] = [];
      let previous = 0;
      for (const req of requested) {
        if (req.partNumber <= previous) throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
        previous = req.partNumber;
        const part = stored.get(req.partNumber);
        if (!part || part.etag !== req.etag) {
          throw new S3Error('InvalidPart', `Part ${req.partNumber} was not uploaded or its ETag does not match.`);
        }
        chosen.push(part);
      }
      // Sizes are checked after order and presence, so the more basic error is the one reported.
      for (const part of chosen.slice(0, -1)) {
        if (part.size < MIN_PART_BYTES)
          throw new S3Error('EntityTooSmall', `Part ${part.partNumber} is smaller than the minimum part size (5 MiB).`);
      }

      const dir = this.uploadDir(bucket, id);
      const temp = await this.store.newTemp();
      const sha = createHash('sha256');
      const md5s = createHash('md5');
      try {
        for (const part of chosen) {
          md5s.update(Buffer.from(part.etag, 'hex'));
          if (part.size === 0) continue;
          const stream = createReadStream(path.join(dir, `part-${part.partNumber}`), { start: 0, end: part.size - 1 });
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            sha.update(chunk);
            await temp.write(chunk);
          }
        }
        const size = chosen.reduce((n, p) => n + p.size, 0);
        const meta: ObjectMeta = {
          key,
          size,
          etag: `${md5s.digest('hex')}-${chosen.length}`,
          sha256: sha.digest('hex'),
          lastModified: Date.now(),
          contentType: info.contentType,
          userMeta: info.userMeta,
          system: info.system,
          checksums: {},
          parts: chosen.length,
        };
        await this.store.commitObject(bucket, temp, meta);
        const graveyard = path.join(this.store.tmpDir, `completed-${id}`);
        await fsp.rename(dir, graveyard);
        await fsp.rm(graveyard, { recursive: true, force: true });
        return meta;
      } catch (err) {
        await temp.discard();
        throw err;
      }
    });
  }
}
