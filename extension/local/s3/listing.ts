import type { ObjectMeta } from './objectFile';
import { compareKeys, lowerBound, type BucketIndex } from './store';

/**
 * The listing walk shared by ListObjects (v1) and ListObjectsV2: keys in UTF-8 byte order after
 * a marker, filtered by prefix, with keys that contain the delimiter after the prefix rolled up
 * into CommonPrefixes. A common prefix counts towards max-keys like a key, as in S3.
 */
export interface ListInput {
  prefix: string;
  delimiter: string;
  /** Exclusive lower bound: start-after, continuation token, or v1 marker. */
  after: string;
  maxKeys: number;
}

export interface ListOutput {
  contents: ObjectMeta[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: the marker to continue from. */
  last: string | undefined;
}

export function listKeys(index: BucketIndex, input: ListInput): ListOutput {
  const { prefix, delimiter, after, maxKeys } = input;
  const keys = index.keys;
  const start = Math.max(lowerBound(keys, after, false), prefix ? lowerBound(keys, prefix, true) : 0);
  const contents: ObjectMeta[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let i = start;
  for (; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!key.startsWith(prefix)) {
      if (compareKeys(key, prefix) > 0) break; // past the prefix range: sorted, so nothing more matches
      continue;
    }
    let entry: string | undefined;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        // Already returned (on this page or, via the marker, an earlier one).
        if (entry === last || compareKeys(entry, after) <= 0) continue;
      }
    }
    if (contents.length + commonPrefixes.length >= maxKeys) {
      return { contents, commonPrefixes, isTruncated: true, last };
    }
    if (isPrefix) {
      commonPrefixes.push(entry as string);
      last = entry;
    } else {
      const meta = index.meta.get(key);
      if (meta) contents.push(meta);
      last = key;
    }
  }
  return { contents, commonPrefixes, isTruncated: false, last };
}
