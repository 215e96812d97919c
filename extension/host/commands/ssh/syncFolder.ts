import path from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import * as vscode from 'vscode';
import { type SyncDirection, type SyncSummary, syncFolder } from '../../../core/ssh/sync';
import { abortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import { defaultRemoteFolder } from '../../ssh/sshSettings';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { notebookFor, withSshProgress } from './common';
import { plural } from '../../../core/util/plural';

const t = vscode.l10n.t;

interface SyncArgs {
  readonly localDir: string;
  /** Relative paths are inside the notebook's work folder. */
  readonly remoteDir: string;
  readonly delete?: boolean;
}

/** Scripted use passes `{ localDir, remoteDir, delete? }` after the notebook node. */
export const uploadFolder = (services: Services, node?: NotebooksNode, given?: SyncArgs) => sync(services, 'upload', node, given);
export const downloadFolder = (services: Services, node?: NotebooksNode, given?: SyncArgs) => sync(services, 'download', node, given);

/**
 * Folder sync with a notebook over SFTP: incremental (size and time), `.gitignore` respected,
 * progress with cancel, nothing half-written left behind. Resolves with the summary.
 */
async function sync(services: Services, direction: SyncDirection, node: unknown, given: unknown): Promise<SyncSummary> {
  const platform = services.session.require();
  const notebook = await notebookFor(
    services,
    node,
    direction === 'upload' ? t('Upload a folder to which notebook?') : t('Download a folder from which notebook?'),
  );
  const asked = isArgs(given) ? given : await askArgs(direction);
  // Relative paths mean "in the work folder": SFTP would resolve them against the user's home
  // (/home/ma-user on the cloud, one level above the work folder), so they are made absolute.
  const workFolder = (notebook.volume?.mount_path ?? defaultRemoteFolder).replace(/(.)\/+$/, '$1');
  const args = {
    ...asked,
    remoteDir: path.posix.isAbsolute(asked.remoteDir) ? asked.remoteDir : path.posix.join(workFolder, asked.remoteDir),
  };
  const title =
    direction === 'upload'
      ? t('Uploading {0} to {1}', path.basename(args.localDir), notebook.name)
      : t('Downloading {0} from {1}', args.remoteDir, notebook.name);
  const summary = await withSshProgress(title, async (report, signal) => {
    const link = await services.bridge.acquire(platform, notebook, report, signal);
    try {
      const client = await link.connection.whenReady(signal);
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
      try {
        return await syncFolder(sftp, {
          direction,
          localDir: args.localDir,
          remoteDir: args.remoteDir,
          delete: args.delete ?? false,
          signal,
          onProgress: (p) => report(p.phase === 'scanning' ? t('Comparing…') : progressText(p)),
        });
      } finally {
        sftp.end();
      }
    } finally {
      services.bridge.release(notebook.id);
    }
  });
  services.log.info(
    `Sync ${direction} ${args.localDir} ⇄ ${notebook.name}:${args.remoteDir}: ${summary.transferred} copied, ${summary.unchanged} unchanged, ${summary.deleted} deleted, ${summary.ignored} ignored, ${summary.bytes} bytes in ${summary.ms} ms`,
  );
  for (const note of summary.notes) services.log.info(`Sync note: ${note}`);
  void vscode.window.showInformationMessage(
    t(
      '{0}, {1} unchanged, {2} ignored by .gitignore.',
      plural(summary.transferred, { one: t('{0} file copied', summary.transferred), other: t('{0} files copied', summary.transferred) }),
      summary.unchanged,
      summary.ignored,
    ),
  );
  return summary;
}

/** "3 of 12 files, 1.5 of 20.0 MB" while files are copied. */
function progressText(p: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }): string {
  const [done, total] = [(p.bytesDone / 1e6).toFixed(1), (p.bytesTotal / 1e6).toFixed(1)];
  return plural(p.filesTotal, {
    one: t('{0} of {1} file, {2} of {3} MB', p.filesDone, p.filesTotal, done, total),
    other: t('{0} of {1} files, {2} of {3} MB', p.filesDone, p.filesTotal, done, total),
  });
}

/** Arguments a script passed, told apart from the selection VS Code passes there. */
function isArgs(value: unknown): value is SyncArgs {
  if (typeof value !== 'object' || value === null) return false;
  if (!('localDir' in value) || typeof value.localDir !== 'string' || !('remoteDir' in value) || typeof value.remoteDir !== 'string')
    return false;
  return !('delete' in value) || typeof value.delete === 'boolean';
}

async function askArgs(direction: SyncDirection): Promise<SyncArgs> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  const chosen = await vscode.window.showOpenDialog({
    title: direction === 'upload' ? t('Folder to upload') : t('Folder to download into'),
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(workspace ? { defaultUri: workspace } : {}),
  });
  if (!chosen?.[0]) throw abortError();
  const localDir = chosen[0].fsPath;
  const remoteDir = await vscode.window.showInputBox({
    title: direction === 'upload' ? t('Upload to') : t('Download from'),
    prompt: t('Folder in the notebook (relative paths are inside its work folder)'),
    value: path.basename(localDir),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? t('Enter a folder.') : undefined),
  });
  if (!remoteDir) throw abortError();
  return { localDir, remoteDir };
}
