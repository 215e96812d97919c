import * as vscode from 'vscode';
import { StorageError } from '../../core/storage/errors';
import { guessContentType } from '../../core/storage/context';
import type { ObjectHead } from '../../core/storage/objects';
import { folderEntries, locationOfObsUri, obsScheme, obsUriParts } from '../../core/storage/obsUri';
import { type ObjectVersion, VersionBook } from '../../core/storage/objectVersions';
import { maxTextPreviewBytes } from '../../core/storage/preview';
import { folderPrefix, formatObsUrl, type ObjectLocation } from '../../core/storage/urls';
import { isAbortError } from '../../core/util/abort';
import type { Connection, PlatformSession } from '../platform/session';
import { formatBytes } from '../views/storage/describe';

const t = vscode.l10n.t;

/** Reads at least this large show a progress notification (with Cancel). */
const progressFromBytes = 2 * 1024 * 1024;

/** How long a call made before any platform is connected (an editor restored at startup) waits for one. */
const connectWaitMs = 15_000;

/** The `obs:` URI of a bucket and key: `obs://bucket/key`. */
export function obsUri(location: ObjectLocation): vscode.Uri {
  return vscode.Uri.from(obsUriParts(location));
}

/** Names the platform in messages and in the version book: "Local", or "work (cn-north-4)". */
function platformName(c: Connection): string {
  return c.region ? `${c.label} (${c.region})` : c.label;
}

const version = (head: ObjectHead): ObjectVersion => ({ etag: head.etag, lastModifiedMs: head.lastModified?.getTime() ?? 0 });

/**
 * Storage objects as files: `obs://bucket/key` on the window's active platform, so a text object
 * opens in an editor and a save writes it back, checked by SHA-256 both ways. Folders are key
 * prefixes (and the zero-byte `prefix/` markers the Storage view makes). Saves are guarded by
 * {@link VersionBook}: an object changed on the platform since the editor read it, or an editor
 * opened on another platform than the one now connected, is never overwritten silently.
 *
 * There is no watch: S3 sends no change notifications. Changes are seen when VS Code stats the
 * object (it does before every save, and that drives its "file changed on disk" compare/overwrite
 * flow) and after this window's own writes, which fire onDidChangeFile.
 */
