import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { abortError } from '../../util/abort';
import type { RequestBudget } from './budget';
import { FileChangedError } from './errors';
import type { SftpOps } from './sftpOps';
import type { FileMeta } from './tree';

/**
 * Copying one file, either way, as pipelined SFTP requests: up to `window` READs or WRITEs in
 * flight, so a high-latency link stays full (one request at a time would cost a round trip per
 * 32 KiB). Data goes to a hidden temp name beside the target and is renamed over it only once
 * complete with its mtime set, so a cancel or a dropped connection never leaves a torn file
 * under the real name, and an unfinished file never looks "unchanged" to the next run.
 */
export interface TransferOptions {
  /** Requests in flight for this file. */
  window: number;
  /** Requests in flight for the whole sync. */
  budget: RequestBudget;
  signal?: AbortSignal;
  /** Called as bytes land at the destination. */
  onBytes(n: number): void;
}

/** Local reads take several chunks at once, so the thread pool is not the bottleneck. */
const CHUNKS_PER_LOCAL_READ = 8;
const TEMP_SUFFIX = /\.ma-sync-[0-9a-f]{8}\.tmp$/;

/** Our temp files (`.<name>.ma-sync-<random>.tmp`): never synced as content. */
export function isSyncTempName(name: string): boolean {
  return name.startsWith('.') && TEMP_SUFFIX.test(name);
}

/** A temp name in the target's folder (same filesystem, so the rename is a move, not a copy). */
function tempNameFor(targetBase: string): string {
  // Bounded so a long (up to 255-byte) name still leaves room for the suffix.
  const stem = Array.from(targetBase).slice(0, 40).join('');
  return `.${stem}.ma-sync-${randomBytes(4).toString('hex')}.tmp`;
}

/** Local file → notebook. `remotePath` is the final name (posix). */
export async function uploadFile(
  ops: SftpOps,
  localPath: string,
  remotePath: string,
  meta: FileMeta,
  replaces: boolean,
  opts: TransferOptions,
): Promise<void> {
  const temp = path.posix.join(path.posix.dirname(remotePath), tempNameFor(path.posix.basename(remotePath)));
  const source = await fsp.open(localPath, 'r');
  let handle: Buffer | undefined;
  let created = false;
  try {
    handle = await ops.open(temp, 'w', { mode: meta.mode });
    created = true;
    const remote = handle;
    const chunk = ops.maxWrite;
    const block = Buffer.allocUnsafe(Math.min(chunk * CHUNKS_PER_LOCAL_READ, Math.max(meta.size, 1)));
    await pipeline(meta.size, chunk, block.length, opts, {
      issue: async (position, length) => {
        const { bytesRead } = await source.read(block, 0, length, position);
        if (bytesRead < length) throw new FileChangedError();
        const writes: Promise<void>[] = [];
        for (let off = 0; off < length; off += chunk) {
          // A copy: `block` is refilled by the next read while this write may still be queued.
          const piece = Buffer.from(block.subarray(off, Math.min(off + chunk, length)));
          writes.push(ops.write(remote, piece, position + off).then(() => opts.onBytes(piece.length)));
        }
        return { done: Promise.all(writes) };
      },
    });
    // Times and mode after the data (a later WRITE would move the mtime again), then close. These
    // could follow the writes without waiting (one handle's requests are processed in order, SFTP
    // draft §6.1), but a burst of small replies meets Nagle's algorithm on a server without
    // TCP_NODELAY (local notebooks, as measured) and stalls ~40 ms per file on delayed ACKs.
    await ops.fsetstat(remote, { mode: meta.mode, atime: meta.mtime, mtime: meta.mtime });
    handle = undefined;
    await ops.close(remote);
    await ops.replace(temp, remotePath, replaces);
  } catch (err) {
    if (handle) await ops.close(handle).catch(() => undefined);
    if (created) await ops.unlink(temp).catch(() => undefined);
    throw err;
  } finally {
    await source.close();
  }
}

