import { crc32c8 as crc8Import, maskCrc as maskImport, maskedCrc32c as crcImport } from './crc32c';

// Called for every record: local bindings, because an imported function called through
// CommonJS interop (tsx, mocha) costs a getter call each time; a bundle calls them directly anyway.
const maskedCrc32c = crcImport;
const crc32c8 = crc8Import;
const maskCrc = maskImport;

/**
 * TFRecord framing, as TensorFlow's record_writer.cc writes it:
 *
 *   uint64 length (little-endian) | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)
 *
 * The scanner never throws on bad bytes. A live event file normally ends in a record that is
 * still being written, so a short tail is "not yet", not damage: the scan stops before it and
 * the caller resumes from `next` when the file has grown. A record whose data checksum fails is
 * skipped by its (checked) length and counted. A length whose own checksum fails means the
 * framing is lost; TensorFlow's reader gives up there, but one flipped bit should not hide the
 * rest of a long run, so the scan moves forward a byte at a time to the next position where a
 * length and its checksum agree, and counts what it skipped.
 */

/** Bytes of framing around each record: 8 length + 4 length CRC + 4 data CRC. */
export const RECORD_OVERHEAD = 16;
const HEADER = 12;

/** Lengths above this are treated as a damaged header even if their CRC matched by chance. */
const MAX_RECORD = 2 ** 40;

export interface ScanResult {
  /** Offset (in the scanned buffer) where the next scan must start: after the last complete record, or where the resync scan stopped. */
  next: number;
  /** Complete records whose data CRC checked out. */
  records: number;
  /** Records skipped because their data CRC failed (their length was valid). */
  corruptRecords: number;
  /** Times the framing was lost (a length CRC failed) and a scan for the next good header began. */
  resyncs: number;
  /** Bytes passed over while looking for a good header. */
  skippedBytes: number;
  /** True when the scan ended still looking for a good header; pass it back as `resyncing` so one damaged stretch counts once. */
  resyncing: boolean;
  /**
   * When the scan stopped at a record whose header is good but whose data is not all there yet:
   * the bytes needed from `next` to complete it. Lets a chunked reader fetch a record larger than its chunk.
   */
  pending?: number;
}

export interface ScanOptions {
  /** Where to start in `buf` (default 0). */
  offset?: number;
  /** Where the bytes end in `buf` (default buf.length). */
  end?: number;
  /** The previous scan of this stream ended mid-resync (its `resyncing`). */
  resyncing?: boolean;
}

function readLength(buf: Uint8Array, p: number): number {
  const lo = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  const hi = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
  return hi * 0x1_0000_0000 + lo;
}

function readU32(buf: Uint8Array, p: number): number {
  return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
}

/** True when the 12 bytes at p are a length whose masked CRC matches. */
function headerOk(buf: Uint8Array, p: number): boolean {
  return maskCrc(crc32c8(buf, p)) === readU32(buf, p + 8) && readLength(buf, p) <= MAX_RECORD;
}

/**
 * Scans records in `buf` from `offset`, calling `onRecord(buf, start, end)` with the bounds of
 * each good record's data (a view into `buf`; copy it to keep it past the call).
 */
export function scanRecords(
  buf: Uint8Array,
  onRecord: (data: Uint8Array, start: number, end: number) => void,
  opts: ScanOptions = {},
): ScanResult {
  const end = opts.end ?? buf.length;
  let p = opts.offset ?? 0;
  let records = 0;
  let corruptRecords = 0;
  let resyncs = 0;
  let skippedBytes = 0;
  let resyncing = opts.resyncing === true;
  while (end - p >= HEADER) {
    if (!headerOk(buf, p)) {
      if (!resyncing) resyncs++;
      resyncing = true;
      p++;
      skippedBytes++;
      continue;
    }
    resyncing = false;
    const length = readLength(buf, p);
    const total = HEADER + length + 4;
    if (end - p < total) return { next: p, records, corruptRecords, resyncs, skippedBytes, resyncing, pending: total };
    const start = p + HEADER;
    if (maskedCrc32c(buf, start, start + length) === readU32(buf, start + length)) {
      records++;
      onRecord(buf, start, start + length);
    } else {
      corruptRecords++;
    }
    p += total;
  }
  return { next: p, records, corruptRecords, resyncs, skippedBytes, resyncing };
}

/** All good records of a buffer, as views into it, with the scan's counts. */
export function readRecords(buf: Uint8Array, opts: ScanOptions = {}): ScanResult & { data: Uint8Array[] } {
  const data: Uint8Array[] = [];
  const result = scanRecords(buf, (b, start, end) => data.push(b.subarray(start, end)), opts);
  return { ...result, data };
}
