import {
  type BucketLocationConstraint,
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  CreateBucketCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { abortError } from '../util/abort';
import type { StorageContext } from './context';
import { StorageError } from './errors';
import { base64ToHex } from './hashing';
import { folderPrefix, formatObsUrl, isValidBucketName, type ObjectLocation } from './urls';

/** One object in a listing. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified?: Date;
  /** Without quotes. */
  etag: string;
}

/** HEAD of one object. */
export interface ObjectHead extends ObjectInfo {
  contentType?: string;
  /** x-amz-meta-* entries, names lower-cased without the prefix. */
  metadata: Record<string, string>;
  /** Hex SHA-256 of the whole object when one is known (x-amz-meta-sha256 or a full-object checksum). */
  sha256?: string;
}

export interface ListOptions {
  bucket: string;
  /** Key prefix; '' for the whole bucket. */
  prefix?: string;
  /** Usually '/': keys below the next delimiter are rolled up into `folders`. */
  delimiter?: string;
  /** Where the previous page ended (its `nextMarker`). */
  marker?: string;
  /** Keys per page, at most 1000 (the default). */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface ListPage {
  /** Common prefixes, each ending with the delimiter (sub-folders in a folder view). */
  folders: string[];
  /** Objects, including a folder's own zero-byte marker (key === prefix) when it has one. */
  objects: ObjectInfo[];
  truncated: boolean;
  /** Pass as `marker` to get the next page (set when `truncated`). */
  nextMarker?: string;
}

const unquote = (etag: string | undefined): string => (etag ?? '').replace(/^"|"$/g, '');

export async function listBuckets(ctx: StorageContext, signal?: AbortSignal): Promise<{ name: string; created?: Date }[]> {
  const out = await ctx.run({ operation: 'List buckets on' }, () => ctx.s3.send(new ListBucketsCommand({}), { abortSignal: signal }));
  return (out.Buckets ?? []).filter((b) => b.Name).map((b) => ({ name: b.Name as string, created: b.CreationDate }));
}

/**
 * Makes a bucket. OBS makes a bucket in the region its endpoint serves only when told the region
 * (LocationConstraint), so virtual-hosted endpoints get it; local mode's path-style one has no regions.
 */
export async function createBucket(ctx: StorageContext, bucket: string, signal?: AbortSignal): Promise<void> {
  if (!isValidBucketName(bucket))
    throw new StorageError(`${bucket} is not a valid bucket name (3-63 lower-case letters, digits, '-' and '.').`, 'InvalidBucketName');
  const region = ctx.config.addressing === 'virtual-host' ? ctx.config.region : undefined;
  await ctx.run({ operation: 'Create bucket', bucket }, () =>
    ctx.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        // The SDK types AWS's region names; OBS's (cn-north-4) are just as valid there.
        ...(region ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } } : {}),
      }),
      { abortSignal: signal },
    ),
  );
}

/**
 * One page of a listing. ListObjects (v1, marker-based) is used rather than V2 because every
 * S3-compatible service implements it, OBS included.
 */
export async function listPage(ctx: StorageContext, opts: ListOptions): Promise<ListPage> {
  const prefix = opts.prefix ?? '';
  const out = await ctx.run({ operation: 'List', bucket: opts.bucket, key: prefix }, () =>
    ctx.s3.send(
      new ListObjectsCommand({
        Bucket: opts.bucket,
        Prefix: prefix || undefined,
        Delimiter: opts.delimiter || undefined,
        Marker: opts.marker || undefined,
        MaxKeys: opts.pageSize !== undefined ? Math.max(1, Math.min(1000, Math.floor(opts.pageSize))) : undefined,
      }),
      { abortSignal: opts.signal },
    ),
  );
  const objects: ObjectInfo[] = (out.Contents ?? [])
    .filter((o) => o.Key !== undefined)
    .map((o) => ({ key: o.Key as string, size: o.Size ?? 0, lastModified: o.LastModified, etag: unquote(o.ETag) }));
  const folders = (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => p !== undefined);
  const truncated = out.IsTruncated === true;
  let nextMarker: string | undefined;
  if (truncated) {
    // v1 returns NextMarker only with a delimiter; otherwise the last key is the marker. With a
    // delimiter, the page may end on a folder, which sorts after the keys inside it.
    const candidates = [out.NextMarker, objects.at(-1)?.key, folders.at(-1)].filter((c): c is string => Boolean(c));
    nextMarker = candidates.sort().at(-1);
    if (nextMarker === undefined || nextMarker === opts.marker) {
      throw new StorageError(
        `The listing of ${formatObsUrl({ bucket: opts.bucket, key: prefix })} did not advance; the server returned an unusable page marker.`,
        'InvalidResponse',
      );
    }
  }
  return { folders, objects, truncated, nextMarker };
}

