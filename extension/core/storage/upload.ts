import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { throwIfAborted } from '../util/abort';
import { guessContentType, type StorageContext } from './context';
import { StorageError } from './errors';
import { type FileHashes, hashFile, hexToBase64, type PartPlan } from './hashing';
import { runPool } from './pool';
import { readStateFile, removeStateFile, StateWriter, writeStateFile } from './stateFile';
import type { ObjectLocation } from './urls';

export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** S3 and OBS refuse non-final parts below 5 MiB and uploads above 10,000 parts. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const DEFAULT_CONCURRENCY = 4;

export interface UploadOptions {
  /** Bytes acknowledged by the server so far; monotonic, and ends with (total, total). */
  onProgress?(bytesDone: number, bytesTotal: number): void;
  signal?: AbortSignal;
  /** Part size for multipart uploads (default 8 MiB, at least 5 MiB); files up to this size go in one PUT. */
  partSize?: number;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  /** Where the resumable state is kept; default `<localPath>.ma-upload.json`. */
  resumeFile?: string;
  /** Alternatively, a directory for state files (one per local file and target, named by hash). */
  resumeDir?: string;
  /** Default: from the file extension. */
  contentType?: string;
  /** Extra x-amz-meta-* entries (names without the prefix). `sha256` is always set by the uploader. */
  metadata?: Record<string, string>;
}

export interface UploadResult {
  bucket: string;
  key: string;
  size: number;
  /** Hex SHA-256 of the file, as stored in x-amz-meta-sha256. */
  sha256: string;
  etag: string;
  multipart: boolean;
  /** Parts sent by this call (1 for a single PUT). */
  partsUploaded: number;
  /** Parts already on the server from an earlier, interrupted call. */
  partsSkipped: number;
}

interface UploadState {
  version: 1;
  endpoint: string;
  bucket: string;
  key: string;
  localPath: string;
  size: number;
  mtimeMs: number;
  partSize: number;
  sha256: string;
  uploadId: string;
  parts: { partNumber: number; etag: string; size: number; sha256: string }[];
}

const isUploadState = (v: unknown): v is UploadState => {
  const s = v as UploadState;
  return (
    typeof v === 'object' &&
    v !== null &&
    s.version === 1 &&
    typeof s.uploadId === 'string' &&
    Array.isArray(s.parts) &&
    typeof s.sha256 === 'string'
  );
};

const unquote = (etag: string | undefined): string => (etag ?? '').replace(/^"|"$/g, '');

/** The state file for an upload: explicit, in a directory (named by hash), or beside the file. */
export function uploadStatePath(
  ctx: StorageContext,
  localPath: string,
  target: ObjectLocation,
  opts: Pick<UploadOptions, 'resumeFile' | 'resumeDir'>,
): string {
  if (opts.resumeFile) return opts.resumeFile;
  const abs = path.resolve(localPath);
  if (opts.resumeDir) {
    const id = createHash('sha256').update(`${abs}\n${ctx.config.endpoint}\n${target.bucket}\n${target.key}`).digest('hex').slice(0, 32);
    return path.join(opts.resumeDir, `${id}.upload.json`);
  }
  return `${abs}.ma-upload.json`;
}

/** The part size actually used: at least 5 MiB, and large enough to stay within 10,000 parts. */
export function effectivePartSize(size: number, requested = DEFAULT_PART_SIZE): number {
  let partSize = Math.max(MIN_PART_SIZE, Math.floor(requested));
  if (Math.ceil(size / partSize) > MAX_PARTS) partSize = Math.ceil(size / MAX_PARTS / (1024 * 1024)) * 1024 * 1024;
  return partSize;
}

async function statLocal(localPath: string): Promise<{ size: number; mtimeMs: number }> {
  const st = await fsp.stat(localPath).catch(() => undefined);
  if (!st || !st.isFile()) throw new StorageError(`${localPath} does not exist or is not a regular file.`, 'LocalFileNotFound');
  return st;
}

