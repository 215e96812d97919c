import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { abortError } from '../util/abort';
import type { StorageContext } from './context';
import { IntegrityError, StorageError } from './errors';
import { hexToBase64 } from './hashing';
import { headObject, knownSha256, type ObjectHead } from './objects';
import { formatObsUrl, type ObjectLocation } from './urls';

/**
 * Whole objects in memory, for an editor that opens an object and saves it back. Both ways are
 * checked by SHA-256 as the file transfers are: a read is compared with the SHA-256 recorded for
 * the object (x-amz-meta-sha256, else a full-object checksum), and a write stores its SHA-256 in
 * x-amz-meta-sha256, sends it as x-amz-checksum-sha256 where the endpoint verifies it, carries
 * Content-MD5, and is read back with HEAD to confirm what the server now holds.
 */

export interface ReadObjectOptions {
  /** Objects larger than this are refused before their bytes are read (code `ObjectTooLarge`). */
  maxBytes: number;
  signal?: AbortSignal;
  /** Bytes received so far, first called with (0, total) once the size is known. */
  onProgress?(done: number, total: number): void;
}

export interface ObjectBytes {
  bytes: Buffer;
  /** What the GET reported: size, ETag, Last-Modified, type and metadata. */
  head: ObjectHead;
  /** True when the bytes matched a SHA-256 recorded for the object; false when it had none. */
  verified: boolean;
}

/** One GET of a whole object, refused above `maxBytes`, verified by SHA-256 where one is recorded. */
export async function readObject(ctx: StorageContext, loc: ObjectLocation, opts: ReadObjectOptions): Promise<ObjectBytes> {
  const { signal } = opts;
  return ctx.run({ operation: 'Read', ...loc }, async () => {
    const out = await ctx.s3.send(
      new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key, ChecksumMode: ctx.config.sha256Checksums ? 'ENABLED' : undefined }),
      { abortSignal: signal },
    );
    const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?(err?: Error): void }) | undefined;
    const size = out.ContentLength ?? 0;
    if (size > opts.maxBytes) {
      body?.destroy?.();
      throw new StorageError(
        `${formatObsUrl(loc)} is ${size} bytes, more than the ${opts.maxBytes} an editor opens. Download it instead.`,
        'ObjectTooLarge',
      );
    }
    const metadata = Object.fromEntries(Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const head: ObjectHead = {
      key: loc.key,
      size,
      lastModified: out.LastModified,
      etag: (out.ETag ?? '').replace(/^"|"$/g, ''),
      contentType: out.ContentType,
      metadata,
      sha256: knownSha256(metadata, out.ChecksumSHA256, out.ChecksumType),
    };
    opts.onProgress?.(0, size);
    const chunks: Uint8Array[] = [];
    const hash = createHash('sha256');
    let done = 0;
    if (body) {
      // The SDK's signal covers the request; the body stream needs its own hook to stop mid-transfer.
      const onAbort = (): void => body.destroy?.(abortError(signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const chunk of body) {
          chunks.push(chunk);
          hash.update(chunk);
          done += chunk.length;
          opts.onProgress?.(done, size);
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.length !== size) {
      throw new StorageError(`${formatObsUrl(loc)} ended after ${bytes.length} of ${size} bytes. Open it again.`, 'NetworkError');
    }
    const actual = hash.digest('hex');
    if (head.sha256 !== undefined && head.sha256 !== actual) throw new IntegrityError(formatObsUrl(loc), head.sha256, actual);
    return { bytes, head, verified: head.sha256 !== undefined };
  });
}

export interface WriteObjectOptions {
  /** Content-Type to store (an overwrite passes the object's own, so it keeps it). */
  contentType: string;
  /** x-amz-meta-* to keep (an overwrite passes the object's own); `sha256` is always replaced. */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * One PUT of `bytes`, then a HEAD that confirms the server holds them: the same ETag the PUT
 * answered, the size, and the SHA-256 recorded. Returns that HEAD (its ETag and Last-Modified are
 * the new version). A different ETag means someone wrote the object again in between: reported,
 * never passed off as this write.
 */
export async function writeObject(
  ctx: StorageContext,
  loc: ObjectLocation,
  bytes: Uint8Array,
  opts: WriteObjectOptions,
): Promise<ObjectHead> {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const md5 = createHash('md5').update(body).digest('base64');
  const out = await ctx.run({ operation: 'Upload', ...loc }, () =>
    ctx.s3.send(
      new PutObjectCommand({
        Bucket: loc.bucket,
        Key: loc.key,
        Body: body,
        ContentLength: body.length,
        ContentType: opts.contentType,
        ContentMD5: md5,
        ChecksumSHA256: ctx.config.sha256Checksums ? hexToBase64(sha256) : undefined,
        Metadata: { ...(opts.metadata ?? {}), sha256 },
      }),
      { abortSignal: opts.signal },
    ),
  );
  const written = (out.ETag ?? '').replace(/^"|"$/g, '');
  const head = await headObject(ctx, loc, opts.signal);
  const target = formatObsUrl(loc);
  if (!head || (written !== '' && head.etag !== written)) {
    throw new StorageError(
      `${target} was ${head ? 'written again' : 'deleted'} by someone else right after this save. Open it again to see what it holds now.`,
      'ChangedAfterWrite',
    );
  }
  if (head.size !== body.length || head.sha256 !== sha256) {
    throw new StorageError(
      `Integrity check failed for ${target}: the server holds ${head.size} bytes with SHA-256 ${head.sha256 ?? '(none recorded)'}, not the ${body.length} bytes with SHA-256 ${sha256} this save sent. Save again.`,
      'IntegrityError',
    );
  }
  return head;
}
