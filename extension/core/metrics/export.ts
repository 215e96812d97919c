import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { throwIfAborted } from '../util/abort';
import type { Series, SeriesStore } from './seriesStore';

/**
 * Export of every point (never a sample: TensorBoard's CSV download stops at the 1,000 points
 * its reservoir kept) of chosen runs and tags, as CSV or JSON, streamed in chunks so ten
 * million points never become one string:
 *
 *   CSV:  run,tag,step,wall_time,value            (RFC 4180: fields quoted when they need it, CRLF)
 *   JSON: {"runs":[{"run":…,"series":[{"tag":…,"step":[…],"wall_time":[…],"value":[…]}]}]}
 *
 * Points are written in step order (ties in arrival order, so a restarted run's repeated
 * steps appear twice, as stored). Values are the float32s the event file held, printed with
 * the fewest digits that read back as the same float32 (0.1, not 0.10000000149011612); wall
 * times are the stored seconds. Non-finite values are NaN / inf / -inf in CSV (what pandas
 * and spreadsheets read) and null in JSON, which has no spelling for them.
 */

/** Receives output; may return a promise to apply backpressure. */
export type WriteChunk = (chunk: string) => void | Promise<void>;

export interface ExportOptions {
  signal?: AbortSignal;
  /** Characters gathered before each write (default 64 Ki). */
  chunkSize?: number;
}

export interface ExportSelection {
  /** Runs to export (all when omitted). */
  runs?: readonly string[];
  /** Tags to export: names, or a pattern tested against each tag (all when omitted). */
  tags?: readonly string[] | RegExp;
}

/** The store's series matching a selection, by run then tag. */
export function selectSeries(store: SeriesStore, selection: ExportSelection = {}): Series[] {
  const runs = selection.runs ? new Set(selection.runs) : undefined;
  const tags = selection.tags;
  return store.all().filter((s) => {
    if (runs && !runs.has(s.run)) return false;
    if (tags === undefined) return true;
    if (tags instanceof RegExp) {
      tags.lastIndex = 0;
      return tags.test(s.tag);
    }
    return tags.includes(s.tag);
  });
}

/** The shortest decimal that reads back as the same float32 (integers as integers). */
export function formatFloat32(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  // Correct rounding to p digits is monotone in p (more digits are never farther away), and
  // 9 always round-trips a float32. Most training values need 8 or 9, so try 7 first and
  // search below it only when it already round-trips.
  const at = (p: number): string | undefined => {
    const t = trimmed(v.toPrecision(p));
    return Math.fround(Number(t)) === v ? t : undefined;
  };
  const seven = at(7);
  if (seven === undefined) return at(8) ?? trimmed(v.toPrecision(9));
  let best = seven;
  let lo = 1;
  let hi = 7;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = at(mid);
    if (t !== undefined) {
      best = t;
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}

/** toPrecision output without trailing fractional zeros ("0.5000" → "0.5", "1.500e-7" → "1.5e-7"). */
function trimmed(s: string): string {
  const e = s.indexOf('e');
  const mantEnd = e < 0 ? s.length : e;
  if (s.indexOf('.') < 0) return s;
  let cut = mantEnd;
  while (s.charCodeAt(cut - 1) === 48 /* 0 */) cut--;
  if (s.charCodeAt(cut - 1) === 46 /* . */) cut--;
  return cut === mantEnd ? s : s.slice(0, cut) + s.slice(mantEnd);
}

const csvNumber = (v: number): string => (Number.isFinite(v) ? formatFloat32(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf');

const jsonNumber = (v: number): string => (Number.isFinite(v) ? formatFloat32(v) : 'null');

/** A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180), or leading/trailing spaces. */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Buffers text and hands it to the writer in chunks. `add` is synchronous and says when a
 * flush is due, so the per-point loop awaits only once per chunk, not once per point.
 */
class Chunker {
  private buf = '';
  constructor(
    private readonly write: WriteChunk,
    private readonly size: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Adds text; true when the buffer is full and flush() should be awaited. */
  add(text: string): boolean {
    this.buf += text;
    return this.buf.length >= this.size;
  }

  async flush(): Promise<void> {
    throwIfAborted(this.signal);
    if (this.buf === '') return;
    const out = this.buf;
    this.buf = '';
    await this.write(out);
  }
}

/** Writes the series as CSV with a header row; returns the number of points written. */
export async function writeCsv(series: readonly Series[], write: WriteChunk, opts: ExportOptions = {}): Promise<number> {
  const out = new Chunker(write, opts.chunkSize ?? 65536, opts.signal);
  out.add('run,tag,step,wall_time,value\r\n');
  let points = 0;
  for (const s of series) {
    const prefix = `${csvField(s.run)},${csvField(s.tag)},`;
    const walk = s.order('step').walk();
    for (let i = walk.next(); i >= 0; i = walk.next()) {
      if (out.add(`${prefix}${s.step(i)},${s.wallTime(i)},${csvNumber(s.value(i))}\r\n`)) await out.flush();
      points++;
    }
  }
  await out.flush();
  return points;
}

/** Writes the series as JSON, grouped by run in the order runs first appear; returns the number of points written. */
export async function writeJson(series: readonly Series[], write: WriteChunk, opts: ExportOptions = {}): Promise<number> {
  const out = new Chunker(write, opts.chunkSize ?? 65536, opts.signal);
  const byRun = new Map<string, Series[]>();
  for (const s of series) {
    const list = byRun.get(s.run);
    if (list) list.push(s);
    else byRun.set(s.run, [s]);
  }
  let points = 0;
  out.add('{"runs":[');
  let firstRun = true;
  for (const [run, list] of byRun) {
    out.add(`${firstRun ? '' : ','}{"run":${JSON.stringify(run)},"series":[`);
    firstRun = false;
    let firstSeries = true;
    for (const s of list) {
      out.add(`${firstSeries ? '' : ','}{"tag":${JSON.stringify(s.tag)}`);
      firstSeries = false;
      const columns: [string, (i: number) => string][] = [
        ['step', (i) => String(s.step(i))],
        ['wall_time', (i) => String(s.wallTime(i))],
        ['value', (i) => jsonNumber(s.value(i))],
      ];
      for (const [name, format] of columns) {
        out.add(`,"${name}":[`);
        const walk = s.order('step').walk();
        let sep = '';
        for (let i = walk.next(); i >= 0; i = walk.next()) {
          if (out.add(sep + format(i))) await out.flush();
          sep = ',';
        }
        out.add(']');
      }
      out.add('}');
      points += s.length;
    }
    out.add(']}');
  }
  out.add(']}\n');
  await out.flush();
  return points;
}

/** A WriteChunk over a Node stream that waits for 'drain' when the stream is full. */
export function streamWriter(stream: Writable): WriteChunk {
  return (chunk) =>
    stream.write(chunk)
      ? undefined
      : new Promise<void>((resolve, reject) => {
          const onDrain = (): void => {
            stream.off('error', onError);
            resolve();
          };
          const onError = (err: Error): void => {
            stream.off('drain', onDrain);
            reject(err);
          };
          stream.once('drain', onDrain);
          stream.once('error', onError);
        });
}

/** Writes an export to a file: `await exportToFile(path, (w) => writeCsv(series, w))`. */
export async function exportToFile<T>(file: string, produce: (write: WriteChunk) => Promise<T>): Promise<T> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    const result = await Promise.race([produce(streamWriter(stream)), failed]);
    await Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]);
    return result;
  } catch (err) {
    stream.destroy();
    throw err;
  }
}
