import * as vscode from 'vscode';
import type { WorkspaceNode } from '../../views/workspaces/describe';
import type { CommandHandler } from '../command';
import { pickWorkspace } from '../pick';
import { selectedNodes } from '../selection';

/** Makes a workspace the current one: every view then reloads (the session's change says so) to show its resources. */
export const selectWorkspace: CommandHandler<WorkspaceNode> = async (services, node) => {
  const [clicked] = selectedNodes('workspace', node);
  const id = clicked?.workspace.id ?? (await pickWorkspace(services.session.require(), vscode.l10n.t('Switch to which workspace?')))[0]?.id;
  if (id !== undefined) await services.session.selectWorkspace(id);
};
