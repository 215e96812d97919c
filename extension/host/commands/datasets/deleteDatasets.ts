import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { DatasetNode } from '../../views/datasets/describe';
import { confirm, pickDatasets } from '../pick';

const t = vscode.l10n.t;

/**
 * Delete Dataset: deletes datasets (the selection, the clicked node, or a pick) and their labels
 * after confirmation; the files in storage stay. A script may pass `{confirmed: true}` last, since
 * it cannot answer the confirmation.
 */
export async function deleteDatasets(services: Services, node?: unknown, nodes?: unknown, options?: unknown): Promise<void> {
  const connection = services.session.require();
  const selected = (Array.isArray(nodes) && nodes.length > 0 ? nodes : node ? [node] : []) as DatasetNode[];
  const datasets =
    selected.length > 0
      ? selected.flatMap((n) => (n?.kind === 'dataset' ? [n.dataset] : []))
      : await pickDatasets(connection, t('Delete which datasets?'), true);
  if (datasets.length === 0) return;
  const names = datasets.map((d) => d.dataset_name).join(', ');
  if (
    (options as { confirmed?: unknown } | undefined)?.confirmed !== true &&
    !(await confirm(t('Delete {0}? Their labels are deleted too; the files in storage stay. This cannot be undone.', names), t('Delete')))
  )
    return;
  await Promise.all(datasets.map((d) => connection.api.datasets.delete(d.dataset_id)));
  services.trees.refresh();
}
