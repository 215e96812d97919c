import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type StorageConfig } from './config';
import { makeContext, type StorageContext } from './context';
import { type DownloadOptions, type DownloadResult, downloadFile } from './download';
import { downloadFolder, type FolderOptions, type FolderResult, uploadFolder } from './folders';
import {
  copyObject,
  createBucket,
  createFolder,
  deleteObject,
  deletePrefix,
  type DeletePrefixOptions,
  headObject,
  listAll,
  listBuckets,
  type ListOptions,
  type ListPage,
  listPage,
  type ObjectHead,
  readRange,
} from './objects';
import { type ObjectBytes, readObject, type ReadObjectOptions, writeObject, type WriteObjectOptions } from './objectBytes';
import { abortUpload, type UploadOptions, type UploadResult, uploadFile } from './upload';
import type { ObjectLocation } from './urls';

/**
 * The storage client every view, command and the CLI use for OBS and any S3-compatible
 * endpoint (local mode included): listings, object operations, and verified, resumable,
 * cancellable transfers. Pure Node; every method takes an AbortSignal. Failures are
 * StorageErrors with a message that says what to do (or AbortErrors when cancelled).
 *
 * One instance per endpoint and credentials; it holds a connection pool, so call dispose()
 * when the profile changes.
 */
export class StorageClient {
  private readonly ctx: StorageContext;

  constructor(readonly config: StorageConfig) {
    this.ctx = makeContext(createS3Client(config), config);
  }

  /** The underlying SDK client, for the rare operation not wrapped here (and for test instrumentation). */
  get s3(): S3Client {
    return this.ctx.s3;
  }

  /** The endpoint, for display (never the credentials). */
  get endpoint(): string {
    return this.config.endpoint;
  }

  listBuckets(signal?: AbortSignal): Promise<{ name: string; created?: Date }[]> {
    return listBuckets(this.ctx, signal);
  }

  /** One page of a listing: folders (common prefixes) and objects; pass `nextMarker` back as `marker` for the next. */
  list(opts: ListOptions): Promise<ListPage> {
    return listPage(this.ctx, opts);
  }

  /** All pages of a listing, fetched as the caller iterates (stop iterating to stop fetching). */
  listAll(opts: ListOptions): AsyncGenerator<ListPage, void, undefined> {
    return listAll(this.ctx, opts);
  }

  /** HEAD of an object, with its recorded SHA-256 when known; undefined if it does not exist. */
  head(loc: ObjectLocation, signal?: AbortSignal): Promise<ObjectHead | undefined> {
    return headObject(this.ctx, loc, signal);
  }

  /**
   * Bytes start..endInclusive of an object, in memory (one ranged GET): for following a growing
   * object, such as a TensorBoard event file, without downloading it again. Empty when `start`
   * is at or past the end of the object.
   */
  readRange(loc: ObjectLocation, start: number, endInclusive: number, signal?: AbortSignal): Promise<Buffer> {
    return readRange(this.ctx, loc, start, endInclusive, signal);
  }

  /** A whole object in memory (one GET), refused above `maxBytes`, verified by SHA-256 where one is recorded. */
  readObject(loc: ObjectLocation, opts: ReadObjectOptions): Promise<ObjectBytes> {
    return readObject(this.ctx, loc, opts);
  }

  /** Writes a whole object from memory (one PUT, its SHA-256 recorded) and returns the HEAD that confirms it. */
  writeObject(loc: ObjectLocation, bytes: Uint8Array, opts: WriteObjectOptions): Promise<ObjectHead> {
    return writeObject(this.ctx, loc, bytes, opts);
  }

  /** Deletes one object (deleting a missing key succeeds, as in S3). */
  deleteObject(loc: ObjectLocation, signal?: AbortSignal): Promise<void> {
    return deleteObject(this.ctx, loc, signal);
  }

  /** Deletes every object under a key prefix in batches of 1000; returns how many were deleted. */
  deletePrefix(bucket: string, prefix: string, opts?: DeletePrefixOptions): Promise<number> {
    return deletePrefix(this.ctx, bucket, prefix, opts);
  }

  /** Makes a bucket in the endpoint's region (it fails with a clear message when the name is taken). */
  createBucket(bucket: string, signal?: AbortSignal): Promise<void> {
    return createBucket(this.ctx, bucket, signal);
  }

  /** Creates the zero-byte `prefix/` marker of an empty folder; returns the marker's key. */
  createFolder(bucket: string, prefix: string, signal?: AbortSignal): Promise<string> {
    return createFolder(this.ctx, bucket, prefix, signal);
  }

  /** Server-side copy (metadata, including the recorded SHA-256, is kept); returns the new ETag. */
  copy(source: ObjectLocation, dest: ObjectLocation, signal?: AbortSignal): Promise<string> {
    return copyObject(this.ctx, source, dest, signal);
  }

  /** Uploads a file (single PUT or resumable parallel multipart), storing its SHA-256 as x-amz-meta-sha256. */
  uploadFile(localPath: string, target: ObjectLocation, opts?: UploadOptions): Promise<UploadResult> {
    return uploadFile(this.ctx, localPath, target, opts);
  }

  /** Abandons an interrupted upload of `localPath` to `target`: aborts it server-side and removes its state. */
  abortUpload(
    localPath: string,
    target: ObjectLocation,
    opts?: Pick<UploadOptions, 'resumeFile' | 'resumeDir' | 'signal'>,
  ): Promise<boolean> {
    return abortUpload(this.ctx, localPath, target, opts);
  }

  /** Downloads with parallel ranged GETs, verifies SHA-256, and only then renames into place. */
  downloadFile(source: ObjectLocation, localPath: string, opts?: DownloadOptions): Promise<DownloadResult> {
    return downloadFile(this.ctx, source, localPath, opts);
  }

  /** Uploads a folder tree under a prefix, skipping files that are already there unchanged. */
  uploadFolder(localDir: string, target: { bucket: string; prefix: string }, opts?: FolderOptions): Promise<FolderResult> {
    return uploadFolder(this.ctx, localDir, target, opts);
  }

  /** Downloads everything under a prefix into a folder; keys that would escape it are refused. */
  downloadFolder(source: { bucket: string; prefix: string }, localDir: string, opts?: FolderOptions): Promise<FolderResult> {
    return downloadFolder(this.ctx, source, localDir, opts);
  }

  /** Closes the connection pool. */
  dispose(): void {
    this.ctx.s3.destroy();
  }
}