export class ObsFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly book = new VersionBook();
  private readonly sessionChange: vscode.Disposable;
  private platform: string | undefined;

  constructor(private readonly session: PlatformSession) {
    const now = session.current();
    this.platform = now && platformName(now);
    // Another platform: every open obs: editor now names another object. Clean editors read it
    // again; dirty ones keep their bytes, and a save is refused until the platform is switched back.
    this.sessionChange = session.onDidChange((c) => {
      const next = c && platformName(c);
      if (next === this.platform) return;
      this.platform = next;
      const ids = this.book.ids();
      if (ids.length > 0) this.changes.fire(ids.map((id) => ({ type: vscode.FileChangeType.Changed, uri: vscode.Uri.parse(id) })));
    });
  }

  dispose(): void {
    this.sessionChange.dispose();
    this.changes.dispose();
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.guard(uri, 'read', async (loc, c) => {
      if (loc.key !== '') {
        const head = await c.storage.head(loc);
        if (head) {
          const mtime = this.book.seen(uri.toString(), platformName(c), version(head), 'stat');
          const tooLarge = head.size > maxTextPreviewBytes;
          return {
            type: vscode.FileType.File,
            ctime: mtime,
            mtime,
            size: head.size,
            ...(tooLarge ? { permissions: vscode.FilePermission.Readonly } : {}),
          };
        }
      }
      if (!(await this.folderExists(c, loc))) throw vscode.FileSystemError.FileNotFound(t('{0} does not exist.', formatObsUrl(loc)));
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    });
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.guard(uri, 'read', async (loc, c) => {
      const prefix = folderPrefix(loc.key);
      const out: [string, vscode.FileType][] = [];
      let any = false;
      for await (const page of c.storage.listAll({ bucket: loc.bucket, prefix, delimiter: '/' })) {
        any ||= page.folders.length > 0 || page.objects.length > 0;
        for (const e of folderEntries(
          prefix,
          page.folders,
          page.objects.map((o) => o.key),
        ))
          out.push([e.name, e.kind === 'folder' ? vscode.FileType.Directory : vscode.FileType.File]);
      }
      if (!any && prefix !== '') {
        const head = await c.storage.head(loc);
        if (head) throw vscode.FileSystemError.FileNotADirectory(t('{0} is an object, not a folder.', formatObsUrl(loc)));
        throw vscode.FileSystemError.FileNotFound(t('{0} does not exist.', formatObsUrl(loc)));
      }
      return out;
    });
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.guard(uri, 'read', async (loc, c) => {
      if (loc.key === '') throw vscode.FileSystemError.FileIsADirectory(t('{0} is a bucket, not an object.', formatObsUrl(loc)));
      const read = await this.withReadProgress(loc, (onProgress, signal) =>
        c.storage.readObject(loc, { maxBytes: maxTextPreviewBytes, onProgress, signal }),
      );
      this.book.seen(uri.toString(), platformName(c), version(read.head), 'content');
      return read.bytes;
    });
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    return this.guard(uri, 'write', async (loc, c) => {
      const url = formatObsUrl(loc);
      if (loc.key === '') throw vscode.FileSystemError.FileIsADirectory(t('{0} is a bucket, not an object.', url));
      const head = await c.storage.head(loc);
      if (!head && (await this.folderExists(c, loc))) throw vscode.FileSystemError.FileIsADirectory(t('{0} is a folder.', url));
      if (!head && !options.create) throw vscode.FileSystemError.FileNotFound(t('{0} does not exist.', url));
      if (head && !options.overwrite) throw vscode.FileSystemError.FileExists(t('{0} already exists.', url));
      const here = platformName(c);
      const conflict = this.book.conflict(uri.toString(), here, head && version(head));
      if (conflict?.kind === 'platform') {
        throw vscode.FileSystemError.NoPermissions(
          t(
            '{0} was opened from {1}, but this window is now connected to {2}. Switch back to {1} to save it there, or use Save As… to keep your edits.',
            url,
            conflict.openedOn,
            here,
          ),
        );
      }
      if (conflict?.kind === 'changed') {
        // Tell VS Code, so the editor sees the newer version (its compare / overwrite choice).
        this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
        throw vscode.FileSystemError.Unavailable(
          t(
            '{0} changed on the platform since it was opened, so saving would overwrite someone else’s change. Compare with the stored version, or open it again.',
            url,
          ),
        );
      }
      const written = await c.storage.writeObject(loc, content, {
        contentType: head?.contentType ?? guessContentType(loc.key),
        metadata: head?.metadata,
      });
      this.book.seen(uri.toString(), here, version(written), 'content');
      this.changes.fire([{ type: head ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
    });
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    return this.guard(uri, 'write', async (loc, c) => {
      const url = formatObsUrl(loc);
      if (loc.key === '') throw vscode.FileSystemError.NoPermissions(t('{0} is a bucket: delete buckets from the Storage view.', url));
      if (await c.storage.head(loc)) {
        await c.storage.deleteObject(loc);
      } else {
        const prefix = folderPrefix(loc.key);
        const page = await c.storage.list({ bucket: loc.bucket, prefix, pageSize: 2 });
        if (page.objects.length === 0) throw vscode.FileSystemError.FileNotFound(t('{0} does not exist.', url));
        const onlyMarker = page.objects.length === 1 && page.objects[0]?.key === prefix;
        if (!options.recursive && !onlyMarker) throw vscode.FileSystemError.NoPermissions(t('{0} is a folder that is not empty.', url));
        await c.storage.deletePrefix(loc.bucket, prefix);
      }
      this.book.forget(uri.toString());
      this.changes.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
    });
  }

  /** Copy, check, then delete: an object server-side (keeping its metadata and SHA-256), a folder object by object. */
  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): Promise<void> {
    return this.guard(oldUri, 'write', async (from, c) => {
      const to = this.locate(newUri);
      const url = formatObsUrl(to);
      if (from.key === '' || to.key === '') throw vscode.FileSystemError.NoPermissions(t('Buckets cannot be renamed.'));
      if (!options.overwrite && ((await c.storage.head(to)) || (await this.folderExists(c, to))))
        throw vscode.FileSystemError.FileExists(t('{0} already exists.', url));
      const head = await c.storage.head(from);
      if (head) {
        await this.copyChecked(c, from, to, head);
        await c.storage.deleteObject(from);
      } else {
        const prefix = folderPrefix(from.key);
        const target = folderPrefix(to.key);
        if (target.startsWith(prefix)) throw vscode.FileSystemError.NoPermissions(t('A folder cannot be moved into itself.'));
        let moved = 0;
        for await (const page of c.storage.listAll({ bucket: from.bucket, prefix })) {
          for (const o of page.objects) {
            const source = { bucket: from.bucket, key: o.key };
            const sourceHead = await c.storage.head(source);
            if (sourceHead) await this.copyChecked(c, source, { bucket: to.bucket, key: target + o.key.slice(prefix.length) }, sourceHead);
            moved++;
          }
        }
        if (moved === 0) throw vscode.FileSystemError.FileNotFound(t('{0} does not exist.', formatObsUrl(from)));
        await c.storage.deletePrefix(from.bucket, prefix);
      }
      this.book.forget(oldUri.toString());
      this.changes.fire([
        { type: vscode.FileChangeType.Deleted, uri: oldUri },
        { type: vscode.FileChangeType.Created, uri: newUri },
      ]);
    });
  }

  /** A folder marker (`prefix/`, zero bytes), as the Storage view's New Folder makes. */
  async createDirectory(uri: vscode.Uri): Promise<void> {
    return this.guard(uri, 'write', async (loc, c) => {
      const url = formatObsUrl(loc);
      if (loc.key === '') throw vscode.FileSystemError.FileExists(t('{0} is a bucket: create buckets from the Storage view.', url));
      if ((await c.storage.head(loc)) || (await this.folderExists(c, loc)))
        throw vscode.FileSystemError.FileExists(t('{0} already exists.', url));
      await c.storage.createFolder(loc.bucket, loc.key);
      this.changes.fire([{ type: vscode.FileChangeType.Created, uri }]);
    });
  }

  private async copyChecked(c: Connection, from: ObjectLocation, to: ObjectLocation, head: ObjectHead): Promise<void> {
    await c.storage.copy(from, to);
    const copied = await c.storage.head(to);
    if (!copied || copied.size !== head.size || (head.sha256 !== undefined && copied.sha256 !== head.sha256)) {
      throw vscode.FileSystemError.Unavailable(
        t('The copy of {0} at {1} does not match it (size or SHA-256); the original was kept.', formatObsUrl(from), formatObsUrl(to)),
      );
    }
  }

  private async folderExists(c: Connection, loc: ObjectLocation): Promise<boolean> {
    if (loc.key === '') {
      await c.storage.list({ bucket: loc.bucket, pageSize: 1 });
      return true;
    }
    const page = await c.storage.list({ bucket: loc.bucket, prefix: folderPrefix(loc.key), pageSize: 1 });
    return page.objects.length > 0;
  }

  /** A progress notification with Cancel once a read turns out to be large; small reads show nothing. */
  private async withReadProgress<T>(
    loc: ObjectLocation,
    read: (onProgress: (done: number, total: number) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const abort = new AbortController();
    let report: ((done: number) => void) | undefined;
    let finish: (() => void) | undefined;
    let lastDone = 0;
    const onProgress = (done: number, total: number): void => {
      if (report === undefined && total >= progressFromBytes) {
        const ended = new Promise<void>((resolve) => (finish = resolve));
        let shown = 0;
        report = () => undefined;
        void vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: t('Opening {0} ({1})', formatObsUrl(loc), formatBytes(total)),
            cancellable: true,
          },
          (progress, token) => {
            token.onCancellationRequested(() => abort.abort());
            report = (d) => {
              const percent = Math.floor((d / total) * 100);
              if (percent > shown) progress.report({ increment: percent - shown });
              shown = percent;
            };
            report(lastDone);
            return ended;
          },
        );
      }
      lastDone = done;
      report?.(done);
    };
    try {
      return await read(onProgress, abort.signal);
    } finally {
      finish?.();
    }
  }

  private locate(uri: vscode.Uri): ObjectLocation {
    try {
      return locationOfObsUri(uri);
    } catch (err) {
      throw vscode.FileSystemError.FileNotFound((err as Error).message);
    }
  }

  /** The connected platform; a call made while none is connected (startup) waits a little for one. */
  private async connection(): Promise<Connection> {
    const now = this.session.current();
    if (now) return now;
    const later = await new Promise<Connection | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), connectWaitMs);
      const sub = this.session.onDidChange((c) => c && done(c));
      function done(c: Connection | undefined): void {
        clearTimeout(timer);
        sub.dispose();
        resolve(c);
      }
    });
    if (!later)
      throw vscode.FileSystemError.Unavailable(t('No ModelArts platform is connected. Start local mode or add a cloud profile first.'));
    return later;
  }

  /** Runs one operation with its location and connection, turning storage failures into FileSystemErrors. */
  private async guard<T>(uri: vscode.Uri, what: 'read' | 'write', run: (loc: ObjectLocation, c: Connection) => Promise<T>): Promise<T> {
    const loc = this.locate(uri);
    const c = await this.connection();
    try {
      return await run(loc, c);
    } catch (err) {
      throw toFileSystemError(err, loc, what);
    }
  }
}

