import * as vscode from 'vscode';
import type { StorageClient } from '../../core/storage/client';
import type { MultiStep } from './multiStep';

const t = vscode.l10n.t;

type Choice = vscode.QuickPickItem & { readonly action: 'type' | 'bucket' | 'use' | 'up' | 'open'; readonly value: string };

/** Sub-folders of a folder (at most 1000: more than anyone scrolls through in a quick pick). */
async function subFolders(storage: StorageClient, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  for await (const page of storage.listAll({ bucket, prefix, delimiter: '/' })) {
    folders.push(...page.folders);
    if (folders.length >= 1000) break;
  }
  return folders;
}

/**
 * One step of a flow that chooses a storage folder: a bucket, then folders inside it ("Use this
 * folder", or open a sub-folder, or go up), or a path typed by hand and checked by `validate`.
 * Returns `obs://bucket/prefix/`. Back leaves the step, wherever the browsing was.
 */
export async function pickStorageFolder(
  flow: MultiStep,
  storage: StorageClient,
  opts: { placeholder: string; typePrompt: string; validate(value: string): string | undefined },
): Promise<string> {
  const typeItem: Choice = { label: t('$(edit) Type an OBS path…'), description: 'obs://bucket/folder/', action: 'type', value: '' };
  let at: { bucket: string; prefix: string } | undefined;
  for (;;) {
    if (!at) {
      const buckets = storage
        .listBuckets()
        .then((list): Choice[] => [
          typeItem,
          ...list.map((b): Choice => ({ label: `$(archive) ${b.name}`, action: 'bucket', value: b.name })),
        ]);
      const chosen = await flow.pick({ placeholder: opts.placeholder, items: buckets });
      if (chosen.action === 'type') return flow.inputBox({ prompt: opts.typePrompt, value: 'obs://', validate: opts.validate });
      at = { bucket: chosen.value, prefix: '' };
      continue;
    }
    const here = `obs://${at.bucket}/${at.prefix}`;
    const { bucket, prefix } = at;
    const items = subFolders(storage, bucket, prefix).then((folders): Choice[] => [
      { label: t('$(check) Use {0}', here), action: 'use', value: here },
      { label: '$(arrow-up) ..', description: prefix ? t('up one folder') : t('back to the buckets'), action: 'up', value: '' },
      ...folders.map((f): Choice => ({ label: `$(folder) ${f.slice(prefix.length)}`, action: 'open', value: f })),
    ]);
    const chosen = await flow.pick({ placeholder: opts.placeholder, items });
    if (chosen.action === 'use') {
      // A folder picked here exists, so only the flow's own rules (not a bare bucket…) can object.
      const problem = opts.validate(here);
      if (!problem) return here;
      void vscode.window.showWarningMessage(problem);
    } else if (chosen.action === 'up') {
      at = prefix ? { bucket, prefix: prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1) } : undefined;
    } else {
      at = { bucket, prefix: chosen.value };
    }
  }
}
