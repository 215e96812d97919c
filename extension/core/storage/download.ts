import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { abortError, isAbortError, throwIfAborted } from '../util/abort';
import type { StorageContext } from './context';
import { IntegrityError, StorageError } from './errors';
import { sha256File } from './hashing';
import { headObject, type ObjectHead } from './objects';
import { runPool } from './pool';
import { readStateFile, removeStateFile, StateWriter, writeStateFile } from './stateFile';
import { DEFAULT_PART_SIZE } from './upload';
import { formatObsUrl, type ObjectLocation } from './urls';

export interface DownloadOptions {
  /** Bytes written so far; monotonic, and ends with (total, total). */
  onProgress?(bytesDone: number, bytesTotal: number): void;
  signal?: AbortSignal;
  /** Ranges in flight at once (default 4). */
  concurrency?: number;
  /** Size of each ranged GET (default 8 MiB). */
  partSize?: number;
  /** Continue a partial download left by an interrupted call if the object is unchanged (default true). */
  resume?: boolean;
  /** Refuse objects that carry no SHA-256 to check against (default false: they download unverified). */
  requireChecksum?: boolean;
  /** The HEAD result, when the caller already has it (folder sync). */
  head?: ObjectHead;
}

export interface DownloadResult {
  size: number;
  /** Hex SHA-256 of the downloaded file. */
  sha256: string;
  /** True when the SHA-256 matched one recorded for the object; false when the object had none. */
  verified: boolean;
  etag: string;
  /** Bytes reused from an earlier, interrupted call. */
  resumedBytes: number;
}

interface DownloadState {
  version: 1;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  partSize: number;
  done: number[];
}

const isDownloadState = (v: unknown): v is DownloadState => {
  const s = v as DownloadState;
  return typeof v === 'object' && v !== null && s.version === 1 && typeof s.etag === 'string' && Array.isArray(s.done);
};

const MAX_STALLS = 3;

/** Paths of the partial file and its state, beside the target so the rename into place is atomic. */
export function downloadTempPaths(localPath: string): { temp: string; state: string } {
  const abs = path.resolve(localPath);
  return { temp: `${abs}.ma-download`, state: `${abs}.ma-download.json` };
}

/**
 * Downloads an object with parallel ranged GETs into a temp file beside the target, checks the
 * file's SHA-256 against the one recorded for the object (x-amz-meta-sha256, else a
 * full-object x-amz-checksum-sha256), and only then renames it into place. A mismatch deletes
 * the temp file and throws IntegrityError: a corrupted transfer is never kept. Every range
 * is conditional on the ETag seen at the start, so an object replaced mid-download fails
 * cleanly instead of producing a mix of two versions.
 */