/** Storage failures as the FileSystemError VS Code shows: not found, no permission, or unavailable (with the storage client's advice). */
function toFileSystemError(err: unknown, loc: ObjectLocation, what: 'read' | 'write'): Error {
  if (err instanceof vscode.FileSystemError) return err;
  const url = formatObsUrl(loc);
  if (isAbortError(err)) return vscode.FileSystemError.Unavailable(t('Opening {0} was cancelled.', url));
  if (!(err instanceof StorageError)) return vscode.FileSystemError.Unavailable(String((err as Error)?.message ?? err));
  switch (err.code) {
    case 'NoSuchKey':
    case 'NotFound':
      return vscode.FileSystemError.FileNotFound(t('{0} does not exist.', url));
    case 'NoSuchBucket':
      return vscode.FileSystemError.FileNotFound(
        t('Bucket {0} does not exist. Check the name, and that the profile’s region is the bucket’s region.', loc.bucket),
      );
    case 'AccessDenied':
    case 'Forbidden':
    case 'AllAccessDisabled':
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return vscode.FileSystemError.NoPermissions(t('No permission for {0}: {1}', url, err.message));
    case 'ObjectTooLarge':
      return vscode.FileSystemError.Unavailable(
        t(
          '{0} is larger than {1}, the most an editor opens here. Download it from the Storage view instead.',
          url,
          formatBytes(maxTextPreviewBytes),
        ),
      );
    case 'IntegrityError':
      return vscode.FileSystemError.Unavailable(t('{0} failed its SHA-256 check, so it was not used: {1}', url, err.message));
    default:
      return vscode.FileSystemError.Unavailable(
        what === 'read' ? t('Could not read {0}: {1}', url, err.message) : t('Could not save {0}: {1}', url, err.message),
      );
  }
}

/** Registers the provider for `obs:`; case-sensitive, as object keys are. */
export function registerObsFileSystem(session: PlatformSession): vscode.Disposable {
  const fs = new ObsFileSystem(session);
  return vscode.Disposable.from(vscode.workspace.registerFileSystemProvider(obsScheme, fs, { isCaseSensitive: true }), fs);
}
