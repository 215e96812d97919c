import path from 'node:path';
import * as vscode from 'vscode';
import { bucketNameProblem } from '../../flows/validation';
import { notify } from '../../notify';
import type { Services } from '../../services';
import { type StorageNode, targetPrefix } from '../../views/storage/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { selectedNodes } from '../selection';
import { obsUrlOf, requireNode, storageKinds, transfer } from './storageCommon';

const t = vscode.l10n.t;

/** Downloads an object or a whole folder, verified against its stored SHA-256. */
export const downloadFromStorage: CommandHandler<StorageNode> = async (services, node) => {
  const n = requireNode(node);
  if (n.kind === 'bucket') throw new Error(t('Download a folder or an object, not a whole bucket.'));
  const [target] =
    (await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      title: t('Download {0} into which folder?', obsUrlOf(n)),
      openLabel: t('Download Here'),
    })) ?? [];
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

/**
 * Create Bucket… (the Storage view's title, its empty state, the palette): a name checked as the
 * platform checks it, made in the connection's region. A script passes the name. Returns its URL.
 */
export async function createBucket(services: Services, given?: string): Promise<string | undefined> {
  const storage = services.session.require().storage;
  const taken = new Set((await storage.listBuckets()).map((b) => b.name));
  const name =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: t('Create Bucket'),
          prompt: t('Bucket name: 3 to 63 lower-case letters, digits, - and .; unique on the platform'),
          placeHolder: 'team-data',
          validateInput: (v) => bucketNameProblem(v, taken, t),
        });
  if (name === undefined || name === '') return undefined;
  const problem = bucketNameProblem(name, taken, t);
  if (problem) throw new Error(problem);
  await storage.createBucket(name);
  services.trees.refresh(ViewIds.storage);
  const upload = t('Upload…');
  notify(
    'info',
    t('Bucket obs://{0}/ created.', name),
    { [upload]: () => vscode.commands.executeCommand('modelarts.storage.upload', { kind: 'bucket', bucket: name }) },
    services.log,
  );
  return `obs://${name}/`;
}
