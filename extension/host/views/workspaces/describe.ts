import type { Workspace } from '../../../core/api/resources/workspaces';
import type { NodeDescription, Translate } from '../node';
import { mdCode, mdText } from '../markdown';

export interface WorkspaceNode {
  readonly kind: 'workspace';
  readonly workspace: Workspace;
  readonly current: boolean;
}

/** A workspace: the current one is marked and has no "switch" action. */
export function describeWorkspace(node: WorkspaceNode, t: Translate): NodeDescription {
  const w = node.workspace;
  return {
    id: `workspace/${w.id}`,
    label: w.name,
    description: node.current ? t('current') : undefined,
    tooltip: [
      `**${mdText(w.name)}**`,
      w.description ? mdText(w.description) : undefined,
      `${t('ID')}: ${mdCode(w.id)}`,
      `${t('Status')}: ${mdText(w.status)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: node.current ? 'pass-filled|charts.green' : 'briefcase',
    contextValue: `workspace.${node.current ? 'current' : 'other'}`,
    command: node.current ? undefined : { command: 'modelarts.workspaces.select', title: t('Switch to This Workspace'), arguments: [node] },
  };
}
