// Training scalars (loss, accuracy…) a job reports by printing lines like
//
//   MA_METRIC loss=0.25 acc=0.91 step=120
//
// to stdout. They are read back from the job's log from a byte offset the client keeps in its
// metrics cursor, so every call returns only what is new, the daemon keeps nothing in memory, and
// the series survive a restart (the log is the durable record). Wall times come from the log's
// clock (see runtime/logClock.ts).

import { readLogSlice } from '../../runtime/logs';
import { type ClockEntry, timeAt } from '../../runtime/logClock';

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

/**
 * Reads the metric lines the log gained after `from`, up to about `maxBytes` of log. A line not yet
 * ended by a newline is left for the next call. A log shorter than `from.offset` was replaced (the
 * job restarted): reading starts again from 0 and the counts from nothing.
 */
export async function readScalarsSince(logFile: string, from: LogPosition, times: LogTimes, maxBytes: number): Promise<ScalarReading> {
  const counts: Record<string, number> = { ...from.counts };
  let offset = from.offset;
  const series = new Map<string, ScalarPoints>();
  let read = 0;
  for (;;) {
    const room = times.upTo === undefined ? Infinity : times.upTo - offset;
    if (room <= 0) return { series: [...series.values()], position: { offset, counts }, more: false };
    const slice = await readLogSlice(logFile, offset, Math.min(room, Math.max(64 * 1024, Math.min(maxBytes - read, 1 << 20))));
    if (slice.fullSize < offset) {
      offset = 0;
      for (const k of Object.keys(counts)) delete counts[k];
      series.clear();
      continue;
    }
    const lastNewline = slice.content.lastIndexOf('\n');
    if (lastNewline < 0) {
      // One line longer than a slice is not a metric line (they are short): skip past it.
      const whole = slice.currentSize - offset >= 1 << 20;
      if (whole) offset = slice.currentSize;
      return { series: [...series.values()], position: { offset, counts }, more: whole };
    }
    const text = slice.content.slice(0, lastNewline + 1);
    let lineStart = offset;
    for (const line of text.split('\n')) {
      const lineEnd = lineStart + Buffer.byteLength(line, 'utf8') + 1;
      const parsed = parseMetricLine(line);
      if (parsed) add(parsed, timeAt(times.entries, lineEnd, times.fallbackMs) / 1000);
      lineStart = lineEnd;
    }
    const consumed = Buffer.byteLength(text, 'utf8');
    offset += consumed;
    read += consumed;
    if (offset >= Math.min(slice.fullSize, times.upTo ?? Infinity))
      return { series: [...series.values()], position: { offset, counts }, more: false };
    if (read >= maxBytes) return { series: [...series.values()], position: { offset, counts }, more: true };
  }

  function add(parsed: { step: number | undefined; values: [string, number][] }, wallTime: number): void {
    for (const [name, value] of parsed.values) {
      if (counts[name] === undefined && Object.keys(counts).length >= maxSeriesPerJob) continue;
      const n = counts[name] ?? 0;
      counts[name] = n + 1;
      let s = series.get(name);
      if (!s) series.set(name, (s = { name, step: [], value: [], wall_time: [] }));
      s.step.push(parsed.step ?? n);
      s.value.push(value);
      s.wall_time.push(wallTime);
    }
  }
}
