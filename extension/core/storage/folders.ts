import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../util/abort';
import type { StorageContext } from './context';
import { downloadFile } from './download';
import { StorageError } from './errors';
import { hashFile, sha256File } from './hashing';
import { headObject, listAll, type ObjectInfo } from './objects';
import { runPool } from './pool';
import { effectivePartSize, uploadFile } from './upload';
import { folderPrefix, formatObsUrl } from './urls';

/** Overall progress of a folder transfer; every field only grows. */
export interface FolderProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** The file that just made progress (relative path with '/'). */
  file?: string;
}

export interface FolderOptions {
  onProgress?(progress: FolderProgress): void;
  signal?: AbortSignal;
  /** Files transferred at once (default 4). */
  concurrency?: number;
  /** Parts or ranges in flight per file (default 2), so the total stays bounded. */
  partConcurrency?: number;
  partSize?: number;
  /** Skip files whose size and SHA-256 already match on the other side (default true). */
  skipUnchanged?: boolean;
  /** Where upload resume state is kept (default: beside each file). */
  resumeDir?: string;
  /** Upload: exactly these files of the folder (paths relative to it, '/' separators), not every file in it. */
  files?: readonly { rel: string; size: number }[];
}

export interface FolderResult {
  files: number;
  transferred: number;
  skipped: number;
  bytes: number;
}

/** Our own transfer bookkeeping files, never uploaded as data. */
export const isTransferBookkeeping = (name: string): boolean =>
  /\.ma-(upload\.json|download|download\.json)(\.[0-9a-f]+\.tmp)?$/.test(name);

/**
 * Regular files under `root`, as relative paths with '/' separators, sorted. Symbolic links
 * are not followed: a link to '..' would otherwise recurse forever or upload files from outside
 * the folder the user chose.
 */
export async function walkFiles(root: string, signal?: AbortSignal): Promise<{ rel: string; size: number }[]> {
  const out: { rel: string; size: number }[] = [];
  const visit = async (dir: string, rel: string): Promise<void> => {
    throwIfAborted(signal);
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await visit(path.join(dir, entry.name), childRel);
      else if (entry.isFile() && !isTransferBookkeeping(entry.name))
        out.push({ rel: childRel, size: (await fsp.stat(path.join(dir, entry.name))).size });
    }
  };
  const st = await fsp.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new StorageError(`${root} does not exist or is not a folder.`, 'LocalFileNotFound');
  await visit(root, '');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Where an object key lands under `localDir`, or undefined if it would escape it. Keys are
 * untrusted input (anyone with write access to the bucket chooses them), so `..`, absolute
 * paths, NUL and, on Windows, drive letters and backslashes are refused.
 */
export function safeLocalPath(localDir: string, relKey: string): string | undefined {
  if (relKey === '' || relKey.includes('\0') || relKey.startsWith('/')) return undefined;
  if (process.platform === 'win32' && /[\\:]/.test(relKey)) return undefined;
  const segments = relKey.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  const root = path.resolve(localDir);
  const target = path.resolve(root, ...segments);
  return target.startsWith(root + path.sep) ? target : undefined;
}

class ProgressTracker {
  private readonly perFile = new Map<string, number>();
  private bytesDone = 0;
  private filesDone = 0;
  constructor(
    private readonly filesTotal: number,
    private readonly bytesTotal: number,
    private readonly report?: (p: FolderProgress) => void,
  ) {}

  bytes(file: string, done: number): void {
    const before = this.perFile.get(file) ?? 0;
    if (done <= before) return;
    this.perFile.set(file, done);
    this.bytesDone += done - before;
    this.emit(file);
  }

  fileDone(file: string, size: number): void {
    this.filesDone++;
    const before = this.perFile.get(file) ?? 0;
    if (size > before) {
      this.perFile.set(file, size);
      this.bytesDone += size - before;
    }
    this.emit(file);
  }

  private emit(file: string): void {
    this.report?.({ filesDone: this.filesDone, filesTotal: this.filesTotal, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal, file });
  }
}

/**
 * Uploads a folder tree to `prefix`, several files at once. With skipUnchanged (the default),
 * a file whose remote copy has the same size and SHA-256 is not sent again, so re-running an
 * interrupted or repeated upload only sends what changed (it never deletes remote extras).
 */