/** Reads one part and checks it still hashes as it did when the upload was planned. */
async function readPart(fh: fsp.FileHandle, localPath: string, plan: PartPlan): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(plan.size);
  let done = 0;
  while (done < plan.size) {
    const { bytesRead } = await fh.read(buf, done, plan.size - done, plan.offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  if (done !== plan.size || createHash('sha256').update(buf).digest('hex') !== plan.sha256) {
    throw new StorageError(
      `${localPath} changed while it was being uploaded. Upload it again once it is no longer being written.`,
      'LocalFileChanged',
    );
  }
  return buf;
}

/**
 * Uploads one file: a single PUT up to the part size, a resumable parallel multipart upload
 * above it. Either way the file's SHA-256 is stored as x-amz-meta-sha256 (and, where the
 * endpoint verifies flexible checksums, sent as x-amz-checksum-sha256), and every body carries
 * Content-MD5 so the server refuses bytes damaged in transit.
 * `hashes` lets a caller that already hashed the file (folder sync) skip the second pass.
 */
export async function uploadFile(
  ctx: StorageContext,
  localPath: string,
  target: ObjectLocation,
  opts: UploadOptions = {},
  hashes?: FileHashes,
): Promise<UploadResult> {
  throwIfAborted(opts.signal);
  const st = await statLocal(localPath);
  const partSize = effectivePartSize(st.size, opts.partSize);
  const plan = hashes && hashes.parts[0]?.size === Math.min(partSize, st.size) ? hashes : await hashFile(localPath, partSize, opts.signal);
  if (plan.size !== st.size) throw new StorageError(`${localPath} changed while it was being uploaded.`, 'LocalFileChanged');
  const metadata = { ...(opts.metadata ?? {}), sha256: plan.sha256 };
  const contentType = opts.contentType ?? guessContentType(localPath);
  if (plan.parts.length === 1) return putSingle(ctx, localPath, target, opts, plan, metadata, contentType);
  return putMultipart(ctx, localPath, target, opts, plan, { partSize, mtimeMs: st.mtimeMs, metadata, contentType });
}

async function putSingle(
  ctx: StorageContext,
  localPath: string,
  target: ObjectLocation,
  opts: UploadOptions,
  plan: FileHashes,
  metadata: Record<string, string>,
  contentType: string,
): Promise<UploadResult> {
  const part = plan.parts[0] as PartPlan;
  const fh = await fsp.open(localPath, 'r');
  let body: Buffer;
  try {
    body = await readPart(fh, localPath, part);
  } finally {
    await fh.close();
  }
  opts.onProgress?.(0, plan.size);
  const out = await ctx.run({ operation: 'Upload', ...target }, () =>
    ctx.s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: target.key,
        Body: body,
        ContentLength: body.length,
        ContentType: contentType,
        ContentMD5: hexToBase64(part.md5),
        ChecksumSHA256: ctx.config.sha256Checksums ? hexToBase64(plan.sha256) : undefined,
        Metadata: metadata,
      }),
      { abortSignal: opts.signal },
    ),
  );
  opts.onProgress?.(plan.size, plan.size);
  return { ...target, size: plan.size, sha256: plan.sha256, etag: unquote(out.ETag), multipart: false, partsUploaded: 1, partsSkipped: 0 };
}

interface MultipartPlan {
  partSize: number;
  mtimeMs: number;
  metadata: Record<string, string>;
  contentType: string;
}

/** Parts the server already holds, as ListParts reports them (all pages). */
async function listUploadedParts(
  ctx: StorageContext,
  target: ObjectLocation,
  uploadId: string,
  signal?: AbortSignal,
): Promise<Map<number, { etag: string; size: number }>> {
  const found = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  for (;;) {
    const page = await ctx.run({ operation: 'Resume upload of', ...target }, () =>
      ctx.s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId, PartNumberMarker: marker }), {
        abortSignal: signal,
      }),
    );
    for (const p of page.Parts ?? [])
      if (p.PartNumber !== undefined) found.set(p.PartNumber, { etag: unquote(p.ETag), size: p.Size ?? -1 });
    if (!page.IsTruncated || page.NextPartNumberMarker === undefined) return found;
    marker = String(page.NextPartNumberMarker);
  }
}

