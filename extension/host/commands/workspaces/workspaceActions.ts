import * as vscode from 'vscode';
import { MultiStep } from '../../flows/multiStep';
import { workspaceNameProblem } from '../../flows/validation';
import type { Services } from '../../services';
import { ViewIds } from '../../views/viewIds';
import type { WorkspaceNode } from '../../views/workspaces/describe';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { pickWorkspace } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

/** New workspace: a name (4–64 letters, digits, - and _; `default` is taken) and a description. */
export async function createWorkspace(services: Services): Promise<void> {
  const api = services.session.require().api;
  const taken = new Set((await api.workspaces.listAll()).map((w) => w.name));
  const flow = new MultiStep(t('New Workspace'), 2);
  const { name, description } = await flow.run<{ name: string; description: string }>([
    async () => ({
      name: await flow.inputBox({
        prompt: t('Workspace name'),
        validate: (v) => workspaceNameProblem(v, t) ?? (taken.has(v) ? t('A workspace named {0} already exists.', v) : undefined),
      }),
    }),
    async () => ({
      description: await flow.inputBox({
        prompt: t('Description (optional)'),
        validate: (v) => (v.length > 256 ? t('At most 256 characters.') : undefined),
      }),
    }),
  ]);
  const ws = await api.workspaces.create({ name, ...(description ? { description } : {}) });
  // Only the list of workspaces changed; switching to it reloads every view (the session says so).
  services.trees.refresh(ViewIds.workspaces);
  const switchNow = t('Switch to It');
  if ((await vscode.window.showInformationMessage(t('Workspace {0} created.', ws.name), switchNow)) === switchNow)
    await services.session.selectWorkspace(ws.id);
}

/**
 * Deletes a workspace after confirmation (`{ confirmed: true }` for scripts); the platform refuses
 * while it still holds resources. Deleting the current one switches to the default workspace,
 * which reloads every view.
 */
export const deleteWorkspace: CommandHandler<WorkspaceNode> = async (services, node, _nodes, options) => {
  const connection = services.session.require();
  const [clicked] = selectedNodes('workspace', node);
  const ws = clicked?.workspace ?? (await pickWorkspace(connection, t('Delete which workspace?')))[0];
  if (!ws) return;
  if (ws.id === '0') throw new Error(t('The default workspace cannot be deleted.'));
  if (!(await askToConfirm(options, t('Delete workspace {0}?', ws.name), t('Delete')))) return;
  await connection.api.workspaces.delete(ws.id);
  if (connection.workspaceId === ws.id) await services.session.selectWorkspace('0');
  else services.trees.refresh(ViewIds.workspaces);
};
