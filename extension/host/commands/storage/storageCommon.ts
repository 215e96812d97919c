import * as vscode from 'vscode';
import type { StorageClient } from '../../../core/storage/client';
import { toAbortSignal } from '../../cancellation';
import type { Services } from '../../services';
import type { StorageNode } from '../../views/storage/describe';
import { selectedNodes } from '../selection';

/** What the Storage commands share: the node clicked, URLs, and transfers under progress. */
export const storageKinds = ['bucket', 'folder', 'object'] as const;

/** The storage node clicked; these commands have no pick, so without one they say where to click. */
export function requireNode(node: unknown): StorageNode {
  const [clicked] = selectedNodes(storageKinds, node);
  if (!clicked) throw new Error(vscode.l10n.t('Select a bucket, folder or object in the Storage view first.'));
  return clicked;
}

/** Files a drop or a script passed; anything else means "ask". */
export function isUriList(value: unknown): value is readonly vscode.Uri[] {
  return Array.isArray(value) && value.length > 0 && value.every((u) => u instanceof vscode.Uri);
}

export function obsUrlOf(n: StorageNode): string {
  return n.kind === 'bucket' ? `obs://${n.bucket}/` : n.kind === 'folder' ? `obs://${n.bucket}/${n.prefix}` : `obs://${n.bucket}/${n.key}`;
}

/** Runs a transfer under a cancellable notification that shows bytes done. */
export async function transfer<T>(
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
