import * as vscode from 'vscode';
import { parseObsUrl } from '../../../core/storage/urls';
import type { Services } from '../../services';
import { locateStorageNode, storageNodeUrl } from '../../views/storage/locate';
import { ViewIds } from '../../views/viewIds';

const t = vscode.l10n.t;

/** The path a caller passed: `{ url }` (the job details panel) or the URL itself; otherwise ask. */
function urlOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  const url = (target as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' ? url : undefined;
}

/**
 * Go to Storage Path: shows an `obs://` path (or `/bucket/path`, as jobs write it) in the Storage
 * view, its folders expanded, the node selected and focused. A path that holds nothing yet (an
 * output before the job wrote it) shows the nearest folder above it that exists, and says so.
 * Resolves with the `obs://` URL shown.
 */
export async function revealInStorage(services: Services, target?: unknown): Promise<string | undefined> {
  const storage = services.session.require().storage;
  const typed =
    urlOf(target) ??
    (await vscode.window.showInputBox({
      title: t('Go to Storage Path'),
      prompt: t('The storage path to show in the Storage view'),
      placeHolder: 'obs://bucket/folder/',
      validateInput: (v) => {
        try {
          parseObsUrl(v);
          return undefined;
        } catch (err) {
          return err instanceof Error ? err.message : String(err);
        }
      },
    }));
  if (!typed) return undefined;
  const loc = parseObsUrl(typed);
  const found = await locateStorageNode(storage, loc);
  if (!found) throw new Error(t('There is no bucket {0} on this platform: {1} cannot be shown.', loc.bucket, typed));
  await services.trees.reveal(ViewIds.storage, found.node);
  const shown = storageNodeUrl(found.node);
  if (!found.exact)
    void vscode.window.showInformationMessage(
      t('Nothing is stored at {0} yet; the Storage view shows {1}, the nearest folder that exists.', typed, shown),
    );
  return shown;
}
