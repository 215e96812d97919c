import { throwIfAborted } from '../../util/abort';
import { describePathError, isPathError } from './errors';
import type { IgnoreRules } from './ignoreRules';
import type { SyncFailure } from './types';

/** What sync needs to know about a file: size and whole-second mtime decide "unchanged". */
export interface FileMeta {
  size: number;
  /** Seconds since the epoch: SFTP v3 carries no finer times, so both sides compare in seconds. */
  mtime: number;
  /** Permission bits (0o777), carried over so scripts stay executable. */
  mode: number;
}

export type EntryKind = 'file' | 'dir' | 'symlink' | 'special';

export interface RawEntry extends FileMeta {
  name: string;
  kind: EntryKind;
}

/** One side's folder as seen by one scan, keyed by relative path with '/' separators. */
export interface Tree {
  files: Map<string, FileMeta>;
  /** Folders below the root, with their permission bits. */
  dirs: Map<string, number>;
  /** Symbolic links and special files: never followed, copied or removed. */
  others: Map<string, Exclude<EntryKind, 'file' | 'dir'>>;
  /** Paths excluded by the ignore rules (an ignored folder is listed once, not its contents). */
  ignored: string[];
  /** Folders that could not be listed: nothing under them may be judged "gone". */
  unlisted: Set<string>;
  failures: SyncFailure[];
}

/** Read access to one side of a sync, by path relative to its root ('' is the root). */
export interface TreeReader {
  list(relDir: string): Promise<RawEntry[]>;
  readText(rel: string): Promise<string>;
}

export interface WalkOptions {
  rules: IgnoreRules;
  /** Read each folder's `.gitignore` into `rules` before judging its entries (the source side). */
  loadGitignore: boolean;
  /** Folders listed at once; hides round trips on the remote side. */
  concurrency: number;
  /** Our own temp files: never treated as source content. */
  skipName?: (name: string) => boolean;
  signal?: AbortSignal;
}

export function emptyTree(): Tree {
  return { files: new Map(), dirs: new Map(), others: new Map(), ignored: [], unlisted: new Set(), failures: [] };
}

/**
 * Lists the whole tree, breadth first with a few folders in flight. A folder that cannot be
 * listed below the root is recorded (and protects its contents from deletion); the root itself
 * failing is the caller's error.
 */
export async function walkTree(reader: TreeReader, opts: WalkOptions): Promise<Tree> {
  const tree = emptyTree();
  const pending: string[] = [''];
  let running = 0;

  const visit = async (dir: string): Promise<void> => {
    throwIfAborted(opts.signal);
    let entries: RawEntry[];
    try {
      entries = await reader.list(dir);
      // An unreadable .gitignore skips its folder: copying what it may have excluded (secrets,
      // huge data) would be worse than not syncing the folder.
      const gitignore = opts.loadGitignore && entries.find((e) => e.name === '.gitignore' && e.kind === 'file');
      if (gitignore) opts.rules.add(dir, await reader.readText(join(dir, '.gitignore')));
    } catch (err) {
      if (dir === '' || !isPathError(err)) throw err;
      tree.unlisted.add(dir);
      tree.failures.push(describePathError(dir, err));
      return;
    }
    for (const entry of entries) {
      if (opts.skipName?.(entry.name)) continue;
      const rel = join(dir, entry.name);
      if (!isSafeName(entry.name)) {
        tree.failures.push({
          path: rel,
          message: `${JSON.stringify(rel)}: skipped, a name that could point outside the folder; rename it.`,
        });
        continue;
      }
      if (opts.rules.isIgnored(rel, entry.kind === 'dir')) {
        tree.ignored.push(rel);
      } else if (entry.kind === 'dir') {
        tree.dirs.set(rel, entry.mode);
        pending.push(rel);
      } else if (entry.kind === 'file') {
        tree.files.set(rel, { size: entry.size, mtime: entry.mtime, mode: entry.mode });
      } else {
        tree.others.set(rel, entry.kind);
      }
    }
  };

  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      while (!failed && running < opts.concurrency && pending.length > 0) {
        const dir = pending.shift() as string;
        running++;
        visit(dir).then(
          () => {
            running--;
            if (running === 0 && pending.length === 0) resolve();
            else pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err);
          },
        );
      }
    };
    pump();
  });
  return tree;
}

/**
 * A single path component that stays inside its folder on both sides. A well-behaved server never
 * lists `..` or a name with a slash, but a download must not trust that: such a name would write
 * outside the chosen folder (and a backslash is a separator on Windows).
 */
export function isSafeName(name: string): boolean {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) return false;
  return process.platform !== 'win32' || !name.includes('\\');
}

export function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Whether `rel` is `prefix` or lies inside it. */
export function isWithin(rel: string, prefix: string): boolean {
  return rel === prefix || rel.startsWith(`${prefix}/`);
}