/** Every page of a listing, fetched lazily as the caller iterates. */
export async function* listAll(ctx: StorageContext, opts: ListOptions): AsyncGenerator<ListPage, void, undefined> {
  let marker = opts.marker;
  for (;;) {
    const page = await listPage(ctx, { ...opts, marker });
    yield page;
    if (!page.truncated) return;
    marker = page.nextMarker;
  }
}

/** SHA-256 recorded for an object: our metadata first, then a whole-object (not composite) checksum. */
export function knownSha256(
  metadata: Record<string, string>,
  checksum: string | undefined,
  checksumType: string | undefined,
): string | undefined {
  const meta = metadata.sha256?.toLowerCase();
  if (meta && /^[0-9a-f]{64}$/.test(meta)) return meta;
  if (checksum && (checksumType === 'FULL_OBJECT' || (checksumType === undefined && !checksum.includes('-')))) {
    const hex = base64ToHex(checksum);
    if (hex.length === 64) return hex;
  }
  return undefined;
}

/** HEAD of an object; undefined when it does not exist. */
export async function headObject(ctx: StorageContext, loc: ObjectLocation, signal?: AbortSignal): Promise<ObjectHead | undefined> {
  try {
    const out = await ctx.run({ operation: 'Read', ...loc }, () =>
      ctx.s3.send(
        new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key, ChecksumMode: ctx.config.sha256Checksums ? 'ENABLED' : undefined }),
        { abortSignal: signal },
      ),
    );
    const metadata = Object.fromEntries(Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      key: loc.key,
      size: out.ContentLength ?? 0,
      lastModified: out.LastModified,
      etag: unquote(out.ETag),
      contentType: out.ContentType,
      metadata,
      sha256: knownSha256(metadata, out.ChecksumSHA256, out.ChecksumType),
    };
  } catch (err) {
    if (err instanceof StorageError && err.code === 'NoSuchKey') return undefined;
    throw err;
  }
}

/**
 * Bytes start..endInclusive of an object, in memory, with one ranged GET: for readers that
 * follow a growing object (event files) and fetch only what they have not seen. A range that
 * starts at or past the end of the object is empty rather than an error (the object is shorter
 * than the caller thought: that is news for the caller, not a failure); a range past the end is
 * cut short, as S3 does. A server that ignores Range and sends the whole object is handled too.
 */
export async function readRange(
  ctx: StorageContext,
  loc: ObjectLocation,
  start: number,
  endInclusive: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  if (!Number.isInteger(start) || !Number.isInteger(endInclusive) || start < 0) {
    throw new StorageError(`Invalid byte range ${start}-${endInclusive} for ${formatObsUrl(loc)}.`, 'InvalidArgument');
  }
  if (endInclusive < start) return Buffer.alloc(0);
  try {
    return await ctx.run({ operation: 'Read', ...loc }, async () => {
      const out = await ctx.s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key, Range: `bytes=${start}-${endInclusive}` }), {
        abortSignal: signal,
      });
      const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?(err?: Error): void }) | undefined;
      if (!body) return Buffer.alloc(0);
      // The SDK's signal covers the request; the body stream needs its own hook to stop mid-transfer.
      const onAbort = (): void => body.destroy?.(abortError(signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      const chunks: Uint8Array[] = [];
      try {
        for await (const chunk of body) chunks.push(chunk);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      const data = Buffer.concat(chunks);
      // 200 rather than 206: the server ignored Range and sent the whole object.
      return out.$metadata.httpStatusCode === 200 ? data.subarray(start, endInclusive + 1) : data;
    });
  } catch (err) {
    if (err instanceof StorageError && err.code === 'InvalidRange') return Buffer.alloc(0);
    throw err;
  }
}

