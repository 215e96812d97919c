import { statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { StorageClient } from '../../../core/storage/client';
import { toAbortSignal } from '../../cancellation';
import type { Services } from '../../services';
import { type StorageNode, targetPrefix } from '../../views/storage/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;
const storageKinds = ['bucket', 'folder', 'object'] as const;

/** The storage node clicked; these commands have no pick, so without one they say where to click. */
function requireNode(node: unknown): StorageNode {
  const [clicked] = selectedNodes(storageKinds, node);
  if (!clicked) throw new Error(t('Select a bucket, folder or object in the Storage view first.'));
  return clicked;
}

/** Files a drop or a script passed; anything else means "ask". */
function isUriList(value: unknown): value is readonly vscode.Uri[] {
  return Array.isArray(value) && value.every((u) => u instanceof vscode.Uri);
}

function obsUrlOf(n: Exclude<StorageNode, { kind: 'bucket' }>): string {
  return n.kind === 'folder' ? `obs://${n.bucket}/${n.prefix}` : `obs://${n.bucket}/${n.key}`;
}

/** Runs a transfer under a cancellable notification that shows bytes done. */
async function transfer<T>(
  title: string,
  work: (storage: StorageClient, signal: AbortSignal, report: (done: number, total: number) => void) => Promise<T>,
  services: Services,
): Promise<T> {
  const storage = services.session.require().storage;
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

/** Uploads chosen files or folders (or those dropped: the third argument) into a bucket or folder, each checked by SHA-256. */
export async function uploadToStorage(
  services: Services,
  node?: StorageNode,
  _nodes?: readonly StorageNode[],
  uris?: readonly vscode.Uri[],
): Promise<void> {
  const dest = targetPrefix(requireNode(node));
  const chosen = isUriList(uris)
    ? uris
    : await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: t('Upload') });
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
  services.trees.refresh(ViewIds.storage);
}

/** Downloads an object or a whole folder, verified against its stored SHA-256. */
export const downloadFromStorage: CommandHandler<StorageNode> = async (services, node) => {
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
};

/**
 * Deletes objects, and folders with everything under them, after confirmation (`{ confirmed: true }`
 * for scripts). A selection that holds a bucket is refused and nothing is deleted.
 */
export const deleteFromStorage: CommandHandler<StorageNode> = async (services, node, nodes, options) => {
  const list = selectedNodes(storageKinds, node, nodes);
  if (list.length === 0) throw new Error(t('Select a bucket, folder or object in the Storage view first.'));
  if (list.some((n) => n.kind === 'bucket'))
    throw new Error(t('Buckets are not deleted from here; delete their contents, or use the console.'));
  const targets = list.filter((n) => n.kind !== 'bucket');
  const question = t('Delete {0}? Folders are deleted with everything in them. This cannot be undone.', targets.map(obsUrlOf).join(', '));
  if (!(await askToConfirm(options, question, t('Delete')))) return undefined;
  const storage = services.session.require().storage;
  return actOnEach(services, targets, {
    act: (n) => (n.kind === 'folder' ? storage.deletePrefix(n.bucket, n.prefix) : storage.deleteObject({ bucket: n.bucket, key: n.key })),
    nameOf: obsUrlOf,
    couldNot: (name, reason) => t('Could not delete {0}: {1}', name, reason),
    refresh: [ViewIds.storage],
  });
};

/** Creates a folder (a zero-byte `name/` object, as OBS's console does). */
export const createStorageFolder: CommandHandler<StorageNode> = async (services, node) => {
  const dest = targetPrefix(requireNode(node));
  const name = await vscode.window.showInputBox({
    prompt: t('New folder in obs://{0}/{1}', dest.bucket, dest.prefix),
    validateInput: (v) =>
      v.trim() === '' ? t('Enter a name.') : /[\\/]|^\.\.?$/.test(v) ? t('A folder name cannot contain slashes or be . or ..') : undefined,
  });
  if (!name) return;
  await services.session.require().storage.createFolder(dest.bucket, `${dest.prefix}${name}/`);
  services.trees.refresh(ViewIds.storage);
};