export async function uploadFolder(
  ctx: StorageContext,
  localDir: string,
  target: { bucket: string; prefix: string },
  opts: FolderOptions = {},
): Promise<FolderResult> {
  const prefix = folderPrefix(target.prefix);
  const files = opts.files ?? (await walkFiles(localDir, opts.signal));
  const remoteSizes = new Map<string, number>();
  if (opts.skipUnchanged !== false) {
    for await (const page of listAll(ctx, { bucket: target.bucket, prefix, signal: opts.signal }))
      for (const o of page.objects) remoteSizes.set(o.key, o.size);
  }
  const tracker = new ProgressTracker(
    files.length,
    files.reduce((n, f) => n + f.size, 0),
    opts.onProgress,
  );
  const result: FolderResult = { files: files.length, transferred: 0, skipped: 0, bytes: 0 };
  await runPool(files, opts.concurrency ?? 4, opts.signal, async (file, signal) => {
    const localPath = path.join(localDir, ...file.rel.split('/'));
    const key = prefix + file.rel;
    let hashes;
    if (remoteSizes.get(key) === file.size) {
      hashes = await hashFile(localPath, effectivePartSize(file.size, opts.partSize), signal);
      const remote = await headObject(ctx, { bucket: target.bucket, key }, signal);
      if (remote?.sha256 === hashes.sha256 && remote.size === file.size) {
        result.skipped++;
        tracker.fileDone(file.rel, file.size);
        return;
      }
    }
    await uploadFile(
      ctx,
      localPath,
      { bucket: target.bucket, key },
      {
        signal,
        partSize: opts.partSize,
        concurrency: opts.partConcurrency ?? 2,
        resumeDir: opts.resumeDir,
        onProgress: (done) => tracker.bytes(file.rel, done),
      },
      hashes,
    );
    result.transferred++;
    result.bytes += file.size;
    tracker.fileDone(file.rel, file.size);
  });
  return result;
}

/**
 * Downloads everything under `prefix` into `localDir`, recreating the key hierarchy (and empty
 * folder markers as directories). Every key is checked before anything is written: one that
 * would land outside `localDir` fails the whole call with nothing changed. With skipUnchanged
 * (the default), local files with the remote size and SHA-256 are left alone.
 */
export async function downloadFolder(
  ctx: StorageContext,
  source: { bucket: string; prefix: string },
  localDir: string,
  opts: FolderOptions = {},
): Promise<FolderResult> {
  const prefix = folderPrefix(source.prefix);
  const objects: (ObjectInfo & { localPath: string; rel: string })[] = [];
  const dirs = new Set<string>();
  const unsafe: string[] = [];
  for await (const page of listAll(ctx, { bucket: source.bucket, prefix, signal: opts.signal })) {
    for (const o of page.objects) {
      const rel = o.key.slice(prefix.length);
      const trimmed = rel.replace(/\/+$/, '');
      if (trimmed === '') continue; // the folder's own marker
      const localPath = safeLocalPath(localDir, trimmed);
      if (!localPath) unsafe.push(o.key);
      else if (o.key.endsWith('/')) dirs.add(localPath);
      else objects.push({ ...o, localPath, rel });
    }
  }
  if (unsafe.length > 0) {
    throw new StorageError(
      `Refusing to download ${formatObsUrl({ bucket: source.bucket, key: prefix })}: ${unsafe.length} object key(s) would be written outside ${localDir} (${unsafe.slice(0, 3).join(', ')}). Nothing was downloaded.`,
      'UnsafeKey',
    );
  }
  await fsp.mkdir(localDir, { recursive: true });
  for (const d of dirs) await fsp.mkdir(d, { recursive: true });
  const tracker = new ProgressTracker(
    objects.length,
    objects.reduce((n, o) => n + o.size, 0),
    opts.onProgress,
  );
  const result: FolderResult = { files: objects.length, transferred: 0, skipped: 0, bytes: 0 };
  await runPool(objects, opts.concurrency ?? 4, opts.signal, async (o, signal) => {
    const loc = { bucket: source.bucket, key: o.key };
    const head = await headObject(ctx, loc, signal);
    if (!head) return; // deleted since the listing
    const local = await fsp.stat(o.localPath).catch(() => undefined);
    if (
      opts.skipUnchanged !== false &&
      local?.isFile() &&
      local.size === head.size &&
      head.sha256 &&
      (await sha256File(o.localPath, signal)) === head.sha256
    ) {
      result.skipped++;
      tracker.fileDone(o.rel, o.size);
      return;
    }
    await downloadFile(ctx, loc, o.localPath, {
      signal,
      head,
      partSize: opts.partSize,
      concurrency: opts.partConcurrency ?? 2,
      onProgress: (done) => tracker.bytes(o.rel, done),
    });
    result.transferred++;
    result.bytes += head.size;
    tracker.fileDone(o.rel, o.size);
  });
  return result;
}
