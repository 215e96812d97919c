import { type Stats as FsStats, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { SftpOps } from './sftpOps';
import type { EntryKind, RawEntry, TreeReader } from './tree';

/** One end of a sync (this computer or the notebook), addressed by paths relative to its root. */
export interface SyncSide extends TreeReader {
  /** 'on this computer' / 'on the notebook', for messages. */
  readonly where: string;
  readonly root: string;
  /** What the root is now: missing is fine for a destination (it gets created). */
  rootKind(): Promise<'dir' | 'missing' | 'other'>;
  /** Creates the root and any missing parents. */
  ensureRoot(): Promise<void>;
  mkdir(rel: string, mode: number): Promise<void>;
  unlink(rel: string): Promise<void>;
  rmdir(rel: string): Promise<void>;
  /** The path the transfer functions take. */
  absolute(rel: string): string;
}

export class LocalSide implements SyncSide {
  readonly where = 'on this computer';
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  absolute(rel: string): string {
    return rel ? path.join(this.root, ...rel.split('/')) : this.root;
  }

  async list(relDir: string): Promise<RawEntry[]> {
    const dir = this.absolute(relDir);
    const names = await fsp.readdir(dir);
    const entries = await Promise.all(
      names.map(async (name): Promise<RawEntry | undefined> => {
        try {
          return rawFromStats(name, await fsp.lstat(path.join(dir, name)));
        } catch (err) {
          // Removed between readdir and lstat: it is simply not there any more.
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw err;
        }
      }),
    );
    return entries.filter((e): e is RawEntry => e !== undefined);
  }

  readText(rel: string): Promise<string> {
    return fsp.readFile(this.absolute(rel), 'utf8');
  }

  async rootKind(): Promise<'dir' | 'missing' | 'other'> {
    try {
      return (await fsp.stat(this.root)).isDirectory() ? 'dir' : 'other';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw err;
    }
  }

  async ensureRoot(): Promise<void> {
    await fsp.mkdir(this.root, { recursive: true });
  }

  async mkdir(rel: string, mode: number): Promise<void> {
    await fsp.mkdir(this.absolute(rel), { mode });
  }

  unlink(rel: string): Promise<void> {
    return fsp.unlink(this.absolute(rel));
  }

  rmdir(rel: string): Promise<void> {
    return fsp.rmdir(this.absolute(rel));
  }
}

export class RemoteSide implements SyncSide {
  readonly where = 'on the notebook';

  constructor(
    readonly ops: SftpOps,
    readonly root: string,
  ) {}

  absolute(rel: string): string {
    return rel ? path.posix.join(this.root, rel) : this.root;
  }

  async list(relDir: string): Promise<RawEntry[]> {
    // READDIR attributes are lstat's (links are not followed), on OpenSSH as on local notebooks.
    const entries = await this.ops.readdir(this.absolute(relDir));
    return entries.map((e) => rawFromMode(e.filename, e.attrs.mode, e.attrs.size, e.attrs.mtime));
  }

  async readText(rel: string): Promise<string> {
    return (await this.ops.readFile(this.absolute(rel))).toString('utf8');
  }

  async rootKind(): Promise<'dir' | 'missing' | 'other'> {
    try {
      return kindOfMode((await this.ops.stat(this.root)).mode) === 'dir' ? 'dir' : 'other';
    } catch (err) {
      if ((err as { code?: unknown }).code === NO_SUCH_FILE) return 'missing';
      throw err;
    }
  }

  /**
   * `mkdir -p` over SFTP, from the deepest path up: the usual case (the parent exists) costs one
   * round trip, not one per path component.
   */
  ensureRoot(): Promise<void> {
    return this.mkdirp(this.root);
  }

  private async mkdirp(dir: string): Promise<void> {
    try {
      await this.ops.mkdir(dir, 0o755);
    } catch (err) {
      const parent = path.posix.dirname(dir);
      if ((err as { code?: unknown }).code === NO_SUCH_FILE && parent !== dir) {
        await this.mkdirp(parent);
        await this.ops.mkdir(dir, 0o755);
        return;
      }
      // SFTP v3 has no "already exists" status: look before calling it a failure.
      const existing = await this.ops.stat(dir).catch(() => undefined);
      if (!existing || kindOfMode(existing.mode) !== 'dir') throw err;
    }
  }

  mkdir(rel: string, mode: number): Promise<void> {
    return this.ops.mkdir(this.absolute(rel), mode);
  }

  unlink(rel: string): Promise<void> {
    return this.ops.unlink(this.absolute(rel));
  }

  rmdir(rel: string): Promise<void> {
    return this.ops.rmdir(this.absolute(rel));
  }
}

const NO_SUCH_FILE = 2;

function rawFromStats(name: string, st: FsStats): RawEntry {
  const entry = rawFromMode(name, st.mode, st.size, Math.floor(st.mtimeMs / 1000));
  // Windows has no POSIX permission bits (Node reports 0o666): send the usual defaults rather
  // than make every file on the notebook world-writable.
  if (process.platform === 'win32') entry.mode = entry.kind === 'dir' ? 0o755 : 0o644;
  return entry;
}

function rawFromMode(name: string, mode: number, size: number, mtime: number): RawEntry {
  return { name, kind: kindOfMode(mode), size, mtime, mode: mode & 0o777 };
}

/** POSIX file-type bits, written out: SFTP carries them as-is whatever this machine's platform is. */
function kindOfMode(mode: number): EntryKind {
  switch (mode & 0o170000) {
    case 0o040000:
      return 'dir';
    case 0o100000:
      return 'file';
    case 0o120000:
      return 'symlink';
    default:
      return 'special';
  }
}
