import type { Services } from '../../services';
import type { WorkspaceNode } from '../../views/workspaces/describe';
import { pickWorkspace } from '../pick';

/** Makes a workspace the current one: every other view then shows its resources. */
export async function selectWorkspace(services: Services, node?: unknown): Promise<void> {
  const id =
    (node as WorkspaceNode | undefined)?.kind === 'workspace'
      ? (node as WorkspaceNode).workspace.id
      : (await pickWorkspace(services.session.require()))[0]?.id;
  if (id !== undefined) await services.session.selectWorkspace(id);
}
