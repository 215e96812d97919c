import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fsyncDirectory } from '../../core/util/atomicFile';

/**
 * A snapshot as JSON Lines: one header line (which says how many records follow), then one record
 * per line. It is written to a temp file beside the target in ~1 MiB chunks, yielding to the event
 * loop between them so that a 100,000-record snapshot written in the background does not hold up
 * requests; then fsync'd, renamed over the old one, and the directory fsync'd. A crash leaves the
 * old snapshot or the new one, and at worst a temp file that {@link removeTempFiles} clears.
 *
 * One record per line also limits damage: a bad line costs that record, not the file.
 */

const chunkBytes = 1 << 20;

/** Writes the snapshot; resolves with its size in bytes once it is durable under `file`. */
export async function writeSnapshot(file: string, header: Record<string, unknown>, records: readonly unknown[]): Promise<number> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fsp.open(temp, 'w', 0o600);
  let size = 0;
  try {
    let parts: string[] = [`${JSON.stringify({ ...header, count: records.length })}\n`];
    let partBytes = 0;
    const flush = async () => {
      const buf = Buffer.from(parts.join(''), 'utf8');
      parts = [];
      partBytes = 0;
      await fh.write(buf);
      size += buf.length;
    };
    for (const record of records) {
      const line = `${JSON.stringify(record)}\n`;
      parts.push(line);
      partBytes += line.length;
      if (partBytes >= chunkBytes) await flush();
    }
    await flush();
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    rmSync(temp, { force: true });
    throw err;
  }
  await fh.close();
  await fsp.rename(temp, file);
  fsyncDirectory(dir);
  return size;
}

/** Temp files of interrupted snapshot writes. */
export function removeTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(path.join(dir, name), { force: true });
}

export interface SnapshotRead<H, R> {
  /** Undefined when the header line itself is unusable: nothing in the file can be trusted. */
  readonly header: H | undefined;
  readonly records: R[];
  /** Why the file is damaged (a bad line, fewer records than the header says), if it is. */
  readonly damage?: string;
  readonly bytes: number;
}

/**
 * Reads a snapshot, or undefined when there is none. `parseHeader` and `parseRecord` answer the
 * checked value or a string saying what is wrong with it.
 */
export function readSnapshot<H extends { readonly count: number }, R>(
  file: string,
  parseHeader: (value: unknown) => H | string,
  parseRecord: (value: unknown) => R | string,
): SnapshotRead<H, R> | undefined {
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  const text = buf.toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = parseHeader(tryJson(lines[0] ?? ''));
  if (typeof header === 'string') return { header: undefined, records: [], damage: `line 1 (the header): ${header}`, bytes: buf.length };
  const records: R[] = [];
  let damage: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const record = parseRecord(tryJson(lines[i] as string));
    if (typeof record === 'string') damage ??= `line ${i + 1}: ${record}`;
    else records.push(record);
  }
  if (damage === undefined && lines.length - 1 !== header.count)
    damage = `holds ${lines.length - 1} records where its header says ${header.count}`;
  return { header, records, ...(damage ? { damage } : {}), bytes: buf.length };
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
