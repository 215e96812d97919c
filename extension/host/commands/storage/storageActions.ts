import { statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { StorageClient } from '../../../core/storage/client';
import { toAbortSignal } from '../../cancellation';
import type { Services } from '../../services';
import { type StorageNode, targetPrefix } from '../../views/storage/describe';
import { storageFor } from '../../views/specs';
import { confirm } from '../pick';

const t = vscode.l10n.t;

function requireNode(node: unknown): StorageNode {
  if (!node) throw new Error(t('Select a bucket, folder or object in the Storage view first.'));
  return node as StorageNode;
}

/** Runs a transfer under a cancellable notification that shows bytes done. */
async function transfer<T>(
  title: string,
  work: (storage: StorageClient, signal: AbortSignal, report: (done: number, total: number) => void) => Promise<T>,
  services: Services,
): Promise<T> {
  const storage = storageFor(services.session.require());
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const cancel = toAbortSignal(token);
      let last = 0;
      try {
        return await work(storage, cancel.signal, (done, total) => {
          const pct = total > 0 ? (done / total) * 100 : 100;
          progress.report({ increment: pct - last, message: `${(done / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB` });
          last = pct;
        });
      } finally {
        cancel.dispose();
      }
    },
  );
}

/** Uploads chosen files or folders into a bucket or folder, each checked by SHA-256. */
export async function uploadToStorage(services: Services, node?: unknown, _nodes?: unknown, uris?: readonly vscode.Uri[]): Promise<void> {
  const dest = targetPrefix(requireNode(node));
  const chosen =
    uris ??
    (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: t('Upload') }));
  if (!chosen || chosen.length === 0) return;
  await transfer(
    t('Uploading to obs://{0}/{1}', dest.bucket, dest.prefix),
    async (storage, signal, report) => {
      for (const uri of chosen) {
        const name = path.basename(uri.fsPath);
        if (statSync(uri.fsPath).isDirectory())
          await storage.uploadFolder(
            uri.fsPath,
            { bucket: dest.bucket, prefix: `${dest.prefix}${name}/` },
            { signal, onProgress: (p) => report(p.bytesDone, p.bytesTotal) },
          );
        else await storage.uploadFile(uri.fsPath, { bucket: dest.bucket, key: `${dest.prefix}${name}` }, { signal, onProgress: report });
      }
    },
    services,
  );
  services.trees.refresh();
}

/** Downloads an object or a whole folder, verified against its stored SHA-256. */
export async function downloadFromStorage(services: Services, node?: unknown): Promise<void> {
  const n = requireNode(node);
  if (n.kind === 'bucket') throw new Error(t('Download a folder or an object, not a whole bucket.'));
  const [target] =
    (await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, openLabel: t('Download Here') })) ?? [];
  if (!target) return;
  await transfer(
    t('Downloading obs://{0}/{1}', n.bucket, n.kind === 'folder' ? n.prefix : n.key),
    async (storage, signal, report) => {
      if (n.kind === 'folder') {
        const name = n.prefix.split('/').filter(Boolean).pop() ?? 'download';
        await storage.downloadFolder({ bucket: n.bucket, prefix: n.prefix }, path.join(target.fsPath, name), {
          signal,
          onProgress: (p) => report(p.bytesDone, p.bytesTotal),
        });
      } else {
        await storage.downloadFile({ bucket: n.bucket, key: n.key }, path.join(target.fsPath, path.posix.basename(n.key)), {
          signal,
          onProgress: report,
        });
      }
    },
    services,
  );
}

/** Deletes an object, or a folder and everything under it, after confirmation. */
export async function deleteFromStorage(services: Services, node?: unknown, nodes?: unknown): Promise<void> {
  const list = (Array.isArray(nodes) && nodes.length > 0 ? nodes : [requireNode(node)]) as StorageNode[];
  if (list.some((n) => n.kind === 'bucket'))
    throw new Error(t('Buckets are not deleted from here; delete their contents, or use the console.'));
  const names = list
    .map((n) => (n.kind === 'folder' ? `obs://${n.bucket}/${n.prefix}` : n.kind === 'object' ? `obs://${n.bucket}/${n.key}` : ''))
    .join(', ');
  if (!(await confirm(t('Delete {0}? Folders are deleted with everything in them. This cannot be undone.', names), t('Delete')))) return;
  const storage = storageFor(services.session.require());
  for (const n of list) {
    if (n.kind === 'folder') await storage.deletePrefix(n.bucket, n.prefix);
    else if (n.kind === 'object') await storage.deleteObject({ bucket: n.bucket, key: n.key });
  }
  services.trees.refresh();
}

/** Creates a folder (a zero-byte `name/` object, as OBS's console does). */
export async function createStorageFolder(services: Services, node?: unknown): Promise<void> {
  const dest = targetPrefix(requireNode(node));
  const name = await vscode.window.showInputBox({
    prompt: t('New folder in obs://{0}/{1}', dest.bucket, dest.prefix),
    validateInput: (v) =>
      v.trim() === '' ? t('Enter a name.') : /[\\/]|^\.\.?$/.test(v) ? t('A folder name cannot contain slashes or be . or ..') : undefined,
  });
  if (!name) return;
  await storageFor(services.session.require()).createFolder(dest.bucket, `${dest.prefix}${name}/`);
  services.trees.refresh();
}
