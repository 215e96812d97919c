import type { Dirent } from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { StorageClient } from '../storage/client';
import { folderPrefix, formatObsUrl, type ObjectLocation } from '../storage/urls';
import { throwIfAborted } from '../util/abort';
import {
  addCounts,
  type ByteSource,
  emptyCounts,
  LocalFileSource,
  type ReadCounts,
  type ReaderOptions,
  RunReader,
  type ScalarPoint,
  StorageObjectSource,
} from './eventFileReader';

/**
 * Runs of a log folder, by TensorBoard's convention: every directory, at any depth, that
 * directly holds files whose name contains `tfevents` is a run, named by its path relative to
 * the root with '/' separators ('.' for the root itself). Works the same on a local folder and
 * under an OBS prefix (one flat listing, no delimiter, so a deep tree costs its object count in
 * list pages, not one request per folder). The folder is listed again on every poll, so runs
 * and files that appear later are picked up.
 */

/** TensorBoard's test (io_wrapper.IsSummaryEventsFile): the base name contains `tfevents`. */
export const isEventFileName = (baseName: string): boolean => baseName.includes('tfevents');

/** One event file found by a listing. */
export interface DiscoveredFile {
  /** Path or obs:// URL; unique, and orders a run's files. */
  name: string;
  /** Size the listing saw, when it reports one. */
  size?: number;
  open(): ByteSource;
}

/** Run name → its event files. */
export type RunListing = Map<string, DiscoveredFile[]>;

const runName = (relativeDir: string): string => (relativeDir === '' ? '.' : relativeDir.split(path.sep).join('/'));

/**
 * The runs under a local folder. A missing folder has no runs yet (a job that has not written
 * its first event); a path to a file is one run, '.', of that file. Symbolic links to folders
 * are followed once (a link back up the tree is not a loop).
 */
export async function listLocalRuns(root: string, signal?: AbortSignal): Promise<RunListing> {
  const out: RunListing = new Map();
  const stat = await fsp.stat(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    throw err;
  });
  if (!stat) return out;
  if (!stat.isDirectory()) {
    out.set('.', [{ name: root, size: stat.size, open: () => new LocalFileSource(root) }]);
    return out;
  }
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    throwIfAborted(signal);
    const real = await fsp.realpath(dir).catch(() => dir);
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      // A folder removed or unreadable mid-walk: leave it out, keep the rest.
      if (dir !== root) return;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: DiscoveredFile[] = [];
    const dirs: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = await fsp.stat(full).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) dirs.push(full);
      else if (isFile && isEventFileName(e.name)) files.push({ name: full, open: () => new LocalFileSource(full) });
    }
    if (files.length > 0) out.set(runName(path.relative(root, dir)), files);
    for (const d of dirs) await walk(d);
  };
  await walk(root);
  return out;
}

/**
 * The runs under an OBS prefix, from one listing with no delimiter. `prefix` names a folder
 * ('' for the bucket root); keys ending in '/' are folder markers and ignored.
 */
export async function listStorageRuns(
  storage: Pick<StorageClient, 'listAll' | 'head' | 'readRange'>,
  folder: { bucket: string; prefix: string },
  signal?: AbortSignal,
): Promise<RunListing> {
  const prefix = folderPrefix(folder.prefix);
  const out: RunListing = new Map();
  for await (const page of storage.listAll({ bucket: folder.bucket, prefix, signal })) {
    for (const o of page.objects) {
      const rel = o.key.slice(prefix.length);
      const slash = rel.lastIndexOf('/');
      if (!isEventFileName(rel.slice(slash + 1))) continue;
      const run = slash < 0 ? '.' : rel.slice(0, slash);
      const loc: ObjectLocation = { bucket: folder.bucket, key: o.key };
      const file: DiscoveredFile = { name: formatObsUrl(loc), size: o.size, open: () => new StorageObjectSource(storage, loc) };
      const list = out.get(run);
      if (list) list.push(file);
      else out.set(run, [file]);
    }
  }
  return out;
}

/** New points of one run from one poll. */
export interface RunUpdate {
  run: string;
  points: ScalarPoint[];
  /** A file of the run was rewritten from the start; its earlier points are stale. */
  restarted: boolean;
}

export interface LogdirPollResult {
  /** Runs with new points (or a restart), in run-name order. */
  updates: RunUpdate[];
  /** Runs seen for the first time by this poll. */
  newRuns: string[];
  /** Running totals over every file read so far. */
  counts: ReadCounts;
}

