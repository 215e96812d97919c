import * as vscode from 'vscode';
import type { Notebook } from '../../../core/api/resources/notebookTypes';
import type { Services } from '../../services';
import type { NotebookNode } from '../../views/notebooks/describe';
import { confirm, pickNotebooks } from '../pick';

/** The notebooks a command acts on: the selection (multi-select), the clicked node, or a pick. */
async function targets(
  services: Services,
  node: unknown,
  nodes: unknown,
  filter: (n: Notebook) => boolean,
  placeHolder: string,
  many: boolean,
): Promise<Notebook[]> {
  const selected = (Array.isArray(nodes) && nodes.length > 0 ? nodes : node ? [node] : []) as NotebookNode[];
  if (selected.length > 0) return selected.filter((n) => n?.kind === 'notebook').map((n) => n.notebook);
  return pickNotebooks(services.session.require(), filter, placeHolder, many);
}

export async function startNotebook(services: Services, node?: unknown): Promise<void> {
  const [nb] = await targets(
    services,
    node,
    undefined,
    (n) => n.status === 'STOPPED' || n.status.endsWith('FAILED') || n.status === 'ERROR',
    vscode.l10n.t('Start which notebook?'),
    false,
  );
  if (!nb) return;
  await services.session.require().api.notebooks.start(nb.id);
  services.trees.refresh();
}

export async function stopNotebooks(services: Services, node?: unknown, nodes?: unknown): Promise<void> {
  const list = await targets(services, node, nodes, (n) => n.status === 'RUNNING', vscode.l10n.t('Stop which notebooks?'), true);
  if (list.length === 0) return;
  const names = list.map((n) => n.name).join(', ');
  if (!(await confirm(vscode.l10n.t('Stop {0}? Processes running in them end; their files are kept.', names), vscode.l10n.t('Stop'))))
    return;
  const api = services.session.require().api;
  await Promise.all(list.map((n) => api.notebooks.stop(n.id)));
  services.trees.refresh();
}

export async function deleteNotebooks(services: Services, node?: unknown, nodes?: unknown): Promise<void> {
  const list = await targets(services, node, nodes, () => true, vscode.l10n.t('Delete which notebooks?'), true);
  if (list.length === 0) return;
  const names = list.map((n) => n.name).join(', ');
  if (
    !(await confirm(
      vscode.l10n.t('Delete {0}? Their work directories are deleted too. This cannot be undone.', names),
      vscode.l10n.t('Delete'),
    ))
  )
    return;
  const api = services.session.require().api;
  await Promise.all(list.map((n) => api.notebooks.delete(n.id)));
  services.trees.refresh();
}

export async function renewNotebookLease(services: Services, node?: unknown): Promise<void> {
  const [nb] = await targets(
    services,
    node,
    undefined,
    (n) => n.status === 'RUNNING',
    vscode.l10n.t('Renew the auto-stop of which notebook?'),
    false,
  );
  if (!nb) return;
  const hours = await vscode.window.showQuickPick(
    ['1', '2', '4', '8', '24', '72'].map((h) => ({ label: vscode.l10n.t('{0} hours from now', h), hours: Number(h) })),
    { placeHolder: vscode.l10n.t('Stop {0} automatically in…', nb.name) },
  );
  if (!hours) return;
  await services.session.require().api.notebooks.renewLease(nb.id, hours.hours * 3_600_000);
  services.trees.refresh();
}

/** Copies the ssh command that reaches the notebook (user, host and port from its SSH endpoint). */
export async function copySshCommand(services: Services, node?: unknown): Promise<string> {
  const [nb] = await targets(
    services,
    node,
    undefined,
    (n) => n.status === 'RUNNING',
    vscode.l10n.t('Copy the SSH command of which notebook?'),
    false,
  );
  const uri = nb?.endpoints?.find((e) => e.service === 'SSH')?.uri;
  if (!nb || !uri)
    throw new Error(vscode.l10n.t('{0} has no SSH endpoint: create it with a key pair to reach it over SSH.', nb?.name ?? ''));
  const m = /^ssh:\/\/([^@]+)@([^:]+):(\d+)$/.exec(uri);
  const command = m ? `ssh -p ${m[3]} ${m[1]}@${m[2]}` : `ssh ${uri}`;
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied: {0}', command));
  return command;
}
