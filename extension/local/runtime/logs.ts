// Reading job logs in slices for the REST log endpoint and for tailing. A job appends to its log
// file while we read, so a slice may end in the middle of a multi-byte UTF-8 character; decoding
// that would produce U+FFFD and the next slice would start with garbage. Slices therefore end on a
// character boundary and the caller's next offset is exactly where the cut was made.

import fs from 'node:fs';

/** One slice of a log file. */
export interface LogSlice {
  /** The text of the slice, whole UTF-8 characters only. */
  readonly content: string;
  /** Byte offset just after this slice: pass it as the next call's `offset`. */
  readonly currentSize: number;
  /** Size of the file in bytes when it was read (0 for a missing file). */
  readonly fullSize: number;
}

// The longest UTF-8 sequence is 4 bytes, so any slice of at least this many bytes contains at
// least one whole character and always makes progress.
const minSliceBytes = 4;

/**
 * Reads up to `maxBytes` bytes of `file` from byte `offset`, backing off the end to a UTF-8
 * character boundary. If `offset` lands inside a character (e.g. "the last 64 KiB"), the
 * continuation bytes at the start are skipped. A missing file reads as empty. An offset beyond the
 * end means the file was truncated or replaced (job restarted with the same log): reading starts
 * again from 0.
 */
export async function readLogSlice(file: string, offset: number, maxBytes: number): Promise<LogSlice> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { content: '', currentSize: 0, fullSize: 0 };
    throw err;
  }
  try {
    const fullSize = (await handle.stat()).size;
    let start = Math.max(0, Math.floor(offset));
    if (start > fullSize) start = 0;
    const want = Math.min(Math.max(minSliceBytes, Math.floor(maxBytes)), fullSize - start);
    if (want <= 0) return { content: '', currentSize: start, fullSize };
    const buf = Buffer.alloc(want);
    const { bytesRead } = await handle.read(buf, 0, want, start);
    let from = 0;
    if (start > 0) while (from < 3 && from < bytesRead && isContinuation(buf[from] as number)) from++;
    const end = completeUtf8End(buf, from, bytesRead);
    return { content: buf.toString('utf8', from, end), currentSize: start + end, fullSize };
  } finally {
    await handle.close();
  }
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** Length of the UTF-8 sequence a lead byte starts; 1 for ASCII and for invalid bytes. */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

/**
 * The end of the last complete character in buf[from, end): if the final character's lead byte is
 * present but some of its continuation bytes are not, cut before the lead byte. Invalid bytes are
 * left in (they decode to U+FFFD either way) so a binary log still makes progress.
 */
function completeUtf8End(buf: Buffer, from: number, end: number): number {
  for (let back = 1; back <= 3 && end - back >= from; back++) {
    const byte = buf[end - back] as number;
    if (isContinuation(byte)) continue;
    return sequenceLength(byte) > back ? end - back : end;
  }
  return end;
}

/** Options for `tailLog`. */
export interface TailOptions {
  /** Byte offset to start at. Default 0. */
  readonly offset?: number;
  /** Largest slice to yield at once. Default 64 KiB. */
  readonly maxBytes?: number;
  /** How long to wait when there is nothing new. Default 250 ms. */
  readonly pollMs?: number;
  /** Ends the iteration (without throwing) when aborted. */
  readonly signal?: AbortSignal;
  /** Called between polls; when it returns true and nothing is left to read, the tail ends. */
  readonly isDone?: () => boolean;
}

/**
 * Follows a log file as it grows, yielding each new non-empty slice. Ends when `signal` aborts, or
 * when `isDone()` is true and the file has been read to its end (pass e.g. "the job exited", so
 * output written just before exit is not lost).
 */
export async function* tailLog(file: string, opts: TailOptions = {}): AsyncGenerator<LogSlice> {
  let offset = opts.offset ?? 0;
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  const pollMs = opts.pollMs ?? 250;
  while (!opts.signal?.aborted) {
    const done = opts.isDone?.() ?? false; // read before the slice: a job that ends now still gets read once more
    const slice = await readLogSlice(file, offset, maxBytes);
    offset = slice.currentSize;
    if (slice.content !== '') {
      yield slice;
      continue;
    }
    if (done) return;
    await sleep(pollMs, opts.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