/** Notebook file → local. `localPath` is the final name. */
export async function downloadFile(
  ops: SftpOps,
  remotePath: string,
  localPath: string,
  meta: FileMeta,
  opts: TransferOptions,
): Promise<void> {
  const temp = path.join(path.dirname(localPath), tempNameFor(path.basename(localPath)));
  const handle = await ops.open(remotePath, 'r');
  let closing: Promise<void> | undefined;
  let target: fsp.FileHandle | undefined;
  try {
    // Owner-writable while we fill it; the source's own bits are applied at the end.
    target = await fsp.open(temp, 'wx', 0o600);
    const local = target;
    const chunk = ops.maxRead;
    await pipeline(meta.size, chunk, chunk, opts, {
      issue: async (position, length) => ({
        done: readFully(ops, handle, length, position).then(async (data) => {
          await local.write(data, 0, data.length, position);
          opts.onBytes(data.length);
        }),
      }),
      // Nothing more to read: the remote close overlaps the local finishing work.
      tail: () => [(closing = ops.close(handle))],
    });
    await local.utimes(meta.mtime, meta.mtime);
    await local.chmod(meta.mode);
    await local.close();
    target = undefined;
    await fsp.rename(temp, localPath);
  } catch (err) {
    if (target) await target.close().catch(() => undefined);
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    await (closing ?? ops.close(handle)).catch(() => undefined);
  }
}

/** One READ may come back short (servers cap replies); asks again for the rest. */
async function readFully(ops: SftpOps, handle: Buffer, length: number, position: number): Promise<Buffer> {
  const data = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = await ops.read(handle, data.subarray(got), length - got, position + got);
    if (n === 0) throw new FileChangedError();
    got += n;
  }
  return data;
}

interface PipelineSteps {
  /**
   * Sends the requests for [position, position + length). Resolves once they are sent (the next
   * step may then reuse buffers); `done` settles when they are all answered.
   */
  issue(position: number, length: number): Promise<{ done: Promise<unknown> }>;
  /** Requests sent once the last step has started (only when nothing failed and no abort). */
  tail?(): Promise<unknown>[];
}

/**
 * Walks [0, size) in steps of `stepBytes`, each step holding ceil(length / chunk) requests of
 * both the file's window and the sync's budget until answered. Stops issuing at the first
 * failure or abort, and always waits for what is in flight before returning, so the caller can
 * close and delete the temp file with nothing still writing into it.
 */
async function pipeline(size: number, chunk: number, stepBytes: number, opts: TransferOptions, steps: PipelineSteps): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let outstanding = 0;
  let failure: unknown;
  // One waiter woken as requests finish (not Promise.race over everything in flight, which adds
  // a handler to every pending request on every step).
  let wake: (() => void) | undefined;
  const track = (work: Promise<unknown>, requests: number): void => {
    const tracked: Promise<void> = work
      .then(
        () => undefined,
        (err: unknown) => {
          failure ??= err;
        },
      )
      .finally(() => {
        outstanding -= requests;
        opts.budget.release(requests);
        inFlight.delete(tracked);
        wake?.();
      });
    inFlight.add(tracked);
  };
  try {
    for (let position = 0; position < size && failure === undefined;) {
      if (opts.signal?.aborted) break;
      const length = Math.min(stepBytes, size - position);
      const requests = Math.ceil(length / chunk);
      while (outstanding + requests > Math.max(opts.window, requests) && inFlight.size > 0)
        await new Promise<void>((resolve) => (wake = resolve));
      await opts.budget.acquire(requests);
      if (opts.signal?.aborted) {
        opts.budget.release(requests);
        break;
      }
      outstanding += requests;
      let issued: { done: Promise<unknown> };
      try {
        issued = await steps.issue(position, length);
      } catch (err) {
        outstanding -= requests;
        opts.budget.release(requests);
        throw err;
      }
      track(issued.done, requests);
      position += length;
    }
    // The tail carries no data, so it holds no budget.
    if (steps.tail && failure === undefined && !opts.signal?.aborted) track(Promise.all(steps.tail()), 0);
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure;
  if (opts.signal?.aborted) throw abortError(opts.signal.reason);
}
