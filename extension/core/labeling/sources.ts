import { createReadStream, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageClient } from '../storage/client';
import { folderPrefix, formatObsUrl, type ObjectLocation, parseObsUrl } from '../storage/urls';
import { throwIfAborted } from '../util/abort';
import type { FileSource } from './formats/model';

/**
 * Where import files come from and exports go: a local folder (or one file), or an OBS folder
 * (or one object), named as the user types it (`./labels`, `obs://bucket/labels/`).
 */

/** A problem with the place itself (missing, not a folder, no storage to reach OBS). */
export class LabelingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelingError';
  }
}

export const isObsPath = (p: string): boolean => /^(obs|s3):\/\//i.test(p.trim());

/** The files under a local folder, or one local file (its folder is then the root, for lookups). */
export async function localSource(where: string, signal?: AbortSignal): Promise<FileSource> {
  const full = path.resolve(where);
  let stat;
  try {
    stat = await fsp.stat(full);
  } catch {
    throw new LabelingError(`${where} does not exist`);
  }
  const root = stat.isDirectory() ? full : path.dirname(full);
  const files = stat.isDirectory() ? await walk(full, signal) : [path.basename(full)];
  const resolve = (file: string) => path.join(root, ...file.split('/'));
  return {
    root: stat.isDirectory() ? where : path.dirname(where),
    files,
    read: (file) => fsp.readFile(resolve(file)),
    readHead: (file, bytes) => readHead(resolve(file), bytes),
    exists: async (file) =>
      fsp.stat(resolve(file)).then(
        (s) => s.isFile(),
        () => false,
      ),
  };
}

/** Relative paths of the regular files under `root`, sorted; symbolic links are not followed. */
async function walk(root: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, rel: string): Promise<void> => {
    throwIfAborted(signal);
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await visit(path.join(dir, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  await visit(root, '');
  return out.sort();
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start: 0, end: Math.max(0, bytes - 1) })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The objects under an OBS folder, or one object. */
export async function storageSource(storage: StorageClient, where: string, signal?: AbortSignal): Promise<FileSource> {
  const loc = parseObsUrl(where);
  const sizes = new Map<string, number>();
  let prefix = folderPrefix(loc.key);
  if (loc.key !== '' && !loc.key.endsWith('/')) {
    const head = await storage.head(loc, signal);
    if (head) {
      prefix = loc.key.slice(0, loc.key.lastIndexOf('/') + 1);
      sizes.set(loc.key.slice(prefix.length), head.size);
    }
  }
  const single = sizes.size > 0;
  if (!single) {
    for await (const page of storage.listAll({ bucket: loc.bucket, prefix, signal }))
      for (const o of page.objects) if (!o.key.endsWith('/')) sizes.set(o.key.slice(prefix.length), o.size);
    if (sizes.size === 0) throw new LabelingError(`${formatObsUrl({ bucket: loc.bucket, key: prefix })} holds no objects`);
  }
  const at = (file: string): ObjectLocation => ({ bucket: loc.bucket, key: `${prefix}${file}` });
  const readAll = async (where: ObjectLocation, size: number | undefined) =>
    size === 0 ? Buffer.alloc(0) : storage.readRange(where, 0, (size ?? (await storage.head(where, signal))?.size ?? 1) - 1, signal);
  return {
    root: formatObsUrl({ bucket: loc.bucket, key: prefix }),
    location: { bucket: loc.bucket, key: prefix },
    files: [...sizes.keys()].sort(),
    read: (file) => readAll(at(file), sizes.get(file)),
    readHead: (file, bytes) => storage.readRange(at(file), 0, bytes - 1, signal),
    exists: async (file) => sizes.has(file) || (single && (await storage.head(at(file), signal)) !== undefined),
    readExternal: async (where) => {
      const head = await storage.head(where, signal);
      return head ? readAll(where, head.size) : undefined;
    },
  };
}

/** Opens `from` as a local or OBS source. */
export async function openSource(from: string, storage: StorageClient | undefined, signal?: AbortSignal): Promise<FileSource> {
  if (!isObsPath(from)) return localSource(from, signal);
  if (!storage) throw new LabelingError(`reading ${from} needs a storage client (OBS credentials)`);
  return storageSource(storage, from, signal);
}

/** A file path an export may write: relative, '/'-separated, no `..` or empty segments. */
function safeRelative(file: string): boolean {
  return (
    file !== '' && !file.startsWith('/') && !/^[a-zA-Z]:/.test(file) && file.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

/**
 * Writes an export's files into a local folder (made if missing), or into an OBS folder through
 * a temporary local folder and the storage client's verified folder upload. Files already there
 * under other names are left alone. Returns the number of files written.
 */
export async function writeFiles(
  files: ReadonlyMap<string, string>,
  to: string,
  storage: StorageClient | undefined,
  options: { signal?: AbortSignal; onProgress?(done: number, total: number): void } = {},
): Promise<number> {
  for (const file of files.keys())
    if (!safeRelative(file)) throw new LabelingError(`refusing to write ${JSON.stringify(file)}: it would leave ${to}`);
  if (!isObsPath(to)) {
    await writeLocal(files, path.resolve(to), options);
    return files.size;
  }
  if (!storage) throw new LabelingError(`writing to ${to} needs a storage client (OBS credentials)`);
  const loc = parseObsUrl(to);
  const temp = await fsp.mkdtemp(path.join(os.tmpdir(), 'ma-export-'));
  try {
    await writeLocal(files, temp, { ...(options.signal ? { signal: options.signal } : {}) });
    await storage.uploadFolder(
      temp,
      { bucket: loc.bucket, prefix: folderPrefix(loc.key) },
      { ...(options.signal ? { signal: options.signal } : {}), onProgress: (p) => options.onProgress?.(p.filesDone, p.filesTotal) },
    );
  } finally {
    await fsp.rm(temp, { recursive: true, force: true });
  }
  return files.size;
}

async function writeLocal(
  files: ReadonlyMap<string, string>,
  root: string,
  options: { signal?: AbortSignal; onProgress?(done: number, total: number): void },
): Promise<void> {
  try {
    const s = await fsp.stat(root);
    if (!s.isDirectory()) throw new LabelingError(`${root} is a file; export into a folder`);
  } catch (err) {
    if (err instanceof LabelingError) throw err;
  }
  const dirs = new Set<string>();
  for (const file of files.keys()) dirs.add(path.dirname(path.join(root, ...file.split('/'))));
  for (const d of dirs) await fsp.mkdir(d, { recursive: true });
  const entries = [...files];
  let done = 0;
  // A few writes in flight: one at a time is slow for 100,000 small files, all at once runs out of descriptors.
  const next = async (): Promise<void> => {
    for (;;) {
      throwIfAborted(options.signal);
      const entry = entries[done++];
      if (!entry) return;
      await fsp.writeFile(path.join(root, ...entry[0].split('/')), entry[1]);
      options.onProgress?.(Math.min(done, entries.length), entries.length);
    }
  };
  await Promise.all(Array.from({ length: 16 }, next));
}