export async function downloadFile(
  ctx: StorageContext,
  source: ObjectLocation,
  localPath: string,
  opts: DownloadOptions = {},
): Promise<DownloadResult> {
  throwIfAborted(opts.signal);
  const head = opts.head ?? (await headObject(ctx, source, opts.signal));
  if (!head) throw new StorageError(`${formatObsUrl(source)} does not exist.`, 'NoSuchKey', 404);
  const target = formatObsUrl(source);
  const expected = head.sha256;
  if (opts.requireChecksum && !expected) {
    throw new StorageError(
      `${target} has no SHA-256 recorded, so the download cannot be verified. Upload it with this toolkit to record one.`,
      'NoChecksum',
    );
  }
  const existing = await fsp.stat(localPath).catch(() => undefined);
  if (existing?.isDirectory())
    throw new StorageError(`${localPath} is a directory; give a file path to download ${target} to.`, 'LocalPathIsDirectory');
  await fsp.mkdir(path.dirname(path.resolve(localPath)), { recursive: true }).catch((err: Error) => {
    throw new StorageError(`Cannot create the folder for ${localPath}: ${err.message}`, 'LocalFileError');
  });

  const { temp, state: statePath } = downloadTempPaths(localPath);
  const partSize = Math.max(1024 * 1024, Math.floor(opts.partSize ?? DEFAULT_PART_SIZE));
  const rangeCount = Math.ceil(head.size / partSize);
  const previous = opts.resume === false ? undefined : await readStateFile(statePath, isDownloadState);
  const tempSize = (await fsp.stat(temp).catch(() => undefined))?.size;
  const reusable =
    previous !== undefined &&
    previous.bucket === source.bucket &&
    previous.key === source.key &&
    previous.etag === head.etag &&
    previous.size === head.size &&
    previous.partSize === partSize &&
    tempSize === head.size;
  const state: DownloadState = {
    version: 1,
    bucket: source.bucket,
    key: source.key,
    etag: head.etag,
    size: head.size,
    partSize,
    done: reusable ? previous.done.filter((i) => i >= 0 && i < rangeCount) : [],
  };
  const fh = await fsp.open(temp, reusable ? 'r+' : 'w', 0o600).catch((err: Error) => {
    throw new StorageError(`Cannot write ${temp}: ${err.message}`, 'LocalFileError');
  });
  let keepTemp = true;
  const resumedBytes = state.done.reduce((n, i) => n + Math.min(partSize, head.size - i * partSize), 0);
  try {
    if (!reusable) await fh.truncate(head.size);
    await writeStateFile(statePath, state);
    const writer = new StateWriter(statePath);
    const done = new Set(state.done);
    let bytesDone = resumedBytes;
    opts.onProgress?.(bytesDone, head.size);
    const pending = Array.from({ length: rangeCount }, (_, i) => i).filter((i) => !done.has(i));
    try {
      await runPool(pending, opts.concurrency ?? 4, opts.signal, async (index, signal) => {
        const start = index * partSize;
        const end = Math.min(head.size, start + partSize) - 1;
        await fetchRange(ctx, source, head.etag, fh, start, end, signal, (n) => {
          bytesDone += n;
          opts.onProgress?.(bytesDone, head.size);
        });
        state.done.push(index);
        await writer.write(() => state);
      });
    } catch (err) {
      // The object changed under us: the partial file mixes versions and can never be resumed.
      if (err instanceof StorageError && err.code === 'PreconditionFailed') keepTemp = false;
      throw err;
    } finally {
      await writer.settle();
    }
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    if (!keepTemp) await Promise.all([fsp.rm(temp, { force: true }), removeStateFile(statePath)]);
    throw err;
  }
  await fh.close();

  // Hashing after the parallel write costs a second read (usually from the page cache), but it
  // checks the bytes that are actually on disk, which is what the user will open.
  let actual: string;
  try {
    actual = await sha256File(temp, opts.signal);
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new StorageError(`Could not read back ${temp}: ${(err as Error).message}`, 'LocalFileError');
  }
  if (expected && actual !== expected) {
    await Promise.all([fsp.rm(temp, { force: true }), removeStateFile(statePath)]);
    throw new IntegrityError(target, expected, actual);
  }
  throwIfAborted(opts.signal);
  await fsp.rename(temp, localPath);
  await removeStateFile(statePath);
  return { size: head.size, sha256: actual, verified: Boolean(expected), etag: head.etag, resumedBytes };
}

/**
 * Fetches bytes start..end into the file at the same offsets. A body that ends early or a
 * connection that drops mid-body is continued from the last byte written (up to a few times
 * without progress), so a flaky link costs only the missing bytes and progress never goes back.
 */
async function fetchRange(
  ctx: StorageContext,
  source: ObjectLocation,
  etag: string,
  fh: fsp.FileHandle,
  start: number,
  end: number,
  signal: AbortSignal,
  progress: (bytes: number) => void,
): Promise<void> {
  let pos = start;
  let stalls = 0;
  while (pos <= end) {
    throwIfAborted(signal);
    const before = pos;
    try {
      const out = await ctx.run({ operation: 'Download', ...source }, () =>
        ctx.s3.send(
          new GetObjectCommand({
            Bucket: source.bucket,
            Key: source.key,
            Range: `bytes=${pos}-${end}`,
            IfMatch: etag ? `"${etag}"` : undefined,
          }),
          { abortSignal: signal },
        ),
      );
      const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?(err?: Error): void }) | undefined;
      if (!body) throw new StorageError(`The server returned no data for ${formatObsUrl(source)}.`, 'InvalidResponse');
      const onAbort = (): void => body.destroy?.(abortError(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const chunk of body) {
          const take = Math.min(chunk.length, end + 1 - pos);
          if (take <= 0) break;
          await fh.write(chunk, 0, take, pos);
          pos += take;
          progress(take);
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        body.destroy?.();
      }
    } catch (err) {
      if (signal.aborted) throw abortError(signal.reason);
      if (isAbortError(err) || err instanceof StorageError) throw err;
      // A stream error after the response started: continue from `pos`, unless it keeps failing
      // without making progress.
      stalls = pos === before ? stalls + 1 : 0;
      if (stalls > MAX_STALLS) {
        throw new StorageError(
          `Downloading ${formatObsUrl(source)} kept failing (${(err as Error).message}). Check your network and retry; the download will resume.`,
          'NetworkError',
        );
      }
      continue;
    }
    stalls = pos === before ? stalls + 1 : 0;
    if (stalls > MAX_STALLS) {
      throw new StorageError(
        `The server kept sending no data for ${formatObsUrl(source)}. Retry later; the download will resume.`,
        'NetworkError',
      );
    }
  }
}
