import { promises as fsp } from 'node:fs';
import type { StorageClient } from '../storage/client';
import { formatObsUrl, type ObjectLocation } from '../storage/urls';
import { throwIfAborted } from '../util/abort';
import { EventDecoder, ProtoError, type ScalarSink } from './eventProto';
import { ProtoReader } from './protobuf';
import { scanRecords } from './tfrecord';

/**
 * Incremental reading of TensorBoard event files, local or in OBS. A reader remembers where the
 * last complete record ended and keeps the bytes of a record still being written, so each
 * poll() fetches only bytes it has never fetched: a 2 GB event file that grows by a few
 * kilobytes costs a few kilobytes per poll, which is what makes watching a live run in OBS
 * affordable (TensorBoard re-lists and re-reads from its last offset the same way).
 */

/** One scalar as read: wall time in epoch seconds. */
export interface ScalarPoint {
  tag: string;
  step: number;
  wallTime: number;
  value: number;
}

/** Where an event file's bytes come from. */
export interface ByteSource {
  /** Path or obs:// URL: identifies the file and orders a run's files. */
  readonly name: string;
  /** Current size in bytes; 0 when the file is gone. */
  size(signal?: AbortSignal): Promise<number>;
  /** Up to `length` bytes from `offset`; fewer (or none) when the file is shorter by now. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Buffer>;
}

/** A file on the local disk. Opened per read, so a file that is replaced or deleted is seen as such. */
export class LocalFileSource implements ByteSource {
  readonly name: string;
  constructor(readonly path: string) {
    this.name = path;
  }

