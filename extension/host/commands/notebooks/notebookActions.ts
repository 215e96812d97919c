import * as vscode from 'vscode';
import type { Notebook } from '../../../core/api/resources/notebookTypes';
import { hoursFromNowLabel } from '../../flows/validation';
import type { Services } from '../../services';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { pickNotebooks } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

const canStart = (n: Notebook) => n.status === 'STOPPED' || n.status.endsWith('FAILED') || n.status === 'ERROR';
const isRunning = (n: Notebook) => n.status === 'RUNNING';

/** The notebooks a command acts on: the selection or the clicked node; from the palette, a pick of those that `fit`. */
async function targets(
  services: Services,
  node: unknown,
  nodes: unknown,
  fit: (n: Notebook) => boolean,
  placeHolder: string,
  many: boolean,
): Promise<Notebook[]> {
  const selected = selectedNodes('notebook', node, nodes);
  if (selected.length > 0) return selected.map((n) => n.notebook);
  return pickNotebooks(services.session.require(), fit, placeHolder, many);
}

/** Start: every stopped (or failed) notebook selected; each failure is reported, the others start. */
export const startNotebooks: CommandHandler<NotebooksNode> = async (services, node, nodes) => {
  const list = await targets(services, node, nodes, canStart, t('Start which notebooks?'), true);
  if (list.length === 0) return undefined;
  const api = services.session.require().api;
  return actOnEach(services, list, {
    act: (n) => api.notebooks.start(n.id),
    nameOf: (n) => n.name,
    couldNot: (name, reason) => t('Could not start {0}: {1}', name, reason),
    refresh: [ViewIds.notebooks],
  });
};

/** Stop, after confirmation (`{ confirmed: true }` for scripts): processes end, files stay. */
export const stopNotebooks: CommandHandler<NotebooksNode> = async (services, node, nodes, options) => {
  const list = await targets(services, node, nodes, isRunning, t('Stop which notebooks?'), true);
  if (list.length === 0) return undefined;
  const names = list.map((n) => n.name).join(', ');
  if (!(await askToConfirm(options, t('Stop {0}? Processes running in them end; their files are kept.', names), t('Stop'))))
    return undefined;
  const api = services.session.require().api;
  return actOnEach(services, list, {
    act: (n) => api.notebooks.stop(n.id),
    nameOf: (n) => n.name,
    couldNot: (name, reason) => t('Could not stop {0}: {1}', name, reason),
    refresh: [ViewIds.notebooks],
  });
};

/** Delete, after confirmation (`{ confirmed: true }` for scripts), work directories included. */
export const deleteNotebooks: CommandHandler<NotebooksNode> = async (services, node, nodes, options) => {
  const list = await targets(services, node, nodes, () => true, t('Delete which notebooks?'), true);
  if (list.length === 0) return undefined;
  const names = list.map((n) => n.name).join(', ');
  const question = t('Delete {0}? Their work directories are deleted too. This cannot be undone.', names);
  if (!(await askToConfirm(options, question, t('Delete')))) return undefined;
  const api = services.session.require().api;
  return actOnEach(services, list, {
    act: (n) => api.notebooks.delete(n.id),
    nameOf: (n) => n.name,
    couldNot: (name, reason) => t('Could not delete {0}: {1}', name, reason),
    refresh: [ViewIds.notebooks],
  });
};

export const renewNotebookLease: CommandHandler<NotebooksNode> = async (services, node) => {
  const [nb] = await targets(services, node, undefined, isRunning, t('Renew the auto-stop of which notebook?'), false);
  if (!nb) return;
  const hours = await vscode.window.showQuickPick(
    [1, 2, 4, 8, 24, 72].map((h) => ({ label: hoursFromNowLabel(h, t), hours: h })),
    { placeHolder: t('Stop {0} automatically in…', nb.name) },
  );
  if (!hours) return;
  await services.session.require().api.notebooks.renewLease(nb.id, hours.hours * 3_600_000);
  services.trees.refresh(ViewIds.notebooks);
};

/** Copies the ssh command that reaches the notebook (user, host and port from its SSH endpoint). */
export const copySshCommand: CommandHandler<NotebooksNode> = async (services, node) => {
  const [nb] = await targets(services, node, undefined, isRunning, t('Copy the SSH command of which notebook?'), false);
  const uri = nb?.endpoints?.find((e) => e.service === 'SSH')?.uri;
  if (!nb || !uri) throw new Error(t('{0} has no SSH endpoint: create it with a key pair to reach it over SSH.', nb?.name ?? ''));
  const m = /^ssh:\/\/([^@]+)@([^:]+):(\d+)$/.exec(uri);
  const command = m ? `ssh -p ${m[3]} ${m[1]}@${m[2]}` : `ssh ${uri}`;
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(t('Copied: {0}', command));
  return command;
};
