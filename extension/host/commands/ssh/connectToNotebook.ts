import * as vscode from 'vscode';
import type { Services } from '../../services';
import { prepareNotebook, writeHostBlock } from '../../ssh/prepare';
import { openRemoteWindow } from '../../ssh/remoteWindow';
import { defaultRemoteFolder } from '../../ssh/sshSettings';
import { notebookFor, withSshProgress } from './common';

const t = vscode.l10n.t;

/** What Connect did, for scripts and tests. */
export interface ConnectResult {
  readonly hostAlias: string;
  readonly configFile: string;
  readonly folder: string;
  readonly opened: boolean;
}

/**
 * Connect to Notebook: starts it if stopped, pins its host key, writes its Host block into the ssh
 * config (only between the toolkit's markers), then opens its work folder in a new window through
 * Remote-SSH. Host key checking stays strict; nothing is ever trusted silently when it changes.
 */
export async function connectToNotebook(services: Services, node?: unknown): Promise<ConnectResult> {
  const platform = services.session.require();
  const notebook = await notebookFor(services, node, t('Connect to which notebook?'));
  const { prepared, configFile } = await withSshProgress(t('Connecting to notebook {0}', notebook.name), async (report, signal) => {
    const ready = await prepareNotebook(platform, notebook, report, signal);
    report(t('Writing the ssh config entry…'));
    return { prepared: ready, configFile: writeHostBlock(ready) };
  });
  services.trees.refresh();
  const folder = (prepared.notebook.volume?.mount_path ?? defaultRemoteFolder).replace(/(.)\/+$/, '$1');
  services.log.info(`Notebook ${notebook.name}: Host ${prepared.target.hostAlias} written to ${configFile}; opening ${folder}.`);
  const opened = await openRemoteWindow(prepared.target.hostAlias, folder, { kind: 'notebook', notebook: prepared.notebook });
  return { hostAlias: prepared.target.hostAlias, configFile, folder, opened };
}