  async size(signal?: AbortSignal): Promise<number> {
    throwIfAborted(signal);
    try {
      return (await fsp.stat(this.path)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    throwIfAborted(signal);
    const fh = await fsp.open(this.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === length ? buf : buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  }
}

/** An object in OBS or any S3-compatible store, read with ranged GETs. */
export class StorageObjectSource implements ByteSource {
  readonly name: string;
  /**
   * The size a listing just reported: the next size() uses it instead of a HEAD request, so a
   * poll over a folder of runs costs one listing plus one GET per file that grew.
   */
  sizeHint: number | undefined;

  constructor(
    private readonly storage: Pick<StorageClient, 'head' | 'readRange'>,
    readonly location: ObjectLocation,
  ) {
    this.name = formatObsUrl(location);
  }

  async size(signal?: AbortSignal): Promise<number> {
    const hint = this.sizeHint;
    this.sizeHint = undefined;
    if (hint !== undefined) return hint;
    return (await this.storage.head(this.location, signal))?.size ?? 0;
  }

  read(offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    return this.storage.readRange(this.location, offset, offset + length - 1, signal);
  }
}

/** Running totals of what a reader has seen; none of these stop reading. */
export interface ReadCounts {
  /** Records whose checksums matched. */
  records: number;
  /** Scalars read. */
  points: number;
  /** Records skipped because their data checksum failed. */
  corruptRecords: number;
  /** Records with good checksums whose bytes were not an Event. */
  undecodableRecords: number;
  /** Times the framing was lost (a length checksum failed) and the reader scanned for the next record. */
  resyncs: number;
  /** Bytes passed over while scanning for the next record. */
  skippedBytes: number;
  /** Summary values that were not scalars (images, histograms, text, graphs' tensors…). */
  skippedValues: number;
  /** Bytes fetched from the source. */
  bytesRead: number;
  /** Times a file was found shorter than what had been read, and read again from the start. */
  restarts: number;
}

export const emptyCounts = (): ReadCounts => ({
  records: 0,
  points: 0,
  corruptRecords: 0,
  undecodableRecords: 0,
  resyncs: 0,
  skippedBytes: 0,
  skippedValues: 0,
  bytesRead: 0,
  restarts: 0,
});

export function addCounts(into: ReadCounts, from: Readonly<ReadCounts>): ReadCounts {
  for (const k of Object.keys(into) as (keyof ReadCounts)[]) into[k] += from[k];
  return into;
}

export interface PollOptions {
  signal?: AbortSignal;
  /** Receives each point as it is decoded instead of collecting them (no array of objects for big files). */
  onPoint?: ScalarSink;
  /** Stop after about this many bytes (at a chunk boundary); the next poll goes on from there. */
  maxBytes?: number;
}

export interface PollResult {
  /** Points new since the last poll, in file order (empty when `onPoint` was given). */
  points: ScalarPoint[];
  /** Running totals since the reader was made. */
  counts: ReadCounts;
  /** The file was shorter than before and was read again from the start: its earlier points are stale. */
  restarted: boolean;
}

export interface ReaderOptions {
  /** Bytes per read (default 4 MiB); a record larger than this is fetched whole in one read. */
  chunkSize?: number;
  /** Shared by a run's files, so a tag's plugin seen in one file is known in the next. */
  decoder?: EventDecoder;
  /**
   * Where to begin: the offset after a record boundary some earlier reader reported (a client's
   * cursor). Default 0. A tag's plugin seen before it is unknown to this reader.
   */
  startAt?: number;
}

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** Reads one event file incrementally. */
export class EventFileReader {
  /** Offset just after the last record consumed (good, corrupt or skipped over). */
  private consumed = 0;
  /** Bytes fetched after `consumed`: the start of a record not yet complete. */
  private tail: Buffer = Buffer.alloc(0);
  private resyncing = false;
  /** Points decoded by a poll that then failed (cancelled, network): handed out by the next poll. */
  private unreported: ScalarPoint[] = [];
  private restartUnreported = false;
  private readonly chunkSize: number;
  private readonly decoder: EventDecoder;
  readonly counts: ReadCounts = emptyCounts();

  constructor(
    readonly source: ByteSource,
    opts: ReaderOptions = {},
  ) {
    this.chunkSize = Math.max(64 * 1024, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE));
    this.decoder = opts.decoder ?? new EventDecoder();
    this.consumed = Math.max(0, Math.floor(opts.startAt ?? 0));
  }

  /** Offset after the last complete record read: where a fresh reader would resume. */
  get offset(): number {
    return this.consumed;
  }

  /** Bytes held past `offset`, waiting for the rest of their record. */
  get pendingBytes(): number {
    return this.tail.length;
  }

  /**
   * Reads what was appended since the last poll. State is committed chunk by chunk, so a poll
   * that throws (cancelled, network) loses nothing: the next one continues where it stopped
   * and also returns the points already decoded.
   */
  async poll(opts: PollOptions = {}): Promise<PollResult> {
    const { signal } = opts;
    throwIfAborted(signal);
    const size = await this.source.size(signal);
    if (size < this.consumed + this.tail.length) {
      this.consumed = 0;
      this.tail = Buffer.alloc(0);
      this.resyncing = false;
      this.unreported = [];
      this.counts.restarts++;
      this.restartUnreported = true;
    }
    const points = this.unreported;
    if (opts.onPoint && points.length > 0) {
      for (const p of points) opts.onPoint(p.tag, p.step, p.wallTime, p.value);
      points.length = 0;
    }
    const sink: ScalarSink = opts.onPoint ?? ((tag, step, wallTime, value) => void points.push({ tag, step, wallTime, value }));
    let pos = this.consumed + this.tail.length;
    let need = 0;
    const stopAt = opts.maxBytes === undefined ? Infinity : pos + opts.maxBytes;
    while (pos < size && pos < stopAt) {
      throwIfAborted(signal);
      const want = Math.min(size - pos, Math.max(this.chunkSize, need - this.tail.length));
      const chunk = await this.source.read(pos, want, signal);
      if (chunk.length === 0) break; // shorter than its size said: the next poll sees why
      pos += chunk.length;
      this.counts.bytesRead += chunk.length;
      const data = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
      need = this.consume(data, sink);
    }
    const restarted = this.restartUnreported;
    this.unreported = [];
    this.restartUnreported = false;
    return { points: opts.onPoint ? [] : points, counts: { ...this.counts }, restarted };
  }

  /** Scans and decodes the records in `data` (which starts at `consumed`); returns the bytes the next record needs. */
  private consume(data: Buffer, sink: ScalarSink): number {
    const counts = this.counts;
    const reader = new ProtoReader(data);
    const decoder = this.decoder;
    const scan = scanRecords(
      data,
      (_buf, start, end) => {
        try {
          const c = decoder.decode(reader, start, end, sink);
          counts.points += c.scalars;
          counts.skippedValues += c.skippedValues;
        } catch (err) {
          if (!(err instanceof ProtoError)) throw err;
          counts.undecodableRecords++;
        }
      },
      { resyncing: this.resyncing },
    );
    counts.records += scan.records;
    counts.corruptRecords += scan.corruptRecords;
    counts.resyncs += scan.resyncs;
    counts.skippedBytes += scan.skippedBytes;
    this.resyncing = scan.resyncing;
    this.consumed += scan.next;
    // Copy the tail so the chunk it came from can be freed.
    this.tail = scan.next < data.length ? Buffer.from(data.subarray(scan.next)) : Buffer.alloc(0);
    return scan.pending ?? 0;
  }
}

/**
 * The event files of one run, read in file-name order (TensorBoard's order; writers name files
 * by creation time), with one decoder so that a tag's plugin carries across files.
 */
export class RunReader {
  private readonly readers = new Map<string, EventFileReader>();
  private readonly decoder = new EventDecoder();
  private readonly retired: ReadCounts = emptyCounts();
  private unreported: ScalarPoint[] = [];
  private restarted = false;

  constructor(private readonly opts: Omit<ReaderOptions, 'decoder'> = {}) {}

  /** The files being read, in reading order. */
  files(): string[] {
    return [...this.readers.keys()].sort();
  }

  /** Adds a file (a known name keeps its reader and offset); returns its reader. */
  add(source: ByteSource): EventFileReader {
    let reader = this.readers.get(source.name);
    if (!reader) {
      reader = new EventFileReader(source, { ...this.opts, decoder: this.decoder });
      this.readers.set(source.name, reader);
    }
    return reader;
  }

  /** Stops reading a file that is gone (its counts stay in the totals). */
  remove(name: string): void {
    const reader = this.readers.get(name);
    if (!reader) return;
    addCounts(this.retired, reader.counts);
    this.readers.delete(name);
  }

  /** Reads every file's new records, in file-name order; like EventFileReader.poll, a failed poll loses nothing. */
  async poll(opts: PollOptions = {}): Promise<PollResult> {
    const points = this.unreported;
    for (const name of this.files()) {
      const result = await this.readers.get(name)!.poll(opts);
      for (const p of result.points) points.push(p);
      this.restarted ||= result.restarted;
    }
    const restarted = this.restarted;
    this.unreported = [];
    this.restarted = false;
    return { points, counts: this.counts(), restarted };
  }

  /** Running totals over the run's files. */
  counts(): ReadCounts {
    const total = addCounts(emptyCounts(), this.retired);
    for (const r of this.readers.values()) addCounts(total, r.counts);
    return total;
  }
}
