// Training scalars (loss, accuracy…) a job reports by printing lines like
//
//   MA_METRIC loss=0.25 acc=0.91 step=120
//
// to stdout. They are read back from the job's log from a byte offset the client keeps in its
// metrics cursor, so every call returns only what is new, the daemon keeps nothing in memory, and
// the series survive a restart (the log is the durable record). Wall times come from the log's
// clock (see runtime/logClock.ts).

import { type FileHandle, open } from 'node:fs/promises';
import type { ClockEntry } from '../../runtime/logClock';

/** New points of one series: parallel arrays in the order printed. */
export interface ScalarPoints {
  readonly name: string;
  readonly step: number[];
  readonly value: number[];
  /** Epoch seconds. */
  readonly wall_time: number[];
}

const marker = 'MA_METRIC';
/** Names a job may use; at most this many series per job (a runaway printer cannot flood the cursor). */
const namePattern = /^[A-Za-z_][A-Za-z0-9_./-]{0,127}$/;
export const maxSeriesPerJob = 500;

/**
 * Parses one line; undefined unless it is a metric line. `step` is optional (the series' own
 * count is used then); values must be finite numbers; other tokens make the line not count.
 */
export function parseMetricLine(line: string): { step: number | undefined; values: [string, number][] } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(`${marker} `)) return undefined;
  let step: number | undefined;
  const values: [string, number][] = [];
  for (const token of trimmed.slice(marker.length).trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq <= 0) return undefined;
    const key = token.slice(0, eq);
    const num = Number(token.slice(eq + 1));
    if (token.slice(eq + 1) === '' || !Number.isFinite(num) || !namePattern.test(key)) return undefined;
    if (key === 'step') {
      if (!Number.isInteger(num)) return undefined;
      step = num;
    } else values.push([key, num]);
  }
  return values.length ? { step, values } : undefined;
}

/** Where a reading of the log stands: the offset after the last whole line, and each series' count. */
export interface LogPosition {
  readonly offset: number;
  readonly counts: Readonly<Record<string, number>>;
}

export interface ScalarReading {
  readonly series: ScalarPoints[];
  readonly position: LogPosition;
  /** More of the log is there already (the read stopped at `maxBytes`). */
  readonly more: boolean;
}

/** When the log's bytes were written: its clock, the time for bytes past it, and how far to read. */
export interface LogTimes {
  readonly entries: readonly ClockEntry[];
  readonly fallbackMs: number;
  /** Read no further than this offset (while the job runs: as far as the clock has noted). */
  readonly upTo?: number;
}

const newline = 0x0a;
const markerBytes = Buffer.from(`${marker} `, 'latin1');
const sliceBytes = 1 << 20;

/** True when the line at `start` begins (after spaces or tabs) with `MA_METRIC `: checked on bytes, before any decoding. */
function isMetricLine(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  if (end - i < markerBytes.length) return -1;
  for (let k = 0; k < markerBytes.length; k++) if (buf[i + k] !== markerBytes[k]) return -1;
  return i;
}

/**
 * Reads the metric lines the log gained after `from`, up to about `maxBytes` of log. A line not yet
 * ended by a newline is left for the next call. A log shorter than `from.offset` was replaced (the
 * job restarted): reading starts again from 0 and the counts from nothing. Lines are found and
 * checked on the raw bytes; only metric lines are decoded (latin1: a name or number with other
 * characters is not a metric anyway), which keeps a chatty log cheap to follow.
 */
export async function readScalarsSince(logFile: string, from: LogPosition, times: LogTimes, maxBytes: number): Promise<ScalarReading> {
  const counts: Record<string, number> = { ...from.counts };
  let seriesCount = Object.keys(counts).length;
  let offset = from.offset;
  const series = new Map<string, ScalarPoints>();
  const done = (more: boolean): ScalarReading => ({ series: [...series.values()], position: { offset, counts }, more });
  let handle: FileHandle;
  try {
    handle = await open(logFile, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return done(false);
    throw err;
  }
  try {
    let size = (await handle.stat()).size;
    if (size < offset) {
      // Replaced (the job restarted into a new log): from the start, counts from nothing.
      offset = 0;
      for (const k of Object.keys(counts)) delete counts[k];
      seriesCount = 0;
    }
    if (times.upTo !== undefined) size = Math.min(size, times.upTo);
    let clockIndex = 0;
    let read = 0;
    const buf = Buffer.allocUnsafe(sliceBytes);
    while (offset < size) {
      // At most what is left of the budget (but enough for a few lines), so an answer stays near maxBytes.
      const want = Math.min(sliceBytes, size - offset, Math.max(64 * 1024, maxBytes - read));
      const { bytesRead } = await handle.read(buf, 0, want, offset);
      if (bytesRead === 0) break;
      const last = buf.lastIndexOf(newline, bytesRead - 1);
      if (last < 0) {
        // A line longer than a slice is not a metric line (they are short): skip past it.
        if (bytesRead === want && want === sliceBytes) offset += bytesRead;
        return done(bytesRead === want && want === sliceBytes);
      }
      let start = 0;
      while (start <= last) {
        const end = buf.indexOf(newline, start);
        const at = isMetricLine(buf, start, end);
        if (at >= 0) {
          const parsed = parseMetricLine(buf.toString('latin1', at, end));
          if (parsed) {
            const lineEnd = offset + end + 1;
            while (clockIndex < times.entries.length && (times.entries[clockIndex] as ClockEntry).size < lineEnd) clockIndex++;
            const atMs = clockIndex < times.entries.length ? (times.entries[clockIndex] as ClockEntry).atMs : times.fallbackMs;
            add(parsed, atMs / 1000);
          }
        }
        start = end + 1;
      }
      offset += last + 1;
      read += last + 1;
      if (read >= maxBytes && offset < size) return done(true);
    }
    return done(false);
  } finally {
    await handle.close();
  }

  function add(parsed: { step: number | undefined; values: [string, number][] }, wallTime: number): void {
    for (const [name, value] of parsed.values) {
      let n = counts[name];
      if (n === undefined) {
        if (seriesCount >= maxSeriesPerJob) continue;
        seriesCount++;
        n = 0;
      }
      counts[name] = n + 1;
      let s = series.get(name);
      if (!s) series.set(name, (s = { name, step: [], value: [], wall_time: [] }));
      s.step.push(parsed.step ?? n);
      s.value.push(value);
      s.wall_time.push(wallTime);
    }
  }
}
