import { StorageError } from './errors';

/**
 * OBS paths as ModelArts and users write them. ModelArts itself uses two spellings
 * (`obs://bucket/dir/` in notebook mounts and log exports, `/bucket/dir/` in training
 * `obs_url` and dataset paths) and manifests use `s3://`; all three name the same thing.
 */
export interface ObjectLocation {
  bucket: string;
  /** Object key or key prefix, without a leading slash; '' for the bucket root. */
  key: string;
}

/** Bucket naming rules shared by S3 and OBS: 3-63 chars, lower-case letters, digits, '-', '.'. */
export function isValidBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name)
  );
}

function bad(input: string, why: string): StorageError {
  return new StorageError(`'${input}' is not a valid OBS path: ${why}. Write it as obs://bucket/path (or /bucket/path).`, 'InvalidObsUrl');
}

/**
 * Parses `obs://bucket/key`, `s3://bucket/key` or `/bucket/key` (the scheme is case-insensitive;
 * surrounding whitespace is ignored). Throws a StorageError with code `InvalidObsUrl` otherwise.
 */
export function parseObsUrl(input: string): ObjectLocation {
  const text = input.trim();
  if (text === '') throw bad(input, 'it is empty');
  let rest: string;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (name !== 'obs' && name !== 's3') throw bad(input, `the scheme '${scheme[1]}://' is not obs:// or s3://`);
    rest = text.slice(scheme[0].length);
  } else if (text.startsWith('/')) {
    // `//bucket` would be an empty first segment in the ModelArts form; treat it as a typo, not a host.
    rest = text.slice(1);
  } else {
    throw bad(input, 'it must start with obs://, s3:// or /');
  }
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (bucket === '') throw bad(input, 'the bucket name is missing');
  if (!isValidBucketName(bucket)) throw bad(input, `'${bucket}' is not a valid bucket name (3-63 lower-case letters, digits, '-' and '.')`);
  if (key.startsWith('/')) throw bad(input, 'the object path starts with an extra slash');
  if (Buffer.byteLength(key, 'utf8') > 1024) throw bad(input, 'the object key is longer than 1024 bytes');
  return { bucket, key };
}

/** `obs://bucket/key` (or `s3://…`, or ModelArts' `/bucket/key` with style 'path'). */
export function formatObsUrl(location: ObjectLocation, style: 'obs' | 's3' | 'path' = 'obs'): string {
  const tail = location.key ? `/${location.key}` : '/';
  if (style === 'path') return `/${location.bucket}${tail}`;
  return `${style}://${location.bucket}${location.key ? `/${location.key}` : ''}`;
}

/** A key prefix that names a folder: '' stays '' (bucket root), anything else ends with '/'. */
export function folderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
