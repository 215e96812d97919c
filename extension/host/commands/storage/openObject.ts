import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { looksBinary, previewCopy, previewKind, sniffBytes } from '../../../core/storage/preview';
import { notify } from '../../notify';
import type { PlatformSession } from '../../platform/session';
import type { Services } from '../../services';
import { formatBytes, type StorageNode } from '../../views/storage/describe';
import { obsUri, registerObsFileSystem } from '../../storage/obsFileSystem';
import { selectedNodes } from '../selection';
import { obsUrlOf } from './storageCommon';

const t = vscode.l10n.t;

/** This window's own folder name (vscode.env.sessionId is one fixed placeholder in code-server). */
const windowFolder = randomUUID();

/** Where this window keeps the copies image previews open; removed when the window goes. */
function previewDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'storage-preview', windowFolder);
}

/**
 * Registered at activation: the `obs:` file system text objects open in (editable, saved back),
 * and the image copies' folder removed at the end.
 */
export function registerStoragePreviews(context: vscode.ExtensionContext, session: PlatformSession): vscode.Disposable {
  const files = registerObsFileSystem(session);
  return {
    dispose: () => {
      files.dispose();
      rmSync(previewDir(context), { recursive: true, force: true });
    },
  };
}

/**
 * Open Preview (a click on an object): text in an editor on its `obs://` URI, where a save writes
 * it back (see ObsFileSystem), an image in VS Code's image
 * preview (from a verified local copy); anything else, or text too large for an editor, offers
 * Download instead. Resolves with the URI opened.
 */
export async function openStorageObject(services: Services, node?: StorageNode): Promise<string | undefined> {
  const [n] = selectedNodes('object', node);
  if (!n) throw new Error(t('Click an object in the Storage view to open it.'));
  const url = obsUrlOf(n);
  const storage = services.session.require().storage;
  const offerDownload = (message: string) =>
    notify('info', message, { [t('Download…')]: () => vscode.commands.executeCommand('modelarts.storage.download', n) }, services.log);
  switch (previewKind(n.key, n.size)) {
    case 'image': {
      const file = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Opening {0}…', url), cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return previewCopy(storage, n, previewDir(services.context), abort.signal);
        },
      );
      const uri = vscode.Uri.file(file);
      await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
      return uri.toString();
    }
    case 'tooLarge':
      offerDownload(t('{0} is {1}, too large to open as text here: download it instead.', url, formatBytes(n.size)));
      return undefined;
    case 'text': {
      const head = n.size > 0 ? await storage.readRange(n, 0, Math.min(n.size, sniffBytes) - 1) : new Uint8Array();
      if (looksBinary(head)) {
        offerDownload(t('{0} is neither text nor an image, so it does not open here: download it to use another program.', url));
        return undefined;
      }
      const uri = obsUri(n);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
      return uri.toString();
    }
  }
}
