/**
 * Upload's first step, as pure functions: a path typed into the picker is the file or folder to
 * upload, and Enter uploads it at once. (VS Code's own file dialog in a web or remote window takes
 * a typed folder as "open this folder" and needs a second click to choose it; typing here does
 * not.) What a path becomes in storage is said before anything is sent.
 */
import path from 'node:path';
import type { Translate } from '../views/node';
import { plural } from '../../core/util/plural';
import { formatBytes } from '../views/storage/describe';

/** What a typed path names on this machine. */
export type TypedSource =
  | { readonly kind: 'file'; readonly path: string; readonly name: string; readonly size: number }
  | { readonly kind: 'folder'; readonly path: string; readonly name: string }
  | { readonly kind: 'missing'; readonly path: string };

/** The little of fs.Stats the step reads; undefined when nothing is there. */
export type StatFn = (file: string) => { isDirectory(): boolean; size: number } | undefined;

/**
 * The typed value as an absolute path: `~` is the home folder, and a relative path starts at
 * `base` (the workspace folder, or home). Undefined for an empty value.
 */
export function resolveTypedPath(value: string, home: string, base: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (v === '~') return home;
  if (v.startsWith('~/')) return path.join(home, v.slice(2));
  return path.resolve(base, v);
}

export function typedSource(value: string, home: string, base: string, stat: StatFn): TypedSource | undefined {
  const file = resolveTypedPath(value, home, base);
  if (!file) return undefined;
  const st = stat(file);
  if (!st) return { kind: 'missing', path: file };
  const name = path.basename(file);
  return st.isDirectory() ? { kind: 'folder', path: file, name } : { kind: 'file', path: file, name, size: st.size };
}

/** Where a source lands under the target `obs://bucket/prefix/`: a folder keeps its name, with everything in it. */
export function uploadedUrl(dest: { readonly bucket: string; readonly prefix: string }, name: string, folder: boolean): string {
  return `obs://${dest.bucket}/${dest.prefix}${name}${folder ? '/' : ''}`;
}

/** The picker's row for a typed path: what will be uploaded, and to where. */
export function typedSourceItem(
  source: TypedSource,
  dest: { readonly bucket: string; readonly prefix: string },
  t: Translate,
): { label: string; description: string; detail: string; ready: boolean } {
  switch (source.kind) {
    case 'folder':
      return {
        label: `$(folder) ${source.name}`,
        description: source.path,
        detail: t('Upload this folder, with everything in it, as {0}', uploadedUrl(dest, source.name, true)),
        ready: true,
      };
    case 'file':
      return {
        label: `$(file) ${source.name}`,
        description: source.path,
        detail: t('Upload this file ({0}) as {1}', formatBytes(source.size), uploadedUrl(dest, source.name, false)),
        ready: true,
      };
    case 'missing':
      return {
        label: `$(warning) ${t('Nothing at {0}', source.path)}`,
        description: '',
        detail: t('Type the path of a file or folder on this machine, or choose one below.'),
        ready: false,
      };
  }
}

/** What an upload did, for the message and for scripts: the URLs made, files sent and skipped, bytes. */
export interface UploadSummary {
  readonly uploaded: readonly string[];
  readonly files: number;
  readonly skipped: number;
  readonly bytes: number;
}

/** "Uploaded 12 files (3.4 MB) to obs://b/data/; 2 files were already there unchanged." */
export function uploadMessage(s: UploadSummary, dest: { readonly bucket: string; readonly prefix: string }, t: Translate): string {
  const where = s.uploaded.length === 1 ? (s.uploaded[0] ?? '') : `obs://${dest.bucket}/${dest.prefix}`;
  const files = plural(s.files, { one: t('{0} file', s.files), other: t('{0} files', s.files) });
  const message = t('Uploaded {0} ({1}) to {2}.', files, formatBytes(s.bytes), where);
  if (s.skipped === 0) return message;
  const skipped = plural(s.skipped, {
    one: t('{0} file was already there unchanged.', s.skipped),
    other: t('{0} files were already there unchanged.', s.skipped),
  });
  return `${message} ${skipped}`;
}