export async function deleteObject(ctx: StorageContext, loc: ObjectLocation, signal?: AbortSignal): Promise<void> {
  await ctx.run({ operation: 'Delete', ...loc }, () =>
    ctx.s3.send(new DeleteObjectCommand({ Bucket: loc.bucket, Key: loc.key }), { abortSignal: signal }),
  );
}

export interface DeletePrefixOptions {
  signal?: AbortSignal;
  /** Called after each batch with the running total. */
  onProgress?(deleted: number): void;
  /** An empty prefix means the whole bucket; refused unless this is set. */
  allowWholeBucket?: boolean;
  /** Listing page size (and so batch size), at most 1000. */
  pageSize?: number;
}

/**
 * Deletes every object whose key starts with `prefix` (plain prefix semantics: 'data' also
 * matches 'data2/…'; pass 'data/' for a folder), in DeleteObjects batches of up to 1000.
 * Returns the number deleted. Per-key failures are collected and reported together.
 */
export async function deletePrefix(ctx: StorageContext, bucket: string, prefix: string, opts: DeletePrefixOptions = {}): Promise<number> {
  if (prefix === '' && !opts.allowWholeBucket) {
    throw new StorageError(`Refusing to delete everything in bucket ${bucket}: the prefix is empty.`, 'InvalidArgument');
  }
  let deleted = 0;
  const failures: string[] = [];
  for await (const page of listAll(ctx, { bucket, prefix, pageSize: opts.pageSize, signal: opts.signal })) {
    if (page.objects.length === 0) continue;
    const out = await ctx.run({ operation: 'Delete', bucket, key: prefix }, () =>
      ctx.s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: page.objects.map((o) => ({ Key: o.key })) } }),
        { abortSignal: opts.signal },
      ),
    );
    const errors = out.Errors ?? [];
    for (const e of errors) failures.push(`${e.Key ?? '?'}: ${e.Code ?? 'Error'}`);
    deleted += page.objects.length - errors.length;
    opts.onProgress?.(deleted);
  }
  if (failures.length > 0) {
    const shown = failures.slice(0, 5).join('; ');
    throw new StorageError(
      `Deleted ${deleted} objects under ${formatObsUrl({ bucket, key: prefix })}, but ${failures.length} could not be deleted (${shown}${failures.length > 5 ? '; …' : ''}). Check your permissions and retry.`,
      'PartialDelete',
    );
  }
  return deleted;
}

/** Creates an empty folder: the zero-byte `prefix/` marker object the OBS console also creates. */
export async function createFolder(ctx: StorageContext, bucket: string, prefix: string, signal?: AbortSignal): Promise<string> {
  const key = folderPrefix(prefix);
  if (key === '') throw new StorageError('A folder needs a name; the bucket root already exists.', 'InvalidArgument');
  await ctx.run({ operation: 'Create folder', bucket, key }, () =>
    ctx.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: new Uint8Array(0), ContentLength: 0 }), { abortSignal: signal }),
  );
  return key;
}

/**
 * Server-side copy, keeping the source's metadata (and so its recorded SHA-256). Objects above
 * 5 GiB need a multipart copy, which is not implemented; the server reports that case.
 */
export async function copyObject(ctx: StorageContext, source: ObjectLocation, dest: ObjectLocation, signal?: AbortSignal): Promise<string> {
  const encoded = source.key.split('/').map(encodeURIComponent).join('/');
  // Errors name the source: a missing source is by far the most common failure.
  const out = await ctx.run({ operation: 'Copy', ...source }, () =>
    ctx.s3.send(
      new CopyObjectCommand({ Bucket: dest.bucket, Key: dest.key, CopySource: `${source.bucket}/${encoded}`, MetadataDirective: 'COPY' }),
      { abortSignal: signal },
    ),
  );
  return unquote(out.CopyObjectResult?.ETag);
}