/** Tries to continue the upload recorded in `state`; undefined means "start a new one". */
async function resumeFrom(
  ctx: StorageContext,
  state: UploadState | undefined,
  localPath: string,
  target: ObjectLocation,
  plan: FileHashes,
  mp: MultipartPlan,
  signal?: AbortSignal,
): Promise<UploadState | undefined> {
  if (!state) return undefined;
  const same =
    state.endpoint === ctx.config.endpoint &&
    state.bucket === target.bucket &&
    state.key === target.key &&
    state.localPath === path.resolve(localPath) &&
    state.size === plan.size &&
    state.partSize === mp.partSize &&
    state.sha256 === plan.sha256;
  if (!same) {
    // The file or the target changed: the old upload can never complete correctly, so free its parts.
    await abortQuietly(ctx, { bucket: state.bucket, key: state.key }, state.uploadId, signal);
    return undefined;
  }
  let listed: Map<number, { etag: string; size: number }>;
  try {
    listed = await listUploadedParts(ctx, target, state.uploadId, signal);
  } catch (err) {
    if (err instanceof StorageError && err.code === 'NoSuchUpload') return undefined;
    throw err;
  }
  // A part counts as done only if the server has it with the right size and an ETag that is the
  // local part's MD5 (or, for servers whose ETags are not MD5s, the one recorded when it was sent
  // for bytes with the same SHA-256). Parts only the server knows (sent just before a crash,
  // never recorded) are accepted by the MD5 rule too.
  const recorded = new Map(state.parts.map((p) => [p.partNumber, p]));
  const parts: UploadState['parts'] = [];
  for (const p of plan.parts) {
    const onServer = listed.get(p.partNumber);
    if (!onServer || onServer.size !== p.size) continue;
    const rec = recorded.get(p.partNumber);
    if (onServer.etag === p.md5 || (rec && rec.etag === onServer.etag && rec.sha256 === p.sha256)) {
      parts.push({ partNumber: p.partNumber, etag: onServer.etag, size: p.size, sha256: p.sha256 });
    }
  }
  return { ...state, mtimeMs: mp.mtimeMs, parts };
}

async function abortQuietly(ctx: StorageContext, target: ObjectLocation, uploadId: string, signal?: AbortSignal): Promise<void> {
  await ctx.s3
    .send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }), { abortSignal: signal })
    .catch(() => undefined);
}

