import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { ViewIds } from '../../views/viewIds';
import { openNotebookTerminal } from '../../ssh/notebookTerminal';
import { notebookFor, withSshProgress } from './common';

/** Open Terminal: a shell in the notebook over the built-in ssh2 link. Resolves with the terminal's name. */
export async function openTerminal(services: Services, node?: NotebooksNode): Promise<string> {
  const platform = services.session.require();
  const notebook = await notebookFor(services, node, vscode.l10n.t('Open a terminal in which notebook?'));
  const terminal = await withSshProgress(vscode.l10n.t('Opening a terminal in {0}', notebook.name), (report, signal) =>
    openNotebookTerminal(services.bridge, platform, notebook, signal, report),
  );
  // Opening a terminal starts a stopped notebook.
  services.trees.refresh(ViewIds.notebooks);
  return terminal.name;
}
