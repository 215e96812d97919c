import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { fsyncDirectory } from '../../core/util/atomicFile';

/**
 * An append-only journal of JSON Lines, in segments `journal-<first seq>.jsonl`: one line per
 * acknowledged change, written and fdatasync'd before the caller answers, so one line is one
 * change, whole or absent. A compaction starts a new segment, writes a snapshot covering the old
 * ones elsewhere, and then drops them; until then loading reads every segment.
 *
 * Every line carries `seq`, strictly increasing across segments. Loading is forgiving in the two
 * ways a store must be: an unfinished last line (the process died while writing it, so it was
 * never acknowledged) is cut off; a damaged line anywhere else (disk or hand damage) sets its
 * segment aside as `<name>.corrupt-<time>`, logged, and loading goes on with every good line.
 */

/** A line as loaded: its sequence number and the rest, still untrusted. */
export interface JournalLine {
  readonly seq: number;
  readonly value: Record<string, unknown>;
}

export interface JournalLoad {
  readonly lines: JournalLine[];
  /** Segments moved aside because of damage; the caller should write a new snapshot at once. */
  readonly setAside: readonly string[];
  readonly bytes: number;
}

const segmentName = /^journal-(\d+)\.jsonl$/;

/** The segment files of `dir`, oldest first. */
function segments(dir: string): { file: string; start: number }[] {
  return readdirSync(dir)
    .map((name) => ({ name, m: segmentName.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map((x) => ({ file: path.join(dir, x.name), start: Number(x.m[1]) }))
    .sort((a, b) => a.start - b.start);
}

/** `<file>.corrupt-<time>`: kept for a person to look at, never read again. */
export function setAside(file: string, log: (line: string) => void, why: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  fsyncDirectory(path.dirname(file));
  log(`${file}: ${why}; set aside as ${path.basename(aside)}`);
  return aside;
}

function parseLine(text: string): JournalLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const seq = (value as { seq?: unknown }).seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { seq, value: value as Record<string, unknown> };
}

/**
 * Reads every segment. Lines with `seq <= after` (already in the snapshot) are skipped; a line
 * that does not parse, or whose seq does not increase, is damage. `validate` checks the rest of a
 * line and answers why it is bad, or undefined when it is good.
 */
export function loadJournal(
  dir: string,
  after: number,
  validate: (line: JournalLine) => string | undefined,
  log: (line: string) => void,
): JournalLoad {
  const all = segments(dir);
  const lines: JournalLine[] = [];
  const asides: string[] = [];
  let bytes = 0;
  // Lines at or before `after` are already in the snapshot (a crash came between writing it and
  // dropping their segment): good, and skipped. Seqs must still increase throughout.
  let last = 0;
  all.forEach(({ file }, i) => {
    const isLast = i === all.length - 1;
    const buf = readFileSync(file);
    const kept: JournalLine[] = [];
    let damage: string | undefined;
    let goodEnd = 0; // byte offset after the last good line
    let offset = 0;
    let bad: { at: number; why: string } | undefined; // the first bad line
    let lineNo = 0;
    while (offset < buf.length) {
      const nl = buf.indexOf(0x0a, offset);
      const end = nl < 0 ? buf.length : nl;
      lineNo++;
      const line = parseLine(buf.toString('utf8', offset, end));
      const why =
        nl < 0
          ? 'no newline'
          : !line
            ? 'not a JSON object with a seq'
            : line.seq <= last
              ? `seq ${line.seq} after ${last}`
              : validate(line);
      if (why === undefined && line) {
        if (bad !== undefined) damage ??= `line ${bad.at} is damaged (${bad.why})`;
        if (line.seq > after) kept.push(line);
        last = line.seq;
        goodEnd = end + 1;
      } else bad ??= { at: lineNo, why: why ?? 'unreadable' };
      offset = end + 1;
    }
    if (bad !== undefined && damage === undefined) {
      // Only bad bytes after the last good line: the end of a write a crash interrupted, never
      // acknowledged. In the last segment it is cut off; anywhere else it is damage.
      if (isLast) {
        truncate(file, goodEnd);
        log(`${file}: dropped an unfinished last change (line ${bad.at}, written when the process stopped)`);
      } else damage = `line ${bad.at} is damaged (${bad.why})`;
    }
    if (damage !== undefined) asides.push(setAside(file, log, damage));
    lines.push(...kept);
    bytes += damage === undefined ? goodEnd : 0;
  });
  return { lines, setAside: asides, bytes };
}

function truncate(file: string, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    ftruncateSync(fd, length);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The segment being appended to. One writer per directory (the daemon holds its data dir). */
export class JournalWriter {
  private fd: number | undefined;
  private file = '';
  /** The current segment's size, so a failed write can be cut back to it. */
  private size = 0;
  /** Bytes and lines in the segments not yet covered by a snapshot. */
  private pendingBytes: number;
  private pendingLines: number;

  constructor(
    private readonly dir: string,
    start: number,
    loaded: { bytes: number; lines: number } = { bytes: 0, lines: 0 },
  ) {
    this.pendingBytes = loaded.bytes;
    this.pendingLines = loaded.lines;
    this.open(start);
  }

  get bytes(): number {
    return this.pendingBytes;
  }

  get lines(): number {
    return this.pendingLines;
  }

  /**
   * Appends one line (`entry` has its `seq`) and makes it durable. On a failed write the segment
   * is cut back to where it was, so a half line never sits before later good ones.
   */
  append(entry: { readonly seq: number }): number {
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    const fd = this.requireOpen();
    const before = this.size;
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, before + written);
      fdatasyncSync(fd);
    } catch (err) {
      try {
        ftruncateSync(fd, before);
      } catch {
        // The write error is what the caller needs to see; loading cuts a torn tail anyway.
      }
      throw err;
    }
    this.size += bytes.length;
    this.pendingBytes += bytes.length;
    this.pendingLines++;
    return bytes.length;
  }

  /** Starts a new segment at `start`; the older ones stay until {@link dropBefore}. */
  rotate(start: number): void {
    const old = this.fd;
    this.fd = undefined;
    try {
      this.open(start);
    } catch (err) {
      this.fd = old; // keep appending to the segment we have
      throw err;
    }
    if (old !== undefined && old !== this.fd) closeSync(old);
    this.pendingBytes = 0;
    this.pendingLines = 0;
  }

  /** Removes the segments older than the current one (a snapshot now covers them). */
  dropBefore(): void {
    for (const s of segments(this.dir)) if (s.file !== this.file) rmSync(s.file, { force: true });
    fsyncDirectory(this.dir);
  }

  close(): void {
    this.closeFd();
  }

  private open(start: number): void {
    const file = path.join(this.dir, `journal-${String(start).padStart(16, '0')}.jsonl`);
    const fd = openSync(file, 'a', 0o600);
    this.fd = fd;
    this.file = file;
    this.size = fstatSync(fd).size;
    fsyncDirectory(this.dir);
  }

  private requireOpen(): number {
    if (this.fd === undefined) throw new Error(`journal ${this.dir} is closed`);
    return this.fd;
  }

  private closeFd(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The segments' file names, for tests and repair: oldest first. */
export function journalSegments(dir: string): string[] {
  return segments(dir).map((s) => s.file);
}
