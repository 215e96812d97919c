/**
 * Looking at an object without downloading it by hand: what kind of preview it gets, and the
 * local copy an image preview opens. Text is read into a read-only document (the editor's side),
 * images are copied once into a cache folder and opened in the editor's image preview; anything
 * else is downloaded. Pure Node.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StorageClient } from './client';
import type { ObjectLocation } from './urls';

/** What the editor's own image preview shows. */
const imageExtensions = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp', 'ico', 'svg']);

/** Text larger than this is not read into an editor: downloading it is the better tool. */
export const maxTextPreviewBytes = 16 * 1024 * 1024;

/** How much of an object is read to tell text from binary. */
export const sniffBytes = 8 * 1024;

export type PreviewKind = 'image' | 'text' | 'tooLarge';

/** An image by its extension; text otherwise (checked by {@link looksBinary} once its first bytes are read), unless too large. */
export function previewKind(key: string, size: number): PreviewKind {
  const ext = path.posix.extname(key).slice(1).toLowerCase();
  if (imageExtensions.has(ext)) return 'image';
  return size > maxTextPreviewBytes ? 'tooLarge' : 'text';
}

/**
 * Binary, as git and editors decide: a NUL byte in the first bytes. (UTF-8, UTF-16 without NULs
 * is rare enough; such a file opens as text with odd characters, and Download is still there.)
 */
export function looksBinary(head: Uint8Array): boolean {
  return head.includes(0);
}

/**
 * A local copy of the object for a preview, under `root/<key>/<object name>` so the editor's tab
 * shows the object's own name. The key is the object's identity (endpoint, place, size and time),
 * so a changed object gets a new copy and an unchanged one is downloaded once. The download is
 * verified and renamed into place by the storage client, so a half-written copy is never opened.
 */
export async function previewCopy(
  storage: StorageClient,
  object: ObjectLocation & { readonly size: number; readonly lastModified?: Date },
  root: string,
  signal?: AbortSignal,
): Promise<string> {
  const id = createHash('sha256')
    .update([storage.endpoint, object.bucket, object.key, object.size, object.lastModified?.getTime() ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  const file = path.join(root, id, path.posix.basename(object.key) || 'object');
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await storage.downloadFile({ bucket: object.bucket, key: object.key }, file, signal ? { signal } : {});
  return file;
}
