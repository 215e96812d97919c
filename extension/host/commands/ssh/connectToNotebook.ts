import * as vscode from 'vscode';
import type { Notebook } from '../../../core/api/resources/notebookTypes';
import { isAbortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { ViewIds } from '../../views/viewIds';
import { type PreparedNotebook, prepareNotebook, writeHostBlock } from '../../ssh/prepare';
import { openRemoteWindow } from '../../ssh/remoteWindow';
import { defaultRemoteFolder } from '../../ssh/sshSettings';
import { notebookFor, withSshProgress } from './common';
import { notify } from '../../notify';

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
export async function connectToNotebook(services: Services, node?: NotebooksNode): Promise<ConnectResult | undefined> {
  const platform = services.session.require();
  const notebook = await notebookFor(services, node, t('Connect to which notebook?'));
  let ready: { prepared: PreparedNotebook; configFile: string };
  try {
    ready = await withSshProgress(t('Connecting to notebook {0}', notebook.name), async (report, signal) => {
      const prepared = await prepareNotebook(platform, notebook, report, signal);
      report(t('Writing the ssh config entry…'));
      return { prepared, configFile: writeHostBlock(prepared) };
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    offerDoctor(services, notebook, err);
    return undefined;
  }
  const { prepared, configFile } = ready;
  // Connecting starts a stopped notebook.
  services.trees.refresh(ViewIds.notebooks);
  const folder = (prepared.notebook.volume?.mount_path ?? defaultRemoteFolder).replace(/(.)\/+$/, '$1');
  services.log.info(`Notebook ${notebook.name}: Host ${prepared.target.hostAlias} written to ${configFile}; opening ${folder}.`);
  const opened = await openRemoteWindow(prepared.target.hostAlias, folder, { kind: 'notebook', notebook: prepared.notebook });
  return { hostAlias: prepared.target.hostAlias, configFile, folder, opened };
}

/** A failed connect says why and offers the doctor, which checks everything in order. */
function offerDoctor(services: Services, notebook: Notebook, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  services.log.error(`Connect to ${notebook.name} failed: ${message}`);
  const doctor = t('Check SSH Connection');
  notify(
    'error',
    t('Could not connect to notebook {0}: {1}', notebook.name, message),
    { [doctor]: () => vscode.commands.executeCommand('modelarts.notebooks.sshDoctor', { kind: 'notebook', notebook }) },
    services.log,
  );
}
