import * as vscode from 'vscode';
import type { StorageNode } from '../../views/storage/describe';
import type { CommandHandler } from '../command';
import { selectedNodes } from '../selection';

/** Copies the `obs://` URL of a bucket, folder or object, the form ModelArts jobs and datasets take. */
export const copyObsUrl: CommandHandler<StorageNode> = async (_services, node) => {
  const [n] = selectedNodes(['bucket', 'folder', 'object'], node);
  if (!n) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select a bucket, folder or object in the Storage view to copy its URL.'));
    return undefined;
  }
  const url =
    n.kind === 'bucket' ? `obs://${n.bucket}/` : n.kind === 'folder' ? `obs://${n.bucket}/${n.prefix}` : `obs://${n.bucket}/${n.key}`;
  await vscode.env.clipboard.writeText(url);
  return url;
};
