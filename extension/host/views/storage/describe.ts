import type { NodeDescription, Translate } from '../node';
import { mdCode } from '../markdown';

export type StorageNode =
  | { readonly kind: 'bucket'; readonly bucket: string }
  | { readonly kind: 'folder'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'object'; readonly bucket: string; readonly key: string; readonly size: number; readonly lastModified?: Date };

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Buckets, then folders and objects with size and date; the `obs://` URL is the stable id. */
export function describeStorageNode(node: StorageNode, t: Translate): NodeDescription {
  switch (node.kind) {
    case 'bucket':
      return {
        id: `obs://${node.bucket}/`,
        label: node.bucket,
        icon: 'archive',
        contextValue: 'storage.bucket',
        collapsible: 'collapsed',
        tooltip: mdCode(`obs://${node.bucket}/`),
      };
    case 'folder': {
      const name = node.prefix.split('/').filter(Boolean).pop() ?? node.prefix;
      return {
        id: `obs://${node.bucket}/${node.prefix}`,
        label: name,
        icon: 'folder',
        contextValue: 'storage.folder',
        collapsible: 'collapsed',
        tooltip: mdCode(`obs://${node.bucket}/${node.prefix}`),
      };
    }
    case 'object': {
      const name = node.key.split('/').pop() ?? node.key;
      const date = node.lastModified ? node.lastModified.toISOString().slice(0, 16).replace('T', ' ') : undefined;
      return {
        id: `obs://${node.bucket}/${node.key}`,
        label: name,
        description: [formatBytes(node.size), date].filter(Boolean).join(' · '),
        icon: 'file',
        contextValue: 'storage.object',
        // A click opens it read-only (text in an editor, images in the image preview), as the Explorer opens files.
        command: { command: 'modelarts.storage.preview', title: t('Open Preview'), arguments: [node] },
        tooltip: `${mdCode(`obs://${node.bucket}/${node.key}`)}\n\n${formatBytes(node.size)}${date ? ` · ${date}` : ''}`,
      };
    }
  }
}

/** Where a node puts uploads and new folders: a bucket's root, a folder's prefix, an object's folder. */
export function targetPrefix(node: StorageNode): { bucket: string; prefix: string } {
  if (node.kind === 'bucket') return { bucket: node.bucket, prefix: '' };
  if (node.kind === 'folder') return { bucket: node.bucket, prefix: node.prefix };
  return { bucket: node.bucket, prefix: node.key.slice(0, node.key.lastIndexOf('/') + 1) };
}