export interface LogdirPollOptions {
  signal?: AbortSignal;
  /** Receives each point as decoded instead of collecting them. */
  onPoint?: (run: string, tag: string, step: number, wallTime: number, value: number) => void;
}

/** Lists a folder's runs; called on every poll. */
export type RunLister = (signal?: AbortSignal) => Promise<RunListing>;

/** Reads every run under a folder (local or OBS) incrementally: each poll lists, then reads only new bytes. */
export class LogdirReader {
  private readonly runReaders = new Map<string, RunReader>();
  private readonly sources = new Map<string, ByteSource>();

  constructor(
    /** For messages: the folder's path or obs:// URL. */
    readonly root: string,
    private readonly lister: RunLister,
    private readonly opts: Omit<ReaderOptions, 'decoder'> = {},
  ) {}

  /** A local folder (or one event file). */
  static local(root: string, opts?: Omit<ReaderOptions, 'decoder'>): LogdirReader {
    return new LogdirReader(root, (signal) => listLocalRuns(root, signal), opts);
  }

  /**
   * An OBS location: an object whose name contains `tfevents` is read as the one run '.';
   * anything else is a folder prefix.
   */
  static storage(
    storage: Pick<StorageClient, 'listAll' | 'head' | 'readRange'>,
    location: ObjectLocation,
    opts?: Omit<ReaderOptions, 'decoder'>,
  ): LogdirReader {
    const base = location.key.slice(location.key.lastIndexOf('/') + 1);
    const single = location.key !== '' && !location.key.endsWith('/') && isEventFileName(base);
    const lister: RunLister = single
      ? async (signal) => {
          const head = await storage.head(location, signal);
          const listing: RunListing = new Map();
          if (head) {
            const file = { name: formatObsUrl(location), size: head.size, open: () => new StorageObjectSource(storage, location) };
            listing.set('.', [file]);
          }
          return listing;
        }
      : (signal) => listStorageRuns(storage, { bucket: location.bucket, prefix: location.key }, signal);
    return new LogdirReader(formatObsUrl(location), lister, opts);
  }

  /** Runs found so far, sorted. */
  runs(): string[] {
    return [...this.runReaders.keys()].sort();
  }

  /** Files of a run being read, in reading order. */
  files(run: string): string[] {
    return this.runReaders.get(run)?.files() ?? [];
  }

  /** Lists the folder again, then reads what is new in every run, in run-name order. */
  async poll(opts: LogdirPollOptions = {}): Promise<LogdirPollResult> {
    const listing = await this.lister(opts.signal);
    const newRuns: string[] = [];
    const listed = new Set<string>();
    for (const [run, files] of listing) {
      let reader = this.runReaders.get(run);
      if (!reader) {
        reader = new RunReader(this.opts);
        this.runReaders.set(run, reader);
        newRuns.push(run);
      }
      for (const f of files) {
        listed.add(f.name);
        let source = this.sources.get(f.name);
        if (!source) {
          source = f.open();
          this.sources.set(f.name, source);
          reader.add(source);
        }
        if (f.size !== undefined && source instanceof StorageObjectSource) source.sizeHint = f.size;
      }
    }
    // A file gone from the listing stops being read; its points stay (a job's output folder
    // that is cleaned up should not blank the charts of a run already read). A listing that
    // comes back empty is more likely a folder briefly gone (remounted, recreated) than every
    // file deleted: keep the readers, so files that come back are not read twice.
    for (const [name] of this.sources) {
      if (listed.has(name) || listing.size === 0) continue;
      this.sources.delete(name);
      for (const r of this.runReaders.values()) r.remove(name);
    }
    const updates: RunUpdate[] = [];
    for (const run of this.runs()) {
      const onPoint = opts.onPoint;
      const result = await this.runReaders.get(run)!.poll({
        signal: opts.signal,
        onPoint: onPoint && ((tag, step, wallTime, value) => onPoint(run, tag, step, wallTime, value)),
      });
      if (result.points.length > 0 || result.restarted) updates.push({ run, points: result.points, restarted: result.restarted });
    }
    return { updates, newRuns: newRuns.sort(), counts: this.counts() };
  }

  /** Running totals over every file read so far. */
  counts(): ReadCounts {
    const total = emptyCounts();
    for (const r of this.runReaders.values()) addCounts(total, r.counts());
    return total;
  }
}
