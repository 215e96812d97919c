import * as vscode from 'vscode';
import type { StorageNode } from '../../views/storage/describe';

/** Copies the `obs://` URL of a bucket, folder or object, the form ModelArts jobs and datasets take. */
export async function copyObsUrl(_services: unknown, node?: unknown): Promise<string | undefined> {
  const n = node as StorageNode | undefined;
  if (!n) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select a bucket, folder or object in the Storage view to copy its URL.'));
    return undefined;
  }
  const url =
    n.kind === 'bucket' ? `obs://${n.bucket}/` : n.kind === 'folder' ? `obs://${n.bucket}/${n.prefix}` : `obs://${n.bucket}/${n.key}`;
  await vscode.env.clipboard.writeText(url);
  return url;
}