async function putMultipart(
  ctx: StorageContext,
  localPath: string,
  target: ObjectLocation,
  opts: UploadOptions,
  plan: FileHashes,
  mp: MultipartPlan,
): Promise<UploadResult> {
  const statePath = uploadStatePath(ctx, localPath, target, opts);
  const previous = await readStateFile(statePath, isUploadState);
  let state = await resumeFrom(ctx, previous, localPath, target, plan, mp, opts.signal);
  const sha = ctx.config.sha256Checksums;
  if (!state) {
    const created = await ctx.run({ operation: 'Upload', ...target }, () =>
      ctx.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: target.bucket,
          Key: target.key,
          ContentType: mp.contentType,
          Metadata: mp.metadata,
          ChecksumAlgorithm: sha ? 'SHA256' : undefined,
        }),
        { abortSignal: opts.signal },
      ),
    );
    if (!created.UploadId)
      throw new StorageError(`The server did not return an upload id for ${target.bucket}/${target.key}.`, 'InvalidResponse');
    state = {
      version: 1,
      endpoint: ctx.config.endpoint,
      bucket: target.bucket,
      key: target.key,
      localPath: path.resolve(localPath),
      size: plan.size,
      mtimeMs: mp.mtimeMs,
      partSize: mp.partSize,
      sha256: plan.sha256,
      uploadId: created.UploadId,
      parts: [],
    };
  }
  const current = state;
  // Recorded before any part is sent, so a crash right after CreateMultipartUpload can still be
  // resumed or aborted instead of leaving invisible parts that are billed. If the state cannot be
  // written (a read-only folder, say) the upload still runs, it just cannot be resumed.
  const persisted = await writeStateFile(statePath, current).then(
    () => true,
    () => false,
  );
  const writer = persisted ? new StateWriter(statePath) : undefined;

  const partsSkipped = current.parts.length;
  const doneNumbers = new Set(current.parts.map((p) => p.partNumber));
  let bytesDone = current.parts.reduce((n, p) => n + p.size, 0);
  let partsUploaded = 0;
  opts.onProgress?.(bytesDone, plan.size);

  const pending = plan.parts.filter((p) => !doneNumbers.has(p.partNumber));
  const fh = await fsp.open(localPath, 'r');
  try {
    await runPool(pending, opts.concurrency ?? DEFAULT_CONCURRENCY, opts.signal, async (part, signal) => {
      const body = await readPart(fh, localPath, part);
      throwIfAborted(signal);
      const out = await ctx.run({ operation: 'Upload', ...target }, () =>
        ctx.s3.send(
          new UploadPartCommand({
            Bucket: target.bucket,
            Key: target.key,
            UploadId: current.uploadId,
            PartNumber: part.partNumber,
            Body: body,
            ContentLength: body.length,
            ContentMD5: hexToBase64(part.md5),
            ChecksumSHA256: sha ? hexToBase64(part.sha256) : undefined,
          }),
          { abortSignal: signal },
        ),
      );
      current.parts.push({ partNumber: part.partNumber, etag: unquote(out.ETag), size: part.size, sha256: part.sha256 });
      partsUploaded++;
      await writer?.write(() => current);
      bytesDone += part.size;
      opts.onProgress?.(bytesDone, plan.size);
    });
  } finally {
    await fh.close();
    await writer?.settle();
  }

  const byNumber = new Map(current.parts.map((p) => [p.partNumber, p]));
  const completed = await ctx.run({ operation: 'Upload', ...target }, () =>
    ctx.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.key,
        UploadId: current.uploadId,
        MultipartUpload: {
          Parts: plan.parts.map((p) => ({
            PartNumber: p.partNumber,
            ETag: `"${byNumber.get(p.partNumber)?.etag ?? ''}"`,
            ChecksumSHA256: sha ? hexToBase64(p.sha256) : undefined,
          })),
        },
      }),
      { abortSignal: opts.signal },
    ),
  );
  await removeStateFile(statePath);
  return { ...target, size: plan.size, sha256: plan.sha256, etag: unquote(completed.ETag), multipart: true, partsUploaded, partsSkipped };
}

/**
 * Gives up on an interrupted upload: aborts it on the server (freeing its stored parts) and
 * deletes the state file. Returns false when there was nothing to abort.
 */
export async function abortUpload(
  ctx: StorageContext,
  localPath: string,
  target: ObjectLocation,
  opts: Pick<UploadOptions, 'resumeFile' | 'resumeDir' | 'signal'> = {},
): Promise<boolean> {
  const statePath = uploadStatePath(ctx, localPath, target, opts);
  const state = await readStateFile(statePath, isUploadState);
  if (!state) return false;
  try {
    await ctx.run({ operation: 'Abort upload of', bucket: state.bucket, key: state.key }, () =>
      ctx.s3.send(new AbortMultipartUploadCommand({ Bucket: state.bucket, Key: state.key, UploadId: state.uploadId }), {
        abortSignal: opts.signal,
      }),
    );
  } catch (err) {
    if (!(err instanceof StorageError && err.code === 'NoSuchUpload')) throw err;
  }
  await removeStateFile(statePath);
  return true;
}
