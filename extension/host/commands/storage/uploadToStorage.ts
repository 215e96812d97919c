import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { type TypedSource, typedSource, typedSourceItem, uploadedUrl, uploadMessage, type UploadSummary } from '../../flows/uploadSource';
import { notify } from '../../notify';
import type { Services } from '../../services';
import { type StorageNode, targetPrefix } from '../../views/storage/describe';
import { ViewIds } from '../../views/viewIds';
import { abortError } from '../../../core/util/abort';
import { isUriList, requireNode, transfer } from './storageCommon';

const t = vscode.l10n.t;

type Target = { readonly bucket: string; readonly prefix: string };

const statOf = (file: string) => {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
};

/**
 * Upload… (and a drop, which passes the files as the third argument): files or folders into a
 * bucket or folder, each checked by SHA-256; a folder goes up with its name and everything in it.
 * The picker takes a typed path (Enter uploads it) or opens VS Code's file dialog; when done the
 * message says what was uploaded where, with Reveal.
 */
export async function uploadToStorage(
  services: Services,
  node?: StorageNode,
  _nodes?: readonly StorageNode[],
  uris?: readonly vscode.Uri[],
): Promise<UploadSummary | undefined> {
  const dest = targetPrefix(requireNode(node));
  const paths = isUriList(uris) ? uris.map((u) => u.fsPath) : await askSources(dest);
  if (paths.length === 0) return undefined;
  const missing = paths.find((p) => !statOf(p));
  if (missing) throw new Error(t('{0} is not a file or folder on this machine.', missing));
  const summary = await transfer(
    t('Uploading to obs://{0}/{1}', dest.bucket, dest.prefix),
    async (storage, signal, report) => {
      const done = { uploaded: [] as string[], files: 0, skipped: 0, bytes: 0 };
      for (const file of paths) {
        const name = path.basename(file);
        if (statOf(file)?.isDirectory()) {
          const r = await storage.uploadFolder(
            file,
            { bucket: dest.bucket, prefix: `${dest.prefix}${name}/` },
            { signal, onProgress: (p) => report(p.bytesDone, p.bytesTotal) },
          );
          done.files += r.transferred;
          done.skipped += r.skipped;
          done.bytes += r.bytes;
          done.uploaded.push(uploadedUrl(dest, name, true));
        } else {
          const r = await storage.uploadFile(file, { bucket: dest.bucket, key: `${dest.prefix}${name}` }, { signal, onProgress: report });
          done.files += 1;
          done.bytes += r.size;
          done.uploaded.push(uploadedUrl(dest, name, false));
        }
      }
      return done;
    },
    services,
  );
  services.trees.refresh(ViewIds.storage);
  const reveal = t('Reveal');
  notify(
    'info',
    uploadMessage(summary, dest, t),
    { [reveal]: () => void services.trees.reveal(ViewIds.storage, revealTarget(summary, dest)) },
    services.log,
  );
  return summary;
}

/** The row Reveal shows: the one thing uploaded, or the bucket or folder it all went into. */
function revealTarget(s: UploadSummary, dest: Target): StorageNode {
  const only = s.uploaded.length === 1 ? s.uploaded[0] : undefined;
  const key = only?.slice(`obs://${dest.bucket}/`.length);
  if (key !== undefined && key.endsWith('/')) return { kind: 'folder', bucket: dest.bucket, prefix: key };
  if (key !== undefined) return { kind: 'object', bucket: dest.bucket, key, size: 0 };
  return dest.prefix ? { kind: 'folder', bucket: dest.bucket, prefix: dest.prefix } : { kind: 'bucket', bucket: dest.bucket };
}

type SourceItem = vscode.QuickPickItem & { readonly choose?: 'files' | 'folder'; readonly source?: TypedSource };

/**
 * The picker: a typed path is the upload (Enter sends it), or Choose Files… / Choose a Folder…
 * open VS Code's file dialog, titled with where the upload goes.
 */
async function askSources(dest: Target): Promise<string[]> {
  const destUrl = `obs://${dest.bucket}/${dest.prefix}`;
  const home = os.homedir();
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? home;
  const choices: SourceItem[] = [
    { label: `$(files) ${t('Choose Files…')}`, choose: 'files', alwaysShow: true },
    { label: `$(folder-opened) ${t('Choose a Folder…')}`, choose: 'folder', alwaysShow: true },
  ];
  const picked = await new Promise<SourceItem | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<SourceItem>();
    qp.title = t('Upload to {0}', destUrl);
    qp.placeholder = t('Type the path of a file or folder on this machine and press Enter, or choose below');
    qp.matchOnDescription = false;
    qp.items = choices;
    qp.onDidChangeValue((value) => {
      const source = typedSource(value, home, base, statOf);
      if (!source) {
        qp.items = choices;
        return;
      }
      const row = typedSourceItem(source, dest, t);
      qp.items = [{ label: row.label, description: row.description, detail: row.detail, alwaysShow: true, source }, ...choices];
      qp.activeItems = [qp.items[0] as SourceItem];
    });
    qp.onDidAccept(() => {
      const item = qp.activeItems[0];
      // A path that names nothing stays in the box to be corrected.
      if (!item || item.source?.kind === 'missing') return;
      resolve(item);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
  if (!picked) throw abortError();
  if (picked.source && picked.source.kind !== 'missing') return [picked.source.path];
  const uris = await vscode.window.showOpenDialog(
    picked.choose === 'folder'
      ? {
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          title: t('Upload a folder, with everything in it, to {0}', destUrl),
          openLabel: t('Upload'),
        }
      : {
          canSelectFiles: true,
          canSelectFolders: false,
          canSelectMany: true,
          title: t('Upload files to {0}', destUrl),
          openLabel: t('Upload'),
        },
  );
  return (uris ?? []).map((u) => u.fsPath);
}
