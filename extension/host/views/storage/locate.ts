/**
 * Finding a storage path in the Storage view's tree: the node a path names, or the nearest one
 * above it that exists (a job's output folder holds nothing until the job writes to it), and
 * each node's parent, which the view needs to reveal a node it has not loaded yet. (No `vscode`:
 * unit-tested.)
 */
import type { StorageClient } from '../../../core/storage/client';
import type { ObjectLocation } from '../../../core/storage/urls';
import type { StorageNode } from './describe';

/** The node above `node` in the Storage view: an object's or folder's folder, else its bucket. */
export function storageParent(node: StorageNode): StorageNode | undefined {
  if (node.kind === 'bucket') return undefined;
  const path = node.kind === 'folder' ? node.prefix.slice(0, -1) : node.key;
  const cut = path.lastIndexOf('/');
  return cut < 0 ? { kind: 'bucket', bucket: node.bucket } : { kind: 'folder', bucket: node.bucket, prefix: path.slice(0, cut + 1) };
}

/** The `obs://` URL a node shows. */
export function storageNodeUrl(node: StorageNode): string {
  if (node.kind === 'bucket') return `obs://${node.bucket}/`;
  return `obs://${node.bucket}/${node.kind === 'folder' ? node.prefix : node.key}`;
}

/** Where the answer points, and whether it is the path asked for or the nearest node above it that exists. */
export interface Located {
  readonly node: StorageNode;
  readonly exact: boolean;
}

/**
 * The node of `loc`: an object when a key without a trailing slash names one, else the folder;
 * when nothing is stored there, the nearest folder above that holds something, or the bucket.
 * Throws when the bucket itself does not exist.
 */
export async function locateStorageNode(
  storage: Pick<StorageClient, 'listBuckets' | 'list' | 'head'>,
  loc: ObjectLocation,
  signal?: AbortSignal,
): Promise<Located | undefined> {
  const buckets = await storage.listBuckets(signal);
  if (!buckets.some((b) => b.name === loc.bucket)) return undefined;
  if (loc.key !== '' && !loc.key.endsWith('/')) {
    const head = await storage.head(loc, signal);
    if (head)
      return {
        node: {
          kind: 'object',
          bucket: loc.bucket,
          key: loc.key,
          size: head.size,
          ...(head.lastModified ? { lastModified: head.lastModified } : {}),
        },
        exact: true,
      };
  }
  const wanted = loc.key === '' ? '' : loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  let node: StorageNode = wanted === '' ? { kind: 'bucket', bucket: loc.bucket } : { kind: 'folder', bucket: loc.bucket, prefix: wanted };
  while (node.kind === 'folder') {
    const page = await storage.list({ bucket: node.bucket, prefix: node.prefix, delimiter: '/', pageSize: 1, signal });
    if (page.folders.length > 0 || page.objects.length > 0) break;
    node = storageParent(node) as StorageNode;
  }
  return { node, exact: node.kind === 'bucket' ? wanted === '' : node.kind === 'folder' && node.prefix === wanted };
}
