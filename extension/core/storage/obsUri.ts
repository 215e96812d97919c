import { StorageError } from './errors';
import { isValidBucketName, type ObjectLocation } from './urls';

/**
 * The `obs:` URIs storage objects open under in the editor: `obs://bucket/key`, the bucket as the
 * authority and the key as the path, the form users already copy from the Storage view. The URI
 * names a place only: the platform (local mode or a cloud profile) is the window's active one, and
 * credentials never appear in it, so a URI can be shown, logged and shared.
 *
 * Pure: works on the parts of a URI (`vscode.Uri` has them, so does `new URL`), not on vscode.
 */
export const obsScheme = 'obs';

/** The parts of a URI this mapping reads and writes (a subset of vscode.Uri's). */
export interface ObsUriParts {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly query?: string;
  readonly fragment?: string;
}

function bad(uri: ObsUriParts, why: string): StorageError {
  const shown = `${uri.scheme}://${uri.authority}${uri.path}`;
  return new StorageError(`'${shown}' is not an OBS object: ${why}. Write it as obs://bucket/path/to/object.`, 'InvalidObsUrl');
}

/**
 * The bucket and key a URI names. A trailing slash is dropped (`obs://b/data/` and `obs://b/data`
 * are the same folder, as for files); `obs://b` and `obs://b/` are the bucket's root (key '').
 * Refused, with what is wrong: another scheme, a bucket name S3 would refuse (which also refuses
 * `user:secret@` and ports in the authority), a query or fragment (credentials of a presigned URL
 * must not ride along), and keys longer than S3's 1024 bytes.
 */
export function locationOfObsUri(uri: ObsUriParts): ObjectLocation {
  if (uri.scheme !== obsScheme) throw bad(uri, `the scheme is '${uri.scheme}', not '${obsScheme}'`);
  if (uri.query || uri.fragment) throw bad(uri, 'it has a query or fragment, which an object name never has');
  const bucket = uri.authority;
  if (bucket === '') throw bad(uri, 'the bucket name is missing');
  if (!isValidBucketName(bucket)) throw bad(uri, `'${bucket}' is not a valid bucket name (3-63 lower-case letters, digits, '-' and '.')`);
  let key = uri.path.startsWith('/') ? uri.path.slice(1) : uri.path;
  if (key.endsWith('/')) key = key.slice(0, -1);
  if (key.startsWith('/')) throw bad(uri, 'the object path starts with an extra slash');
  if (Buffer.byteLength(key, 'utf8') > 1024) throw bad(uri, 'the object key is longer than 1024 bytes');
  return { bucket, key };
}

/** The URI parts of a bucket and key (a folder's marker key `data/` maps to the folder `obs://b/data`). */
export function obsUriParts(location: ObjectLocation): ObsUriParts {
  const key = location.key.endsWith('/') ? location.key.slice(0, -1) : location.key;
  return { scheme: obsScheme, authority: location.bucket, path: `/${key}` };
}

/**
 * The entries of a folder listing as names: sub-folders from common prefixes, objects from keys,
 * each relative to the folder. The folder's own marker (key === prefix) is the folder itself, not
 * an entry; a name that is both a folder and an object (S3 allows `a` beside `a/b`) is listed once,
 * as the object, since the file is what stat and readFile of that URI give.
 */
export function folderEntries(
  prefix: string,
  folders: readonly string[],
  objectKeys: readonly string[],
): { name: string; kind: 'folder' | 'object' }[] {
  const objects = objectKeys.filter((k) => k !== prefix && k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  const objectNames = new Set(objects);
  const out: { name: string; kind: 'folder' | 'object' }[] = [];
  for (const f of folders) {
    const name = f.slice(prefix.length).replace(/\/$/, '');
    if (name !== '' && !objectNames.has(name)) out.push({ name, kind: 'folder' });
  }
  for (const name of objects) if (name !== '' && !name.includes('/')) out.push({ name, kind: 'object' });
  return out;
}
